"""Purchased and exported electricity and heat: indirect CO2 and energy of the 电力热力 sheet.

Net purchased electricity (MWh) × grid factor (tCO2/MWh); the factor is the method's: the
national reporting factor for the national carbon market, or the MEE/NBS provincial, regional-grid
or national average of a data year. A report year without a factor of its own takes the nearest
earlier published year (else the nearest later one), with a warning naming both years. Scope 2
is given both ways: location-based counts purchased green electricity like any other;
market-based counts it at zero and the rest at the national factor excluding market-traded
non-fossil electricity (MEE/NBS 表4) of the same data year, or is left out, with a warning, when
no such factor exists.

Net purchased heat (GJ) × 0.11 tCO2/GJ; steam reported by mass is turned into heat by its
enthalpy (see :mod:`accounting.calc.steam`). Energy: electricity and heat at GB/T 2589
当量值 (0.1229 kgce/kWh, 0.03412 kgce/MJ), or electricity at 等价值 with a given coal rate.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from accounting import schema, units
from accounting.arrays import Coded, conversions, frame, per_unique
from accounting.calc.context import Context
from accounting.calc.steam import SteamStateError, SteamTables
from accounting.errors import UnitError
from accounting.factors import FactorSet
from accounting.issues import Issue
from accounting.submission import SheetTable
from accounting.vocabulary import suggest

ELECTRICITY = ("purchased_electricity", "exported_electricity", "purchased_green_electricity")
SIGN = {
    "purchased_electricity": 1.0,
    "purchased_green_electricity": 1.0,
    "purchased_heat": 1.0,
    "exported_electricity": -1.0,
    "exported_heat": -1.0,
}


def province_key(name: str) -> str:
    """青海省 -> 青海, 内蒙古自治区 -> 内蒙古, 北京市 -> 北京, as the MEE tables name provinces."""
    name = schema.fold(name).replace(" ", "")
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _nearest(
    rows: pd.DataFrame, year: int, first: str = "data_year", last: str = "data_year"
) -> tuple[pd.DataFrame, int | None]:
    """The rows that hold for ``year`` (data years ``first``–``last`` of each row); failing that, those
    of the nearest earlier data year, then of the nearest later one. Returns them and the data year
    taken instead of ``year`` (None when rows for the year itself were found)."""
    inside = rows[(rows[first] <= year) & (rows[last] >= year)]
    if len(inside):
        return inside, None
    earlier, later = rows[rows[last] < year], rows[rows[first] > year]
    if len(earlier):
        chosen = int(earlier[last].max())
        return earlier[earlier[last] == chosen], chosen
    if len(later):
        chosen = int(later[first].min())
        return later[later[first] == chosen], chosen
    return rows.iloc[0:0], None


def _data_year(rows: pd.DataFrame, year: int, pinned: int | None) -> tuple[pd.DataFrame, int | None]:
    """:func:`_nearest` by data year, unless the user pinned one (``--factor-year``)."""
    return (rows[rows.data_year == pinned], None) if pinned is not None else _nearest(rows, year)


def grid_region(ctx: Context, fs: FactorSet) -> str | None:
    """The grid region (华北, 西北 …) of the submission's province, by the set's membership table.

    内蒙古 is split between 华北 (蒙西) and 东北 (蒙东): its city decides, from the cities each row lists.
    """
    if "regions" not in fs.tables:
        return None
    regions = fs.table("regions")
    area = province_key(ctx.submission.province)
    rows = regions[regions.province.str.startswith(area)]
    if len(rows) == 1:
        return str(rows.region.iloc[0])
    city = province_key(str(ctx.submission.info.get("city", ""))).removesuffix("盟")
    for row in rows.itertuples():
        if city and city in str(row.detail):
            return str(row.region)
    return None


# the grid factors' variants as the MEE/NBS notices name them
VARIANTS = {"average": "电力平均排放因子", "residual": "电力排放因子（不含市场化交易的非化石能源电量）"}


def grid_factor(ctx: Context, variant: str = "average") -> float | None:
    """The method's grid factor, tCO2/MWh, for the submission's year and province, cited in ``ctx``.

    A report year without a factor of its own takes the nearest earlier data year, failing that the
    nearest later one, with a warning naming both years. None when there is none at all: for the
    location-based factor an error is reported, for the market-based (``residual``) a warning, and
    the market-based figure is then left out.
    """
    fs = ctx.set(ctx.method.electricity)
    t = fs.table()
    year = ctx.submission.year
    rule = ctx.method.electricity_rule
    pinned = ctx.options.factor_year
    if rule == "reporting" and variant == "average":
        rows, instead = _nearest(t, year, "year_from", "year_to")
        what = f"{fs.title}（{year} 年度）"
    else:
        mee = fs if fs.kind == "grid" else _mee(ctx)
        t = mee.table()
        fs = mee
        if rule == "provincial" and variant == "average":
            area = province_key(ctx.submission.province)
            rows, instead = _data_year(t[(t.scope == "provincial") & (t.area == area)], year, pinned)
            what = f"{ctx.submission.province} 省级电力平均排放因子（{pinned or year} 年度）"
        elif rule == "regional" and variant == "average":
            region = grid_region(ctx, fs)
            rows, instead = (
                _data_year(t[(t.scope == "regional") & (t.area == region)], year, pinned)
                if region
                else (t.iloc[0:0], None)
            )
            where = f"（{region}）" if region else "（未能由省份和地市确定电网区域）"
            what = f"{ctx.submission.province} 所在区域电网平均排放因子{where}（{pinned or year} 年度）"
        else:
            rows, instead = _data_year(t[(t.scope == "national") & (t.variant == variant)], year, pinned)
            what = f"全国{VARIANTS.get(variant, variant)}（{pinned or year} 年度）"
    if rows.empty:
        ctx.issues.append(Issue("factor-missing" if variant == "average" else "market-factor-missing", value=what))
        return None
    row = rows.iloc[0]
    data_year = int(row.data_year) if "data_year" in row else None
    label = "电网排放因子" if variant == "average" else VARIANTS.get(variant, variant)
    name = f"{row.area} {label}" + (f"（{data_year}）" if data_year else "")
    key = f"{row.area}/{variant}/{data_year or f'{row.year_from}-{row.year_to}'}"
    ctx.cite(fs.id, key, float(row.value), row.unit, row.source_id, row.confidence, name)
    if instead is not None:
        span = (int(row.year_from), int(row.year_to)) if data_year is None else (data_year, data_year)
        taken = f"{span[0]} 年度" if span[0] == span[1] else f"{span[0]}–{span[1]} 年度"
        ctx.issues.append(
            Issue(
                "factor-year-substituted",
                value=f"{row.area} {label}（{year} 年度）",
                expected=f"{taken}的 {float(row.value):g} {row.unit}",
            )
        )
    if row.confidence == "uncertain":
        ctx.issues.append(Issue("factor-uncertain", value=f"{fs.id} {name}"))
    return float(row.value) * units.factor(row.unit, "tCO2/MWh")


def _mee(ctx: Context) -> FactorSet:
    """The MEE/NBS set, for the market-based residual factor of methods whose own set lacks it."""
    return next(s for s in ctx.library.sets.values() if s.kind == "grid")


@cache
def _steam(fs: FactorSet) -> SteamTables:
    return SteamTables.from_set(fs)


def _heat_parameter(ctx: Context, key: str, unit: str) -> float:
    fs = ctx.set(ctx.method.heat)
    row = fs.table().set_index("key").loc[key]
    ctx.cite(fs.id, key, float(row.value), row.unit, row.source_id, row.confidence, row["name"])
    return float(row.value) * units.factor(row.unit, unit)


def _coefficient(ctx: Context, key: str, unit: str) -> float:
    fs = ctx.set(ctx.method.coal_equivalent)
    row = fs.table().set_index("key").loc[key]
    ctx.cite(
        fs.id, row.energy, float(row.coefficient), row.unit, row.source_id, row.confidence, f"{row.energy} 折标准煤系数"
    )
    return float(row.coefficient) * units.factor(row.unit, unit)


def electricity_coefficient(ctx: Context) -> tuple[float, str]:
    """tce per MWh of electricity, and the basis named as a report says it."""
    if ctx.options.electricity_basis == "equivalent":
        if not ctx.options.coal_rate:
            raise UnitError("等价值折标需给出当年火电供电标准煤耗", expected="例如 --coal-rate '300.7 gce/kWh'")
        value, _, unit = ctx.options.coal_rate.strip().partition(" ")
        try:
            rate = float(value) * units.factor(unit, "tce/MWh")
        except ValueError as exc:
            raise UnitError(
                "火电供电标准煤耗无法读取", found=ctx.options.coal_rate, expected="数值加单位，例如 300.7 gce/kWh"
            ) from exc
        return rate, f"等价值（{ctx.options.coal_rate}，用户给定）"
    return _coefficient(ctx, "electricity", "tce/MWh"), "当量值"


def energy_lines(ctx: Context, table: SheetTable) -> pd.DataFrame:
    """Per line of the 电力热力 sheet: MWh or GJ, the factor used, tCO2 (both bases) and tce."""
    d = table.data
    raw_types = table.coded("type")
    canonical = Coded(raw_types.inverse, [schema.energy_type(t) for t in raw_types.uniques])
    types = canonical.map(lambda t: t, object)
    _report_types(ctx, table, types)
    is_elec = np.isin(types, ELECTRICITY)
    is_heat = np.isin(types, ("purchased_heat", "exported_heat"))
    sign = canonical.map(lambda t: SIGN.get(t or "", 0.0), np.float64)
    unit_texts = d["unit"].to_numpy(object)
    unit_codes = table.coded("unit")
    quantity = d["quantity"].to_numpy(float)

    to_mwh, elec_status = conversions(unit_codes, "MWh")
    to_gj, heat_status = conversions(unit_codes, "GJ")
    steam = is_heat & (heat_status == "unit-mismatch") & unit_codes.map(lambda u: units.fits(u, "t"), bool)
    heat_gj = np.where(is_heat & ~steam, quantity * to_gj, 0.0)
    if steam.any():
        heat_gj[steam] = _steam_heat(ctx, table, steam, quantity)
    status = np.where(is_elec, elec_status, np.where(is_heat & ~steam, heat_status, ""))
    ctx.report_units(table, "unit", status, np.where(is_elec, "MWh", "GJ"))
    mwh = np.where(is_elec, quantity * to_mwh, 0.0)

    location = grid_factor(ctx) if is_elec.any() else None
    residual = grid_factor(ctx, "residual") if is_elec.any() else None
    heat_ef = _heat_parameter(ctx, "heat_ef", "tCO2/GJ") if is_heat.any() else 0.0
    ef_loc = np.nan if location is None else location
    ef_res = np.nan if residual is None else residual
    green = types == "purchased_green_electricity"
    tco2_heat = sign * heat_gj * heat_ef
    tco2_location = np.where(is_elec, sign * mwh * ef_loc, tco2_heat)
    # the market-based figure of electricity is absent (NaN) when no residual factor could be found
    tco2_market = np.where(is_elec, np.where(green, 0.0, sign * mwh * ef_res), tco2_heat)
    elec_tce, basis = electricity_coefficient(ctx) if is_elec.any() else (0.0, "当量值")
    heat_tce = _coefficient(ctx, "heat", "tce/GJ") if is_heat.any() else 0.0
    tce = sign * (mwh * elec_tce + heat_gj * heat_tce)
    return frame(
        {
            "row": d["row"].to_numpy(),
            "type": types,
            "month": d["month"].to_numpy(),
            "quantity": quantity,
            "unit": unit_texts,
            "mwh": mwh,
            "heat_gj": heat_gj,
            "sign": sign,
            "factor": np.where(is_elec, ef_loc, np.where(is_heat, heat_ef, np.nan)),
            "tco2": np.nan_to_num(tco2_location),
            "tco2_market": np.where(is_elec & ~green, tco2_market, np.nan_to_num(tco2_market)),
            "tce": np.nan_to_num(tce),
            "tce_basis": np.where(is_elec, basis, "当量值"),
            "is_electricity": is_elec,
            "is_heat": is_heat,
            "is_green": green,
        }
    )


def _steam_heat(ctx: Context, table: SheetTable, steam: np.ndarray, quantity: np.ndarray) -> np.ndarray:
    """GJ of the steam rows: t × (h − 83.74 kJ/kg) / 1000, one table lookup per distinct state."""
    d = table.data
    rows = np.flatnonzero(steam)
    pressure = d["steam_pressure"].to_numpy(float)[rows]
    temperature = d["steam_temperature"].to_numpy(float)[rows]
    fs = ctx.set(ctx.method.steam)
    tables = _steam(fs)
    feedwater = _heat_parameter(ctx, "feedwater_enthalpy", "kJ/kg")

    def lookup(p: float, t: float) -> tuple[float, str, str]:
        if np.isnan(p):
            return np.nan, "steam-pressure-missing", ""
        if p <= 0:
            return np.nan, "value-not-positive", "蒸汽压力"
        try:
            h = tables.enthalpy_at(p, t)
        except SteamStateError as exc:
            return np.nan, exc.code, exc.expected
        state = f"{p:g} MPa" + ("饱和" if np.isnan(t) else f" {t:g} ℃")
        ctx.cite(
            fs.id,
            state,
            round(h, 4),
            "kJ/kg",
            fs.source_ids[0],
            "uncertain" if tables.uncertain else "secondary",
            f"蒸汽焓值 {state}",
        )
        return h, "", ""

    found = per_unique(pressure, lookup, object, temperature)
    enthalpy = np.array([f[0] for f in found], dtype=float)
    for k in np.flatnonzero(np.isnan(enthalpy)):
        _, code, expected = found[k]
        # the cell to fix: the temperature when one is given and the state is off the table, else the pressure
        on_temperature = code in (
            "steam-state-ambiguous",
            "steam-out-of-table",
            "parameter-impossible",
        ) and not np.isnan(temperature[k])
        key = "steam_temperature" if on_temperature else "steam_pressure"
        cell = table.cells(key if key in table.letters else "unit", rows[k : k + 1])[0]
        state = f"{pressure[k]:g} MPa" + ("" if np.isnan(temperature[k]) else f"、{temperature[k]:g} ℃")
        ctx.issues.append(Issue(code, table.name, cell, state, expected))
    to_t = per_unique(d["unit"].to_numpy(object)[rows], lambda u: units.factor(u, "t"), np.float64)
    return quantity[rows] * to_t * (enthalpy - feedwater) / 1000.0


def _report_types(ctx: Context, table: SheetTable, types: np.ndarray) -> None:
    choices = "、".join(schema.ENERGY_TYPES)
    raw = table.data["type"].to_numpy(object)
    for i in np.flatnonzero(pd.isna(types) & (raw != "")):
        ctx.flag("energy-type-unknown", table, "type", i, raw[i], choices + suggest(raw[i], schema.ENERGY_TYPES))
