"""The result's line tables summed into what a report shows: per fuel, per energy type, per process
term, per month. Sums only; every number traces to the lines of the result (``--lines``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from accounting import schema
from accounting.result import CATEGORIES, Result

MONTHS = tuple(range(1, 13))


def _basis(measured: pd.Series) -> str:
    """实测 / 缺省 / 部分实测 k/n for a group's measured flags (a label key and counts)."""
    k, n = int(measured.sum()), len(measured)
    return "measured" if k == n else "default" if k == 0 else f"partly:{k}/{n}"


def fuel_summary(result: Result) -> pd.DataFrame:
    """Per (排放设施, 燃料, 用途): activity, heat, and the parameters as heat- or activity-weighted means.

    NCV = Σheat / Σactivity; CC and OF are heat-weighted, so Σheat × CC × OF × 44/12 gives the
    group's tCO2 where the lines are computed from NCV (carbon-fraction lines show no CC).
    """
    f = result.fuel_lines
    f = f[f.valid.to_numpy(bool)]
    if f.empty:
        return pd.DataFrame()
    f = f.assign(cc_heat=f.heat_gj * f.cc.fillna(0.0), of_heat=f.heat_gj * f.of, cc_known=f.cc.notna())
    keys = ["source", "fuel", "use", "activity_unit"]
    g = f.groupby(keys, sort=False)
    out = g.agg(
        activity=("activity", "sum"),
        heat_gj=("heat_gj", "sum"),
        cc_heat=("cc_heat", "sum"),
        of_heat=("of_heat", "sum"),
        tco2=("tco2", "sum"),
        tce=("tce", "sum"),
        lines=("row", "size"),
        cc_known=("cc_known", "all"),
    ).reset_index()
    heat = out.heat_gj.replace(0.0, np.nan)
    out["ncv"] = out.heat_gj / out.activity.replace(0.0, np.nan)
    out["cc"] = np.where(out.cc_known, out.cc_heat / heat, np.nan)
    out["of"] = out.of_heat / heat
    out["ncv_basis"] = g.ncv_measured.apply(_basis).to_numpy()
    out["cc_basis"] = np.where(out.cc_known, g.cc_measured.apply(_basis).to_numpy(), "fraction")
    out["of_basis"] = g.of_measured.apply(_basis).to_numpy()
    return out


ENERGY_ORDER = (
    "purchased_electricity",
    "purchased_green_electricity",
    "exported_electricity",
    "purchased_heat",
    "exported_heat",
)


def energy_summary(result: Result) -> pd.DataFrame:
    """Per 电力热力 type: MWh or GJ, the factor (tCO2 per MWh or GJ), tCO2 both ways, tce."""
    e = result.energy_lines
    if e.empty:
        return pd.DataFrame()
    e = e.assign(amount=np.where(e.is_electricity, e.mwh, e.heat_gj))
    out = (
        e.groupby("type", sort=False)
        .agg(
            amount=("amount", "sum"),
            tco2=("tco2", "sum"),
            tco2_market=("tco2_market", lambda v: v.sum(skipna=False)),  # absent stays absent
            tce=("tce", "sum"),
            factor_min=("factor", "min"),
            factor_max=("factor", "max"),
            electricity=("is_electricity", "first"),
        )
        .reset_index()
    )
    # one factor per type in every method; should a type mix factors, show the effective one
    same = np.isclose(out.factor_min, out.factor_max)
    signed = out.amount * np.where(out.type.str.startswith("exported"), -1.0, 1.0)
    out["factor"] = np.where(same, out.factor_min, out.tco2 / signed.replace(0.0, np.nan))
    order = {t: i for i, t in enumerate(ENERGY_ORDER)}
    return out.sort_values("type", key=lambda s: s.map(order)).reset_index(drop=True)


def process_summary(result: Result) -> pd.DataFrame:
    """Per process term (process, item, gas, basis, formula): activity, mean factor, t of gas, tCO2e."""
    p = result.process_lines
    if p.empty:
        return pd.DataFrame()
    p = p.assign(weighted=p.activity * p.factor)
    keys = ["process", "item", "gas", "basis", "formula", "activity_unit", "factor_unit", "sign", "counted"]
    out = (
        p.groupby(keys, sort=False, dropna=False)
        .agg(activity=("activity", "sum"), weighted=("weighted", "sum"), t_gas=("t_gas", "sum"), tco2e=("tco2e", "sum"))
        .reset_index()
    )
    out["factor"] = out.weighted / out.activity.replace(0.0, np.nan)
    return out


def monthly(result: Result) -> pd.DataFrame:
    """tCO2e per month (rows 1–12, then 0 = 全年 lines) and category (columns)."""
    parts = {
        "fuel_combustion": (result.fuel_lines.month, result.fuel_lines.tco2),
        "net_purchased_electricity": _energy(result, True),
        "net_purchased_heat": _energy(result, False),
    }
    p = result.process_lines  # the line tables have their columns even when they have no rows
    counted = p.counted.to_numpy(bool)
    parts["process"] = (p.month[counted], p.tco2e[counted])
    table = pd.DataFrame(0.0, index=[*MONTHS, schema.ANNUAL], columns=list(CATEGORIES))
    for category, (months, values) in parts.items():
        sums = pd.Series(values.to_numpy(float)).groupby(months.to_numpy(np.int64)).sum()
        table.loc[sums.index.intersection(table.index), category] = sums
    table["total"] = table[list(CATEGORIES)].sum(axis=1)
    return table


def _energy(result: Result, electricity: bool) -> tuple[pd.Series, pd.Series]:
    e = result.energy_lines
    mask = e.is_electricity.to_numpy(bool) == electricity
    return e.month[mask], e.tco2[mask]


def parameter_counts(result: Result) -> list[tuple[str, int, int]]:
    """(parameter, lines measured, lines at default) over the valid fuel lines."""
    f = result.fuel_lines
    f = f[f.valid.to_numpy(bool)]
    by_fraction = f.carbon_fraction.notna()
    out = []
    for name, column, mask in (
        ("ncv", "ncv_measured", ~by_fraction),
        ("cc", "cc_measured", ~by_fraction),
        ("of", "of_measured", pd.Series(True, index=f.index)),
    ):
        flags = f[column][mask]
        out.append((name, int(flags.sum()), int((~flags.astype(bool)).sum())))
    if by_fraction.any():
        out.append(("fraction", int(by_fraction.sum()), 0))
    return out


def process_basis_counts(result: Result) -> dict[str, int]:
    return {str(k): int(v) for k, v in result.process_lines.basis.value_counts().items()}


def energy_type_name(key: str, lang: str) -> str:
    names: dict[str, Any] = schema.ENERGY_TYPES_EN if lang == "en" else schema.ENERGY_TYPES
    found = next((name for name, k in names.items() if k == key), key)
    return found.capitalize() if lang == "en" else found
