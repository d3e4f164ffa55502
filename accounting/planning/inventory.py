"""The province's energy-related CO2 from its energy balance table (能源平衡表), and how much of it the
stored enterprises cover.

**The balance workbook** (``tanhe template --balance``): 基本信息 (the region and year) and
能源平衡表 in the statistical yearbook's layout, physical units, a row per fuel: the inputs of
thermal power and of heat supply (加工转换投入), and final consumption by sector, with the part used
as raw material (用作原料、材料, not burnt) given under industry. Electricity's imports and exports
(外省调入, 调出) are two cells of the row 电力. Units as the yearbook prints them (万吨, 亿Nm3,
亿千瓦时) or any unit tanhe converts; a gas volume must be at standard conditions (Nm3).

**The method.** CO2 of a fuel burnt = quantity × NCV × carbon per heat × oxidation × 44/12, where
the quantity burnt is the inputs of thermal power and heat supply plus final consumption less the
part used as raw material (the national provincial method counts fuel combustion in the
transformation sector and in final use; coking, refining and gas making are conversions, whose
products are counted where they burn). Electricity brought in from other provinces counts, net of
what is sent out, at the province's grid factor (MEE/NBS, the data year nearest the year; a
province that exports more than it imports has a negative term, as the method of the national
assessment counts it).

**Factors**: the fuel defaults of the bundled set fuel-2015 (the enterprise guidelines' table, NDRC
2015), the national provincial method's own factor table not having been found in a primary
source; the report says these factors are not the provincial method's. 原煤, which the yearbook
does not split, is computed as 烟煤 unless the row's 核算燃料 names another coal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from accounting import plainbook as pb
from accounting import units
from accounting.calc.fuel import FuelDefaults
from accounting.errors import InvalidSubmission, StoreError, UnitError
from accounting.factors import Library, bundled
from accounting.issues import Issue, ValidationReport
from accounting.reader import Opened, open_workbook
from accounting.store import Store
from accounting.store import tables as t
from accounting.store.kinds import canonical
from accounting.store.record import Prepared

MARKER = "tanhe.balance/1"
INFO, BALANCE = "基本信息", "能源平衡表"
FUELS = "fuel-2015"
C_TO_CO2 = 44.0 / 12.0
# column key -> (中文, English, width); the quantities' columns after 能源品种 and 单位
USES = {
    "power": ("火力发电投入", "Input to thermal power", 12),
    "heat": ("供热投入", "Input to heat supply", 10),
    "agriculture": ("农林牧渔业", "Agriculture", 10),
    "industry": ("工业", "Industry", 10),
    "feedstock": ("其中：用作原料、材料", "of which raw material", 12),
    "construction": ("建筑业", "Construction", 9),
    "transport": ("交通运输、仓储和邮政业", "Transport", 12),
    "commerce": ("批发零售业和住宿餐饮业", "Commerce", 12),
    "other": ("其他", "Other", 8),
    "household": ("居民生活", "Households", 9),
    "imported": ("外省调入（仅电力）", "Imported (electricity)", 12),
    "exported": ("调出（仅电力）", "Exported (electricity)", 12),
}
BURNT = ("power", "heat", "agriculture", "industry", "construction", "transport", "commerce", "other", "household")
ELECTRICITY = "电力"
RAW_COAL, RAW_COAL_AS = "原煤", "烟煤"
# the template's rows: fuel and the yearbook's unit
ROWS = (
    ("原煤", "万吨"),
    ("洗精煤", "万吨"),
    ("其他洗煤", "万吨"),
    ("型煤", "万吨"),
    ("焦炭", "万吨"),
    ("焦炉煤气", "亿Nm3"),
    ("高炉煤气", "亿Nm3"),
    ("转炉煤气", "亿Nm3"),
    ("其他煤气", "亿Nm3"),
    ("原油", "万吨"),
    ("汽油", "万吨"),
    ("一般煤油", "万吨"),
    ("柴油", "万吨"),
    ("燃料油", "万吨"),
    ("石脑油", "万吨"),
    ("液化石油气", "万吨"),
    ("炼厂干气", "万吨"),
    ("石油焦", "万吨"),
    ("其他石油制品", "万吨"),
    ("天然气", "亿Nm3"),
    ("液化天然气", "万吨"),
    (ELECTRICITY, "亿千瓦时"),
)
COLUMNS = {
    INFO: [("项目", "Field", 14), ("内容", "Value", 20)],
    BALANCE: [
        ("能源品种", "Fuel", 14),
        ("单位", "Unit", 9),
        *USES.values(),
        ("核算燃料", "Computed as (blank: itself)", 12),
    ],
}
GUIDE = [
    "碳核 tanhe 能源平衡表：按统计年鉴「能源平衡表（实物量）」填写，用 tanhe db ingest 入库，"
    "tanhe report inventory 计算全省能源活动二氧化碳排放。",
    "「基本信息」填写地区（省份）和年份。「能源平衡表」每行一个能源品种：火力发电、供热的加工转换投入量，各行业终端消费量；工业中用作原料、材料的部分另列（不计燃烧排放）。",
    "单位可用 万吨、亿Nm3（气体为标准状况体积）、亿千瓦时 等；电力只填外省调入、调出。"
    "原煤默认按烟煤的缺省参数计算，可在「核算燃料」中改为无烟煤或褐煤。",
]


@dataclass(frozen=True)
class Balance:
    region: str
    year: int
    rows: tuple[
        tuple[int, str, str, str, str, float], ...
    ]  # (row, fuel, computed as, use, unit given, quantity in the fuel's unit)


def is_balance(sheet_names: Sequence[str]) -> bool:
    return BALANCE in sheet_names


def read_balance(path: str | Path, opened: Opened | None = None, library: Library | None = None) -> Balance:
    """The balance of a workbook, quantities in each fuel's activity unit (t, 万Nm3; MWh for
    electricity); raises InvalidSubmission listing every problem at its cell."""
    label = str(path)
    book, _ = opened or open_workbook(Path(path))
    fuels = FuelDefaults.from_set((library or bundled()).set(FUELS))
    issues: list[Issue] = []
    info = {pb.text(k): (n, v) for n, (k, v) in pb.body(book, INFO, label, 2)}
    n_region, region = info.get("地区", (None, None))
    if not pb.text(region):
        issues.append(Issue("value-missing", INFO, f"B{n_region}" if n_region else "A2", expected="地区"))
    n_year, year_cell = info.get("年份", (None, None))
    year = pb.year(year_cell, INFO, f"B{n_year}" if n_year else "A3", issues)
    found: list[tuple[int, str, str, str, str, float]] = []
    keys = list(USES)
    for n, cells in pb.body(book, BALANCE, label, len(COLUMNS[BALANCE])):
        fuel, unit, *amounts, computed = cells
        name = pb.text(fuel)
        electricity = name == ELECTRICITY
        basis = pb.text(computed) or (RAW_COAL_AS if name == RAW_COAL else name)
        i = fuels.find(basis)
        if not electricity and i < 0:
            where = pb.cell(len(COLUMNS[BALANCE]), n) if pb.text(computed) else pb.cell(1, n)
            issues.append(Issue("fuel-unknown", BALANCE, where, basis))
            continue
        target = "MWh" if electricity else str(fuels.activity_unit[i])
        try:
            scale = units.factor(pb.text(unit) or target, target)
        except UnitError:
            issues.append(Issue("unit-mismatch", BALANCE, pb.cell(2, n), pb.text(unit), target))
            continue
        for k, (key, value) in enumerate(zip(keys, amounts, strict=True), start=3):
            if pb.text(value) == "":
                continue
            if (key in ("imported", "exported")) != electricity:
                rule = "电力只填外省调入、调出" if electricity else f"「{USES[key][0]}」只对电力填写"
                issues.append(Issue("cell-not-applicable", BALANCE, pb.cell(k, n), pb.text(value), rule))
                continue
            number = pb.number(value, BALANCE, pb.cell(k, n), issues)
            if number is not None and number < 0:
                issues.append(Issue("negative-quantity", BALANCE, pb.cell(k, n), pb.text(value)))
            elif number is not None:
                found.append((n, name, basis, key, pb.text(unit) or target, number * scale))
    if BALANCE not in book.sheet_names:
        issues.append(Issue("sheet-missing", BALANCE, expected=BALANCE))
    report = ValidationReport(label, tuple(issues))
    if not report.valid:
        raise InvalidSubmission(report, file=label)
    assert year is not None
    return Balance(pb.text(region), year, tuple(found))


def prepare_balance(path: Path, content: bytes, opened: Opened) -> Prepared:
    b = read_balance(path, opened)
    sha = hashlib.sha256(content).hexdigest()
    record = {"region": b.region, "year": b.year, "sha256": sha, "file_name": path.name}
    lines = canonical("balance_lines", b.rows)  # the digest's order: rows sorted whole
    return Prepared(str(path), sha, content, "balance", record, {"balance_lines": lines})


def write_balance(
    path: str | Path, region: str = "", year: int | None = None, rows: Sequence[Sequence[Any]] = ()
) -> Path:
    """The balance workbook: blank rows of the yearbook's fuels, or ``rows`` (能源品种, 单位, then the
    quantities in the order of the columns)."""
    body = list(rows) or [(fuel, unit) for fuel, unit in ROWS]
    return pb.write_book(
        Path(path),
        "碳核 tanhe 能源平衡表 Energy balance table",
        GUIDE,
        COLUMNS,
        {INFO: [("地区", region), ("年份", year)], BALANCE: body},
        [],
        MARKER,
    )


@dataclass(frozen=True)
class Inventory:
    region: str
    year: int
    lines: pd.DataFrame  # fuel, basis, use, quantity, unit, ncv, cc, of, tco2
    electricity_net_mwh: float
    grid_factor: float | None  # tCO2/MWh
    grid_year: int | None
    electricity_tco2: float
    coverage: pd.DataFrame  # group, inventory tCO2, stored enterprises' tCO2, share
    file_name: str
    version: int

    @property
    def combustion(self) -> float:
        return float(self.lines["tco2"].sum())

    @property
    def total(self) -> float:
        return self.combustion + self.electricity_tco2


def grid(library: Library, region: str, year: int) -> tuple[float | None, int | None]:
    """The province's average grid factor of ``year``, else of the nearest earlier year, else later."""
    from accounting.calc.energy_flows import province_key

    table = library.set("grid-mee").table()
    rows = table[(table.scope == "provincial") & (table.variant == "average") & (table.area == province_key(region))]
    if rows.empty:
        return None, None
    years = sorted(int(y) for y in rows.data_year)
    chosen = max((y for y in years if y <= year), default=years[0])
    return float(rows.loc[rows.data_year == chosen, "value"].iloc[0]), chosen


def compute(
    balance: pd.DataFrame, region: str, year: int, library: Library | None = None
) -> tuple[pd.DataFrame, float, float | None, int | None]:
    """The combustion lines, the net electricity imported (MWh), the grid factor and its data year."""
    library = library or bundled()
    fuels = FuelDefaults.from_set(library.set(FUELS))
    burnt = balance[balance["use"].isin(BURNT)].copy()
    feedstock = balance[balance["use"] == "feedstock"].groupby("basis")["quantity"].sum()
    index = np.array([fuels.find(b) for b in burnt["basis"]], dtype=int)  # a lookup per fuel row, then arrays
    burnt["ncv"], burnt["cc"], burnt["of"] = fuels.ncv[index], fuels.cc[index], fuels.of[index]
    burnt["unit"] = fuels.activity_unit[index]
    # the raw material is taken off the industry's figure of its fuel
    industry = (burnt["use"] == "industry").to_numpy()
    taken = burnt["basis"].map(feedstock).fillna(0.0).to_numpy(float)
    burnt["quantity"] = burnt["quantity"].to_numpy(float) - np.where(industry, taken, 0.0)
    burnt["tco2"] = burnt["quantity"] * burnt["ncv"] * burnt["cc"] * burnt["of"] * C_TO_CO2
    power = balance[balance["fuel"] == ELECTRICITY]
    net = float(
        power.loc[power["use"] == "imported", "quantity"].sum()
        - power.loc[power["use"] == "exported", "quantity"].sum()
    )
    factor, grid_year = grid(library, region, year)
    return burnt.reset_index(drop=True), net, factor, grid_year


GROUPS = {  # group -> the balance's uses
    "transformation": ("power", "heat"),
    "industry": ("industry",),
    "other": ("agriculture", "construction", "transport", "commerce", "other", "household"),
}


def inventory(store: Store, region: str, year: int, library: Library | None = None) -> Inventory:
    b = t.balance_versions
    found = store.newest("balance", [b.c.region == region, b.c.year == year])
    if found.empty:
        raise StoreError(
            f"数据库「{store.db}」中没有{region} {year} 年的能源平衡表"
            "（用 tanhe template --balance 写出，填好后 tanhe db ingest 入库）"
        )
    head = found.iloc[0]
    rows = store.rows("balance_lines", "balance_id", [int(head["id"])])
    lines, net, factor, grid_year = compute(rows, region, year, library)
    electricity = net * factor if factor is not None else 0.0
    subs = store.latest([year])
    subs = subs[subs["province"] == region]
    power = subs["sector"] == "power"
    by_group = {g: float(lines.loc[lines["use"].isin(uses), "tco2"].sum()) for g, uses in GROUPS.items()}
    stored = {
        "transformation": float(subs.loc[power, "fuel_combustion"].sum()),
        "industry": float(subs.loc[~power, "fuel_combustion"].sum()),
        "other": 0.0,
    }
    coverage = pd.DataFrame(
        [(g, by_group[g], stored[g], stored[g] / by_group[g] if by_group[g] > 0 else None) for g in GROUPS],
        columns=["group", "inventory", "stored", "share"],
    )
    return Inventory(
        region, year, lines, net, factor, grid_year, electricity, coverage, str(head["file_name"]), int(head["version"])
    )


def by_fuel(inv: Inventory) -> pd.DataFrame:
    return (
        inv.lines.groupby(["fuel", "basis", "unit"], sort=False)
        .agg(
            quantity=("quantity", "sum"),
            ncv=("ncv", "first"),
            cc=("cc", "first"),
            of=("of", "first"),
            tco2=("tco2", "sum"),
        )
        .reset_index()
        .sort_values("tco2", ascending=False, kind="stable")
    )
