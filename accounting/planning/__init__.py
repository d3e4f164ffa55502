"""The regulator's planning tools: carbon and energy budgets with early warning and 缓批限批
(:mod:`.budgets`, :mod:`.execution`, :mod:`.budget_report`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accounting.planning.budgets import write_budget
from accounting.planning.execution import budget_figures, to_json
from accounting.report.output import safe_stem, scope_of, target
from accounting.store import Store

NAMES = ("预算执行报告", "budget-report")


def render_budget(
    store: Store,
    year: int,
    out: Path | None,
    *,
    month: int | None = None,
    province: str | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    """The budget report of ``year`` as of the end of ``month`` (default: the last month with data)
    into ``out`` (None: write nothing); the files and the JSON."""
    from accounting.planning.budget_report import build
    from accounting.report.pdf import write_pdf
    from accounting.report.xlsx import write_xlsx

    f = budget_figures(store, year, month, province)
    written: list[Path] = []
    if out is None:
        return written, to_json(f)
    for lang in langs:
        doc = build(f, lang)
        through = f"{f.month:02d}" + ("" if lang == "en" else "月")
        stem = safe_stem(scope_of(province, lang), year, through, NAMES[lang == "en"])
        for fmt in formats:
            path = target(out, f"{stem}.{fmt}")
            written.append(write_xlsx(doc, path) if fmt == "xlsx" else write_pdf(doc, path))
    return written, to_json(f)


__all__ = ["render_budget", "write_budget"]
