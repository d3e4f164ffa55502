"""Submission templates (``tanhe template``): the workbook of DESIGN 3.1 an enterprise fills in.

Per sector: a 说明 sheet explaining every column with an example, the sheets with their
two-language headers, drop-down lists (fuels, units, months, types, products, processes) fed
from a hidden ``_lists`` sheet, input cells shaded apart from headers and notes, and a hidden
``_tanhe`` sheet holding the template version, by which the reader recognises an outdated copy.
Filled with a sample's rows it is that sample's submission.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from accounting import schema
from accounting.factors import bundled
from accounting.reader import MARKER_SHEET
from accounting.vocabulary import provinces, sector_items
from accounting.workbook import header, print_landscape, put_value, save_atomically

INPUT_ROWS = 500  # rows shaded and given drop-downs below each header
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
NOTE_FONT = Font(color="595959", size=9)
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

# What each column means, in the filler's words, and an example value.
HELP: dict[tuple[str, str], tuple[str, Any]] = {
    ("fuel", "source"): ("排放设施或燃烧设备名称，便于核查（可选）", "1#燃煤锅炉"),
    ("fuel", "fuel"): ("燃料品种，从下拉列表选择（与缺省值表名称一致）", "烟煤"),
    ("fuel", "month"): ("1–12 月；只有全年合计数时填「全年」，同一燃料不要既按月又填全年", 1),
    ("fuel", "quantity"): ("当月消耗量，非负数", 1320),
    ("fuel", "unit"): ("消耗量单位：固体液体按质量（吨、t、万吨），气体按标准状况体积（万标准立方米、Nm3）", "吨"),
    ("fuel", "ncv"): ("实测低位发热量；未实测留空，采用缺省值", 21.35),
    ("fuel", "ncv_unit"): ("低位发热量单位，如 GJ/t、GJ/万Nm3；留空按缺省值单位", "GJ/t"),
    ("fuel", "carbon_per_heat"): ("实测单位热值含碳量，tC/GJ；未实测留空", 0.0262),
    ("fuel", "carbon_fraction"): ("实测元素碳含量，%（填 58 表示 58%）；仅适用于按质量计量的燃料", ""),
    ("fuel", "oxidation"): ("实测碳氧化率，%（填 98 表示 98%）；未实测留空", ""),
    ("fuel", "use"): ("燃料（燃烧）或原料（作为原材料，不计燃烧排放）；留空视为燃料", "燃料"),
    ("fuel", "carbon_basis"): (
        "检测报告给出元素碳含量的基准：收到基、空干基或干燥基；留空为收到基。"
        "空干基须同时填全水分和空干基水分，干燥基须填全水分，tanhe 换算为收到基",
        "",
    ),
    ("fuel", "moisture_ar"): ("全水分 Mt（收到基），%；元素碳含量为空干基或干燥基时必填", ""),
    ("fuel", "moisture_ad"): ("空干基水分 Mad，%；元素碳含量为空干基时必填", ""),
    ("energy", "type"): ("购入电力、输出电力、购入热力、输出热力、购入绿电", "购入电力"),
    ("energy", "month"): ("1–12 月，或「全年」", 1),
    ("energy", "quantity"): ("当月数量，非负数；输出量也填正数", 412),
    ("energy", "unit"): ("电力：千瓦时、万千瓦时、MWh；热力：GJ、百万千焦，或以吨计的蒸汽", "万千瓦时"),
    ("energy", "steam_pressure"): ("以吨计的蒸汽：压力，MPa（绝对压力）", ""),
    ("energy", "steam_temperature"): ("以吨计的过热蒸汽：温度，℃；饱和蒸汽留空", ""),
    ("process", "process"): ("过程排放项，从下拉列表选择", ""),
    ("process", "parameter"): ("该过程的参数，从下拉列表选择", ""),
    ("process", "month"): ("1–12 月，或「全年」", 1),
    ("process", "value"): ("参数数值", 1200),
    ("process", "unit"): ("参数单位：t、%、t/t、kg/t、万Nm3 等，见各参数", "t"),
    ("production", "product"): ("产品名称；本行业有产品清单时从下拉列表选择", "熟料"),
    ("production", "month"): ("1–12 月，或「全年」", 1),
    ("production", "quantity"): ("当月产量，非负数", 2150),
    ("production", "unit"): ("产量单位，如 吨、t、MWh", "吨"),
    ("economics", "indicator"): ("经济指标名称，如 工业增加值、营业收入", "工业增加值"),
    ("economics", "value"): ("全年数值", 58600),
    ("economics", "unit"): ("货币单位：元、万元、亿元", "万元"),
    ("units", "unit"): ("机组编号或名称，一行一台机组（全年数据）", "1#机组"),
    ("units", "category"): ("配额分配的机组类别，从下拉列表选择", "300MW等级以上常规燃煤机组"),
    ("units", "capacity"): ("装机容量，MW", 660),
    ("units", "cooling"): ("水冷或空冷", "水冷"),
    ("units", "power"): ("全年供电量，MWh", 3_200_000),
    ("units", "heat"): ("全年供热量，GJ；不供热填 0 或留空", 0),
    ("units", "load_factor"): ("全年负荷（出力）系数，%（填 80 表示 80%）", 78.5),
    ("units", "heat_ratio"): ("全年供热比，%；不供热填 0 或留空", 0),
}
INFO_HELP = {
    "uscc": "18 位，末位为 GB 32100 校验码",
    "name": "与营业执照一致",
    "province": "如 青海省",
    "city": "如 西宁市",
    "region_code": "6 位行政区划代码（GB/T 2260），前两位与省份一致",
    "sector": "从下拉列表选择",
    "year": "四位年份，如 2025",
}

UNITS = {
    "fuel": ["吨", "t", "千克", "万吨", "标准立方米", "万标准立方米", "Nm3", "万Nm3", "千升"],
    "ncv": ["GJ/t", "GJ/万Nm3", "MJ/kg", "MJ/Nm3", "kJ/kg", "kcal/kg"],
    "energy": ["千瓦时", "万千瓦时", "MWh", "GJ", "百万千焦", "吨"],
    "process": ["t", "吨", "%", "t/t", "kg/t", "万Nm3", "min/d", "kg/kg"],
    "production": ["吨", "t", "万吨", "MWh", "万千瓦时", "GJ"],
    "economics": ["万元", "元", "亿元"],
}
MONTHS: list[Any] = [*range(1, 13), "全年"]
INDICATORS = ["工业增加值", "营业收入", "工业总产值"]


def _lists(sector: str) -> dict[str, list[Any]]:
    """The drop-down lists of a sector's template, by name."""
    library = bundled()
    method = library.default_method(sector, datetime.date.today().year - 1)
    fuels = list(library.set(method.fuel).table().fuel)
    items = sector_items(sector)
    parameters = list(dict.fromkeys(p.name for process in items.processes for p in process.parameters))
    return {
        "sectors": list(schema.SECTORS),
        "provinces": [p.name for p in provinces()],
        "fuels": fuels,
        "fuel_units": UNITS["fuel"],
        "ncv_units": UNITS["ncv"],
        "months": MONTHS,
        "uses": ["燃料", "原料"],
        "carbon_bases": ["收到基", "空干基", "干燥基"],
        "energy_types": list(schema.ENERGY_TYPES),
        "energy_units": UNITS["energy"],
        "processes": [p.name for p in items.processes],
        "parameters": parameters,
        "process_units": UNITS["process"],
        "products": [p.name for p in items.products] if items.products is not None else [],
        "product_units": UNITS["production"],
        "indicators": INDICATORS,
        "money_units": UNITS["economics"],
        "unit_categories": list(schema.UNIT_CATEGORIES),
        "cooling": list(schema.COOLING),
    }


# the list each column draws from, by (sheet, column)
DROPDOWNS = {
    ("fuel", "fuel"): "fuels",
    ("fuel", "month"): "months",
    ("fuel", "unit"): "fuel_units",
    ("fuel", "ncv_unit"): "ncv_units",
    ("fuel", "use"): "uses",
    ("fuel", "carbon_basis"): "carbon_bases",
    ("energy", "type"): "energy_types",
    ("energy", "month"): "months",
    ("energy", "unit"): "energy_units",
    ("process", "process"): "processes",
    ("process", "parameter"): "parameters",
    ("process", "month"): "months",
    ("process", "unit"): "process_units",
    ("production", "product"): "products",
    ("production", "month"): "months",
    ("production", "unit"): "product_units",
    ("economics", "indicator"): "indicators",
    ("economics", "unit"): "money_units",
    ("units", "category"): "unit_categories",
    ("units", "cooling"): "cooling",
}


def write_template(
    path: str | Path,
    sector: str,
    info: Mapping[str, Any] | None = None,
    tables: Mapping[str, Iterable[Sequence[Any]]] | None = None,
) -> Path:
    """Write the template of ``sector`` (a key such as 'cement'), filled with ``info`` and ``tables``.

    ``tables`` holds rows by sheet key, in the column order of :mod:`accounting.schema`.
    """
    return save_atomically(build_template(sector, info, tables, schema.template_sheets(sector)), Path(path))


def build_template(
    sector: str,
    info: Mapping[str, Any] | None = None,
    tables: Mapping[str, Iterable[Sequence[Any]]] | None = None,
    sheets: Sequence[schema.Sheet] = schema.TABLE_SHEETS,
    template: str = "tanhe.submission",
) -> Workbook:
    """The workbook of :func:`write_template`, with the table ``sheets`` given (a monthly deposit has
    fewer) and ``template`` named in its hidden marker sheet."""
    if sector not in schema.SECTOR_ZH:
        raise ValueError(f"unknown sector {sector!r}")
    info = dict(info or {})
    info.setdefault("sector", schema.SECTOR_ZH[sector])
    tables = tables or {}
    lists = _lists(sector)
    book = Workbook()
    _register_styles(book)
    guide = book.active
    assert guide is not None
    guide.title = "说明"
    ranges = _write_lists(book.create_sheet("_lists"), lists)
    _write_info(book.create_sheet(schema.INFO.zh), info, ranges)
    for spec in sheets:
        _write_table(book.create_sheet(spec.zh), spec, list(tables.get(spec.key, ())), ranges)
    _write_guide(guide, sector, sheets)
    for sheet in book.worksheets:
        print_landscape(sheet)
    lists_sheet = book["_lists"]
    book.move_sheet(lists_sheet, offset=len(book.sheetnames) - 1 - book.sheetnames.index("_lists"))
    marker = book.create_sheet(MARKER_SHEET)
    for row in (("template", template), ("version", schema.TEMPLATE_VERSION), ("sector", sector)):
        marker.append(row)
    marker.sheet_state = "hidden"
    book["_lists"].sheet_state = "hidden"
    book.active = 1
    return book


def _write_lists(sheet: Worksheet, lists: dict[str, list[Any]]) -> dict[str, str]:
    """One column per list; returns the absolute range formula of each non-empty list."""
    ranges = {}
    for col, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(1, col, name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, col, value)
        if values:
            ranges[name] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _dropdown(sheet: Worksheet, formula: str, cells: str, prompt: str = "") -> None:
    # a warning, not a stop: the lists guide, the validation of tanhe decides (aliases, English names)
    dv = DataValidation(
        type="list",
        formula1=f"={formula}",
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        error="不在推荐列表中，请确认",
        errorTitle="tanhe",
    )
    if prompt:
        dv.promptTitle, dv.prompt, dv.showInputMessage = "填写说明", prompt[:255], True
    dv.add(cells)
    sheet.add_data_validation(dv)


def _style_header(cell: Any) -> None:
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    cell.border = BOX


INPUT_STYLE = "tanhe-input"
NUMBER_STYLE = "tanhe-input-number"


def _register_styles(book: Workbook) -> None:
    """The input-cell styles, named once per workbook: one assignment per cell instead of three."""
    for name, number_format in ((INPUT_STYLE, "General"), (NUMBER_STYLE, "#,##0.######")):
        book.add_named_style(NamedStyle(name, fill=INPUT_FILL, border=BOX, number_format=number_format))


def _style_input(cell: Any) -> None:
    cell.style = INPUT_STYLE


def whole_between(low: int, high: int, error: str) -> DataValidation:
    """A cell validation that takes a whole number from ``low`` to ``high`` and refuses the rest with ``error``."""
    return DataValidation(
        type="whole",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        errorStyle="stop",
        showErrorMessage=True,
        error=error,
        errorTitle="tanhe",
    )


def _write_info(sheet: Worksheet, info: Mapping[str, Any], ranges: dict[str, str]) -> None:
    for col, column in enumerate(schema.INFO.columns, start=1):
        _style_header(sheet.cell(1, col, header(column)))
    _style_header(sheet.cell(1, 3, "说明\nNote"))
    for row, (key, zh, en, required) in enumerate(schema.INFO_FIELDS, start=2):
        label = sheet.cell(row, 1, f"{zh}\n{en}")
        label.alignment = Alignment(wrap_text=True, vertical="center")
        label.font = Font(bold=required)
        value = put_value(sheet.cell(row, 2), info.get(key))
        _style_input(value)
        value.number_format = "@" if key in ("uscc", "region_code") else "General"
        note = sheet.cell(row, 3, ("必填。" if required else "可选。") + INFO_HELP[key])
        note.font = NOTE_FONT
        if key == "sector":
            _dropdown(sheet, ranges["sectors"], f"B{row}")
        elif key == "province":
            _dropdown(sheet, ranges["provinces"], f"B{row}")
        elif key == "year":
            dv = whole_between(2000, 2100, "请填写四位年份")
            dv.add(f"B{row}")
            sheet.add_data_validation(dv)
        sheet.row_dimensions[row].height = 30
    for letter, width in (("A", 22), ("B", 36), ("C", 40)):
        sheet.column_dimensions[letter].width = width
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"


def _write_table(sheet: Worksheet, spec: schema.Sheet, rows: list[Sequence[Any]], ranges: dict[str, str]) -> None:
    for col, column in enumerate(spec.columns, start=1):
        _style_header(sheet.cell(1, col, header(column)))
        sheet.column_dimensions[get_column_letter(col)].width = max(12, len(column.zh) * 2 + 4, len(column.en) + 2)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    last = max(INPUT_ROWS, len(rows)) + 1
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            put_value(sheet.cell(r, c), value)
    for col, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(col)
        style = NUMBER_STYLE if column.kind == "number" else INPUT_STYLE
        for r in range(2, last + 1):
            sheet.cell(r, col).style = style
        source = DROPDOWNS.get((spec.key, column.key))
        if source in ranges:
            _dropdown(sheet, ranges[source], f"{letter}2:{letter}{last}", HELP[(spec.key, column.key)][0])


def _write_guide(sheet: Worksheet, sector: str, sheets: Sequence[schema.Sheet] = schema.TABLE_SHEETS) -> None:
    """The 说明 sheet: what to fill, each sheet's columns with their meaning and an example."""
    zh = schema.SECTOR_ZH[sector]
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 22
    title = sheet.cell(1, 1, f"碳核 tanhe 温室气体排放报送模板（{zh}，模板版本 {schema.TEMPLATE_VERSION}）")
    title.font = Font(bold=True, size=14)
    lines = [
        "1. 在「基本信息」中填写企业信息；各数据表从第 2 行起逐行填写，每行一个设施、品种、月份。",
        "2. 浅黄色单元格为填写区；带下拉列表的列可从列表选择，也可输入列表外名称（校验时会提示）。",
        "3. 数值单元格只填数字，不要带单位或文字；单位填在「单位」列。百分数填 98 表示 98%。",
        "4. 实测参数（低位发热量、含碳量、碳氧化率）未实测时留空，自动采用缺省值并在报告中注明。",
        "5. 填完后运行 tanhe validate 文件.xlsx 检查，问题会逐个指明工作表和单元格；"
        "加 --annotate 批注.xlsx 可得到标注了问题单元格的副本。",
        "6. 不要修改表头、工作表名称和隐藏工作表；不需要的数据表可以留空。",
    ]
    row = 3
    for line in lines:
        sheet.cell(row, 1, line).alignment = Alignment(wrap_text=False)
        row += 1
    items = sector_items(sector)
    examples = _sector_examples(sector)
    for spec in sheets:
        row += 1
        heading = sheet.cell(row, 1, f"{spec.zh} [{spec.en}]")
        heading.font = Font(bold=True, size=12)
        row += 1
        for col, text in enumerate(("列 Column", "说明", "示例 Example"), start=1):
            _style_header(sheet.cell(row, col, text))
        for column in spec.columns:
            row += 1
            meaning, example = HELP[(spec.key, column.key)]
            example = examples.get((spec.key, column.key), example)
            required = "必填。" if column.required else "可选。"
            sheet.cell(row, 1, f"{column.zh} [{column.en}]").border = BOX
            note = sheet.cell(row, 2, required + meaning)
            note.alignment = Alignment(wrap_text=True, vertical="top")
            note.border = BOX
            sheet.cell(row, 3, example).border = BOX
    listed = [(process.name, process.parameters) for process in items.processes]
    if items.products is not None:
        listed.append(("产品", items.products))
    if listed:
        row += 2
        sheet.cell(row, 1, "本行业的过程、参数与产品").font = Font(bold=True, size=12)
    free = {process.name for process in items.processes if process.free}
    for name, members in listed:
        row += 1
        text = (
            "、".join(f"{p.name}（{p.unit}）" for p in members)
            if name not in free
            else "任意物料名称（t），及其「名称含碳量」（%），如：甲醇（t）、甲醇含碳量（%）"
        )
        sheet.cell(row, 1, name).alignment = Alignment(vertical="top")
        sheet.cell(row, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 15 * (len(text) // 40 + 1)


def _example_value(unit: str, band: tuple[float, float] | None) -> float:
    """A value the example parameter can have: the middle of its screening band (熟料中CaO含量 57.5 %,
    炭阳极净耗量 0.45 t/t), else one of its unit's size (a share in %, a mass in t)."""
    if band is not None:
        return round((band[0] + band[1]) / 2, 3)
    return {"%": 30, "t/t": 0.5}.get(unit, 1200)


def _sector_examples(sector: str) -> dict[tuple[str, str], Any]:
    """Examples of the 说明 sheet that depend on the sector: its first process and product."""
    items = sector_items(sector)
    examples: dict[tuple[str, str], Any] = {}
    if items.processes:
        process = items.processes[0]
        parameter = process.parameters[0]
        examples |= {
            ("process", "process"): process.name,
            ("process", "parameter"): parameter.name,
            ("process", "value"): _example_value(parameter.unit, parameter.band),
            ("process", "unit"): parameter.unit,
        }
    if items.products:
        examples |= {("production", "product"): items.products[0].name, ("production", "unit"): items.products[0].unit}
    else:
        examples[("production", "product")] = "合成氨" if sector == "chemicals" else "硅基新材料"
    return examples
