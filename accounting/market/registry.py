"""A registry's export of holdings (tanhe is not a registry): per enterprise and compliance year, the
allowances held, those already surrendered and the CCER submitted to offset, as of one date.

A CSV file, one compliance year and one export date, a row per enterprise::

    统一社会信用代码,企业名称,履约年度,持有配额,已清缴配额,CCER抵销量,导出日期
    91620100MA7GX00036,甘肃示例热电有限公司,2025,1850000,0,42000,2026-10-15

Headers in Chinese or English (USCC, Name, ComplianceYear, Held, Surrendered, CCER, ExportDate);
企业名称 may be left out. Amounts are tonnes (tCO2e, one allowance each): 持有配额 the allowances
in the account not yet surrendered, 已清缴配额 those surrendered for the year, CCER抵销量 the CCER
submitted to offset it. Checked like a submission: every problem at its cell, nothing stored until
the whole file is right.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from accounting import schema
from accounting.csvtable import headers, integer, read_csv
from accounting.errors import InvalidSubmission
from accounting.issues import Issue, ValidationReport
from accounting.store.record import Prepared
from accounting.uscc import problem as uscc_problem

COLUMNS = (
    ("uscc", "统一社会信用代码", "USCC"),
    ("name", "企业名称", "Name"),
    ("year", "履约年度", "ComplianceYear"),
    ("held", "持有配额", "Held"),
    ("surrendered", "已清缴配额", "Surrendered"),
    ("ccer", "CCER抵销量", "CCER"),
    ("exported", "导出日期", "ExportDate"),
)
HEADER = ",".join(zh for _, zh, _ in COLUMNS)
AMOUNTS = ("held", "surrendered", "ccer")


def is_registry(content: bytes) -> bool:
    """A CSV whose headers name the holdings (a grid company's export has none of these)."""
    found = set(headers(content))
    return schema.fold("持有配额") in found or schema.fold("Held") in found


@dataclass(frozen=True)
class RegistryExport:
    year: int
    exported: str  # YYYY-MM-DD
    holdings: tuple[tuple[int, str, str, float, float, float], ...]  # (row, uscc, name, held, surrendered, ccer)


def read_registry(path: Path, content: bytes) -> RegistryExport:
    """Read the export; raise InvalidSubmission with every problem, located."""
    table = read_csv(path, content, COLUMNS, optional=("name",))
    sheet = table.sheet
    issues: list[Issue] = []
    holdings: list[tuple[int, str, str, float, float, float]] = []
    years: dict[int, str] = {}
    dates: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, value in table.rows():
        uscc = value["uscc"].upper()
        if why := uscc_problem(uscc):
            issues.append(Issue("uscc-invalid", sheet, table.cell("uscc", number), value["uscc"], why))
        year = integer(value["year"])
        if year is None or not 2019 <= year <= 2100:
            issues.append(Issue("year-invalid", sheet, table.cell("year", number), value["year"]))
        else:
            years.setdefault(year, table.cell("year", number))
        try:
            day = date.fromisoformat(value["exported"][:10]).isoformat()
            dates.setdefault(day, table.cell("exported", number))
        except ValueError:
            issues.append(Issue("date-invalid", sheet, table.cell("exported", number), value["exported"]))
        amounts = []
        for key in AMOUNTS:
            text = value[key].replace(",", "")
            try:
                amount = float(text) if text else 0.0
            except ValueError:
                issues.append(Issue("not-a-number", sheet, table.cell(key, number), value[key]))
                continue
            if not math.isfinite(amount) or amount < 0:
                issues.append(Issue("negative-quantity", sheet, table.cell(key, number), value[key]))
                continue
            amounts.append(amount)
        if uscc in seen:
            issues.append(Issue("registry-duplicate", sheet, table.cell("uscc", number), uscc, str(seen[uscc])))
        seen.setdefault(uscc, number)
        if len(amounts) == len(AMOUNTS):
            held, surrendered, ccer = amounts
            holdings.append((number, uscc, value.get("name", ""), held, surrendered, ccer))
    for what, found in (("履约年度", years), ("导出日期", dates)):
        if len(found) > 1:
            issues.append(
                Issue(
                    "grid-mixed", sheet, list(found.values())[1], "、".join(map(str, found)), f"一个文件只含一个{what}"
                )
            )
    if not holdings and not issues:
        issues.append(Issue("value-missing", sheet, "A2"))
    if issues:
        raise InvalidSubmission(ValidationReport(table.label, tuple(issues)), file=table.label)
    return RegistryExport(next(iter(years)), next(iter(dates)), tuple(holdings))


def prepare_registry(path: Path, content: bytes) -> Prepared:
    export = read_registry(path, content)
    sha = hashlib.sha256(content).hexdigest()
    record = {"year": export.year, "exported": export.exported, "sha256": sha, "file_name": path.name}
    return Prepared(str(path), sha, content, "registry", record, {"holdings": sorted(export.holdings)})


def write_registry(path: Path, year: int, exported: str, rows: Sequence[tuple[str, str, float, float, float]]) -> Path:
    """A registry export with ``rows`` of (uscc, name, held, surrendered, ccer): the demo's, and a
    test's."""
    lines = [HEADER] + [f"{u},{n},{year},{h:g},{s:g},{c:g},{exported}" for u, n, h, s, c in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
