"""The plan targets catalogue (factors/targets/) and the evaluation of a target against the data.

A reduction target (energy or CO2 per unit of GDP or of industrial value added, −R % from the base
year b to the target year T) is on its pathway in year y when the reduction achieved,
1 − I_y / I_b, is at least the reduction a constant annual rate would have reached by then,
1 − (1 − R)^((y − b) / (T − b)). A share target (non-fossil share X % in T) is on its pathway when
the share is at least the straight line from the base-year share to X. The status:

- 进度正常 on_track: at or beyond the pathway;
- 进度滞后 lagging: behind it, but moving the right way and reachable at no more than twice the
  plan's average annual rate over the years left;
- 预警 warning: no progress since the base year, or the target year reached and missed, or the
  years left would need more than twice the plan's average annual rate.

These rules are tanhe's reading of the plans' wording (确保/力争 targets are treated alike); they
follow the idea of the national 能耗双控 barometer (red, yellow, green) without claiming its thresholds.
Where a plan names no base year, the base is the start of its five-year period (T − 5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from accounting.factors import default_root

REDUCTIONS = (
    "energy_intensity_gdp_reduction",
    "co2_intensity_gdp_reduction",
    "industrial_va_energy_intensity_reduction",
    "industrial_va_co2_intensity_reduction",
)
SHARES = {"non_fossil_share_energy": +1, "coal_share_energy": -1}  # +1: higher is better
EVALUABLE = (*REDUCTIONS, *SHARES)
STATUSES = ("on_track", "lagging", "warning")
PLAN_YEARS = 5  # a five-year plan period, for targets that name no base year
HEADROOM = 2.0  # the years left may need at most this multiple of the plan's average annual rate


def catalogue_path() -> Path:
    return default_root() / "targets" / "plan_targets.csv"


@cache
def catalogue() -> pd.DataFrame:
    """Every target of the bundled catalogue, as text columns plus numeric years and value."""
    frame = pd.read_csv(catalogue_path(), dtype=str, keep_default_na=False)
    for column in ("base_year", "target_year"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    return frame


def for_jurisdictions(names: list[str], assigned: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evaluable targets of ``names``, one row per distinct target (the ids of repeats joined),
    with values assigned from above filled in (``assigned``: the statistics workbook's 目标赋值)."""
    cat = catalogue()
    rows = cat[cat["jurisdiction"].isin(names) & cat["indicator_code"].isin(EVALUABLE)].copy()
    rows["assigned_by"] = ""
    if assigned is not None and len(assigned):
        for a in assigned.itertuples(index=False):
            if a.jurisdiction not in names:  # a value assigned to a region outside the report
                continue
            blank = (
                (rows["jurisdiction"] == a.jurisdiction)
                & (rows["indicator_code"] == a.indicator_code)
                & (rows["target_year"] == a.target_year)
                & rows["value"].isna()
            )
            if blank.any():
                rows.loc[blank, ["value", "assigned_by"]] = [a.value, a.source]
                if a.base_year is not None and not pd.isna(a.base_year):
                    rows.loc[blank, "base_year"] = int(a.base_year)
            else:
                extra = {c: "" for c in cat.columns} | {
                    "id": "赋值",
                    "jurisdiction": a.jurisdiction,
                    "indicator_code": a.indicator_code,
                    "base_year": a.base_year,
                    "target_year": a.target_year,
                    "value": a.value,
                    "unit": "percent",
                    "commitment": "下达",
                    "assigned_by": a.source,
                }
                rows = pd.concat([rows, pd.DataFrame([extra])], ignore_index=True)
    base = pd.to_numeric(rows["base_year"], errors="coerce")
    rows["base_stated"] = base.notna()
    rows["base_year"] = base.fillna(pd.to_numeric(rows["target_year"]) - PLAN_YEARS).astype(int)
    # the same target stated twice (with or without its base year) is evaluated once
    key = ["jurisdiction", "indicator_code", "base_year", "target_year", "value"]
    grouped = rows.fillna({"value": -1.0}).groupby(key, sort=False, dropna=False)
    out = grouped.first().reset_index()
    out["ids"] = grouped["id"].agg(lambda ids: "、".join(ids)).to_numpy()
    out["base_stated"] = grouped["base_stated"].any().to_numpy()
    out.loc[out["value"] == -1.0, "value"] = math.nan
    return out


@dataclass(frozen=True)
class Evaluation:
    """One target against the data of one year."""

    jurisdiction: str
    indicator_code: str
    base_year: int
    target_year: int
    value: float | None  # the target, in percent
    year: int
    base_value: float | None = None  # the indicator in the base year (intensity or share)
    current: float | None = None  # the indicator this year
    actual: float | None = None  # reduction achieved (percent) or share (percent)
    required: float | None = None  # where the pathway is this year
    gap: float | None = None  # percentage points behind the pathway (negative: ahead)
    needed_rate: float | None = None  # annual reduction needed over the years left (percent)
    status: str = ""  # on_track | lagging | warning | "" (not evaluated)
    reason: str = ""  # why it was not evaluated
    basis: str = ""  # where the data came from
    ids: str = ""  # the catalogue ids of this target (a plan may state it more than once)
    commitment: str = ""
    document: str = ""
    clause: str = ""
    quote: str = ""
    assigned_by: str = ""  # the source of a value assigned from above

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "indicator_code": self.indicator_code,
            "base_year": self.base_year,
            "target_year": self.target_year,
            "value": self.value,
            "actual": _r(self.actual),
            "required": _r(self.required),
            "gap": _r(self.gap),
            "status": self.status or "not_evaluated",
            "reason": self.reason,
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def evaluate_reduction(
    reduction: float, base_year: int, target_year: int, year: int, base: float, current: float
) -> dict[str, Any]:
    """Progress of a −``reduction`` % intensity target (module docstring); intensities ``base``, ``current``."""
    r = reduction / 100.0
    achieved = (1.0 - current / base) * 100.0
    fraction = (year - base_year) / (target_year - base_year)
    required = (1.0 - (1.0 - r) ** fraction) * 100.0
    plan_rate = 1.0 - (1.0 - r) ** (1.0 / (target_year - base_year))
    left = target_year - year
    needed = None
    if left > 0:
        remaining = (1.0 - r) * base / current  # the ratio still to reach, end over now
        needed = (1.0 - remaining ** (1.0 / left)) * 100.0
    if achieved >= required - 1e-9:
        status = "on_track"
    elif achieved <= 0 or left <= 0 or (needed is not None and needed > HEADROOM * plan_rate * 100.0):
        status = "warning"
    else:
        status = "lagging"
    return {
        "actual": achieved,
        "required": required,
        "gap": required - achieved,
        "needed_rate": needed,
        "status": status,
    }


def evaluate_share(
    target: float, direction: int, base_year: int, target_year: int, year: int, base: float, current: float
) -> dict[str, Any]:
    """Progress of a share target (percent): the straight line from ``base`` to ``target``."""
    required = base + (target - base) * (year - base_year) / (target_year - base_year)
    ahead = (current - required) * direction
    if ahead >= -1e-9:
        status = "on_track"
    elif (current - base) * direction <= 0 or year >= target_year:
        status = "warning"
    else:
        status = "lagging"
    return {"actual": current, "required": required, "gap": -ahead, "needed_rate": None, "status": status}


def base_year_of(row: Any) -> tuple[int, bool]:
    """The target's base year, and whether the plan states it (else the start of its period)."""
    return int(row.base_year), bool(row.base_stated)
