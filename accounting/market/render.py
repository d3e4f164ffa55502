"""The market's reports written as files: Excel and PDF, in Chinese or English, with their JSON."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from accounting.errors import StoreError
from accounting.market.allocation import Allocation, allocate
from accounting.market.allocation_documents import allocation_document, allocation_json
from accounting.market.compliance import compliance
from accounting.market.documents import (
    compliance_document,
    compliance_json,
    roster_document,
    roster_json,
    statement_document,
)
from accounting.market.facts import facts
from accounting.market.roster import roster
from accounting.report.output import safe_stem, scope_of
from accounting.report.written import write_documents
from accounting.store import Store

NAMES = {
    "allocation": ("配额分配核定表", "allowance-allocation"),
    "compliance": ("配额清缴履约报告", "compliance-report"),
    "statement": ("配额清缴履约情况说明", "compliance-statement"),
    "roster": ("重点排放单位名录", "roster"),
}
Formats = Iterable[str]


def allocations(store: Store, year: int, province: str | None = None, uscc: str | None = None) -> list[Allocation]:
    """The allocation of every covered enterprise's ``year`` (of ``province``, or of one enterprise)."""
    known = facts(store, (year - 1, year), province, uscc)
    found = [allocate(f, known.get((u, year - 1))) for (u, y), f in sorted(known.items()) if y == year and f.covered]
    if uscc and not found:
        why = "不在全国碳市场覆盖范围" if (uscc, year) in known else "没有报送"
        raise StoreError(f"{uscc} {year} 年度{why}，没有配额可核定")
    return found


def render_allocation(
    store: Store,
    year: int,
    out: Path | None,
    *,
    province: str | None = None,
    uscc: str | None = None,
    formats: Formats = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    found = allocations(store, year, province, uscc)
    summary = allocation_json(found, year)
    if out is None:
        return [], summary
    scope = (found[0].facts.name if uscc else province) or "全部地区"
    docs = {lang: allocation_document(found, year, scope, lang) for lang in langs}

    def stem(lang: str) -> str:
        return safe_stem(scope if uscc else scope_of(province, lang), year, NAMES["allocation"][lang == "en"])

    return write_documents(docs, out, stem, formats), summary


def render_compliance(
    store: Store,
    year: int,
    out: Path | None,
    *,
    province: str | None = None,
    uscc: str | None = None,
    as_of: date | None = None,
    formats: Formats = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    """The regulator's compliance report, or with ``uscc`` the enterprise's statement."""
    c = compliance(store, year, province, as_of)
    summary = compliance_json(c)
    if uscc:
        if uscc not in c.allocations:
            raise StoreError(f"{uscc} 不是 {year} 年度应履约单位（未报送，或所属行业不在全国碳市场覆盖范围）")
        summary = {
            **summary,
            "enterprises": [e for e in summary["enterprises"] if e["uscc"] == uscc],
            "allocations": [a for a in summary["allocations"] if a["uscc"] == uscc],
        }
    if out is None:
        return [], summary
    if uscc:
        name = c.allocations[uscc].facts.name
        docs = {lang: statement_document(c, uscc, lang) for lang in langs}
        stem = lambda lang: safe_stem(f"{uscc}_{name}", year, NAMES["statement"][lang == "en"])  # noqa: E731
    else:
        docs = {lang: compliance_document(c, lang) for lang in langs}
        stem = lambda lang: safe_stem(scope_of(province, lang), year, NAMES["compliance"][lang == "en"])  # noqa: E731
    return write_documents(docs, out, stem, formats), summary


def render_roster(
    store: Store,
    year: int,
    out: Path | None,
    *,
    province: str | None = None,
    formats: Formats = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    r = roster(store, year, province)
    if out is None:
        return [], roster_json(r)
    docs = {lang: roster_document(r, lang) for lang in langs}
    return write_documents(
        docs, out, lambda lang: safe_stem(scope_of(province, lang), year, NAMES["roster"][lang == "en"]), formats
    ), roster_json(r)
