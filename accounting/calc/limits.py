"""Hard limits and screening bands of measured fuel parameters (``accounting/limits.toml``).

A value beyond a hard limit cannot be physically true: it is an error at its cell, and the
message says which unit the number was probably measured in (5350 "GJ/t" is 22.4 GJ/t read as
kcal/kg). A value inside the limits but outside the screening band is a warning only.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from accounting import units
from accounting.arrays import per_unique
from accounting.calc.context import Context
from accounting.submission import SheetTable


@dataclass(frozen=True)
class Limit:
    """A hard upper limit in ``unit``, why it holds, and the units a slip is usually made in."""

    max: float
    unit: str
    why_zh: str
    why_en: str
    slips: tuple[str, ...]

    def suggestion(self, raw: float, target: str, default: float, band: tuple[float, float]) -> str:
        """The unit ``raw`` was probably given in and what it is then, in ``target``; '' if none fits.

        A slip fits when the value read in it lands inside the band around the fuel's ``default``
        (in ``target``); of several, the one nearest the default.
        """
        fits = []
        for slip in self.slips:
            value = raw * units.factor(slip, target)
            if band[0] * default <= value <= band[1] * default:
                fits.append((abs(math.log(value / default)), slip, value))
        if not fits:
            return ""
        _, slip, value = min(fits)
        return f"看起来是 {slip}：{value:.4g} {target}"


@dataclass(frozen=True)
class Rules:
    limits: dict[str, Limit]
    bands: dict[str, tuple[float, float]]
    min_oxidation: float


@cache
def rules() -> Rules:
    data = tomllib.loads(Path(__file__).resolve().parent.parent.joinpath("limits.toml").read_text(encoding="utf-8"))
    limits = {
        key: Limit(float(v["max"]), v["unit"], v["why_zh"], v["why_en"], tuple(v["slips"]))
        for key, v in data["limits"].items()
    }
    bands = {key: (float(v[0]), float(v[1])) for key, v in data["bands"].items() if isinstance(v, list)}
    return Rules(limits, bands, float(data["bands"]["min_oxidation"]))


LABELS = {
    "ncv": "低位发热量",
    "carbon_per_heat": "单位热值含碳量",
    "carbon_fraction": "元素碳含量",
    "oxidation": "碳氧化率",
}
PERCENT = ("carbon_fraction", "oxidation")


def check_measured(
    ctx: Context,
    table: SheetTable,
    known: np.ndarray,
    by_mass: np.ndarray,
    ncv_unit: np.ndarray,
    defaults: dict[str, np.ndarray],
    measured: dict[str, np.ndarray],
) -> None:
    """Flag measured parameters that cannot be (errors) or are unusual (warnings).

    Per line of the fuel table: ``known`` whether its fuel is known, ``by_mass`` whether it is
    measured by mass, ``ncv_unit`` its default's NCV unit, ``defaults`` its default NCV, carbon
    per heat and carbon per tonne. ``measured`` holds the parameters as used (NCV in the
    default's unit, fractions not %).
    """
    d = table.data
    rule = rules()
    units_of = {
        "ncv": ncv_unit,
        "carbon_per_heat": np.full(len(d), "tC/GJ", object),
        "carbon_fraction": np.full(len(d), "%", object),
    }
    for key, used in measured.items():
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
            usable &= by_mass  # a fraction of a volume is reported as carbon-fraction-not-mass
        if key == "oxidation":
            for i in np.flatnonzero(usable & (raw < rule.min_oxidation)):
                ctx.flag("parameter-implausible", table, key, i, f"{raw[i]:g}", f"{rule.min_oxidation:g}–100 %")
            continue
        if key in ("ncv", "carbon_per_heat"):
            usable &= ~_impossible(ctx, table, key, by_mass, ncv_unit, usable, used, raw, defaults[key])
        lo, hi = rule.bands[key]
        scale = 100.0 if key == "carbon_fraction" else 1.0
        base = defaults[key] * scale
        value = used * scale
        for i in np.flatnonzero(usable & ((value < lo * base) | (value > hi * base))):
            ctx.flag(
                "parameter-implausible",
                table,
                key,
                i,
                f"{raw[i]:g}",
                f"{lo * base[i]:.4g}–{hi * base[i]:.4g} {units_of[key][i]}",
            )


def _impossible(
    ctx: Context,
    table: SheetTable,
    key: str,
    by_mass: np.ndarray,
    ncv_unit: np.ndarray,
    usable: np.ndarray,
    used: np.ndarray,
    raw: np.ndarray,
    default: np.ndarray,
) -> np.ndarray:
    """Rows whose NCV or carbon per heat is beyond its hard limit, each flagged with the likely slip."""
    rule = rules()
    if key == "ncv":
        mass, volume = rule.limits["ncv_mass"], rule.limits["ncv_volume"]

        def bound(unit: str, measured_by_mass: bool) -> float:
            which = mass if measured_by_mass else volume
            return which.max * units.factor(which.unit, unit)

        limit = per_unique(ncv_unit, bound, np.float64, by_mass)  # once per (unit, basis), not per line
        typed = table.data["ncv_unit"].to_numpy(object)
        shown = np.where(typed == "", ncv_unit, typed)
    else:
        limit = np.full(len(raw), rule.limits["carbon_per_heat"].max)
        shown = np.full(len(raw), "tC/GJ", object)
    over = usable & (used > limit)
    for i in np.flatnonzero(over):
        which = "carbon_per_heat" if key != "ncv" else "ncv_mass" if by_mass[i] else "ncv_volume"
        limit_rule = rule.limits[which]
        target = str(ncv_unit[i]) if key == "ncv" else "tC/GJ"
        hint = limit_rule.suggestion(raw[i], target, float(default[i]), rule.bands[key])
        expected = f"{LABELS[key]}不可能超过 {limit_rule.max:g} {limit_rule.unit}（{limit_rule.why_zh}）"
        ctx.flag(
            "parameter-impossible", table, key, i, f"{raw[i]:g} {shown[i]}", expected + (f"；{hint}" if hint else "")
        )
    return over
