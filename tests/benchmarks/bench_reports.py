"""`make bench` (e): reports. The enterprise PDF of each bundled sample (bar: under 2 s), the
Excel report and the auditor workbook, and a batch of every report of every sample on one core
against every core (``tanhe report`` and ``tanhe demo`` render batches on every core).

The PDF is also measured against WeasyPrint's own speed, so the figure holds on any machine: a plain
document of the same content (every heading, field, paragraph and table row the PDF prints), the
same font and the same page count, without tanhe's styles, charts, running heads or page rules
(goal: the report at most 1.3 × its time). Then the report's layout (``HTML.render``) and its
writing (``write_pdf``: drawing and font subsetting), each against the plain document's.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from bench_calc import best  # the same timing rule as (a)–(d); run as a script beside it
from goals import goal  # beside this file

from accounting import SAMPLES, calculate, read_submission, render_report, write_sample
from accounting.report import Job, enterprise_report, render_batch
from accounting.report.document import Document, templates_root
from accounting.report.fonts import cjk_family, fast_subsetting
from accounting.report.pdf import html as report_html

OUT = Path("reports/bench/reports")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"(e) reports (font {cjk_family()}, HarfBuzz subsetting: {'yes' if fast_subsetting() else 'no'})")
    files = [write_sample(name, OUT / f"{name}.xlsx") for name in SAMPLES]
    render_report("enterprise", calculate(read_submission(files[0])), OUT, formats=("pdf",))  # warm up
    worst = 0.0
    for name, path in zip(SAMPLES, files, strict=True):
        result = calculate(read_submission(path))
        pdf = best(partial(render_report, "enterprise", result, OUT, formats=("pdf",)), 3)
        xlsx = best(partial(render_report, "enterprise", result, OUT, formats=("xlsx",)), 3)
        audit = best(partial(render_report, "audit", result, OUT), 3)
        worst = max(worst, pdf)
        print(
            f"    {name:<20} enterprise PDF {pdf * 1000:7.0f} ms   Excel {xlsx * 1000:5.0f} ms   "
            f"audit workbook {audit * 1000:5.0f} ms"
        )
    print(f"    slowest enterprise PDF {worst * 1000:.0f} ms (bar: under 2 s)")
    against_plain(files)
    cores = os.cpu_count() or 1
    timings = {}
    for workers in sorted({1, cores}):
        folder = Path(tempfile.mkdtemp(dir=OUT))
        jobs = [Job(str(p), str(folder), langs=("zh", "en")) for p in files]
        start = time.perf_counter()
        written = sum(len(o) for _, o in render_batch(jobs, workers) if isinstance(o, list))
        timings[workers] = time.perf_counter() - start
        shutil.rmtree(folder)
        print(
            f"    batch, {len(files)} samples × all reports ({written} files), {workers} process(es): "
            f"{timings[workers]:6.2f} s"
        )
    if cores > 1:
        print(f"    speed-up on {cores} cores: {timings[1] / timings[cores]:.2f} ×")


def plain_html(doc: Document, pages: int) -> str:
    """The document's content in plain HTML: the same font, every table row the PDF prints; then
    empty pages up to ``pages``."""
    e = html.escape
    out = [
        "<html><head><style>@page { size: A4; margin: 20mm; } "
        f"html {{ font-family: '{cjk_family()}'; font-size: 9pt; }} "
        "table { border-collapse: collapse; width: 100%; font-size: 8pt; } td, th { border: 0.5pt solid #999; } "
        "p.filler { break-before: page; }</style></head><body>",
        f"<h1>{e(doc.title)}</h1><p>{e(doc.subtitle)}</p>",
    ]
    for section in doc.sections:
        out.append(f"<section><h2>{e(section.title)}</h2>")
        out += [f"<p>{e(str(label))}：{e(str(value))}</p>" for label, value, _ in section.fields]
        out += [f"<p>{e(text)}</p>" for text in section.paragraphs]
        for table in section.tables:
            rows: tuple[Any, ...] = table.rows[: table.limit] if table.limit else table.rows
            out.append("<table><tr>" + "".join(f"<th>{e(c.label)}</th>" for c in table.columns) + "</tr>")
            for row in (*rows, *((table.total,) if table.total else ())):
                out.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>")
            out.append("</table>")
        out.append("</section>")
    return "".join(out) + "</body></html>"


def lay(source: str, base: str | None) -> Any:
    """Parse and lay out an HTML text: WeasyPrint's pages, ready to write."""
    from weasyprint import HTML

    return HTML(string=source, base_url=base).render()


def against_plain(files: list[Path]) -> None:
    from weasyprint import HTML

    base = str(templates_root() / "report")
    print("    the enterprise PDF against a plain document of the same content, font and page count (goal ≤ 1.3 ×):")
    for path in files:
        doc = enterprise_report(calculate(read_submission(path)), "zh")
        source = report_html(doc)
        report = HTML(string=source, base_url=base).render()
        pages = len(report.pages)
        plain = plain_html(doc, pages)
        laid = HTML(string=plain).render()
        filler = pages - len(laid.pages)
        if filler > 0:  # an empty page is cheap: the plain document is, if anything, faster
            plain = plain.replace("</body>", '<p class="filler">&#8203;</p>' * filler + "</body>")
            laid = HTML(string=plain).render()
        layout = (best(partial(lay, source, base), 3), best(partial(lay, plain, None), 3))
        write = (best(report.write_pdf, 3), best(laid.write_pdf, 3))
        total = (layout[0] + write[0], layout[1] + write[1])
        reached = goal(total[0] / total[1], 1.3, "≤ 1.3 ×")
        print(
            f"      {path.stem:<20} {pages:2d} pages ({len(laid.pages)} plain)   report {total[0] * 1000:5.0f} ms, "
            f"plain {total[1] * 1000:5.0f} ms: {total[0] / total[1]:.2f} × {reached}   "
            f"(layout {layout[0] * 1000:4.0f} / {layout[1] * 1000:4.0f} ms, "
            f"writing {write[0] * 1000:4.0f} / {write[1] * 1000:4.0f} ms)"
        )


if __name__ == "__main__":
    main()
