"""A stacked bar chart as SVG for the PDF (vector, text as text, so it stays sharp and searchable).

Positive values stack up from zero and negative ones down (a steel works' exported gas makes its
process emissions negative). Only geometry is computed here; the numbers are the chart's own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from markupsafe import Markup, escape

from accounting.report.document import Chart

WIDTH, HEIGHT = 680.0, 250.0
LEFT, RIGHT, TOP, BOTTOM = 64.0, 8.0, 24.0, 44.0


def nice_step(span: float, ticks: int = 5) -> float:
    """A step of 1, 2 or 5 × 10^k that cuts ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def stacked_extent(chart: Chart) -> tuple[float, float]:
    """The value axis's lowest and highest point: positives stack up, negatives down, per category."""
    ups = [sum(max(v[i], 0.0) for _, v in chart.series) for i in range(len(chart.categories))]
    downs = [sum(min(v[i], 0.0) for _, v in chart.series) for i in range(len(chart.categories))]
    return min([0.0, *downs]), max([0.0, *ups])


def _axis(low: float, high: float) -> tuple[float, float, float]:
    """An axis from ``low`` to ``high`` widened to whole nice steps: (low, high, step)."""
    step = nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    return low, high if high > low else low + step, step


def _grid(low: float, high: float, step: float, ink: str, rule: str) -> Iterator[tuple[float, str]]:
    """Each tick of the axis with the stroke of its grid line (the zero line darker)."""
    tick = low
    while tick <= high + step / 2:
        yield tick, (f'stroke="#{ink}" stroke-width="0.8"' if tick == 0 else f'stroke="#{rule}" stroke-width="0.5"')
        tick += step


def _open(chart: Chart, classes: str, height: float, family: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" viewBox="0 0 {WIDTH:g} {height:g}" '
        f'width="{WIDTH:g}" height="{height:g}" font-family="{escape(family)}" role="img" '
        f'aria-label="{escape(chart.title)}">'
    )


def _tick_text(value: float) -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def _value_axis(
    low: float, high: float, step: float, y: Callable[[float], float], ink: str, rule: str, tick_style: str
) -> list[str]:
    """The horizontal grid lines of a value axis, each with its value at the left."""
    parts = []
    for tick, line in _grid(low, high, step, ink, rule):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" {line}/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 3:.1f}" {tick_style} text-anchor="end">'
            f"{escape(_tick_text(tick))}</text>"
        )
    return parts


def svg(
    chart: Chart,
    colours: list[str],
    ink: str = "1F2933",
    muted: str = "616E7C",
    rule: str = "CBD2D9",
    family: str = "sans-serif",
) -> Markup:
    low, high = stacked_extent(chart)
    low, high, step = _axis(low, high)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    tick_style = f'font-size="9" fill="#{muted}"'
    parts = [_open(chart, "chart", HEIGHT, family), *_value_axis(low, high, step, y, ink, rule, tick_style)]
    n = len(chart.categories)
    slot = plot_w / max(n, 1)
    bar = slot * 0.62
    for i, label in enumerate(chart.categories):
        x = LEFT + i * slot + (slot - bar) / 2
        up = down = 0.0
        for (name, values), colour in zip(chart.series, colours, strict=False):
            value = values[i]
            base = up if value >= 0 else down
            top, bottom = (base + value, base) if value >= 0 else (base, base + value)
            if value >= 0:
                up += value
            else:
                down += value
            if value:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y(top):.1f}" width="{bar:.1f}" '
                    f'height="{max(y(bottom) - y(top), 0.3):.1f}" fill="#{colour}">'
                    f"<title>{escape(name)} {escape(label)}: {value:,.2f}</title></rect>"
                )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 14:.1f}" {tick_style} '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    legend_x = LEFT
    for (name, _), colour in zip(chart.series, colours, strict=False):
        parts.append(f'<rect x="{legend_x:.1f}" y="{HEIGHT - 18:.1f}" width="10" height="10" fill="#{colour}"/>')
        parts.append(
            f'<text x="{legend_x + 14:.1f}" y="{HEIGHT - 9:.1f}" font-size="10" fill="#{ink}">{escape(name)}</text>'
        )
        legend_x += 24 + sum(11 if ord(c) > 0x2E80 else 6 for c in name)
    parts.append(f'<text x="{LEFT - 6}" y="12" {tick_style} text-anchor="end">{escape(chart.unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


LABEL_W, ROW_H = 236.0, 26.0  # progress chart: the category labels' width and each row's height


def _text_width(text: str, size: float = 9.0) -> float:
    """About how wide ``text`` sets at ``size`` px: a CJK character is square, the rest ~0.56 of it."""
    return sum(size if ord(c) >= 0x2E80 else 0.56 * size for c in text)


def label_lines(label: str, room: float) -> list[str]:
    """``label`` in at most two lines of ``room`` px, broken at a space where there is one; cut with … past that."""
    if _text_width(label) <= room:
        return [label]
    cut = len(label)
    while cut > 1 and _text_width(label[:cut]) > room:
        cut -= 1
    space = label.rfind(" ", 0, cut + 1)
    cut = space if space > 0 else cut
    first, rest = label[:cut].rstrip(), label[cut:].lstrip()
    while _text_width(rest) > room:
        rest = rest[:-2] + "…"
    return [first, rest]


def progress_svg(
    chart: Chart,
    status: dict[str, list[str]],
    ink: str = "1F2933",
    muted: str = "616E7C",
    rule: str = "CBD2D9",
    family: str = "sans-serif",
) -> Markup:
    """One row per target: the target as a pale bar, the achieved value over it in the colour of the
    target's status, the value required by now as a tick (see :class:`Chart`)."""
    (target_name, targets), (achieved_name, achieved), (required_name, required) = chart.series
    values = [0.0, *(v for v in (*targets, *achieved, *required) if not math.isnan(v))]
    low, high, step = _axis(min(values), max(values))
    left, plot_w = LABEL_W, WIDTH - LABEL_W - 3 * RIGHT  # room for the last tick's text
    height = TOP + ROW_H * len(chart.categories) + BOTTOM

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * plot_w

    tick_style = f'font-size="9" fill="#{muted}"'
    parts = [_open(chart, "chart progress", height, family)]
    bottom = TOP + ROW_H * len(chart.categories)
    for tick, line in _grid(low, high, step, ink, rule):
        parts.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP}" y2="{bottom}" {line}/>')
        parts.append(
            f'<text x="{x(tick):.1f}" y="{bottom + 12}" {tick_style} text-anchor="middle">'
            f"{escape(f'{tick:g}{chart.unit}')}</text>"
        )
    for i, label in enumerate(chart.categories):
        top = TOP + i * ROW_H
        lines = label_lines(label, left - 12)
        for k, line in enumerate(lines):
            y_text = top + ROW_H / 2 + 3 + 10 * (k - (len(lines) - 1) / 2)
            parts.append(
                f'<text x="{left - 8}" y="{y_text:.1f}" font-size="9" fill="#{ink}" '
                f'text-anchor="end">{escape(line)}</text>'
            )
        for value, y0, h, fill in (
            (targets[i], top + 4, ROW_H - 8, rule),
            (achieved[i], top + 8, ROW_H - 16, status.get(chart.marks[i], [muted])[0]),
        ):
            if not math.isnan(value):
                a, b = sorted((x(0.0), x(value)))
                parts.append(
                    f'<rect x="{a:.1f}" y="{y0:.1f}" width="{max(b - a, 0.3):.1f}" height="{h:.1f}" '
                    f'fill="#{fill}"><title>{escape(label)}: {value:.2f}{escape(chart.unit)}</title></rect>'
                )
        if not math.isnan(required[i]):
            parts.append(
                f'<line x1="{x(required[i]):.1f}" x2="{x(required[i]):.1f}" y1="{top + 2:.1f}" '
                f'y2="{top + ROW_H - 2:.1f}" stroke="#{ink}" stroke-width="1.6"/>'
            )
    legend_x = left
    for name, swatches in (
        (target_name, [rule]),
        (achieved_name, [c[0] for c in status.values()]),
        (required_name, []),
    ):
        for k, colour in enumerate(swatches):
            parts.append(
                f'<rect x="{legend_x + 11 * k:.1f}" y="{height - 18:.1f}" width="10" height="10" fill="#{colour}"/>'
            )
        if not swatches:
            parts.append(
                f'<line x1="{legend_x + 5:.1f}" x2="{legend_x + 5:.1f}" y1="{height - 20:.1f}" '
                f'y2="{height - 6:.1f}" stroke="#{ink}" stroke-width="1.6"/>'
            )
        text_x = legend_x + 4 + 11 * max(len(swatches), 1)
        parts.append(f'<text x="{text_x:.1f}" y="{height - 9:.1f}" font-size="10" fill="#{ink}">{escape(name)}</text>')
        legend_x = text_x + 20 + sum(11 if ord(c) > 0x2E80 else 6 for c in name)
    parts.append("</svg>")
    return Markup("".join(parts))


def line_svg(
    chart: Chart,
    colours: list[str],
    ink: str = "1F2933",
    muted: str = "616E7C",
    rule: str = "CBD2D9",
    family: str = "sans-serif",
) -> Markup:
    """Each series a line over the categories (years), a dot at each value; a NaN breaks the line.
    The second series onwards are dashed after the first (the data, then pathways and projections)."""
    values = [v for _, vs in chart.series for v in vs if not math.isnan(v)]
    low, high, step = _axis(
        min([*values, 0.0]) if values and min(values) < 0 else min(values or [0.0]), max(values or [1.0])
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(chart.categories)

    def x(i: int) -> float:
        return LEFT + (i + 0.5) * plot_w / max(n, 1)

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    tick_style = f'font-size="9" fill="#{muted}"'
    parts = [_open(chart, "chart line", HEIGHT, family), *_value_axis(low, high, step, y, ink, rule, tick_style)]
    every = max(1, math.ceil(n / 16))  # at most 16 labels along the axis
    for i, label in enumerate(chart.categories):
        if i % every == 0 or i == n - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{TOP + plot_h + 14:.1f}" {tick_style} '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for k, ((name, vs), colour) in enumerate(zip(chart.series, colours, strict=False)):
        dash = ' stroke-dasharray="5 3"' if k else ""
        run: list[str] = []
        for i, v in enumerate([*vs, math.nan]):
            if math.isnan(v):
                if len(run) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="#{colour}" stroke-width="1.6"{dash}/>'
                    )
                run = []
                continue
            run.append(f"{x(i):.1f},{y(v):.1f}")
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2" fill="#{colour}">'
                f"<title>{escape(name)} {escape(chart.categories[i])}: {v:,.3f}</title></circle>"
            )
    legend_x = LEFT
    for k, ((name, _), colour) in enumerate(zip(chart.series, colours, strict=False)):
        dash = ' stroke-dasharray="5 3"' if k else ""
        parts.append(
            f'<line x1="{legend_x:.1f}" x2="{legend_x + 16:.1f}" y1="{HEIGHT - 13:.1f}" y2="{HEIGHT - 13:.1f}" '
            f'stroke="#{colour}" stroke-width="1.6"{dash}/>'
        )
        parts.append(
            f'<text x="{legend_x + 20:.1f}" y="{HEIGHT - 9:.1f}" font-size="10" fill="#{ink}">{escape(name)}</text>'
        )
        legend_x += 30 + sum(11 if ord(c) > 0x2E80 else 6 for c in name)
    parts.append(f'<text x="4" y="12" {tick_style} text-anchor="start">{escape(chart.unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
