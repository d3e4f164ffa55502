"""A :class:`Document` as HTML (jinja2, autoescaped) and as PDF (WeasyPrint)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from accounting.report.chart import line_svg, progress_svg, svg
from accounting.report.document import Document, house, in_english, in_print_units, templates_root
from accounting.report.fonts import cjk_family
from accounting.report.output import write_atomically


def css_string(value: object) -> Markup:
    """A CSS string literal: quotes, backslashes, line breaks and '<' escaped (no way out of it)."""
    out = []
    for ch in str(value):
        if ch in '"\\<>' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_root() / "report"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["css_string"] = css_string
    return env


def prepared(doc: Document, family: str) -> tuple[Document, dict[str, Markup]]:
    """The document in its language and print units, and its charts as SVG set in ``family`` (the PDF,
    and the portal's pages)."""
    doc = in_print_units(in_english(doc))
    c = house()["colour"]
    charts = {
        s.key: progress_svg(s.chart, c["status"], c["ink"], c["muted"], c["rule"], family)
        if s.chart.marks
        else (line_svg if s.chart.line else svg)(s.chart, c["series"], c["ink"], c["muted"], c["rule"], family)
        for s in doc.sections
        if s.chart is not None
    }
    return doc, charts


def html(doc: Document) -> str:
    doc, charts = prepared(doc, f"{cjk_family()}, sans-serif")
    return environment().get_template("report.html").render(doc=doc, charts=charts, style=house(), family=cjk_family())


def write_pdf(doc: Document, path: Path) -> Path:
    from weasyprint import HTML

    page = HTML(string=html(doc), base_url=str(templates_root() / "report"))
    return write_atomically(path, lambda tmp: page.write_pdf(tmp))
