"""The grid company's monthly electricity per enterprise (seed 001 (八): 碳排放数据与用电数据协同验证).

A CSV file, one supplier and one year, a row per enterprise and month::

    供电单位,统一社会信用代码,年份,月份,用电量,单位
    国网青海省电力公司,91630100MA7DM00018,2025,1,41250.5,MWh

Headers in Chinese or English (Supplier, USCC, Year, Month, Quantity, Unit); UTF-8 (with or
without BOM) or GB 18030, as Excel saves a CSV in Chinese Windows. Units are those of electricity
(kWh, MWh, 万kWh …). Every problem is an issue at its cell, as Excel shows the file (sheet = the
file's name, A1 = the first header).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accounting import units
from accounting.csvtable import integer, read_csv
from accounting.errors import InvalidSubmission, UnitError
from accounting.issues import Issue, ValidationReport
from accounting.uscc import problem as uscc_problem

COLUMNS = (
    ("supplier", "供电单位", "Supplier"),
    ("uscc", "统一社会信用代码", "USCC"),
    ("year", "年份", "Year"),
    ("month", "月份", "Month"),
    ("quantity", "用电量", "Quantity"),
    ("unit", "单位", "Unit"),
)
HEADER = ",".join(zh for _, zh, _ in COLUMNS)


@dataclass(frozen=True)
class GridExport:
    supplier: str
    year: int
    readings: tuple[tuple[int, str, int, float], ...]  # (row, uscc, month, MWh)


def read_grid(path: Path, content: bytes) -> GridExport:
    """Read the export; raise InvalidSubmission with every problem, located."""
    table = read_csv(path, content, COLUMNS)
    label, sheet = table.label, table.sheet
    issues: list[Issue] = []
    readings: list[tuple[int, str, int, float]] = []
    suppliers: dict[str, str] = {}
    years: dict[int, str] = {}
    seen: dict[tuple[str, int], int] = {}
    for number, value in table.rows():

        def cell(column: str, number: int = number) -> str:
            return table.cell(column, number)

        suppliers.setdefault(value["supplier"], cell("supplier"))
        if why := uscc_problem(value["uscc"]):
            issues.append(Issue("uscc-invalid", sheet, cell("uscc"), value["uscc"], why))
        year = integer(value["year"])
        if year is None or not 1990 <= year <= 2100:
            issues.append(Issue("year-invalid", sheet, cell("year"), value["year"]))
        else:
            years.setdefault(year, cell("year"))
        month = integer(value["month"])
        if month is None or not 1 <= month <= 12:
            issues.append(Issue("month-invalid", sheet, cell("month"), value["month"]))
        mwh = _mwh(value["quantity"], value["unit"], sheet, cell("quantity"), cell("unit"), issues)
        if month is not None and year is not None and mwh is not None and not uscc_problem(value["uscc"]):
            who = (value["uscc"].upper(), month)
            if who in seen:
                issues.append(Issue("row-duplicate", sheet, cell("uscc"), value["uscc"], str(seen[who])))
            seen[who] = number
            readings.append((number, who[0], month, mwh))
    for what, seen_at in (("供电单位", suppliers), ("年份", years)):
        if len(seen_at) > 1:
            issues.append(
                Issue(
                    "grid-mixed",
                    sheet,
                    list(seen_at.values())[1],
                    "、".join(map(str, seen_at)),
                    f"一个文件只含一个{what}",
                )
            )
    if issues or not readings:
        if not readings and not issues:
            issues.append(Issue("value-missing", sheet, "A2"))
        raise InvalidSubmission(ValidationReport(label, tuple(issues)), file=label)
    return GridExport(next(iter(suppliers)), next(iter(years)), tuple(readings))


def _mwh(quantity: str, unit: str, sheet: str, at: str, unit_at: str, issues: list[Issue]) -> float | None:
    try:
        value = float(quantity.replace(",", ""))
    except ValueError:
        issues.append(Issue("not-a-number" if quantity else "value-missing", sheet, at, quantity))
        return None
    if value < 0 or value != value or value in (float("inf"), float("-inf")):
        issues.append(Issue("negative-quantity", sheet, at, quantity))
        return None
    try:
        return value * units.factor(unit, "MWh")
    except UnitError:
        issues.append(Issue(_unit_code(unit), sheet, unit_at, unit, "MWh"))
        return None


def _unit_code(unit: str) -> str:
    if not unit:
        return "unit-missing"
    try:
        units.parse(unit)
    except UnitError:
        return "unit-unknown"
    return "unit-mismatch"
