"""The auditor workbook (核查工作簿): the whole calculation again, as live Excel formulas.

Sheets: 说明 (how to read it), 因子 (every factor used, with source and confidence, and the two
constants 44/12 and 29.307 GJ/tce), 输入 (the submission's values, as the engine read them),
化石燃料 / 电力热力 / 过程排放 (one row per line, every computed number a formula over 输入 and
因子: :mod:`.audit_lines`), 汇总 (totals as formulas) and 核对 (each total against the engine's
value): :mod:`.audit_totals`, with the cell helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from accounting import schema, units
from accounting.report.audit_lines import Factors, conversion, energy_sheet, fuel_sheet, month_cell, process_sheet
from accounting.report.audit_totals import TOLERANCE, E, F, P, check_sheet, header, q, totals_sheet
from accounting.report.cached import save_with_values
from accounting.report.document import Labels
from accounting.report.output import write_atomically
from accounting.report.provenance import method_title, tanhe_version
from accounting.report.tables import energy_type_name
from accounting.report.xlsx import Style, put
from accounting.result import Result
from accounting.workbook import print_landscape


def write_audit(result: Result, path: Path, lang: str = "zh") -> Path:
    book = Workbook()
    for blank in book.worksheets:
        book.remove(blank)
    style = Style()
    factors = Factors(list(result.citations))
    readme = book.create_sheet("说明")
    _factor_sheet(book.create_sheet("因子"), result, factors, style)
    inputs = book.create_sheet("输入")
    rows = _inputs(inputs, result, style)
    fuel_rows = fuel_sheet(book.create_sheet(F), result, factors, rows["fuel"], style)
    energy_rows = energy_sheet(book.create_sheet(E), result, factors, rows["energy"], lang, style)
    process_rows = process_sheet(book.create_sheet(P), result, factors, rows, style)
    checks = totals_sheet(book.create_sheet("汇总"), result, rows, fuel_rows, energy_rows, process_rows, style)
    check_sheet(book.create_sheet("核对"), checks, style)
    _readme(readme, result, lang, len(checks), style)
    for sheet in book.worksheets:
        print_landscape(sheet)
    inputs.print_title_rows = None  # blocks, each with its own heading: none repeats on every page
    return write_atomically(path, lambda tmp: save_with_values(book, tmp))


def _factor_sheet(sheet: Worksheet, result: Result, factors: Factors, style: Style) -> None:
    header(
        sheet,
        ["编号", "因子集", "键", "名称", "数值", "单位", "来源编号", "置信度", "来源"],
        style,
        widths=[7, 22, 30, 34, 12, 10, 18, 10, 60],
    )
    for i, c in enumerate(factors.citations):
        r = factors.row(i)
        source = result.sources.get(c.source_id, {})
        for col, value in enumerate(
            (
                f"F{i + 1}",
                c.factor_set,
                c.key,
                c.name,
                c.value,
                c.unit,
                c.source_id,
                Labels("zh")[f"confidence.{c.confidence}"],
                source.get("title", ""),
            ),
            start=1,
        ):
            put(sheet, r, col, value, "factor")
    n = len(factors.citations)
    put(sheet, factors.row(n), 1, f"F{n + 1}")
    put(sheet, factors.row(n), 4, "碳转换为二氧化碳（分子量比）")
    sheet.cell(row=factors.row(n), column=5, value="=44/12").number_format = "0.000000"
    put(sheet, factors.row(n), 6, "tCO2/tC")
    put(sheet, factors.row(n), 7, "化学计量")
    put(sheet, factors.row(n + 1), 1, f"F{n + 2}")
    put(sheet, factors.row(n + 1), 4, "标准煤当量（1 tce 的低位发热量）")
    put(sheet, factors.row(n + 1), 5, float(units.factor("tce", "GJ")), "factor")
    put(sheet, factors.row(n + 1), 6, "GJ/tce")
    put(sheet, factors.row(n + 1), 7, "GBT-2589-2020 §3")


def _block(sheet: Worksheet, row: int, title: str, labels: list[str], style: Style) -> int:
    put(sheet, row, 1, title).font = style.bold
    for col, label in enumerate(labels, start=1):
        style.head(sheet, row + 1, col, label)
    return row + 2


USES_ZH = {key: name for name, key in schema.USES.items() if name and not name.isascii()}  # fuel -> 燃料


FUEL_KINDS = ("int", *["text"] * 4, "qty", "text", "factor", "factor", "pct", "pct", "text", "pct", "pct", "text")


def _inputs(sheet: Worksheet, result: Result, style: Style) -> dict[str, list[int]]:
    """The submission's values, each line on a row; returns the row of each line per block."""
    origin, rows = result.origin, {}

    def fuel(line: Any) -> tuple[Any, ...]:
        converted = line.carbon_basis in ("ad", "d")
        values = (
            int(line.row),
            line.source,
            line.fuel,
            month_cell(line.month),
            USES_ZH.get(line.use, line.use),
            line.quantity,
            line.unit,
            line.ncv if line.ncv_measured else None,
            line.cc if line.cc_measured else None,
            line.carbon_fraction_reported,
            line.of if line.of_measured else None,
            schema.CARBON_BASIS_ZH[line.carbon_basis] if converted else None,
            line.moisture_ar if converted else None,
            line.moisture_ad if line.carbon_basis == "ad" else None,
            origin.cell("fuel", "quantity", int(line.row)),
        )
        return tuple(zip(values, FUEL_KINDS, strict=True))

    rows["fuel"], row = _lines(
        sheet,
        1,
        "化石燃料（报送值；低位发热量已换算为 GJ/活动单位，比率为小数；报送单元格为消耗量所在格）",
        [
            *("报送行", "排放设施", "燃料品种", "月份", "用途", "消耗量", "单位", "低位发热量（实测）"),
            *("单位热值含碳量（实测）", "元素碳含量（实测，报送基准）", "碳氧化率（实测）", "元素碳含量基准"),
            *("全水分", "空干基水分", "报送单元格"),
        ],
        map(fuel, result.fuel_lines.itertuples()),
        style,
    )
    rows["energy"], row = _lines(
        sheet,
        row + 1,
        "电力热力（报送值）",
        ["报送行", "类型", "月份", "数量", "单位", "报送单元格"],
        (
            (
                (int(line.row), "int"),
                (energy_type_name(line.type, "zh"), "text"),
                (month_cell(line.month), "text"),
                (line.quantity, "qty"),
                (line.unit, "text"),
                (origin.cell("energy", "quantity", int(line.row)), "text"),
            )
            for line in result.energy_lines.itertuples()
        ),
        style,
    )
    rows["process"], row = _lines(
        sheet,
        row + 1,
        "过程活动数据（过程排放表按工序、物料、月份汇总）",
        ["工序", "物料 / 参数", "气体", "月份", "活动数据", "单位"],
        (
            (
                (line.process, "text"),
                (line.item, "text"),
                (line.gas, "text"),
                (month_cell(line.month), "text"),
                (line.activity, "qty"),
                (line.activity_unit, "text"),
            )
            for line in result.process_lines.itertuples()
        ),
        style,
    )
    rows["production"], row = _lines(
        sheet,
        row + 1,
        "产品产量（产品产量表按产品汇总）",
        ["产品", "产量", "单位"],
        (((item.product, "text"), (item.quantity, "qty"), (item.unit, "text")) for item in result.production),
        style,
    )
    rows["parameters"], row = _lines(
        sheet,
        row + 1,
        "过程参数（过程排放表逐行报送值：活动数据与实测参数）",
        ["报送行", "工序", "物料 / 参数", "月份", "数值", "单位", "报送单元格"],
        (
            (
                (int(entered.row), "int"),
                (entered.process, "text"),
                (entered.parameter, "text"),
                (month_cell(entered.month), "text"),
                (entered.value, "factor"),
                (entered.unit, "text"),
                (origin.cell("process", "value", int(entered.row)), "text"),
            )
            for entered in result.entered.get("process", pd.DataFrame()).itertuples()
        ),
        style,
    )
    rows["economics"], row = _lines(
        sheet,
        row + 1,
        "经济指标（报送值）",
        ["报送行", "指标", "数值", "单位", "换算为万元", "报送单元格"],
        (
            (
                (int(entered.row), "int"),
                (entered.indicator, "text"),
                (entered.value, "qty"),
                (entered.unit, "text"),
                (conversion(str(entered.unit), "万元"), "factor"),
                (origin.cell("economics", "value", int(entered.row)), "text"),
            )
            for entered in result.entered.get("economics", pd.DataFrame()).itertuples()
        ),
        style,
    )
    for col, width in enumerate((10, 16, 12, 8, 10, 14, 9, 14, 14, 14, 12, 12, 9, 9, 18), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    return rows


def _lines(
    sheet: Worksheet,
    row: int,
    title: str,
    labels: list[str],
    records: Iterable[tuple[tuple[Any, str], ...]],
    style: Style,
) -> tuple[list[int], int]:
    """A block of 输入 from ``row``: its title and headings, then a row per record of (value, kind)
    cells; the rows written, and the next free row."""
    row = _block(sheet, row, title, labels, style)
    written = []
    for record in records:
        for col, (value, kind) in enumerate(record, start=1):
            put(sheet, row, col, value, kind)
        written.append(row)
        row += 1
    return written, row


def _readme(sheet: Worksheet, result: Result, lang: str, checks: int, style: Style) -> None:
    e = result.enterprise
    lines = [
        (f"{e.name} {result.year} 年度温室气体排放 · 核查工作簿", style.title),
        (
            f"统一社会信用代码 {e.uscc} · 核算方法 {method_title(result.method, lang)} · GWP {result.gwp_set} · "
            f"tanhe {tanhe_version()}",
            style.subtitle,
        ),
        (f"报送文件 {Path(result.origin.file).name or '—'} · SHA-256 {result.origin.sha256 or '—'}", style.subtitle),
        ("", style.body),
        (
            "本工作簿用公式重算整份报送：每个计算值都是引用「输入」「因子」单元格的 Excel 公式，可在 Excel 或 "
            "LibreOffice 中逐格追溯。",
            style.body,
        ),
        ("「因子」：本次使用的每个因子及其来源和置信度；「官方」以外的因子未经原文核对。", style.body),
        (
            "「输入」：报送数据（按引擎读取的数值；过程活动数据按工序、物料、月份汇总），每行注明报送工作簿中的单元格；"
            "过程排放表逐行的活动数据与实测参数列在「过程参数」，实测的排放因子由其公式算得。",
            style.body,
        ),
        (
            "核对文件：报送文件的 SHA-256（sha256sum 或 certutil -hashfile）与上方一致，即为本工作簿所重算的文件。",
            style.body,
        ),
        (
            "「化石燃料」「电力热力」「过程排放」：逐行计算；缺省参数引用「因子」行，单位不同时换算系数写在公式中。",
            style.body,
        ),
        ("「汇总」：各类排放、各气体、范围二、能耗、月度与强度的合计公式。", style.body),
        (f"「核对」：{checks} 项合计与 tanhe 引擎结果比较，相对差不超过 {TOLERANCE:g} 为「一致」。", style.body),
        ("", style.body),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        put(sheet, r, 1, text).font = font
    r = len(lines) + 1
    put(sheet, r, 1, "不一致项数").font = style.bold
    sheet.cell(row=r, column=2, value=f'=COUNTIF({q("核对")}!F2:F{checks + 1},"不一致")')
    sheet.column_dimensions["A"].width = 120
    if result.not_official:
        ids = "、".join(sorted({c.source_id for c in result.not_official}))
        put(sheet, r + 2, 1, f"未经原文核对的因子来源：{ids}").font = style.warning
