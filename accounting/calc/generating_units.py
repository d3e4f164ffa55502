"""The 机组信息 sheet of a power plant: each generating unit's category, cooling, supplied electricity
and heat, load factor and heat-supply ratio, as its allowance needs them (accounting.market).

Checked like every table: a category or cooling outside the plan's lists, a negative amount, a
percentage over 100 or given as a fraction (0.785 for 78.5 %) is an error at its cell.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from accounting import schema
from accounting.calc.context import Context
from accounting.submission import SheetTable
from accounting.vocabulary import suggest


def generating_units(ctx: Context) -> tuple[dict[str, Any], ...]:
    """The units as the result carries them (fractions for the two percentages; None where blank),
    after checking them: a unit with an error stops the calculation like any other."""
    table = ctx.submission.table("units")
    if table is None or not len(table.data):
        return ()
    _check(ctx, table)
    d = table.data

    def number(key: str, i: int, scale: float = 1.0) -> float | None:
        if key not in d:
            return None
        v = float(d[key].iloc[i])
        return None if math.isnan(v) else round(v / scale, 12)

    out = []
    for i in range(len(d)):
        out.append(
            {
                "row": int(d["row"].iloc[i]),
                "unit": str(d["unit"].iloc[i]),
                "category": str(d["category"].iloc[i]),
                "capacity_mw": number("capacity", i),
                "cooling": str(d["cooling"].iloc[i]),
                "power_mwh": number("power", i),
                "heat_gj": number("heat", i),
                "load_factor": number("load_factor", i, 100.0),
                "heat_ratio": number("heat_ratio", i, 100.0),
            }
        )
    return tuple(out)


def _check(ctx: Context, table: SheetTable) -> None:
    d = table.data
    for key, choices, code in (
        ("category", schema.UNIT_CATEGORIES, "unit-category-unknown"),
        ("cooling", schema.COOLING, "cooling-unknown"),
    ):
        if key not in table.letters:
            continue
        values = d[key].to_numpy(object)
        for i in np.flatnonzero([v != "" and v not in choices for v in values]):
            ctx.flag(
                code, table, key, i, values[i], "、".join(f"「{c}」" for c in choices) + suggest(values[i], choices)
            )
    for key in ("capacity", "power", "heat"):
        if key in table.letters:
            for i in np.flatnonzero(d[key].to_numpy(float) < 0):
                ctx.flag("negative-quantity", table, key, i, f"{d[key].iloc[i]:g}")
    for key in ("load_factor", "heat_ratio"):
        if key not in table.letters:
            continue
        raw = d[key].to_numpy(float)
        for code, rows in (
            ("percent-as-fraction", (raw > 0) & (raw <= 1)),
            ("percent-over-100", raw > 100),
            ("negative-quantity", raw < 0),
        ):
            for i in np.flatnonzero(rows):
                ctx.flag(code, table, key, i, f"{raw[i]:g}")
