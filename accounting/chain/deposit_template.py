"""The monthly deposit workbook an enterprise fills: the submission template of its sector, a month
on 基本信息 and a 存证 sheet listing its evidence. Apart from reading deposits (``deposit.py``), so
that validating a workbook never loads the template writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from accounting import schema
from accounting.chain.deposit import EVIDENCE, MONTH_LABEL, SHEETS, TEMPLATE
from accounting.template import HEADER_FILL, build_template, whole_between
from accounting.workbook import put_value, save_atomically


def write_deposit_template(
    path: str | Path,
    sector: str,
    info: Mapping[str, Any] | None = None,
    month: int | None = None,
    tables: Mapping[str, Iterable[Sequence[Any]]] | None = None,
    evidence: Iterable[Sequence[Any]] = (),
) -> Path:
    """The deposit workbook of ``sector`` for ``month``, filled with ``info``, ``tables`` and ``evidence``
    rows (file, sheet, rows, note)."""
    book = build_template(sector, info, tables, SHEETS, TEMPLATE)
    info_sheet = book[schema.INFO.zh]
    row = len(schema.INFO_FIELDS) + 2
    label = info_sheet.cell(row, 1, f"{MONTH_LABEL[0]}\n{MONTH_LABEL[1]}")
    label.alignment = Alignment(wrap_text=True, vertical="center")
    label.font = Font(bold=True)
    value = info_sheet.cell(row, 2, month)
    value.style = "tanhe-input"
    note = info_sheet.cell(row, 3, "必填。1–12，本表各行的月份须与之相同；每月结束后 40 日内存证")
    note.font = Font(color="595959", size=9)
    dv = whole_between(1, 12, "请填写 1–12")
    dv.add(f"B{row}")
    info_sheet.add_data_validation(dv)
    info_sheet.row_dimensions[row].height = 30
    sheet = book.create_sheet(EVIDENCE.zh, index=book.sheetnames.index("_lists"))
    for col, (column, width) in enumerate(zip(EVIDENCE.columns, (36, 14, 14, 40), strict=True), start=1):
        cell = sheet.cell(1, col, f"{column.zh}\n{column.en}")
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[chr(64 + col)].width = width
    sheet.row_dimensions[1].height = 32
    for r, values in enumerate(evidence, start=2):
        for c, v in enumerate(values, start=1):
            if v is not None:
                put_value(sheet.cell(r, c), v)
    names = ",".join(s.zh for s in SHEETS)
    choice = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
    choice.add("B2:B200")
    sheet.add_data_validation(choice)
    return save_atomically(book, Path(path))
