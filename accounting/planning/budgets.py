"""The budget workbook: the carbon and energy budgets a department sets its regions for one year
(省、市（州）两级碳排放预算, 三级能耗双控预算), read and checked like a submission.

One sheet, 预算, a row per region and kind of budget::

    地区 | 上级地区 | 年份 | 预算类别 | 数值 | 单位 | 依据
    西宁市 | 青海省 | 2025 | 碳排放预算 | 820 | 万吨 | 青海省2025年度碳排放预算下达文件

预算类别 is 碳排放预算 (tCO2; 万吨 by default) or 能耗预算 (tce; 万吨标准煤 by default). Every row is
of one year: the store keeps a year's budgets as one versioned record, so a revised budget is the
next version of its year. ``tanhe template --budget`` writes the blank workbook.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from accounting import plainbook as pb
from accounting import units
from accounting.errors import InvalidSubmission, UnitError
from accounting.issues import Issue, ValidationReport
from accounting.reader import Opened, open_workbook
from accounting.store.record import Prepared

MARKER = "tanhe.budget/1"
SHEET = "预算"
# measure -> (中文, English, base unit, usual unit)
MEASURES: dict[str, tuple[str, str, str, str]] = {
    "co2": ("碳排放预算", "Carbon budget", "t", "万吨"),
    "energy": ("能耗预算", "Energy budget", "tce", "万吨标准煤"),
}
COLUMNS = {
    SHEET: [
        ("地区", "Region", 16),
        ("上级地区", "Region above (blank for a province)", 16),
        ("年份", "Year", 8),
        ("预算类别", "Budget", 14),
        ("数值", "Value", 12),
        ("单位", "Unit", 12),
        ("依据", "Issued by", 44),
    ]
}
GUIDE = [
    "碳核 tanhe 碳排放与能耗预算表：用 tanhe db ingest 入库，供 tanhe report budget 跟踪预算执行、预警和缓批限批。",
    "「预算」每行一个地区的一类预算：碳排放预算（万吨二氧化碳）或能耗预算（万吨标准煤）。省级的「上级地区」留空。",
    "一个文件只含一个年度；同一年度再次入库即为该年度预算的新版本（调整预算），历史版本保留可查。",
    "已用预算按库中重点单位的月度数据（年报各月，未报年报的月份取月度存证）统计，预算应为下达给这些单位所在地区的额度。",
]


def _measure(found: str) -> str | None:
    folded = found.casefold()
    for key, (zh, en, _, _) in MEASURES.items():
        if folded in (key, zh, en.casefold()) or found == zh.removesuffix("预算"):
            return key
    return None


def budget_rows(path: str | Path, opened: Opened | None = None) -> tuple[int, list[tuple[Any, ...]]]:
    """The year and its rows (row, region, parent, measure, value in t or tce, source); raises
    InvalidSubmission listing every problem at its cell."""
    label = str(path)
    book, _ = opened or open_workbook(Path(path))
    issues: list[Issue] = []
    rows: list[tuple[Any, ...]] = []
    first: int | None = None
    seen: dict[tuple[str, str], int] = {}
    for n, (region, parent, year, kind, value, unit, source) in pb.body(book, SHEET, label, len(COLUMNS[SHEET])):
        if not pb.text(region):
            issues.append(Issue("value-missing", SHEET, pb.cell(1, n)))
        y = pb.year(year, SHEET, pb.cell(3, n), issues)
        if y is not None and first is not None and y != first:
            issues.append(Issue("year-mixed", SHEET, pb.cell(3, n), str(y), str(first)))
        first = first if first is not None else y
        measure = _measure(pb.text(kind))
        if measure is None:
            choices = "、".join(zh for zh, *_ in MEASURES.values())
            issues.append(Issue("indicator-unknown", SHEET, pb.cell(4, n), pb.text(kind), choices))
        amount = pb.number(value, SHEET, pb.cell(5, n), issues)
        if amount is not None and amount <= 0:
            issues.append(Issue("value-not-positive", SHEET, pb.cell(5, n), pb.text(value), "预算"))
            amount = None
        scale = None
        if measure is not None:
            base, usual = MEASURES[measure][2], MEASURES[measure][3]
            try:
                scale = units.factor(pb.text(unit) or usual, base)
            except UnitError:
                issues.append(Issue("unit-mismatch", SHEET, pb.cell(6, n), pb.text(unit), usual))
        if measure is None or amount is None or scale is None or not pb.text(region):
            continue
        ident = (pb.text(region), measure)
        if ident in seen:
            issues.append(Issue("row-duplicate", SHEET, pb.cell(1, n), expected=str(seen[ident])))
            continue
        seen[ident] = n
        rows.append((n, pb.text(region), pb.text(parent), measure, amount * scale, pb.text(source)))
    if SHEET not in book.sheet_names:
        issues.append(Issue("sheet-missing", SHEET, expected=SHEET))
    elif first is None and not issues:
        issues.append(Issue("value-missing", SHEET, "A2"))  # a budget workbook without a budget
    report = ValidationReport(label, tuple(issues))
    if not report.valid:
        raise InvalidSubmission(report, file=label)
    assert first is not None
    return first, rows


def is_budget(sheet_names: Iterable[str]) -> bool:
    return SHEET in sheet_names


def prepare_budget(path: Path, content: bytes, opened: Opened) -> Prepared:
    """The store's record of a budget workbook (a version of its year)."""
    year, rows = budget_rows(path, opened)
    sha = hashlib.sha256(content).hexdigest()
    record = {"year": year, "sha256": sha, "file_name": path.name}
    return Prepared(str(path), sha, content, "budget", record, {"budgets": rows})


def write_budget(path: str | Path, rows: Sequence[Sequence[Any]] = ()) -> Path:
    """The budget workbook, blank or with ``rows`` (地区, 上级地区, 年份, 预算类别, 数值, 单位, 依据)."""
    return pb.write_book(
        Path(path),
        "碳核 tanhe 碳排放与能耗预算表 Carbon and energy budgets",
        GUIDE,
        COLUMNS,
        {SHEET: rows},
        [(SHEET, "D", [zh for zh, *_ in MEASURES.values()])],
        MARKER,
        ["预算类别 Budgets：", *(f"{zh}（{usual}） {en}" for zh, en, _, usual in MEASURES.values())],
    )
