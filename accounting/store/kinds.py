"""The kinds of record the store keeps. Every kind is versioned and logged the same way: a parent
row per version (its series named by ``keys``), child rows, the file's bytes, a log entry whose hash
covers the one before it, and a digest of the rows in that entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from accounting.store import tables as t

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Kind:
    name: str  # also the log entry's "action"
    parent: Table
    children: dict[str, Table]
    owner: str  # the children's column holding the parent row's id
    keys: tuple[str, ...]  # the parent's columns naming the series a version belongs to

    def where(self, values: Mapping[str, Any]) -> list[Any]:
        return [self.parent.c[k] == values[k] for k in self.keys]

    def key(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        return (self.name, *(values[k] for k in self.keys))

    def who(self, values: Mapping[str, Any]) -> str:
        """The series in words: 「91… 2025 年度」, 「统计数据」, 「91… 2025 年 3 月存证」…"""
        v = values
        return {
            "submission": lambda: f"{v['uscc']} {v['year']} 年度",
            "statistics": lambda: "统计数据",
            "deposit": lambda: f"{v['uscc']} {v['year']} 年 {v['month']} 月存证",
            "grid": lambda: f"{v['supplier']} {v['year']} 年电网用电数据",
            "verification": lambda: f"{v['uscc']} {v['year']} 年度核查",
            "registry": lambda: f"{v['year']} 年度配额登记导出",
            "budget": lambda: f"{v['year']} 年度碳排放与能耗预算",
            "project": lambda: f"项目 {v['project_id']}",
            "balance": lambda: f"{v['region']} {v['year']} 年能源平衡表",
        }[self.name]()


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "submission",
            t.submissions,
            {"lines": t.lines, "months": t.months, "products": t.products, "issues": t.issues},
            "submission_id",
            ("uscc", "year"),
        ),
        Kind(
            "statistics",
            t.statistics_versions,
            {"statistics": t.statistics, "assigned": t.assigned, "roster": t.roster},
            "statistics_id",
            (),
        ),
        Kind(
            "deposit",
            t.deposits,
            {"deposit_lines": t.deposit_lines, "deposit_evidence": t.deposit_evidence},
            "deposit_id",
            ("uscc", "year", "month"),
        ),
        Kind("grid", t.grid_versions, {"grid_readings": t.grid_readings}, "grid_id", ("supplier", "year")),
        Kind(
            "verification",
            t.verifications,
            {"verification_findings": t.verification_findings},
            "verification_id",
            ("uscc", "year"),
        ),
        Kind("registry", t.registry_versions, {"holdings": t.holdings}, "registry_id", ("year",)),
        Kind("budget", t.budget_versions, {"budgets": t.budgets}, "budget_id", ("year",)),
        Kind("balance", t.balance_versions, {"balance_lines": t.balance_lines}, "balance_id", ("region", "year")),
        Kind(
            "project", t.project_versions, {"project_offers": t.project_offers}, "project_version_id", ("project_id",)
        ),
    )
}

# the column each child table's rows are put in order by for a version's digest (as prepare made
# them); the rows of the other tables are sorted whole
ORDER = {"lines": "seq", "months": "month", "deposit_lines": "seq", "verification_findings": "seq"}


def canonical(name: str, rows: Iterable[Row]) -> list[Row]:
    """A version's rows of table ``name`` in the order its digest takes them, NULLs (and NaN) as None."""
    clean = [tuple(None if v is None or (isinstance(v, float) and v != v) else v for v in r) for r in rows]
    if name in ORDER:
        return clean  # in the order they were made and are read back
    return sorted(clean, key=lambda r: tuple((v is None, v if v is not None else 0) for v in r))
