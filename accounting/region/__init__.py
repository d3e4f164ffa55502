"""The regulator's regional periodic report: :mod:`.data` computes from the store, :mod:`.report` lays out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accounting.planning.trajectory import Scenario
from accounting.region.data import Figures, figures, load
from accounting.region.report import build, to_json
from accounting.report.output import safe_stem, scope_of, target
from accounting.store import Store

NAMES = ("区域碳达峰进展报告", "regional-report")


def render_region(
    store: Store,
    year: int,
    out: Path | None,
    *,
    province: str | None = None,
    city: str | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
    scenario: Scenario | None = None,
) -> tuple[list[Path], dict[str, Any]]:
    """Write the regional report of ``year`` into ``out`` (None: write nothing); return the files and the
    JSON (of a ``city`` of the province, when given: its enterprises and its targets). ``scenario`` adds
    a projection under the user's growth rates to the trajectories and the peak."""
    f = figures(load(store, year, province, city), scenario)
    return (write_region(f, out, formats, langs) if out is not None else []), to_json(f)


def write_region(
    f: Figures, out: Path, formats: Iterable[str] = ("xlsx", "pdf"), langs: Iterable[str] = ("zh",)
) -> list[Path]:
    """Write the regional report of figures already computed (:func:`render_region`, the portal's kept
    figures) into ``out``; return the files."""
    from accounting.report.pdf import write_pdf
    from accounting.report.xlsx import write_xlsx

    written: list[Path] = []
    data = f.data
    for lang in langs:
        doc = build(f, lang)
        stem = safe_stem(scope_of(data.province, lang), data.city or "", data.year, NAMES[lang == "en"])
        for fmt in formats:
            path = target(out, f"{stem}.{fmt}")
            written.append(write_xlsx(doc, path) if fmt == "xlsx" else write_pdf(doc, path))
    return written


__all__ = ["render_region", "write_region"]
