"""Verification (核查): a verifier's findings on one exact submission version, and the verified emissions.

``tanhe template --verification USCC YEAR --db`` writes the verifier's workbook from the stored
submission: 核查信息 names the enterprise, the year, the submission version and its SHA-256 (the
findings belong to those bytes and no others) and asks for the body, the verifier, the date and
the conclusion; 核查记录 has a row per reported parameter (sheet, cell, value, unit, measured or
default) with columns for the verified value, the finding (符合 / 不符合 / 缺失 / 已更正), the
evidence and a note.

Ingested again (``tanhe db ingest``), the findings make the verified emissions, by the engine and
the method the submission was stored with: a parameter found 不符合 or 缺失 takes the prescribed
default (seed 001: 对不符合规范要求参数采用规定的缺省值替代; under 发电设施 an untested coal month
takes the high default), a corrected one (已更正) the verified value; a quantity has no default, so a
finding on it needs the verified value. Each finding's effect on the total is computed alone.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
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
from accounting.errors import InvalidSubmission, StoreError
from accounting.issues import Issue, ValidationReport
from accounting.reader import MAX_MAGNITUDE, Opened, _rows, number_of, read_submission, shown
from accounting.result import Result
from accounting.store.record import Prepared
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
            reported = float(value) if given else _default(fuel, int(d["row"].iloc[i]), key)
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


def _default(fuel: Any, row: int, key: str) -> float | None:
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


def prepare_verification(path: Path, content: bytes, opened: Opened) -> Prepared:
    """Read the verifier's workbook: its header and findings, located; the verified result is made
    with the store at hand (:func:`finish`)."""
    book, _ = opened
    label = str(path)
    issues: list[Issue] = []
    header = _header(_rows(book, INFO, label), issues)
    findings = _findings(_rows(book, RECORDS, label), issues)
    if any(i.severity == "error" for i in issues):
        raise InvalidSubmission(ValidationReport(label, tuple(issues)), file=label)
    sha = hashlib.sha256(content).hexdigest()
    record = {**header, "sha256": sha, "file_name": path.name}
    return Prepared(label, sha, content, "verification", record, {"pending": findings})


def _header(rows: list[list[Any]], issues: list[Issue]) -> dict[str, Any]:
    by_label = {schema.fold(r[0]): (n, r[1] if len(r) > 1 else "") for n, r in enumerate(rows, start=1) if r}
    out: dict[str, Any] = {}
    for key, label in FIELDS:
        number, value = by_label.get(schema.fold(label), (0, ""))
        text = str(value).strip().removesuffix(".0") if value is not None else ""
        if key == "name":
            continue
        if not text:
            issues.append(Issue("info-missing", INFO, f"B{number}" if number else "", expected=label))
            continue
        if key in ("year", "submission_version"):
            if not text.isdigit():
                issues.append(Issue("not-a-number", INFO, f"B{number}", text))
                continue
            out[key] = int(text)
        elif key == "signed":
            day = _date(value)
            if day is None:
                issues.append(Issue("date-invalid", INFO, f"B{number}", text))
                continue
            out[key] = day
        else:
            out[key] = text
    return out


def _date(value: Any) -> str | None:
    """A date cell as YYYY-MM-DD: a date Excel stored, or text in that form."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.strftime("%Y-%m-%d")
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def _findings(rows: list[list[Any]], issues: list[Issue]) -> list[tuple[Any, ...]]:
    out = []
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [""] * (len(COLUMNS) - len(row))
        if not any(str(c).strip() for c in cells[1:4]):
            continue
        _, sheet, cell, parameter, reported, unit, basis, verified, finding, evidence, note = cells[: len(COLUMNS)]
        finding = str(finding).strip() or "符合"
        if finding not in FINDINGS:
            issues.append(Issue("finding-unknown", RECORDS, f"I{number}", finding, "、".join(FINDINGS)))
            continue
        checked, code = (None, "") if verified in ("", None) else number_of(verified)
        if code:  # a verifier's value by the rule of every number cell
            issues.append(Issue(code, RECORDS, f"H{number}", shown(verified), f"{MAX_MAGNITUDE:g}"))
            continue
        out.append(
            (
                number,
                str(sheet),
                str(cell),
                str(parameter),
                _number(reported),
                str(unit),
                str(basis),
                finding,
                checked,
                str(evidence or ""),
                str(note or ""),
            )
        )
    return out


def _number(value: Any) -> float | None:
    """The reported value as the template wrote it (tanhe's own copy of the submission's cell)."""
    return None if value in ("", None) else number_of(value)[0]


def finish(store: Store, p: Prepared, before: int | None = None) -> Prepared:
    """The verified result of a read verification: the stored submission it names, every finding applied.
    (``before`` is unused: a verification names the exact version it verifies.)"""
    h = p.record
    _, submission, reported = stored_submission(
        store, h["uscc"], int(h["year"]), int(h["submission_version"]), h["submission_sha256"]
    )
    rows = {(r.sheet, r.cell): r for r in parameter_rows(submission, reported)}
    issues: list[Issue] = []
    changes: list[tuple[Any, Row, float | None]] = []  # (finding row, parameter, value to put; None = default)
    for f in p.tables["pending"]:
        number, sheet, cell, _, _, _, _, finding, verified, _, _ = f
        row = rows.get((sheet, cell))
        if row is None:
            issues.append(
                Issue(
                    "verification-row-unknown",
                    RECORDS,
                    f"C{number}",
                    f"{sheet}!{cell}",
                    "核查表由 tanhe template --verification 生成，工作表与单元格勿改",
                )
            )
            continue
        has_default = next(d for t, k, _, d in PARAMETERS if t == row.table and k == row.key)
        if finding == "已更正" or (finding in ("不符合", "缺失") and not has_default):
            if verified is None:
                issues.append(
                    Issue(
                        "verified-value-missing",
                        RECORDS,
                        f"H{number}",
                        finding,
                        "已更正的参数、以及没有缺省值的数量，须填写核查值",
                    )
                )
                continue
            changes.append((f, row, verified))
        elif finding in ("不符合", "缺失"):
            changes.append((f, row, None))
    if issues:
        raise InvalidSubmission(ValidationReport(p.file, tuple(issues)), file=p.file)
    method = reported.method
    verified = calculate(_applied(submission, [(r, v) for _, r, v in changes]), method)
    effects = {id(f): calculate(_applied(submission, [(r, v)]), method).tco2e - reported.tco2e for f, r, v in changes}
    put = {id(f): v for f, _, v in changes}  # per changed finding, the value put (None: the default)
    table = []
    for seq, f in enumerate(p.tables["pending"]):
        _, sheet, cell, parameter, _, unit, basis, finding, _, evidence, note = f
        row = rows[(sheet, cell)]
        used = (
            row.reported
            if id(f) not in put
            else put[id(f)]
            if put[id(f)] is not None
            else _default_value(verified, row)
        )
        table.append(
            (
                seq,
                sheet,
                cell,
                parameter,
                row.reported,
                unit,
                basis,
                finding,
                used,
                evidence,
                note,
                float(effects.get(id(f), 0.0)),
            )
        )
    record = {
        **h,
        "reported_tco2e": float(reported.tco2e),
        "verified_tco2e": float(verified.tco2e),
        "findings": sum(1 for f in p.tables["pending"] if f[7] != "符合"),
        "result": verified.to_json(),
    }
    return dataclasses.replace(p, record=record, tables={"verification_findings": table})


def _default_value(result: Result, row: Row) -> float | None:
    fuel = result.fuel_lines.set_index("row") if len(result.fuel_lines) else None
    return _default(fuel, int(row.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), row.key)


def _applied(submission: Submission, changes: list[tuple[Row, float | None]]) -> Submission:
    """``submission`` with each parameter set to its value (None: blank, so that its default applies)."""
    tables = dict(submission.tables)
    for row, value in changes:
        table = tables[row.table]
        data = table.data.copy()
        data.iloc[row.position, data.columns.get_loc(row.key)] = np.nan if value is None else value
        tables[row.table] = dataclasses.replace(table, data=data)
    return dataclasses.replace(submission, tables=tables)


def verified_result(record: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(record["result"]))
