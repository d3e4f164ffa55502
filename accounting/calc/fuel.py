"""Fossil-fuel combustion: CO2 and energy of each line of the 化石燃料 sheet.

E (tCO2) = AD × NCV × CC × OF × 44/12, or AD (t) × C × OF × 44/12 where the carbon mass
fraction C is measured (2015-batch guidelines, e.g. 发改办气候〔2015〕1722号 §5; 发电设施
guideline for C). Measured NCV (GJ per activity unit), CC (tC/GJ) and OF win over the
defaults of the method's fuel set, each per line. Lines used as feedstock (用途 = 原料) emit
nothing here (their carbon is accounted in process emissions) but count in energy.

Energy (tce, GB/T 2589-2020): AD × NCV / 29.307 where NCV is measured; else the GB/T 2589
reference coefficient of the fuel; else the guideline default NCV / 29.307.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from accounting import schema, units
from accounting.arrays import Coded, conversions, frame
from accounting.calc.context import Context
from accounting.factors import FactorSet
from accounting.issues import Issue
from accounting.submission import Table
from accounting.vocabulary import suggest

C_TO_CO2 = 44.0 / 12.0  # molar masses of CO2 and C, in every guideline's formula
FORMULAS = np.array(["AD×NCV×CC×OF×44/12", "AD×C×OF×44/12", "原料用途，不计燃烧排放"], dtype=object)


@dataclass(frozen=True)
class FuelDefaults:
    """A fuel set as arrays: one entry per fuel, NCV in GJ per activity unit."""

    set_id: str
    names: tuple[str, ...]
    index: dict[str, int]
    activity_unit: np.ndarray
    by_mass: np.ndarray
    ncv_unit: np.ndarray
    ncv: np.ndarray
    cc: np.ndarray
    of: np.ndarray
    source_id: tuple[str, ...]
    confidence: tuple[str, ...]

    @classmethod
    def from_set(cls, fs: FactorSet) -> FuelDefaults:
        t = fs.table()
        act = t.activity_unit.to_numpy(object)
        index: dict[str, int] = {}
        for i, row in enumerate(t.itertuples()):
            for name in (row.fuel, getattr(row, "fuel_en", ""), *str(getattr(row, "aliases", "")).split(";")):
                if name:
                    index.setdefault(schema.fold(name), i)
        ncv_unit = np.array([f"GJ/{a}" for a in act], dtype=object)
        return cls(
            fs.id, tuple(t.fuel), index, act,
            np.array([units.fits(a, "t") for a in act]), ncv_unit,
            t.ncv.to_numpy(float) * np.array([units.factor(u, n) for u, n in zip(t.ncv_unit, ncv_unit, strict=True)]),
            t.carbon_per_heat.to_numpy(float) * np.array([units.factor(u, "tC/GJ") for u in t.carbon_per_heat_unit]),
            t.oxidation.to_numpy(float) * np.array([units.factor(u, "dimensionless") for u in t.oxidation_unit]),
            tuple(t.source_id), tuple(t.confidence))

    def find(self, name: str) -> int:
        return self.index.get(schema.fold(name), -1)


@dataclass(frozen=True)
class CoalEquivalent:
    """GB/T 2589 coefficients: tce per activity unit per fuel (NaN where none), electricity, heat."""

    per_fuel: np.ndarray
    energy: tuple[str, ...]
    rows: pd.DataFrame


@cache
def _fuel_defaults(fs: FactorSet) -> FuelDefaults:
    return FuelDefaults.from_set(fs)


@cache
def _coal_equivalent(ce: FactorSet, fuel_set: FactorSet) -> CoalEquivalent:
    fuels = _fuel_defaults(fuel_set)
    t = ce.table()
    per_fuel = np.full(len(fuels.names), np.nan)
    energy = [""] * len(fuels.names)
    for row in t.itertuples():
        for fuel in filter(None, str(row.fuels).split(";")):
            i = fuels.find(fuel)
            if i >= 0:
                per_fuel[i] = row.coefficient * units.factor(row.unit, f"tce/{fuels.activity_unit[i]}")
                energy[i] = row.energy
    return CoalEquivalent(per_fuel, tuple(energy), t)


def fuel_lines(ctx: Context, table: Table) -> pd.DataFrame:
    """Per line of the 化石燃料 sheet: the parameters used, their origin, tCO2 and tce."""
    fuels = _fuel_defaults(ctx.set(ctx.method.fuel))
    coal = _coal_equivalent(ctx.set(ctx.method.coal_equivalent), ctx.set(ctx.method.fuel))
    d = table.data
    n = len(d)
    blank = np.full(n, np.nan)
    names = Coded.of(d["fuel"].to_numpy(object))
    idx = names.map(fuels.find, np.int64)
    _report_unknown_fuels(ctx, table, idx, fuels)
    known = idx >= 0
    safe = np.where(known, idx, 0)

    act_unit = fuels.activity_unit[safe]
    to_activity, status = conversions(d["unit"].to_numpy(object),
                                      Coded(safe, list(fuels.activity_unit)))
    ctx.report_units(table, "unit", np.where(known, status, ""), act_unit)
    activity = d["quantity"].to_numpy(float) * to_activity

    ncv_m = d["ncv"].to_numpy(float) if "ncv" in d else blank
    ncv_given = ~np.isnan(ncv_m)
    if ncv_given.any():
        ncv_units = d["ncv_unit"].to_numpy(object) if "ncv_unit" in d else np.full(n, "", dtype=object)
        assumed = ncv_given & (ncv_units == "") & known
        ncv_units = np.where(ncv_units == "", fuels.ncv_unit[safe], ncv_units)
        ncv_to, ncv_status = conversions(ncv_units, Coded(safe, list(fuels.ncv_unit)))
        ncv_m = ncv_m * ncv_to
        ctx.report_units(table, "ncv_unit", np.where(ncv_given & known, ncv_status, ""), fuels.ncv_unit[safe])
        for i in np.flatnonzero(assumed):
            ctx.flag("ncv-unit-assumed", table, "ncv", i, expected=str(fuels.ncv_unit[safe[i]]))
    cc_m = d["carbon_per_heat"].to_numpy(float) if "carbon_per_heat" in d else blank
    of_m = d["oxidation"].to_numpy(float) / 100.0 if "oxidation" in d else blank
    cf_m = d["carbon_fraction"].to_numpy(float) / 100.0 if "carbon_fraction" in d else blank
    _check_carbon_fraction(ctx, table, cf_m, known & ~fuels.by_mass[safe])
    _check_measured(ctx, table, fuels, safe, known,
                    {"ncv": ncv_m, "carbon_per_heat": cc_m, "carbon_fraction": cf_m, "oxidation": of_m})

    ncv = np.where(np.isnan(ncv_m), fuels.ncv[safe], ncv_m)
    cc = np.where(np.isnan(cc_m), fuels.cc[safe], cc_m)
    high = np.zeros(n, dtype=bool)
    if ctx.method.power_coal_default:
        rule = _power_coal(ctx, fuels, safe, known, d["month"].to_numpy())
        high = ~np.isnan(rule) & np.isnan(cc_m) & np.isnan(cf_m)
        cc = np.where(high, rule, cc)
        for i in np.flatnonzero(high):
            ctx.flag("carbon-high-default", table, "carbon_fraction", i, expected=f"{rule[i]:g} tC/GJ")
    of = np.where(np.isnan(of_m), fuels.of[safe], of_m)
    by_fraction = ~np.isnan(cf_m)
    heat_gj = activity * ncv
    tco2 = np.where(by_fraction, activity * cf_m * of, heat_gj * cc * of) * C_TO_CO2
    uses = Coded.of(d["use"].to_numpy(object)).map(lambda u: schema.USES.get(schema.fold(u)), object) \
        if "use" in d else np.full(n, "fuel", dtype=object)
    _report_uses(ctx, table, uses)
    feedstock = uses == "feedstock"
    tco2 = np.where(feedstock | ~known, 0.0, tco2)

    coef = coal.per_fuel[safe]
    use_ncv = ncv_given | np.isnan(coef)
    tce = np.where(use_ncv, heat_gj * units.factor("GJ", "tce"), activity * coef)
    tce = np.where(known, tce, 0.0)
    basis_labels = np.array(["实测低位发热量", "缺省低位发热量", *coal.energy], dtype=object)
    basis = basis_labels[np.where(ncv_given, 0, np.where(np.isnan(coef), 1, safe + 2))]
    cc_default = np.isnan(cc_m) & ~by_fraction & ~high
    _cite(ctx, fuels, coal, safe, known, ncv_given, cc_default, np.isnan(of_m), use_ncv)

    return frame({
        "row": d["row"].to_numpy(), "source": d["source"].to_numpy(object) if "source" in d else np.full(n, "", object),
        "fuel": d["fuel"].to_numpy(object), "month": d["month"].to_numpy(),
        "use": uses, "quantity": d["quantity"].to_numpy(float), "unit": d["unit"].to_numpy(object),
        "activity": activity, "activity_unit": act_unit,
        "ncv": ncv, "ncv_measured": ncv_given, "cc": np.where(by_fraction, np.nan, cc),
        "cc_measured": ~np.isnan(cc_m), "cc_high_default": high, "carbon_fraction": cf_m,
        "of": of, "of_measured": ~np.isnan(of_m),
        "formula": FORMULAS[np.where(feedstock, 2, by_fraction.astype(np.int64))],
        "heat_gj": heat_gj, "tco2": tco2, "tce": tce, "tce_basis": basis,
        "default_source": np.array(fuels.source_id, dtype=object)[safe],
        "valid": known & ~np.isnan(activity),
    })


POWER_COAL_KEY = "power/燃煤单位热值含碳量高限值"


def _power_coal(ctx: Context, fuels: FuelDefaults, safe: np.ndarray, known: np.ndarray,
                months: np.ndarray) -> np.ndarray:
    """Per line, the 发电设施 high default carbon per unit heat (tC/GJ) of its coal and month; NaN elsewhere.

    The process set gives each period (valid_from–valid_to, YYYY-MM) and the fuels it applies to;
    a 全年 line takes the rule of December.
    """
    table = ctx.set(ctx.method.process).table()
    year = ctx.submission.year
    out = np.full(len(safe), np.nan)
    for row in table[table.key == POWER_COAL_KEY].itertuples():
        coal = [i for i in (fuels.find(f) for f in str(row.applies_to).split(";")) if i >= 0]
        in_period = np.array([row.valid_from <= f"{year}-{m or 12:02d}" <= row.valid_to for m in range(13)])
        hit = known & np.isin(safe, coal) & in_period[np.clip(months, 0, 12)]
        out[hit] = row.value
        if hit.any():
            ctx.cite(ctx.method.process, f"{POWER_COAL_KEY}@{row.valid_from}", float(row.value), str(row.unit),
                     str(row.source_id), str(row.confidence), str(row.name))
            if row.confidence == "uncertain":
                ctx.issues.append(Issue("factor-uncertain", value=f"{ctx.method.process} {row.name}"))
    return out


def _report_unknown_fuels(ctx: Context, table: Table, idx: np.ndarray, fuels: FuelDefaults) -> None:
    names = table.data["fuel"].to_numpy(object)
    for i in np.flatnonzero((idx < 0) & (names != "")):  # a blank name is reported as value-missing by the reader
        ctx.flag("fuel-unknown", table, "fuel", i, names[i], suggest(names[i], fuels.names))


def _report_uses(ctx: Context, table: Table, uses: np.ndarray) -> None:
    for i in np.flatnonzero(pd.isna(uses)):
        ctx.flag("fuel-use-unknown", table, "use", i, table.data["use"].iloc[i])


def _check_carbon_fraction(ctx: Context, table: Table, cf: np.ndarray, not_mass: np.ndarray) -> None:
    for i in np.flatnonzero(~np.isnan(cf) & not_mass):
        ctx.flag("carbon-fraction-not-mass", table, "carbon_fraction", i, table.data["unit"].iloc[i])


# Screening bands for measured parameters, as multiples of the fuel's default (carbon fraction:
# of the default NCV × CC, the carbon per tonne it implies). Not factors: a value outside is not
# wrong, only unusual enough to be checked (a unit slip such as kcal/kg for GJ/t, kgC for tC,
# lands far outside). Oxidation below 80 % is unusual for every fuel of the guidelines.
BANDS = {"ncv": (0.6, 1.6), "carbon_per_heat": (0.75, 1.33), "carbon_fraction": (0.6, 1.6)}
LABELS = {"ncv": "低位发热量", "carbon_per_heat": "单位热值含碳量", "carbon_fraction": "元素碳含量",
          "oxidation": "碳氧化率"}
PERCENT = ("carbon_fraction", "oxidation")
MIN_OXIDATION = 80.0


def _check_measured(ctx: Context, table: Table, fuels: FuelDefaults, safe: np.ndarray, known: np.ndarray,
                    measured: dict[str, np.ndarray]) -> None:
    """Flag measured parameters that cannot be (errors) or are unusual (warnings).

    ``measured`` holds the parameters as used (NCV in the default's unit, fractions not %).
    """
    d = table.data
    defaults = {"ncv": fuels.ncv[safe], "carbon_per_heat": fuels.cc[safe],
                "carbon_fraction": fuels.ncv[safe] * fuels.cc[safe]}
    units_of = {"ncv": fuels.ncv_unit[safe], "carbon_per_heat": np.full(len(d), "tC/GJ", object),
                "carbon_fraction": np.full(len(d), "%", object)}
    for key, used in measured.items():
        if key not in d:
            continue
        raw = d[key].to_numpy(float)
        given = ~np.isnan(raw)
        bad = given & (raw <= 0)
        for i in np.flatnonzero(bad):
            ctx.flag("value-not-positive", table, key, i, f"{raw[i]:g}", LABELS[key])
        if key in PERCENT:
            fraction = given & (raw > 0) & (raw <= 1)
            over = given & (raw > 100)
            for code, rows in (("percent-as-fraction", fraction), ("percent-over-100", over)):
                for i in np.flatnonzero(rows):
                    ctx.flag(code, table, key, i, f"{raw[i]:g}")
            bad |= fraction | over
        usable = given & ~bad & known & ~np.isnan(used)
        if key == "carbon_fraction":
            usable &= fuels.by_mass[safe]  # a fraction of a volume is reported as carbon-fraction-not-mass
        if key == "oxidation":
            for i in np.flatnonzero(usable & (raw < MIN_OXIDATION)):
                ctx.flag("parameter-implausible", table, key, i, f"{raw[i]:g}", f"{MIN_OXIDATION:g}–100 %")
        else:
            lo, hi = BANDS[key]
            scale = 100.0 if key == "carbon_fraction" else 1.0
            base = defaults[key] * scale
            value = used * scale
            for i in np.flatnonzero(usable & ((value < lo * base) | (value > hi * base))):
                ctx.flag("parameter-implausible", table, key, i, f"{raw[i]:g}",
                    f"{lo * base[i]:.4g}–{hi * base[i]:.4g} {units_of[key][i]}")



def _cite(ctx: Context, fuels: FuelDefaults, coal: CoalEquivalent, safe: np.ndarray, known: np.ndarray,
          ncv_given: np.ndarray, cc_default: np.ndarray, of_default: np.ndarray, use_ncv: np.ndarray) -> None:
    """Cite each default actually used, once per fuel; flag uncertain ones as warnings."""
    fuel_set = fuels.set_id
    for i in np.unique(safe[known & (~ncv_given | cc_default | of_default)]):
        name = fuels.names[i]
        rows = known & (safe == i)
        parts = [("ncv", "低位发热量", fuels.ncv[i], str(fuels.ncv_unit[i]), ~ncv_given),
                 ("cc", "单位热值含碳量", fuels.cc[i], "tC/GJ", cc_default),
                 ("of", "碳氧化率", fuels.of[i] * 100, "%", of_default)]
        for key, label, value, unit, used in parts:
            if (rows & used).any():
                ctx.cite(fuel_set, f"{name}/{key}", float(value), unit, fuels.source_id[i],
                         fuels.confidence[i], f"{name} {label}")
        if fuels.confidence[i] == "uncertain":
            ctx.issues.append(Issue("factor-uncertain", value=f"{fuel_set} {name}"))
    ce = ctx.method.coal_equivalent
    for i in np.unique(safe[known & ~use_ncv]):
        row = coal.rows[coal.rows.energy == coal.energy[i]].iloc[0]
        ctx.cite(ce, row.energy, float(row.coefficient), row.unit, row.source_id, row.confidence,
                 f"{row.energy} 折标准煤系数")
