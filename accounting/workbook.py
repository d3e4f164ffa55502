"""Writing submission workbooks (DESIGN 3.1) with openpyxl: samples, benchmarks, templates.

Text from a submission is always written as text, never as a formula: a value starting with
= + - @ is stored as a string cell (DESIGN 7).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from accounting import schema
from accounting.files import write_atomically

FORMULA_STARTS = ("=", "+", "-", "@")
# characters XML 1.0 cannot hold (openpyxl refuses to save them); shown as U+FFFD, so nothing vanishes
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text a workbook can hold: each control character XML cannot store becomes U+FFFD."""
    return _ILLEGAL.sub("\ufffd", text)


def put_value(cell: Any, value: Any) -> Any:
    """Set ``cell`` (openpyxl) to ``value``: text always as text, never a formula, with no character
    XML cannot hold; anything else as it is. The one way tanhe writes a value that came from outside."""
    if isinstance(value, str):
        cell.value = clean(value)
        if cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # text, never a formula
    else:
        cell.value = value
    return cell


def header(column: schema.Column) -> str:
    """A header cell: the Chinese name with the English name on a second line."""
    return f"{column.zh}\n{column.en}"


def write_submission(path: str | Path, info: Mapping[str, Any], tables: Mapping[str, Iterable[Sequence[Any]]]) -> Path:
    """Write a submission: ``info`` by field key, ``tables`` by sheet key as rows in column order.

    The file is written to a temporary name beside ``path`` and renamed, so a reader never sees
    half a workbook.
    """
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(schema.INFO.zh)
    sheet.append([header(c) for c in schema.INFO.columns])
    for key, zh, _en, _ in schema.INFO_FIELDS:
        if key in info:
            sheet.append([zh, _text_cell(sheet, info[key])])
    for spec in schema.SHEETS[1:]:
        if spec.key not in tables:
            continue
        sheet = book.create_sheet(spec.zh)
        sheet.append([header(c) for c in spec.columns])
        for row in tables[spec.key]:
            sheet.append([_text_cell(sheet, value) for value in row])
    return save_atomically(book, path)


def _text_cell(sheet: Any, value: Any) -> Any:
    """``value``, or a write-only string cell where the text would read as a formula."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        return put_value(WriteOnlyCell(sheet), value)
    return value


def save_atomically(book: Any, path: Path) -> Path:
    """Save an openpyxl workbook to a temporary name beside ``path``, then rename it."""
    return write_atomically(path, book.save)


def print_landscape(sheet: Any) -> None:
    """Print landscape, all columns on one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
