"""``tanhe validate --annotate``: a copy of the submission with each flagged cell marked.

Each cell an issue names is filled (red for an error, amber for a warning) and carries a comment
with the messages; issues of a whole sheet go on its A1. A first sheet, 校验结果, lists every
issue with a link to its cell. The submission itself is never modified.

An annotated copy, corrected and validated again, is annotated afresh: its old 校验结果 sheet, and
the comments and fills tanhe put on its cells, are taken away first, so a corrected cell is no
longer marked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.workbook.workbook import Workbook

from accounting import schema
from accounting.errors import AccountingError, UnreadableWorkbook
from accounting.issues import SEVERITY_LABELS, Issue, ValidationReport
from accounting.workbook import clean, print_landscape, put_value, save_atomically

# What an annotated copy may cost: a comment is a drawing Excel lays out and openpyxl writes one by
# one (about 0.1 ms each, and Excel slows down opening thousands). Nobody fixes more than a few
# hundred cells by hand from comments; beyond this many cells the copy marks the first ones (in
# sheet order) and 校验结果 still lists every issue, saying so.
MAX_MARKED = 2_000
# 校验结果 lists issues up to this many (a row with its link and fill costs about 0.2 ms to build and
# as much to save); the rest are counted, and `tanhe validate --json` gives every one.
MAX_LISTED = 10_000
FILLS = {"error": PatternFill("solid", fgColor="F8CBAD"), "warning": PatternFill("solid", fgColor="FFE699")}
SUMMARY = schema.ANNOTATION_SHEET
AUTHOR = "tanhe"  # the author of tanhe's comments


def annotate(source: str | Path, report: ValidationReport, out: str | Path, lang: str = "zh") -> Path:
    """Write ``out``: ``source`` with the issues of ``report`` marked; returns ``out``."""
    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise AccountingError("批注副本不能覆盖报送文件本身，请另选输出文件名", file=str(out))
    try:
        book = load_workbook(source, rich_text=False)
    except Exception as exc:  # the reader has already opened it; this is a last guard
        raise UnreadableWorkbook("工作簿无法以 openpyxl 打开以写批注", file=str(source)) from exc
    if SUMMARY in book.sheetnames:
        _unmark(book)
    labels = SEVERITY_LABELS["en" if lang == "en" else "zh"]
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.sheet in book.sheetnames:
            by_cell[(issue.sheet, issue.cell or "A1")].append(issue)
    for (sheet, cell), issues in list(by_cell.items())[:MAX_MARKED]:
        target = book[sheet][cell]
        if isinstance(target.value, (int, float)) and not _savable(target.value):
            target.value = str(target.value)[:60]  # a 400-digit number: Excel cannot hold it, the copy shows it as text
        worst = "error" if any(i.severity == "error" for i in issues) else "warning"
        target.fill = FILLS[worst]
        text = "\n".join(f"[{labels[i.severity]} {i.code}] {i.message(lang)}" for i in issues)
        comment = Comment(clean(text), AUTHOR)
        comment.width, comment.height = 320, 60 + 40 * len(issues)
        target.comment = comment
    _summary(book, report, lang, marked=min(len(by_cell), MAX_MARKED), cells=len(by_cell))
    try:
        return save_atomically(book, out)
    except (OverflowError, ValueError, TypeError) as exc:  # a value openpyxl read but cannot write back
        raise UnreadableWorkbook("批注副本无法写出：工作簿含有 Excel 无法保存的值", file=str(source)) from exc


def _unmark(book: Workbook) -> None:
    """Take away what an earlier annotation added: its summary sheet, tanhe's comments and fills."""
    del book[SUMMARY]
    fills = {fill.fgColor.rgb for fill in FILLS.values()}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.author == AUTHOR:
                    cell.comment = None
                    if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in fills:
                        cell.fill = PatternFill()


def _savable(value: float) -> bool:
    """Whether Excel can store the number (a finite double)."""
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _summary(book: Workbook, report: ValidationReport, lang: str, marked: int, cells: int) -> None:
    sheet = book.create_sheet(SUMMARY, 0)
    labels = SEVERITY_LABELS["en" if lang == "en" else "zh"]
    heads = (
        ("级别", "工作表", "单元格", "问题", "代码")
        if lang != "en"
        else ("severity", "sheet", "cell", "message", "code")
    )
    head = f"{report.file}：{report.counts(lang)}" if lang != "en" else f"{report.file}: {report.counts(lang)}"
    more = len(report.issues) - MAX_LISTED
    if more > 0:
        head += (
            f"（下表列出前 {MAX_LISTED:,} 个问题，另有 {more:,} 个；全部问题见 tanhe validate --json）"
            if lang != "en"
            else f" (the table lists the first {MAX_LISTED:,} issues; {more:,} more: see tanhe validate --json)"
        )
    if marked < cells:
        head += (
            f"（问题单元格 {cells:,} 个，只标注了前 {marked:,} 个）"
            if lang != "en"
            else f" ({cells:,} cells have issues; the first {marked:,} are marked)"
        )
    put_value(sheet.cell(1, 1), head)
    sheet["A1"].font = Font(bold=True, size=12)
    for col, title in enumerate(heads, start=1):
        sheet.cell(2, col, title)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row, issue in enumerate(report.issues[:MAX_LISTED], start=3):  # sheet.max_row would count every row each time
        for col, value in enumerate(
            (labels[issue.severity], issue.sheet, issue.cell, issue.message(lang), issue.code), 1
        ):
            put_value(sheet.cell(row, col), value)  # a sheet named =1+1 stays text
        sheet.cell(row, 1).fill = FILLS[issue.severity]
        if issue.sheet in book.sheetnames:
            link = sheet.cell(row, 3 if issue.cell else 2)
            link.hyperlink = f"#{quote_sheetname(issue.sheet)}!{issue.cell or 'A1'}"
            link.font = Font(color="0563C1", underline="single")
    for letter, width in (("A", 8), ("B", 12), ("C", 10), ("D", 90), ("E", 26)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    print_landscape(sheet)
    book.active = 0
