"""Monthly deposits (月度存证): one enterprise's one month of key parameters, with the evidence behind them.

A deposit workbook is the submission workbook restricted to one month (``tanhe template
--deposit``): 基本信息 with one more field, 存证月份 [DepositMonth]; the sheets 化石燃料 (consumption,
NCV, carbon content with its basis), 电力热力 (purchased electricity and heat) and 产品产量 (output),
every row of that month; and 证据 [Evidence], one row per evidence file (a lab report, a meter
reading, a ledger scan): its file name, the sheet and rows it supports (blank: all of them) and a
note. The evidence files sit beside the workbook and are kept in the store by SHA-256 with it.

The national rule (环办气候函〔2022〕111号, as digested) asks power plants to deposit, within 40
days after each month, fuel consumption, NCV, carbon content with the CMA/CNAS lab report of the
same sample, purchased electricity and output; the deadline is data (factors/chain-rules).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from accounting import schema
from accounting.calc import calculate
from accounting.errors import InvalidSubmission
from accounting.issues import Issue, ValidationReport
from accounting.reader import MAX_BYTES, Opened, open_workbook, read_submission, sheet_rows
from accounting.result import Result
from accounting.submission import Submission

TEMPLATE = "tanhe.deposit"
SHEETS = (schema.FUEL, schema.ENERGY, schema.PRODUCTION)
EVIDENCE = schema.Sheet(
    "evidence",
    "证据",
    "Evidence",
    (
        schema.Column("file", "文件名", "File", required=True),
        schema.Column("sheet", "工作表", "Sheet"),
        schema.Column("rows", "行", "Rows"),
        schema.Column("note", "说明", "Note"),
    ),
)
MONTH_LABEL = ("存证月份", "DepositMonth")
# warnings about the year as a whole, which a month alone always draws
YEARLY = {"months-missing"}
_ROWS = re.compile(r"^\s*\d+(\s*-\s*\d+)?(\s*[,，、]\s*\d+(\s*-\s*\d+)?)*\s*$")


@dataclass(frozen=True)
class Evidence:
    file: str  # the name as listed
    sheet: str  # the sheet it supports ('' for the whole deposit)
    rows: str  # "2-13,15" ('' for the whole sheet)
    note: str
    sha256: str
    content: bytes

    def covers(self, sheet: str, row: int) -> bool:
        if self.sheet and schema.fold(self.sheet) not in {schema.fold(sheet), *_other_name(sheet)}:
            return False
        return not self.rows or row in _row_set(self.rows)


@dataclass(frozen=True)
class Deposit:
    """A read deposit: the month's submission, the month, its evidence, and what reading found wrong."""

    submission: Submission
    month: int
    evidence: tuple[Evidence, ...]

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self.submission.issues


def is_deposit(sheet_names: Iterable[str]) -> bool:
    return any(schema.fold(n) in (schema.fold(EVIDENCE.zh), schema.fold(EVIDENCE.en)) for n in sheet_names)


def read_deposit(path: str | Path, opened: Opened | None = None) -> Deposit:
    """Read a deposit workbook and its evidence files (beside it); every problem is an issue at its cell."""
    path = Path(path)
    book, inspection = opened or open_workbook(path)
    submission = read_submission(path, (book, inspection))
    evidence_sheet = next(n for n in book.sheet_names if is_deposit([n]))
    issues = [i for i in submission.issues if not (i.code == "sheet-extra" and i.sheet == evidence_sheet)]
    month = _month(sheet_rows(book, submission.info_sheet, str(path)), submission.info_sheet, issues)
    if month:
        _same_month(submission, month, issues)
    evidence = _evidence(path, sheet_rows(book, evidence_sheet, str(path)), evidence_sheet, issues)
    return Deposit(dataclasses.replace(submission, issues=tuple(issues)), month, evidence)


def _month(rows: list[list[Any]], sheet: str, issues: list[Issue]) -> int:
    for number, row in enumerate(rows, start=1):
        if row and schema.header_names(row[0]) & {schema.fold(MONTH_LABEL[0]), schema.fold(MONTH_LABEL[1])}:
            value = row[1] if len(row) > 1 else ""
            if isinstance(value, float) and value.is_integer() and 1 <= value <= 12:
                return int(value)
            text = str(value).strip().removesuffix("月")
            if text.isdigit() and 1 <= int(text) <= 12:
                return int(text)
            issues.append(Issue("deposit-month-invalid", sheet, f"B{number}", value, "1–12"))
            return 0
    issues.append(Issue("info-missing", sheet, "", expected=f"{MONTH_LABEL[0]} [{MONTH_LABEL[1]}]"))
    return 0


def _same_month(submission: Submission, month: int, issues: list[Issue]) -> None:
    for table in submission.tables.values():
        if "month" not in table.data:
            continue
        months = table.data["month"].to_numpy()
        for i in np.flatnonzero((months != month) & (months >= 0)):
            shown = "全年" if months[i] == schema.ANNUAL else int(months[i])
            issues.append(
                Issue("deposit-month-mismatch", table.name, table.cells("month", np.array([i]))[0], shown, str(month))
            )


def _evidence(path: Path, rows: list[list[Any]], sheet: str, issues: list[Issue]) -> tuple[Evidence, ...]:
    found = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [str(v).strip() if v is not None else "" for v in (list(row) + [""] * 4)[:4]]
        file, on, lines, note = cells
        if not any(cells):
            continue
        lines = lines.removesuffix(".0")
        name = Path(file).name
        if not file or name != file or name in (".", ".."):
            issues.append(
                Issue("evidence-missing", sheet, f"A{number}", file, "与存证表同一文件夹中的文件名（不含路径）")
            )
            continue
        target = path.parent / name
        if not target.is_file() or target.stat().st_size > MAX_BYTES:
            why = "文件不存在" if not target.is_file() else f"文件超过 {MAX_BYTES // 2**20} MB"
            issues.append(Issue("evidence-missing", sheet, f"A{number}", file, f"{why}：{target}"))
            continue
        if on and on not in {s.zh for s in SHEETS} | {s.en for s in SHEETS}:
            issues.append(Issue("evidence-rows-invalid", sheet, f"B{number}", on, "、".join(s.zh for s in SHEETS)))
            continue
        if lines and (not _ROWS.match(lines) or min(_row_set(lines)) < 2):
            issues.append(
                Issue("evidence-rows-invalid", sheet, f"C{number}", lines, "行号，如 2-13 或 2,5,8（从第 2 行起）")
            )
            continue
        content = target.read_bytes()
        found.append(Evidence(file, on, lines, note, hashlib.sha256(content).hexdigest(), content))
    return tuple(found)


def _row_set(text: str) -> set[int]:
    out: set[int] = set()
    for part in re.split(r"[,，、]", text):
        low, _, high = part.strip().partition("-")
        out.update(range(int(low), int(high or low) + 1))
    return out


def _other_name(sheet: str) -> set[str]:
    """The other language's name of a deposit sheet."""
    return {
        schema.fold(s.en) if schema.fold(s.zh) == schema.fold(sheet) else schema.fold(s.zh)
        for s in SHEETS
        if schema.fold(sheet) in (schema.fold(s.zh), schema.fold(s.en))
    }


def calculate_deposit(deposit: Deposit, method: str | None = None) -> Result:
    """The month's emissions by the method (default: the submission's); raises InvalidSubmission with
    every issue."""
    if not deposit.month:  # without its month no line can be checked against it: report what was found
        raise InvalidSubmission(ValidationReport(deposit.submission.file, deposit.issues), file=deposit.submission.file)
    result = calculate(deposit.submission, method)
    return dataclasses.replace(result, issues=tuple(i for i in result.issues if i.code not in YEARLY))


def validate_deposit(deposit: Deposit) -> ValidationReport:
    try:
        return ValidationReport(deposit.submission.file, calculate_deposit(deposit).issues)
    except InvalidSubmission as exc:
        return ValidationReport(exc.report.file, tuple(i for i in exc.report.issues if i.code not in YEARLY))
