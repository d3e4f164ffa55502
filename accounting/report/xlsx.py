"""A :class:`Document` as an Excel workbook: a sheet per section, real number formats, native charts.

Every text that came from a submission is written as text: a value beginning with = + - @
is stored as a string cell, never as a formula (DESIGN 7).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from accounting.report.document import Document, Section, Table, house, in_english, precision
from accounting.report.output import write_atomically
from accounting.workbook import print_landscape, put_value

INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


FILTERED = 20  # a table of this many rows or more gets Excel's filter buttons
WIDEST = 40  # characters a text column widens to before its cells wrap


def put(sheet: Worksheet, row: int, column: int, value: Any, kind: str = "text") -> Any:
    """Write one cell: numbers with their format, text always as text."""
    cell = sheet.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return cell
    if isinstance(value, str):
        put_value(cell, value)
    else:
        cell.value = value
        cell.number_format = precision()[kind].xlsx
    return cell


class Style:
    """openpyxl styles made once from the house style."""

    def __init__(self) -> None:
        h = house()
        c, font, size = h["colour"], h["font"]["excel"], h["font"]["size"]
        self.body = Font(name=font, size=size, color=c["ink"])
        self.title = Font(name=font, size=size + 6, bold=True, color=c["accent"])
        self.subtitle = Font(name=font, size=size, color=c["muted"])
        self.label = Font(name=font, size=size, color=c["muted"])
        self.bold = Font(name=font, size=size, bold=True, color=c["ink"])
        self.header = Font(name=font, size=size, bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=c["accent"])
        self.total_fill = PatternFill("solid", fgColor=c["accent_light"])
        self.note = Font(name=font, size=size - 1, color=c["muted"])
        self.warning = Font(name=font, size=size, color=c["warning"])
        self.rule = Border(bottom=Side(style="thin", color=c["rule"]))
        self.strong_rule = Border(bottom=Side(style="medium", color=c["accent"]))
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.series = c["series"]
        self.status = {
            k: (Font(name=font, size=size, bold=True, color=ink), PatternFill("solid", fgColor=fill))
            for k, (ink, fill) in c["status"].items()
        }

    def head(self, sheet: Worksheet, row: int, col: int, label: str, right: bool = False) -> Any:
        """A header cell: white bold text on the accent colour, wrapped, at the bottom."""
        cell = put(sheet, row, col, label)
        cell.font, cell.fill = self.header, self.header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="right" if right else "left")
        return cell


def sheet_title(title: str, taken: set[str]) -> str:
    name = title.translate(INVALID_SHEET_CHARS)[:31]
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]}({n})"
        n += 1
    taken.add(name)
    return name


def write_xlsx(doc: Document, path: Path) -> Path:
    doc = in_english(doc)
    book = Workbook()
    for blank in book.worksheets:
        book.remove(blank)
    style = Style()
    taken: set[str] = set()
    for section in doc.sections:
        sheet = book.create_sheet(sheet_title(section.title, taken))
        _section(sheet, doc, section, style)
    book.properties.title = doc.title
    book.properties.creator = f"tanhe {doc.meta.get('version', '')}"
    return write_atomically(path, book.save)


def _section(sheet: Worksheet, doc: Document, section: Section, style: Style) -> None:
    width = max([len(t.columns) for t in section.tables] + [4])
    put(sheet, 1, 1, section.title).font = style.title
    put(sheet, 2, 1, f"{doc.subtitle} · {doc.title}").font = style.subtitle
    row = 4
    for label, value, kind in section.fields:
        put(sheet, row, 1, label).font = style.label
        cell = put(sheet, row, 2, value, kind)
        cell.font = style.body
        cell.alignment = Alignment(horizontal="left")
        row += 1
    row += 1 if section.fields else 0
    for text in section.paragraphs:
        cell = put(sheet, row, 1, text)
        cell.font, cell.alignment = style.body, style.wrap
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.row_dimensions[row].height = 15 * max(1, math.ceil(len(text) / (10 * width)))
        row += 2
    chart_rows: list[tuple[Table, int]] = []
    for table in section.tables:
        chart_rows.append((table, row + (1 if table.caption else 0)))
        row = _table(sheet, table, row, style) + 1
    for label in section.signature:
        put(sheet, row, 1, label).font = style.body
        for col in range(2, 4):
            sheet.cell(row=row, column=col).border = Border(bottom=Side(style="thin", color="000000"))
        row += 2
    longest = max(chart_rows, key=lambda tr: len(tr[0].rows), default=None)
    if longest is not None and len(longest[0].rows) >= FILTERED:  # one filter a sheet: on its longest list
        table, header_row = longest
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(table.rows)}"
    if section.chart is not None and chart_rows:
        table, header_row = chart_rows[section.chart.table]
        _chart(sheet, section, table, header_row, row + 1, style)
    _widths(sheet, section)
    sheet.sheet_view.showGridLines = False
    print_landscape(sheet) if width > 8 else _fit_width(sheet)


def _fit_width(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _table(sheet: Worksheet, table: Table, row: int, style: Style) -> int:
    """Write ``table`` from ``row``; return the first row after it."""
    if table.caption:
        put(sheet, row, 1, table.caption).font = style.bold
        row += 1
    for col, column in enumerate(table.columns, start=1):
        style.head(sheet, row, col, column.label, right=column.kind != "text")
    lines = max(math.ceil(shown_width(c.label) / max(c.width - 1, 1)) for c in table.columns)
    sheet.row_dimensions[row].height = 14 * max(lines, 1)  # LibreOffice does not grow a wrapped header
    row += 1
    for k, values in enumerate(table.rows):
        for col, (value, column) in enumerate(zip(values, table.columns, strict=True), start=1):
            cell = put(sheet, row, col, value, column.kind)
            cell.font, cell.border = style.body, style.rule
            if column.kind == "text":
                cell.alignment = style.wrap
        if table.marks and table.marks[k]:
            cell.font, cell.fill = style.status[table.marks[k]]
        row += 1
    if table.total is not None:
        for col, (value, column) in enumerate(zip(table.total, table.columns, strict=True), start=1):
            cell = put(sheet, row, col, value, column.kind)
            cell.font, cell.fill, cell.border = style.bold, style.total_fill, style.strong_rule
        row += 1
    if table.note:
        put(sheet, row, 1, table.note).font = style.note
        row += 1
    return row


def _chart(sheet: Worksheet, section: Section, table: Table, header_row: int, at_row: int, style: Style) -> None:
    """A native stacked column chart over the table's cells: series by column (months × categories)
    where the chart's series are columns of the table, else by row (scopes × years)."""
    assert section.chart is not None
    if section.chart.line:
        _line_chart(sheet, section, table, header_row, at_row, style)
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = section.chart.title
    chart.y_axis.title = section.chart.unit
    chart.height, chart.width = 8, 22
    progress = bool(section.chart.marks)  # targets: horizontal bars side by side, named by columns 1-2
    if progress:
        chart.type, chart.grouping, chart.overlap, chart.y_axis.title = "bar", "clustered", -10, None
        chart.x_axis.scaling.orientation = "maxMin"  # the first target on top, as in the table
        chart.height = max(8, 1.2 * len(section.chart.categories) + 3)
    labels = [label for label, _ in section.chart.series]
    by_column = [col for col, c in enumerate(table.columns, start=1) if c.label in labels]
    if by_column:
        last = header_row + len(section.chart.categories)
        for col in by_column:
            chart.add_data(Reference(sheet, min_col=col, min_row=header_row, max_row=last), titles_from_data=True)
        chart.set_categories(
            Reference(sheet, min_col=1, max_col=2 if progress else 1, min_row=header_row + 1, max_row=last)
        )
    else:
        width = max(i for i, c in enumerate(table.columns, start=1) if c.kind in ("t", "qty"))
        for offset, values in enumerate(table.rows, start=1):
            if values[0] in labels:
                row = header_row + offset
                chart.add_data(
                    Reference(sheet, min_col=1, max_col=width, min_row=row), from_rows=True, titles_from_data=True
                )
        chart.set_categories(Reference(sheet, min_col=2, max_col=width, min_row=header_row))
    for series, colour in zip(chart.series, style.series, strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    sheet.add_chart(chart, f"A{at_row}")


def _line_chart(sheet: Worksheet, section: Section, table: Table, header_row: int, at_row: int, style: Style) -> None:
    """A native line chart: each of the chart's series a column of the table, over the first column (years)."""
    assert section.chart is not None
    chart = LineChart()
    chart.title, chart.y_axis.title = section.chart.title, section.chart.unit
    chart.height, chart.width = 8, 22
    labels = [label for label, _ in section.chart.series]
    last = header_row + len(table.rows)
    for col, c in enumerate(table.columns, start=1):
        if c.label in labels:
            chart.add_data(Reference(sheet, min_col=col, min_row=header_row, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last))
    for k, (series, colour) in enumerate(zip(chart.series, style.series, strict=False)):
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 20000
        series.smooth = False
        if k:
            series.graphicalProperties.line.dashStyle = "dash"
    sheet.add_chart(chart, f"A{at_row}")


def shown_width(text: str) -> int:
    """Excel column width ``text`` needs: two for a CJK character, one for the rest."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _widths(sheet: Worksheet, section: Section) -> None:
    """Each column as wide as its spec, widened to fit its text (up to WIDEST; the rest wraps)."""
    widths: dict[int, float] = {1: 18.0, 2: 18.0}
    for table in section.tables:
        for col, column in enumerate(table.columns, start=1):
            fit = column.width
            if column.kind == "text" and table.rows:
                fit = max(fit, min(WIDEST, 1 + max(shown_width(str(r[col - 1] or "")) for r in table.rows)))
            widths[col] = max(widths.get(col, 0.0), fit)
    for col, w in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = w
