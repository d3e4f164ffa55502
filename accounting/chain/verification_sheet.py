"""The verifier's workbook (核查表) of a stored submission: 核查信息 names the enterprise, the year,
the submission version and its SHA-256 and asks for the body, the verifier, the date and the
conclusion; 核查记录 has a row per reported parameter (:func:`parameter_rows`) with columns for the
verified value, the finding, the evidence and a note. :mod:`.verification` reads it back."""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from accounting import schema
from accounting.calc import calculate
from accounting.errors import StoreError
from accounting.reader import read_submission
from accounting.result import Result
from accounting.submission import Submission
from accounting.workbook import put_value, save_atomically

if TYPE_CHECKING:
    from accounting.store import Store

INFO, RECORDS = "核查信息", "核查记录"
FINDINGS = ("符合", "不符合", "缺失", "已更正")
FIELDS = (
    ("uscc", "统一社会信用代码"),
    ("name", "企业名称"),
    ("year", "报告年度"),
    ("submission_version", "报送版本"),
    ("submission_sha256", "报送文件 SHA-256"),
    ("body", "核查机构"),
    ("verifier", "核查员"),
    ("signed", "签字日期"),
    ("conclusion", "核查结论"),
)
COLUMNS = ("序号", "工作表", "单元格", "参数", "报送值", "单位", "实测/缺省", "核查值", "核查结论", "证据", "说明")
# the parameters a verifier checks: (sheet key, column key, label, has a default)
PARAMETERS = (
    ("fuel", "quantity", "消耗量", False),
    ("fuel", "ncv", "低位发热量", True),
    ("fuel", "carbon_per_heat", "单位热值含碳量", True),
    ("fuel", "carbon_fraction", "元素碳含量", True),
    ("fuel", "oxidation", "碳氧化率", True),
    ("energy", "quantity", "数量", False),
    ("process", "value", "数值", False),
    ("production", "quantity", "产量", False),
    ("units", "power", "供电量", False),
    ("units", "heat", "供热量", False),
    ("units", "load_factor", "负荷系数", False),
    ("units", "heat_ratio", "供热比", False),
)
UNIT_COLUMNS = {"power": "MWh", "heat": "GJ", "load_factor": "%", "heat_ratio": "%"}  # 机组信息's fixed units


def is_verification(sheet_names: list[str]) -> bool:
    return INFO in sheet_names and RECORDS in sheet_names


@dataclass(frozen=True)
class Row:
    """One parameter of the submission, as the verifier's workbook lists it."""

    sheet: str
    cell: str
    parameter: str
    reported: float | None
    unit: str
    basis: str  # 实测 | 缺省
    key: str  # the submission table's column key
    table: str
    position: int  # in the table's data


def parameter_rows(submission: Submission, result: Result) -> list[Row]:
    """Every reported parameter of ``submission``, in sheet and row order."""
    out = []
    fuel = result.fuel_lines.set_index("row") if len(result.fuel_lines) else None
    for table_key, key, label, has_default in PARAMETERS:
        table = submission.table(table_key)
        if table is None or key not in table.letters:
            continue
        d = table.data
        for i in range(len(d)):
            value = d[key].iloc[i]
            given = not (isinstance(value, float) and math.isnan(value))
            if not given and not has_default:
                continue
            names = ("unit",) if table_key == "units" else ("source", "fuel", "type", "process", "parameter", "product")
            what = " / ".join(str(d[c].iloc[i]) for c in names if c in d and str(d[c].iloc[i]))
            month = int(d["month"].iloc[i]) if "month" in d else schema.ANNUAL
            unit = _unit(d, key, i)
            reported = float(value) if given else reported_default(fuel, int(d["row"].iloc[i]), key)
            out.append(
                Row(
                    table.name,
                    table.cells(key, np.array([i]))[0],
                    f"{what} {'全年' if month == schema.ANNUAL else f'{month}月'} {label}",
                    reported,
                    unit,
                    "实测" if given else "缺省",
                    key,
                    table_key,
                    i,
                )
            )
    return out


def _unit(d: Any, key: str, i: int) -> str:
    if key in UNIT_COLUMNS:
        return UNIT_COLUMNS[key]
    if key in ("quantity", "value"):
        return str(d["unit"].iloc[i])
    if key == "ncv":
        return str(d["ncv_unit"].iloc[i]) if "ncv_unit" in d and str(d["ncv_unit"].iloc[i]) else "GJ/单位"
    return {"carbon_per_heat": "tC/GJ", "carbon_fraction": "%", "oxidation": "%"}[key]


def reported_default(fuel: Any, row: int, key: str) -> float | None:
    """The default the engine used for a parameter left blank (in the column's unit)."""
    if fuel is None or row not in fuel.index:
        return None
    line = fuel.loc[row]
    value = {
        "ncv": line.ncv,
        "carbon_per_heat": line.cc,
        "carbon_fraction": line.carbon_fraction,
        "oxidation": line.of * 100,
    }[key]
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def write_verification_template(
    store: Store, uscc: str, year: int, path: str | Path, version: int | None = None
) -> Path:
    """The verifier's workbook of the stored submission (its latest version unless ``version``)."""
    record, submission, result = stored_submission(store, uscc, year, version)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = INFO
    head = PatternFill("solid", fgColor="1F4E78")
    for col, text in enumerate(("项目", "内容", "说明"), start=1):
        cell = sheet.cell(1, col, text)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), head
    values = {
        "uscc": uscc,
        "name": result.enterprise.name,
        "year": year,
        "submission_version": int(record["version"]),
        "submission_sha256": record["sha256"],
    }
    notes = {
        "submission_sha256": "核查对象的文件指纹，勿改",
        "signed": "YYYY-MM-DD",
        "conclusion": "如：排放报告经核查，除所列不符合项外符合指南要求",
    }
    for r, (key, label) in enumerate(FIELDS, start=2):
        sheet.cell(r, 1, label).font = Font(bold=True)
        sheet.cell(r, 2, values.get(key))
        sheet.cell(r, 3, notes.get(key, "由核查机构填写" if key not in values else "")).font = Font(color="595959")
    for letter, width in (("A", 18), ("B", 70), ("C", 40)):
        sheet.column_dimensions[letter].width = width
    rows = book.create_sheet(RECORDS)
    for col, text in enumerate(COLUMNS, start=1):
        cell = rows.cell(1, col, text)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), head
        cell.alignment = Alignment(horizontal="center")
    for n, row in enumerate(parameter_rows(submission, result), start=1):
        for col, value in enumerate(
            (n, row.sheet, row.cell, row.parameter, row.reported, row.unit, row.basis), start=1
        ):
            put_value(rows.cell(n + 1, col), value)
    last = rows.max_row
    dv = DataValidation(type="list", formula1=f'"{",".join(FINDINGS)}"', allow_blank=True)
    dv.add(f"I2:I{max(last, 2)}")
    rows.add_data_validation(dv)
    for letter, width in zip("ABCDEFGHIJK", (6, 10, 8, 36, 12, 10, 9, 12, 10, 24, 30), strict=True):
        rows.column_dimensions[letter].width = width
    rows.freeze_panes = "A2"
    return save_atomically(book, Path(path))


def stored_submission(
    store: Store, uscc: str, year: int, version: int | None = None, sha: str | None = None
) -> tuple[dict[str, Any], Submission, Result]:
    """A stored submission version (the latest unless ``version``), read and calculated again from its bytes."""
    from sqlalchemy import select

    from accounting.store import tables as t
    from accounting.store.record import stored_calculation

    s = t.submissions
    columns = (s.c.version, s.c.sha256, s.c.method, s.c.file_name, s.c.calculation)
    query = select(*columns).where(s.c.uscc == uscc, s.c.year == year)
    query = query.where(s.c.version == version) if version is not None else query
    found = store.frame(query.order_by(s.c.version.desc()).limit(1))
    if found.empty:
        raise StoreError(f"库中没有 {uscc} {year} 年度" + (f"第 {version} 版的报送" if version else "的报送"))
    record = found.iloc[0].to_dict()
    if sha is not None and record["sha256"] != sha:
        raise StoreError(f"{uscc} {year} 年度第 {version} 版的文件与核查表所记 SHA-256 不符，核查对象不明")
    with tempfile.TemporaryDirectory(prefix="tanhe-verification-") as folder:
        path = Path(folder) / Path(record["file_name"]).name
        path.write_bytes(store.file(record["sha256"]))
        submission = read_submission(path)
    options, _ = stored_calculation(record.pop("calculation"))  # as it was stored: its method and options
    return record, submission, calculate(submission, record["method"], options)
