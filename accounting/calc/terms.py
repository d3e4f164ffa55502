"""Process emissions, the engine: the 过程排放 sheet and the monthly production as 13-slot vectors.

Every sector method (:mod:`accounting.calc.sectors`) works on vectors of 13 slots (0 = 全年, 1–12 =
months): an amount (t, 万Nm3) is the sum of its rows per slot; a rate (%, t/t, kg/t) is its row's
value, a month without one taking the 全年 value, then the default of the method's process set
(``factors/process-cn``); the 全年 slot without a value of its own takes the mean of the given
months. A term is then activity × factor per slot, kept per gas (t of gas); CO2e comes later,
with the method's GWP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from accounting.arrays import Coded, conversions
from accounting.calc.context import Context
from accounting.factors import FactorSet
from accounting.issues import Issue
from accounting.submission import SheetTable
from accounting.vocabulary import SectorItems, sector_items

SLOTS = 13  # 0 = 全年, 1–12
MEASURED, DEFAULT, ASSUMED = "实测", "缺省", "未填按100%"


@dataclass(frozen=True)
class Rate:
    """A rate per slot and, per slot, where it came from."""

    value: np.ndarray
    basis: np.ndarray


@dataclass
class Inputs:
    """The 过程排放 sheet pivoted by (process, parameter) and slot, and the production by product."""

    table: SheetTable | None
    items: SectorItems
    sums: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    counts: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    first: dict[str, int] = field(default_factory=dict)  # a process's first row position
    production: dict[str, np.ndarray] = field(default_factory=dict)

    def given(self, process: str, name: str) -> bool:
        return (process, name) in self.sums

    def processes(self) -> set[str]:
        return {p for p, _ in self.sums}

    def names(self, process: str) -> list[str]:
        return [n for p, n in self.sums if p == process]

    def amount(self, process: str, name: str) -> np.ndarray:
        return self.sums.get((process, name), np.zeros(SLOTS))

    def rate(self, process: str, name: str, default: float = np.nan, label: str = DEFAULT) -> Rate:
        value = np.full(SLOTS, np.nan)
        if (process, name) in self.sums:
            counts = self.counts[(process, name)]
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(counts > 0, self.sums[(process, name)] / counts, np.nan)
            months = value[1:]
            value[1:] = np.where(np.isnan(months), value[0], months)
            if np.isnan(value[0]) and not np.isnan(months).all():
                value[0] = np.nanmean(months)
        basis = np.where(np.isnan(value), label, MEASURED).astype(object)
        return Rate(np.where(np.isnan(value), default, value), basis)

    def output(self, product: str) -> np.ndarray:
        return self.production.get(product, np.zeros(SLOTS))


@dataclass
class Terms:
    """The lines of a process calculation, gathered per term and slot."""

    ctx: Context
    inputs: Inputs
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        process: str,
        item: str,
        gas: str,
        activity: np.ndarray,
        activity_unit: str,
        factor: np.ndarray | float,
        factor_unit: str,
        basis: np.ndarray | str,
        formula: np.ndarray | str,
        sign: int = 1,
        scale: float = 1.0,
    ) -> None:
        """t of ``gas`` = sign × activity × factor × scale, per slot where the activity is non-zero.

        ``factor``, ``basis`` and ``formula`` are one for every slot or one per slot."""
        factor = np.broadcast_to(np.asarray(factor, dtype=float), (SLOTS,))
        basis = np.broadcast_to(np.asarray(basis, dtype=object), (SLOTS,))
        formula = np.broadcast_to(np.asarray(formula, dtype=object), (SLOTS,))
        for slot in np.flatnonzero(np.nan_to_num(activity) != 0):
            self.rows.append(
                {
                    "process": process,
                    "item": item,
                    "gas": gas,
                    "month": slot,
                    "activity": float(activity[slot]),
                    "activity_unit": activity_unit,
                    "factor": float(factor[slot]),
                    "factor_unit": factor_unit,
                    "basis": str(basis[slot]),
                    "formula": str(formula[slot]),
                    "sign": sign,
                    "t_gas": sign * float(activity[slot]) * float(factor[slot]) * scale,
                }
            )

    def default(self, key: str) -> float:
        """The process set's value for ``key``, cited (and flagged when uncertain); NaN if none."""
        table = _process_rows(self.ctx.set(self.ctx.method.process))
        if key not in table.index:
            return np.nan
        row = table.loc[key]
        self.ctx.cite(
            self.ctx.method.process,
            key,
            float(row.value),
            str(row.unit),
            str(row.source_id),
            str(row.confidence),
            str(row["name"]),
        )
        if row.confidence == "uncertain":
            self.ctx.issues.append(Issue("factor-uncertain", value=f"{self.ctx.method.process} {row['name']}"))
        return float(row.value)

    def missing(self, process: str, parameter: str) -> None:
        self.at_process("process-parameter-missing", process, parameter)

    def no_production(self, process: str, product: str) -> None:
        self.at_process("process-production-missing", process, product)

    def unused(self, process: str, why: str) -> None:
        self.at_process("process-parameter-unused", process, why)

    def at_process(self, code: str, process: str, expected: str) -> None:
        table = self.inputs.table
        if table is None or process not in self.inputs.first:
            self.ctx.issues.append(Issue(code, value=process, expected=expected))
        else:
            self.ctx.flag(code, table, "process", self.inputs.first[process], process, expected)


@cache
def _process_rows(fs: FactorSet) -> pd.DataFrame:
    t = fs.table()
    return t[t.valid_from == ""].set_index("key")


def gather(ctx: Context, table: SheetTable | None) -> Inputs:
    """The 过程排放 rows of known (process, parameter) and usable value, summed per slot."""
    items = sector_items(ctx.submission.sector)
    inputs = Inputs(table, items, production=_monthly_production(ctx, items))
    if table is None or not len(table.data) or "parameter" not in table.data:
        return inputs
    d = table.data
    pairs = Coded.of(d["process"].to_numpy(object)).pair(Coded.of(d["parameter"].to_numpy(object)))

    def canonical(pair: tuple[str, str]) -> tuple[str, str, str]:
        process = items.process(str(pair[0]))
        item = process.parameter(str(pair[1])) if process else None
        return (process.name, item.name, item.unit) if process and item else ("", "", "")

    per_pair = [canonical(pair) for pair in pairs.uniques]
    codes = pairs.inverse
    targets = np.array([n[2] for n in per_pair], dtype=object)[codes]
    known = targets != ""
    # percentages are kept as fractions; every other rate and amount in its item's unit
    factor, _status = conversions(
        d["unit"].to_numpy(object), Coded.of(np.where(targets == "%", "dimensionless", targets))
    )
    value = d["value"].to_numpy(float) * factor
    months = d["month"].to_numpy()
    usable = known & ~np.isnan(value) & (months >= 0) & (value >= 0)
    _screen(ctx, items, table, per_pair, codes, value, usable)
    # per distinct (process, parameter) text pair: its first row, its sums and counts per slot
    present, first = np.unique(codes[known], return_index=True)
    for code, position in sorted(zip(present, np.flatnonzero(known)[first], strict=True), key=lambda c: c[1]):
        inputs.first.setdefault(per_pair[int(code)][0], int(position))
    sums = np.zeros((len(pairs.uniques), SLOTS))
    counts = np.zeros((len(pairs.uniques), SLOTS))
    np.add.at(sums, (codes[usable], months[usable]), value[usable])
    np.add.at(counts, (codes[usable], months[usable]), 1)
    for code in np.flatnonzero(counts.any(axis=1)):
        key = per_pair[int(code)][:2]
        inputs.sums[key] = inputs.sums.get(key, 0) + sums[code]
        inputs.counts[key] = inputs.counts.get(key, 0) + counts[code]
    return inputs


def _screen(
    ctx: Context,
    items: SectorItems,
    table: SheetTable,
    per_pair: list[tuple[str, str, str]],
    codes: np.ndarray,
    value: np.ndarray,
    usable: np.ndarray,
) -> None:
    """Percentages over 100 are errors; values outside an item's screening band, warnings.

    ``per_pair``: (process, parameter, unit) of each distinct text pair, ``codes`` its index per row.
    """
    bands = {
        (process.name, item.name): item.band for process in items.processes for item in process.parameters if item.band
    }
    found = [bands.get(pair[:2]) for pair in per_pair]
    low = np.array([b[0] if b else -np.inf for b in found])[codes]
    high = np.array([b[1] if b else np.inf for b in found])[codes]
    unit = np.array([pair[2] for pair in per_pair], dtype=object)[codes]
    shown = value * np.where(unit == "%", 100.0, 1.0)  # in the band's unit
    raw = table.data["value"].to_numpy(float)
    over = usable & (unit == "%") & (value > 1.0)
    for i in np.flatnonzero(over):
        ctx.flag("percent-over-100", table, "value", i, f"{raw[i]:g}")
    for i in np.flatnonzero(usable & ~over & ((shown < low) | (shown > high))):
        ctx.flag("process-parameter-implausible", table, "value", i, f"{raw[i]:g}", f"{low[i]:g}–{high[i]:g} {unit[i]}")


def _monthly_production(ctx: Context, items: SectorItems) -> dict[str, np.ndarray]:
    table = ctx.submission.table("production")
    out: dict[str, np.ndarray] = {}
    if table is None or not len(table.data):
        return out
    d = table.data
    names = Coded.of(d["product"].to_numpy(object))
    firsts = d.groupby("product", sort=False).unit.first()

    def known(name: object) -> tuple[str, str]:
        item = items.product(str(name))
        return (item.name if item else str(name), items.unit_for(str(name), str(firsts[name])))

    pairs = names.map(known, object)
    canonical = np.array([p[0] for p in pairs], dtype=object)
    targets = np.array([p[1] for p in pairs], dtype=object)
    factor, _status = conversions(d["unit"].to_numpy(object), Coded.of(targets))
    quantity = d["quantity"].to_numpy(float) * factor
    months = d["month"].to_numpy()
    ok = ~np.isnan(quantity) & (months >= 0)
    for name in dict.fromkeys(canonical[ok]):
        rows = ok & (canonical == name)
        out[str(name)] = np.bincount(months[rows], weights=quantity[rows], minlength=SLOTS)[:SLOTS]
    return out
