"""A method's own fuel defaults (``Method.fuel_rules``): values that replace the fuel set's default for
the fuels and months a guideline names.

The 发电设施 guideline is the case in point (factors/fuel-power): coal months without a compliant
carbon-content test take its high default carbon per unit heat (0.03085 tC/GJ from April 2022,
0.03356 before), a warning on each line; coal without a measured oxidation rate takes its 99 %
(100 % before April 2022) instead of the 2015 table's 93 %; natural gas its 0.01532 tC/GJ. A rule
applies only where the line did not measure the parameter, and only a rule some line used is cited.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from accounting import units
from accounting.calc.context import Context
from accounting.issues import Issue
from accounting.submission import SheetTable

PARAMETERS = ("ncv", "carbon_per_heat", "oxidation")
# the cell a rule's warning points at: what the line should have measured
WARN_AT = {"ncv": "ncv", "carbon_per_heat": "carbon_fraction", "oxidation": "oxidation"}


def apply_rules(
    ctx: Context,
    table: SheetTable,
    find: Callable[[str], int],
    ncv_units: list[str],
    safe: np.ndarray,
    known: np.ndarray,
    defaults: dict[str, np.ndarray],
    open_: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Put the method's rules into ``defaults`` (per line: NCV in the fuel's unit, tC/GJ, a fraction)
    where each applies and the line left the parameter ``open_``; return per parameter the lines a
    rule supplied, and under ``carbon-high-default`` (any warning code of the rules) the lines it
    was raised on. ``find`` gives a fuel's index in the fuel set, ``ncv_units`` each fuel's NCV unit.

    A rule holds for the months valid_from–valid_to (YYYY-MM) of the report year; a 全年 line takes
    the rule of December.
    """
    ruled = {key: np.zeros(len(safe), dtype=bool) for key in (*PARAMETERS, "carbon-high-default")}
    if not ctx.method.fuel_rules:
        return ruled
    set_id = ctx.method.fuel_rules
    for code in set(ctx.set(set_id).table().warn) - {""}:
        ruled.setdefault(code, np.zeros(len(safe), dtype=bool))
    year = ctx.submission.year
    months = np.clip(table.data["month"].to_numpy(), 0, 12)
    for row in ctx.set(set_id).table().itertuples():
        fuel_ids = [i for i in (find(f) for f in str(row.fuels).split(";")) if i >= 0]
        in_period = np.array([row.valid_from <= f"{year}-{m or 12:02d}" <= row.valid_to for m in range(13)])
        hit = known & np.isin(safe, fuel_ids) & in_period[months] & open_[row.parameter]
        if not hit.any():
            continue
        target = {
            "carbon_per_heat": lambda _: "tC/GJ",
            "oxidation": lambda _: "dimensionless",
            "ncv": lambda i: ncv_units[i],
        }[row.parameter]
        values = defaults[row.parameter] = defaults[row.parameter].copy()  # the caller's arrays stay as given
        for i in np.unique(safe[hit]):
            values[hit & (safe == i)] = float(row.value) * units.factor(str(row.unit), target(int(i)))
        ruled[row.parameter] |= hit
        ctx.cite(
            set_id,
            f"{row.parameter}/{row.name}@{row.valid_from}",
            float(row.value),
            str(row.unit),
            str(row.source_id),
            str(row.confidence),
            str(row.name),
        )
        if row.confidence == "uncertain":
            ctx.issues.append(Issue("factor-uncertain", value=f"{set_id} {row.name}"))
        if row.warn:
            ruled[str(row.warn)] |= hit
            for i in np.flatnonzero(hit):
                ctx.flag(str(row.warn), table, WARN_AT[row.parameter], i, expected=f"{row.value:g} {row.unit}")
    return ruled
