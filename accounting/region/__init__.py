"""The regulator's regional periodic report: :mod:`.data` computes from the store, :mod:`.report` lays out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accounting.region.data import load
from accounting.region.report import build
from accounting.report.output import safe_stem, target
from accounting.store import Store

NAMES = ("区域碳达峰进展报告", "regional-report")


def render_region(
    store: Store,
    year: int,
    out: Path | None,
    *,
    province: str | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    """Write the regional report of ``year`` into ``out`` (None: write nothing); return the files and the JSON."""
    from accounting.report.pdf import write_pdf
    from accounting.report.xlsx import write_xlsx

    data = load(store, year, province)
    written: list[Path] = []
    summary: dict[str, Any] = {}
    for n, lang in enumerate(langs):
        doc, as_json = build(data, lang)
        summary = as_json if n == 0 else summary
        if out is None:
            continue
        stem = safe_stem(province or ("全部地区" if lang != "en" else "all-regions"), year, NAMES[lang == "en"])
        for fmt in formats:
            path = target(out, f"{stem}.{fmt}")
            written.append(write_xlsx(doc, path) if fmt == "xlsx" else write_pdf(doc, path))
    if not summary:
        summary = build(data)[1]
    return written, summary


__all__ = ["render_region"]
