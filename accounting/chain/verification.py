"""Verification (核查): a verifier's findings on one exact submission version, and the verified emissions.

``tanhe template --verification USCC YEAR --db`` writes the verifier's workbook from the stored
submission (:mod:`.verification_sheet`): 核查信息 names the enterprise, the year, the submission
version and its SHA-256 (the findings belong to those bytes and no others) and asks for the body,
the verifier, the date and the conclusion; 核查记录 has a row per reported parameter (sheet, cell,
value, unit, measured or default) with columns for the verified value, the finding (符合 / 不符合 /
缺失 / 已更正), the evidence and a note.

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accounting import schema
from accounting.calc import calculate
from accounting.cells import MAX_MAGNITUDE, number_of, shown
from accounting.chain.verification_sheet import (
    COLUMNS,
    FIELDS,
    FINDINGS,
    INFO,
    PARAMETERS,
    RECORDS,
    Row,
    parameter_rows,
    reported_default,
    stored_submission,
)
from accounting.errors import InvalidSubmission
from accounting.issues import Issue, ValidationReport
from accounting.reader import Opened, sheet_rows
from accounting.result import Result
from accounting.store.record import Prepared
from accounting.submission import Submission

if TYPE_CHECKING:
    from accounting.store import Store


def prepare_verification(path: Path, content: bytes, opened: Opened) -> Prepared:
    """Read the verifier's workbook: its header and findings, located; the verified result is made
    with the store at hand (:func:`finish`)."""
    book, _ = opened
    label = str(path)
    issues: list[Issue] = []
    header = _header(sheet_rows(book, INFO, label), issues)
    findings = _findings(sheet_rows(book, RECORDS, label), issues)
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
    return reported_default(fuel, int(row.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), row.key)


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
