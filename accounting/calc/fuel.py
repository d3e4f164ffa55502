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
from accounting.arrays import Coded, conversions, frame, per_unique
from accounting.calc.coal_basis import as_received
from accounting.calc.context import Context
from accounting.calc.fuel_rules import apply_rules
from accounting.calc.limits import check_measured
from accounting.factors import FactorSet
from accounting.issues import Issue
from accounting.submission import SheetTable
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
            fs.id,
            tuple(t.fuel),
            index,
            act,
            np.array([units.fits(a, "t") for a in act]),
            ncv_unit,
            t.ncv.to_numpy(float) * np.array([units.factor(u, n) for u, n in zip(t.ncv_unit, ncv_unit, strict=True)]),
            t.carbon_per_heat.to_numpy(float) * np.array([units.factor(u, "tC/GJ") for u in t.carbon_per_heat_unit]),
            t.oxidation.to_numpy(float) * np.array([units.factor(u, "dimensionless") for u in t.oxidation_unit]),
            tuple(t.source_id),
            tuple(t.confidence),
        )

    def find(self, name: str) -> int:
        return self.index.get(schema.fold(name), -1)


@dataclass(frozen=True)
class CoalEquivalent:
    """GB/T 2589 coefficients: tce per activity unit per fuel (NaN where none), electricity, heat."""

    per_fuel: np.ndarray
    energy: tuple[str, ...]
    rows: pd.DataFrame


@cache
def fuel_defaults(fs: FactorSet) -> FuelDefaults:
    return FuelDefaults.from_set(fs)


@cache
def _coal_equivalent(ce: FactorSet, fuel_set: FactorSet) -> CoalEquivalent:
    fuels = fuel_defaults(fuel_set)
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


def fuel_lines(ctx: Context, table: SheetTable) -> pd.DataFrame:
    """Per line of the 化石燃料 sheet: the parameters used, their origin, tCO2 and tce."""
    fuels = fuel_defaults(ctx.set(ctx.method.fuel))
    coal = _coal_equivalent(ctx.set(ctx.method.coal_equivalent), ctx.set(ctx.method.fuel))
    d = table.data
    names = table.coded("fuel")
    idx = names.map(fuels.find, np.int64)
    _report_unknown_fuels(ctx, table, idx, fuels)
    known = idx >= 0
    safe = np.where(known, idx, 0)

    act_unit = fuels.activity_unit[safe]
    to_activity, status = conversions(table.coded("unit"), Coded(safe, list(fuels.activity_unit)))
    ctx.report_units(table, "unit", np.where(known, status, ""), act_unit)
    activity = d["quantity"].to_numpy(float) * to_activity

    ncv_m = d["ncv"].to_numpy(float)
    ncv_given = ~np.isnan(ncv_m)
    if ncv_given.any():
        ncv_units = d["ncv_unit"].to_numpy(object)
        assumed = ncv_given & (ncv_units == "") & known
        ncv_units = np.where(ncv_units == "", fuels.ncv_unit[safe], ncv_units)
        ncv_to, ncv_status = conversions(ncv_units, Coded(safe, list(fuels.ncv_unit)))
        ncv_m = ncv_m * ncv_to
        ctx.report_units(table, "ncv_unit", np.where(ncv_given & known, ncv_status, ""), fuels.ncv_unit[safe])
        for i in np.flatnonzero(assumed):
            ctx.flag("ncv-unit-assumed", table, "ncv", i, expected=str(fuels.ncv_unit[safe[i]]))
    cc_m = d["carbon_per_heat"].to_numpy(float)
    of_m = d["oxidation"].to_numpy(float) / 100.0
    cf_m = d["carbon_fraction"].to_numpy(float) / 100.0
    cf_reported = cf_m
    cf_m, carbon_basis, conversion = as_received(ctx, table, cf_m)
    _check_carbon_fraction(ctx, table, cf_m, known & ~fuels.by_mass[safe])
    check_measured(
        ctx,
        table,
        known,
        fuels.by_mass[safe],
        fuels.ncv_unit[safe],
        {
            "ncv": fuels.ncv[safe],
            "carbon_per_heat": fuels.cc[safe],
            "carbon_fraction": fuels.ncv[safe] * fuels.cc[safe],
        },
        {"ncv": ncv_m, "carbon_per_heat": cc_m, "carbon_fraction": cf_m, "oxidation": of_m},
    )

    by_fraction = ~np.isnan(cf_m)
    defaults = {"ncv": fuels.ncv[safe], "carbon_per_heat": fuels.cc[safe], "oxidation": fuels.of[safe]}
    ruled = apply_rules(
        ctx,
        table,
        fuels.find,
        list(fuels.ncv_unit),
        safe,
        known,
        defaults,
        {"ncv": ~ncv_given, "carbon_per_heat": np.isnan(cc_m) & ~by_fraction, "oxidation": np.isnan(of_m)},
    )
    ncv = np.where(np.isnan(ncv_m), defaults["ncv"], ncv_m)
    cc = np.where(np.isnan(cc_m), defaults["carbon_per_heat"], cc_m)
    of = np.where(np.isnan(of_m), defaults["oxidation"], of_m)
    high = ruled["carbon-high-default"]
    heat_gj = activity * ncv
    tco2 = np.where(by_fraction, activity * cf_m * of, heat_gj * cc * of) * C_TO_CO2
    uses = table.coded("use").map(lambda u: schema.USES.get(schema.fold(u)), object)
    _report_uses(ctx, table, uses)
    feedstock = uses == "feedstock"
    tco2 = np.where(feedstock | ~known, 0.0, tco2)

    coef = coal.per_fuel[safe]
    use_ncv = ncv_given | np.isnan(coef)
    tce = np.where(use_ncv, heat_gj * units.factor("GJ", "tce"), activity * coef)
    tce = np.where(known, tce, 0.0)
    basis_labels = np.array(["实测低位发热量", "缺省低位发热量", *coal.energy], dtype=object)
    basis = basis_labels[np.where(ncv_given, 0, np.where(np.isnan(coef), 1, safe + 2))]
    _cite(
        ctx,
        fuels,
        coal,
        safe,
        known,
        ~ncv_given & ~ruled["ncv"],
        np.isnan(cc_m) & ~by_fraction & ~ruled["carbon_per_heat"],
        np.isnan(of_m) & ~ruled["oxidation"],
        use_ncv,
    )

    return frame(
        {
            "row": d["row"].to_numpy(),
            "source": d["source"].to_numpy(object),
            "fuel": d["fuel"].to_numpy(object),
            "month": d["month"].to_numpy(),
            "use": uses,
            "quantity": d["quantity"].to_numpy(float),
            "unit": d["unit"].to_numpy(object),
            "activity": activity,
            "activity_unit": act_unit,
            "ncv": ncv,
            "ncv_measured": ncv_given,
            "cc": np.where(by_fraction, np.nan, cc),
            "cc_measured": ~np.isnan(cc_m),
            "cc_high_default": high,
            "carbon_fraction": cf_m,
            "carbon_fraction_reported": cf_reported,
            "carbon_basis": carbon_basis,
            "moisture_ar": d["moisture_ar"].to_numpy(float) / 100.0,
            "moisture_ad": d["moisture_ad"].to_numpy(float) / 100.0,
            "of": of,
            "of_measured": ~np.isnan(of_m),
            "formula": _joined(FORMULAS[np.where(feedstock, 2, by_fraction.astype(np.int64))], conversion),
            "heat_gj": heat_gj,
            "tco2": tco2,
            "tce": tce,
            "tce_basis": basis,
            "default_source": np.array(fuels.source_id, dtype=object)[safe],
            "valid": known & ~np.isnan(activity),
        }
    )


def _joined(formulas: np.ndarray, conversions: np.ndarray) -> np.ndarray:
    """Each line's formula, with the basis conversion of its carbon content after it where there was one."""
    return per_unique(formulas, lambda f, c: f"{f}；{c}" if c else f, object, conversions)


def _report_unknown_fuels(ctx: Context, table: SheetTable, idx: np.ndarray, fuels: FuelDefaults) -> None:
    names = table.data["fuel"].to_numpy(object)
    for i in np.flatnonzero((idx < 0) & (names != "")):  # a blank name is reported as value-missing by the reader
        ctx.flag("fuel-unknown", table, "fuel", i, names[i], suggest(names[i], fuels.names))


def _report_uses(ctx: Context, table: SheetTable, uses: np.ndarray) -> None:
    for i in np.flatnonzero(pd.isna(uses)):
        ctx.flag("fuel-use-unknown", table, "use", i, table.data["use"].iloc[i])


def _check_carbon_fraction(ctx: Context, table: SheetTable, cf: np.ndarray, not_mass: np.ndarray) -> None:
    for i in np.flatnonzero(~np.isnan(cf) & not_mass):
        ctx.flag("carbon-fraction-not-mass", table, "carbon_fraction", i, table.data["unit"].iloc[i])


def _cite(
    ctx: Context,
    fuels: FuelDefaults,
    coal: CoalEquivalent,
    safe: np.ndarray,
    known: np.ndarray,
    ncv_default: np.ndarray,
    cc_default: np.ndarray,
    of_default: np.ndarray,
    use_ncv: np.ndarray,
) -> None:
    """Cite each default of the fuel set actually used (lines where each is the default), once per fuel;
    flag uncertain ones as warnings."""
    fuel_set = fuels.set_id
    for i in np.unique(safe[known & (ncv_default | cc_default | of_default)]):
        name = fuels.names[i]
        rows = known & (safe == i)
        parts = [
            ("ncv", "低位发热量", fuels.ncv[i], str(fuels.ncv_unit[i]), ncv_default),
            ("cc", "单位热值含碳量", fuels.cc[i], "tC/GJ", cc_default),
            ("of", "碳氧化率", fuels.of[i] * 100, "%", of_default),
        ]
        for key, label, value, unit, used in parts:
            if (rows & used).any():
                ctx.cite(
                    fuel_set,
                    f"{name}/{key}",
                    float(value),
                    unit,
                    fuels.source_id[i],
                    fuels.confidence[i],
                    f"{name} {label}",
                )
        if fuels.confidence[i] == "uncertain":
            ctx.issues.append(Issue("factor-uncertain", value=f"{fuel_set} {name}"))
    ce = ctx.method.coal_equivalent
    for i in np.unique(safe[known & ~use_ncv]):
        row = coal.rows[coal.rows.energy == coal.energy[i]].iloc[0]
        ctx.cite(
            ce,
            row.energy,
            float(row.coefficient),
            row.unit,
            row.source_id,
            row.confidence,
            f"{row.energy} 折标准煤系数",
        )
