"""A stacked bar chart as SVG for the PDF (vector, text as text, so it stays sharp and searchable).

Positive values stack up from zero and negative ones down (a steel works' exported gas makes its
process emissions negative). Only geometry is computed here; the numbers are the chart's own.
"""

from __future__ import annotations

import math

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


def _extent(chart: Chart) -> tuple[float, float]:
    ups = [sum(max(v[i], 0.0) for _, v in chart.series) for i in range(len(chart.categories))]
    downs = [sum(min(v[i], 0.0) for _, v in chart.series) for i in range(len(chart.categories))]
    return min([0.0, *downs]), max([0.0, *ups])


def _tick_text(value: float) -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def svg(chart: Chart, colours: list[str], ink: str = "1F2933", muted: str = "616E7C", rule: str = "CBD2D9",
        family: str = "sans-serif") -> Markup:
    low, high = _extent(chart)
    step = nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if high == low:
        high = low + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    tick_style = f'font-size="9" fill="#{muted}"'
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" '
             f'width="{WIDTH:g}" height="{HEIGHT:g}" font-family="{escape(family)}" role="img" '
             f'aria-label="{escape(chart.title)}">']
    tick = low
    while tick <= high + step / 2:
        line = f'stroke="#{ink}" stroke-width="0.8"' if tick == 0 else f'stroke="#{rule}" stroke-width="0.5"'
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" {line}/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(tick) + 3:.1f}" {tick_style} text-anchor="end">'
                     f'{escape(_tick_text(tick))}</text>')
        tick += step
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
                parts.append(f'<rect x="{x:.1f}" y="{y(top):.1f}" width="{bar:.1f}" '
                             f'height="{max(y(bottom) - y(top), 0.3):.1f}" fill="#{colour}">'
                             f'<title>{escape(name)} {escape(label)}: {value:,.2f}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 14:.1f}" {tick_style} '
                     f'text-anchor="middle">{escape(label)}</text>')
    legend_x = LEFT
    for (name, _), colour in zip(chart.series, colours, strict=False):
        parts.append(f'<rect x="{legend_x:.1f}" y="{HEIGHT - 18:.1f}" width="10" height="10" fill="#{colour}"/>')
        parts.append(f'<text x="{legend_x + 14:.1f}" y="{HEIGHT - 9:.1f}" font-size="10" fill="#{ink}">'
                     f'{escape(name)}</text>')
        legend_x += 24 + sum(11 if ord(c) > 0x2E80 else 6 for c in name)
    parts.append(f'<text x="{LEFT - 6}" y="12" {tick_style} text-anchor="end">{escape(chart.unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
