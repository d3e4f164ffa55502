"""The submission workbook, version 1 (DESIGN 3.1): sheets, columns and closed vocabularies.

Chinese names are canonical; English names are accepted for sheets, headers and values.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "number", "month", "unit"]

TEMPLATE_VERSION = 1


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: Kind = "text"
    required: bool = False
    percent: bool = False  # a number in %: a cell formatted as a percentage is read as the percentage shown


@dataclass(frozen=True)
class Sheet:
    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    required: bool = False

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


MONTH = Column("month", "月份", "Month", "month", True)
UNIT = Column("unit", "单位", "Unit", "unit", True)

INFO = Sheet(
    "info",
    "基本信息",
    "Info",
    (
        Column("field", "项目", "Field", required=True),
        Column("value", "内容", "Value", required=True),
    ),
    required=True,
)

FUEL = Sheet(
    "fuel",
    "化石燃料",
    "Fuel",
    (
        Column("source", "排放设施", "Source"),
        Column("fuel", "燃料品种", "Fuel", required=True),
        MONTH,
        Column("quantity", "消耗量", "Quantity", "number", True),
        UNIT,
        Column("ncv", "低位发热量", "NCV", "number"),
        Column("ncv_unit", "低位发热量单位", "NCVUnit", "unit"),
        Column("carbon_per_heat", "单位热值含碳量", "CarbonPerHeat", "number"),
        Column("carbon_fraction", "元素碳含量", "CarbonFraction", "number", percent=True),
        Column("oxidation", "碳氧化率", "Oxidation", "number", percent=True),
        Column("use", "用途", "Use"),
        # Extension of DESIGN 3.1: a lab reports carbon on the air-dried or dry basis with the moisture
        # figures; tanhe converts it to the as-received basis the guidelines use (calc/coal_basis.py).
        Column("carbon_basis", "元素碳含量基准", "CarbonBasis"),
        Column("moisture_ar", "全水分", "TotalMoisture", "number", percent=True),
        Column("moisture_ad", "空干基水分", "AirDryMoisture", "number", percent=True),
    ),
)

# bases of a coal analysis (GB/T 483): the key the calculation uses
CARBON_BASES = {
    "收到基": "ar",
    "空干基": "ad",
    "空气干燥基": "ad",
    "干燥基": "d",
    "干基": "d",
    "as received": "ar",
    "ar": "ar",
    "air dried": "ad",
    "air-dried": "ad",
    "ad": "ad",
    "dry": "d",
    "d": "d",
    "": "ar",
}
CARBON_BASIS_ZH = {"ar": "收到基", "ad": "空干基", "d": "干燥基"}

ENERGY = Sheet(
    "energy",
    "电力热力",
    "Energy",
    (
        Column("type", "类型", "Type", required=True),
        MONTH,
        Column("quantity", "数量", "Quantity", "number", True),
        UNIT,
        # Extension of DESIGN 3.1: the state of steam reported by mass (吨蒸汽), optional columns.
        Column("steam_pressure", "蒸汽压力", "SteamPressure", "number"),
        Column("steam_temperature", "蒸汽温度", "SteamTemperature", "number"),
    ),
)

PROCESS = Sheet(
    "process",
    "过程排放",
    "Process",
    (
        Column("process", "过程", "Process", required=True),
        Column("parameter", "参数", "Parameter", required=True),
        MONTH,
        Column("value", "数值", "Value", "number", True),
        UNIT,
    ),
)

PRODUCTION = Sheet(
    "production",
    "产品产量",
    "Production",
    (
        Column("product", "产品", "Product", required=True),
        MONTH,
        Column("quantity", "产量", "Quantity", "number", True),
        UNIT,
    ),
)

ECONOMICS = Sheet(
    "economics",
    "经济指标",
    "Economics",
    (
        Column("indicator", "指标", "Indicator", required=True),
        Column("value", "数值", "Value", "number", True),
        UNIT,
    ),
)

# Extension of DESIGN 3.1 for power plants (发电): a row per generating unit, the data its allowance
# needs (accounting.market.allocation). The units are fixed: MW, MWh, GJ, %.
UNITS = Sheet(
    "units",
    "机组信息",
    "Units",
    (
        Column("unit", "机组", "Unit", required=True),
        Column("category", "机组类别", "Category", required=True),
        Column("capacity", "装机容量", "Capacity", "number"),
        Column("cooling", "冷却方式", "Cooling"),
        Column("power", "供电量", "PowerSupplied", "number", True),
        Column("heat", "供热量", "HeatSupplied", "number"),
        Column("load_factor", "负荷系数", "LoadFactor", "number", percent=True),
        Column("heat_ratio", "供热比", "HeatRatio", "number", percent=True),
    ),
)
UNIT_CATEGORIES = (
    "300MW等级以上常规燃煤机组",
    "300MW等级及以下常规燃煤机组",
    "燃煤矸石、煤泥、水煤浆等非常规燃煤机组（含循环流化床）",
    "燃气机组",
)
COOLING = ("水冷", "空冷")

SHEETS = (INFO, FUEL, ENERGY, PROCESS, PRODUCTION, ECONOMICS, UNITS)
# The first sheet of an annotated copy (``tanhe validate --annotate``): tanhe's own, read past like 说明
ANNOTATION_SHEET = "校验结果"
TABLE_SHEETS = (FUEL, ENERGY, PROCESS, PRODUCTION, ECONOMICS)  # every sector's template


def template_sheets(sector: str) -> tuple[Sheet, ...]:
    """The table sheets of a sector's template: a power plant's has its units as well."""
    return (*TABLE_SHEETS, UNITS) if sector == "power" else TABLE_SHEETS


# 基本信息 rows: key, Chinese, English, required
INFO_FIELDS = (
    ("uscc", "统一社会信用代码", "USCC", True),
    ("name", "企业名称", "Name", True),
    ("province", "省份", "Province", True),
    ("city", "地市", "City", False),
    ("region_code", "行政区划代码", "RegionCode", False),
    ("sector", "行业", "Sector", True),
    ("year", "报告年度", "Year", True),
)

SECTORS = {
    "发电": "power",
    "水泥熟料": "cement",
    "电解铝": "aluminium",
    "钢铁": "steel",
    "平板玻璃": "glass",
    "化工": "chemicals",
    "其他": "other",
}
SECTOR_ZH = {v: k for k, v in SECTORS.items()}
SECTOR_EN = {  # the sectors' names in English reports (the keys stay in JSON)
    "power": "Power generation",
    "cement": "Cement clinker",
    "aluminium": "Electrolytic aluminium",
    "steel": "Iron and steel",
    "glass": "Flat glass",
    "chemicals": "Chemicals",
    "other": "Other",
}


def sector_name(key: str, lang: str) -> str:
    """A sector's name for a reader: 水泥熟料, or Cement clinker in English; an unknown key as it is."""
    return (SECTOR_EN if lang == "en" else SECTOR_ZH).get(key, key)


ENERGY_TYPES = {
    "购入电力": "purchased_electricity",
    "输出电力": "exported_electricity",
    "购入热力": "purchased_heat",
    "输出热力": "exported_heat",
    "购入绿电": "purchased_green_electricity",
}
ENERGY_TYPES_EN = {
    "purchased electricity": "purchased_electricity",
    "exported electricity": "exported_electricity",
    "purchased heat": "purchased_heat",
    "exported heat": "exported_heat",
    "purchased green electricity": "purchased_green_electricity",
}


def energy_type(text: object) -> str | None:
    """The key of an 电力热力 type given in Chinese or English ('购入电力' -> 'purchased_electricity')."""
    return lookup(ENERGY_TYPES, text, ENERGY_TYPES_EN)


USES = {"燃料": "fuel", "原料": "feedstock", "fuel": "fuel", "feedstock": "feedstock", "": "fuel"}

ANNUAL = 0  # 月份 = 全年 is stored as month 0
ANNUAL_NAMES = {"全年", "year", "annual", "全年合计"}


def fold(text: object) -> str:
    """A name as compared: NFKC, trimmed, case-folded, inner blanks squeezed."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def header_names(cell: object) -> set[str]:
    """The names a header cell gives: '消耗量\\nQuantity', '消耗量 [Quantity]', '消耗量(Quantity)'."""
    text = unicodedata.normalize("NFKC", str(cell))
    for sep in "[]()\n/":
        text = text.replace(sep, "\n")
    names = {fold(part) for part in text.split("\n") if part.strip()}
    names.add(fold(cell))
    return names


def sheet_for(name: str) -> Sheet | None:
    folded = fold(name)
    return next((s for s in SHEETS if folded in (fold(s.zh), fold(s.en))), None)


def lookup(vocabulary: dict[str, str], value: object, english: dict[str, str] | None = None) -> str | None:
    """The canonical key of a value given in Chinese or English, or None."""
    folded = fold(value)
    for zh, key in vocabulary.items():
        if folded in (fold(zh), fold(key), fold(key.replace("_", " "))):
            return key
    return (english or {}).get(folded)
