"""The regulator's plain-table workbooks (statistics, budgets): a guide sheet, then sheets that are
each one table from row 2, read back cell by cell with every problem located.

What they share lives here: reading a text, a year or a number from a cell (the number rule of
every submission cell), the non-blank rows of a sheet, and writing the sheets with their bilingual
headers, drop-down lists and the hidden marker that tells tanhe which workbook it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from accounting.cells import MAX_MAGNITUDE, number_of, shown
from accounting.issues import Issue
from accounting.reader import sheet_rows
from accounting.workbook import put_value, save_atomically

Columns = Mapping[str, Sequence[tuple[str, str, float]]]  # sheet -> (中文, English, width) per column


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell(col: int, row: int) -> str:
    return f"{get_column_letter(col)}{row}"


def year(value: Any, sheet: str, where: str, issues: list[Issue], required: bool = True) -> int | None:
    found = text(value)
    if not found:
        if required:
            issues.append(Issue("value-missing", sheet, where))
        return None
    if not (found.isdigit() and len(found) == 4):
        issues.append(Issue("year-invalid", sheet, where, found))
        return None
    return int(found)


def number(value: Any, sheet: str, where: str, issues: list[Issue]) -> float | None:
    if value is None or text(value) == "":
        issues.append(Issue("value-missing", sheet, where))
        return None
    found, code = number_of(value)  # the rule of every number cell: TRUE, inf and 1,234 are not numbers
    if code:
        issues.append(
            Issue(code, sheet, where, shown(value), f"{MAX_MAGNITUDE:g}" if code == "number-out-of-range" else "")
        )
    return found


def body(book: Any, name: str, label: str, width: int) -> list[tuple[int, list[Any]]]:
    """The non-blank rows below the header of sheet ``name``, numbered as Excel numbers them."""
    if name not in book.sheet_names:
        return []
    rows = sheet_rows(book, name, label)[1:]
    return [(n, (r + [None] * width)[:width]) for n, r in enumerate(rows, start=2) if any(text(v) for v in r)]


def write_book(
    path: Path,
    title: str,
    guide: Sequence[str],
    columns: Columns,
    tables: Mapping[str, Iterable[Sequence[Any]]],
    lists: Sequence[tuple[str, str, Sequence[str]]],
    marker: str,
    extra_guide: Sequence[str] = (),
) -> Path:
    """The workbook: 说明 (``title``, ``guide``, ``extra_guide``), a sheet per entry of ``columns``
    filled with ``tables``' rows, a drop-down per entry of ``lists`` (sheet, column letter, choices)
    and the hidden marker ``marker``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "说明"
    sheet.column_dimensions["A"].width = 110
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    for i, line in enumerate(guide, start=3):
        sheet.cell(i, 1, line).alignment = Alignment(wrap_text=True)
    for i, line in enumerate(extra_guide, start=len(guide) + 4):
        sheet.cell(i, 1, line).font = Font(bold=i == len(guide) + 4)
    head = PatternFill("solid", fgColor="1F4E79")
    for name, spec in columns.items():
        sheet = book.create_sheet(name)
        for c, (zh, en, width) in enumerate(spec, start=1):
            header = sheet.cell(1, c, f"{zh}\n{en}")
            header.font, header.fill = Font(bold=True, color="FFFFFF"), head
            header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            sheet.column_dimensions[get_column_letter(c)].width = width
        sheet.row_dimensions[1].height = 32
        sheet.freeze_panes = "A2"
        for r, row in enumerate(tables.get(name, ()), start=2):
            for c, value in enumerate(row, start=1):
                put_value(sheet.cell(r, c), value)
    hidden = book.create_sheet("_lists")
    hidden.sheet_state = "hidden"
    for k, (sheet_name, letter, choices) in enumerate(lists, start=1):
        column = get_column_letter(k)
        for i, choice in enumerate(choices, start=1):
            hidden.cell(i, k, choice)
        dv = DataValidation(
            type="list",
            formula1=f"{quote_sheetname('_lists')}!${column}$1:${column}${len(choices)}",
            showErrorMessage=False,
        )
        dv.add(f"{letter}2:{letter}1000")
        book[sheet_name].add_data_validation(dv)
    mark = book.create_sheet("_tanhe")
    mark.sheet_state = "hidden"
    mark.cell(1, 1, "template")
    mark.cell(1, 2, marker)
    return save_atomically(book, Path(path))
