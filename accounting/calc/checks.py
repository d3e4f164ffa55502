"""Checks of a read submission's tables that no single cell shows: every one runs on arrays.

Per table: negative quantities; rows entered twice; one item reported both by month and for the
whole year; months missing from an item reported monthly; month-over-month jumps beyond a factor
(``Options.jump_factor``); names outside the sector's products and processes. Across tables:
production in a month without any energy, or energy without production. Fuel parameters (bands
around the defaults, percentages) are checked where they are converted, in
:mod:`accounting.calc.fuel`; 基本信息 is checked by the reader.

An *item* is what a row reports over the months: a fuel burnt in a source for a use, a type of
electricity or heat, a product, a process parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from accounting import schema
from accounting.arrays import Coded, conversions
from accounting.calc.context import Context
from accounting.calc.energy_flows import SIGN
from accounting.issues import Issue
from accounting.submission import SheetTable
from accounting.vocabulary import sector_items, suggest

MONTHS = 13  # 0 = 全年, 1–12


@dataclass(frozen=True)
class Layout:
    """Which columns of a sheet name its item and hold its quantity."""

    item: tuple[str, ...]
    name: str  # the column that names the item, where whole-row issues are placed
    quantity: str
    repeat_label: str  # the key of row-repeated, in words; '' when repeated items are normal


LAYOUTS = {
    "fuel": Layout(("source", "fuel", "use"), "fuel", "quantity", "排放设施、燃料品种、用途和月份"),
    "energy": Layout(("type",), "type", "quantity", ""),  # several meters of one type in a month are normal
    "process": Layout(("process", "parameter"), "parameter", "value", "过程、参数和月份"),
    "production": Layout(("product",), "product", "quantity", "产品和月份"),
}


def check(ctx: Context) -> None:
    """Append every issue the checks find to ``ctx.issues``."""
    tables = ctx.submission.tables
    for key, layout in LAYOUTS.items():
        table = tables.get(key)
        if table is None or not len(table):
            continue
        items = _codes(table, layout.item)
        first = np.unique(items, return_index=True)[1]  # each item's first row
        _negative(ctx, table, layout.quantity)
        _duplicates(ctx, table, layout)
        _months(ctx, table, items, first, layout)
        _jumps(ctx, table, items, first, layout)
    if "production" in tables:
        _products(ctx, tables["production"])
    if "process" in tables:
        _processes(ctx, tables["process"])
    _production_and_energy(ctx)


def _codes(table: SheetTable, keys: tuple[str, ...] | list[str]) -> np.ndarray:
    """A dense integer per row, equal where the rows agree in every column of ``keys``.

    Each column is factorised once per table (:meth:`SheetTable.coded`); NaN and blank count as equal
    values.
    """
    d = table.data
    codes = np.zeros(len(d), dtype=np.int64)
    span = 1  # codes lie in [0, span)
    for key in keys:
        if key not in d:
            continue
        column = table.coded(key).inverse  # NaN and blank a value of their own
        width = int(column.max(initial=0)) + 1
        if span * width >= 2**62:  # renumber before the product could overflow
            codes, span = pd.factorize(codes)[0], int(codes.max(initial=0)) + 1
        codes = codes * width + column
        span *= width
    return pd.factorize(codes)[0]  # dense: 0 … number of distinct keys − 1


def _negative(ctx: Context, table: SheetTable, key: str) -> None:
    if key not in table.data:
        return
    values = table.data[key].to_numpy(float)
    for i in np.flatnonzero(values < 0):
        ctx.flag("negative-quantity", table, key, i, _number(values[i]))


def _duplicates(ctx: Context, table: SheetTable, layout: Layout) -> None:
    d = table.data
    rows = d["row"].to_numpy()
    whole = _codes(table, [c.key for c in table.schema.columns])
    identical = _repeats(whole)
    for i in np.flatnonzero(identical >= 0):
        ctx.flag("row-duplicate", table, layout.name, i, expected=str(rows[identical[i]]))
    if not layout.repeat_label or "month" not in d:
        return
    keyed = _repeats(_codes(table, [*layout.item, "month"]))
    for i in np.flatnonzero((keyed >= 0) & (identical < 0)):
        ctx.flag("row-repeated", table, "month", i, layout.repeat_label, str(rows[keyed[i]]))


def _repeats(codes: np.ndarray) -> np.ndarray:
    """Per row: the position of the first row with the same code, or -1 for a first occurrence."""
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    earlier = first[inverse]
    return np.where(earlier < np.arange(len(codes)), earlier, -1)


def _presence(items: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Item × month (0 = 全年, 1–12): whether any row reports it."""
    ok = months >= 0
    present = np.zeros((int(items.max(initial=-1)) + 1, MONTHS), dtype=bool)
    present[items[ok], months[ok]] = True
    return present


def _label(table: SheetTable, layout: Layout, position: int | np.integer) -> str:
    d = table.data
    return " / ".join(str(d[k].iloc[position]) for k in layout.item if k in d and d[k].iloc[position] != "")


def _months(ctx: Context, table: SheetTable, items: np.ndarray, first: np.ndarray, layout: Layout) -> None:
    d = table.data
    if "month" not in d:
        return
    months = d["month"].to_numpy()
    present = _presence(items, months)
    monthly = present[:, 1:].any(axis=1)
    # a rate (a content, a ratio) given for 全年 is the value of every month without its own
    rate = _rates(ctx, table, first) & present[:, 0]
    mixed = present[:, 0] & monthly & ~rate
    for i in np.flatnonzero(mixed[items] & (months == schema.ANNUAL)):
        ctx.flag("month-annual-mixed", table, "month", i, _label(table, layout, i))
    incomplete = monthly & ~present[:, 1:].all(axis=1) & ~rate
    if incomplete.any():
        for item in np.flatnonzero(incomplete):
            missing = "、".join(str(m) for m in range(1, MONTHS) if not present[item, m])
            ctx.flag("months-missing", table, layout.name, first[item], _label(table, layout, first[item]), missing)


def _rates(ctx: Context, table: SheetTable, first: np.ndarray) -> np.ndarray:
    """Per item of the 过程排放 sheet: whether it is a rate rather than an amount (False elsewhere)."""
    out = np.zeros(len(first), dtype=bool)
    if table.schema.key != "process" or "parameter" not in table.data:
        return out
    vocabulary = sector_items(ctx.submission.sector)
    d = table.data
    for item, position in enumerate(first):
        process = vocabulary.process(str(d["process"].iloc[position]))
        parameter = process.parameter(str(d["parameter"].iloc[position])) if process else None
        out[item] = parameter is not None and not parameter.is_amount
    return out


def _monthly_sums(table: SheetTable, items: np.ndarray, first: np.ndarray, quantity: str) -> np.ndarray:
    """Item × month sums of the quantity, each row converted into its item's first unit (NaN: none)."""
    d = table.data
    months = d["month"].to_numpy()
    values = d[quantity].to_numpy(float)
    if "unit" in d:
        unit_texts = d["unit"].to_numpy(object)
        # one conversion per distinct (unit, item's unit) pair, not per item
        factor, _status = conversions(unit_texts, Coded.of(unit_texts[first][items]))
        values = values * factor
    ok = (months > 0) & ~np.isnan(values)
    n = int(items.max(initial=-1)) + 1
    cell = items[ok] * MONTHS + months[ok]
    flat = np.bincount(cell, weights=values[ok], minlength=n * MONTHS)
    counted = np.bincount(cell, minlength=n * MONTHS) > 0
    return np.where(counted, flat, np.nan).reshape(n, MONTHS)


def _jumps(ctx: Context, table: SheetTable, items: np.ndarray, first: np.ndarray, layout: Layout) -> None:
    d = table.data
    if "month" not in d or layout.quantity not in d or not len(d):
        return
    factor = ctx.options.jump_factor
    sums = _monthly_sums(table, items, first, layout.quantity)
    before, after = sums[:, 1:-1], sums[:, 2:]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = after / before
    jumped = (before > 0) & (after > 0) & ((ratio > factor) | (ratio < 1 / factor))
    if not jumped.any():
        return
    flat = items * MONTHS + d["month"].to_numpy()
    keys, first = np.unique(flat, return_index=True)
    where = dict(zip(keys.tolist(), first.tolist(), strict=True))
    for item, m in zip(*np.nonzero(jumped), strict=True):
        month = int(m) + 2
        ctx.flag(
            "month-jump",
            table,
            layout.quantity,
            where[int(item) * MONTHS + month],
            f"{ratio[item, m]:.2f}",
            f"{factor:g}",
        )


def _products(ctx: Context, table: SheetTable) -> None:
    vocabulary = sector_items(ctx.submission.sector)
    if vocabulary.products is None or "product" not in table.data:
        return
    names = Coded.of(table.data["product"].to_numpy(object))
    known = names.map(lambda n: n == "" or vocabulary.product(n) is not None, bool)
    choices = [p.name for p in vocabulary.products]
    for i in np.flatnonzero(~known):
        name = table.data["product"].iloc[i]
        ctx.flag("product-unknown", table, "product", i, name, f"（{'、'.join(choices)}）{suggest(name, choices)}")


def _processes(ctx: Context, table: SheetTable) -> None:
    vocabulary = sector_items(ctx.submission.sector)
    d = table.data
    if "process" not in d or "parameter" not in d:
        return
    processes = [p.name for p in vocabulary.processes]
    pairs = Coded.of(d["process"].to_numpy(object)).pair(Coded.of(d["parameter"].to_numpy(object)))

    def unit_of(pair: tuple[str, str]) -> str:
        process = vocabulary.process(pair[0])
        item = process.parameter(pair[1]) if process else None
        return item.unit if item else ""

    targets = pairs.map(unit_of, object)
    for i in np.flatnonzero(targets == ""):
        process_name, parameter = d["process"].iloc[i], d["parameter"].iloc[i]
        if process_name == "" or parameter == "":
            continue  # a blank required cell: reported by the reader
        process = vocabulary.process(process_name)
        if process is None:
            choices = f"（{'、'.join(processes)}）" if processes else "（本行业无过程排放项）"
            ctx.flag("process-unknown", table, "process", i, process_name, choices + suggest(process_name, processes))
        else:
            names = [p.name for p in process.parameters]
            ctx.flag(
                "parameter-unknown", table, "parameter", i, parameter, f"「{process.name}」{suggest(parameter, names)}"
            )
    known = targets != ""
    if "unit" in d and known.any():
        _factor, status = conversions(d["unit"].to_numpy(object), Coded.of(targets))
        ctx.report_units(table, "unit", np.where(known, status, ""), targets)


def _energy_months(ctx: Context) -> tuple[np.ndarray, bool, dict[int, tuple[SheetTable, int]]]:
    """Months (index 1–12) with energy used; whether any whole-year energy row exists; first row per month."""
    used = np.zeros(MONTHS, dtype=bool)
    first: dict[int, tuple[SheetTable, int]] = {}
    annual = False
    for key in ("fuel", "energy"):
        table = ctx.submission.tables.get(key)
        if table is None or not len(table) or "month" not in table.data:
            continue
        d = table.data
        positive = d["quantity"].to_numpy(float) > 0
        if key == "energy" and "type" in d:
            purchased = Coded.of(d["type"].to_numpy(object)).map(
                lambda t: SIGN.get(schema.energy_type(t) or "", 0.0) > 0, bool
            )
            positive &= purchased
        months = d["month"].to_numpy()
        annual |= bool((positive & (months == schema.ANNUAL)).any())
        for m in np.unique(months[positive & (months > 0)]):
            used[m] = True
            first.setdefault(int(m), (table, int(np.flatnonzero(positive & (months == m))[0])))
    return used, annual, first


def _production_and_energy(ctx: Context) -> None:
    production = ctx.submission.tables.get("production")
    used, energy_annual, energy_first = _energy_months(ctx)
    has_energy = energy_annual or used.any()
    if production is None or not len(production) or "month" not in production.data:
        if has_energy:
            ctx.issues.append(Issue("energy-without-production", schema.PRODUCTION.zh, "", "本年度"))
        return
    d = production.data
    positive = d["quantity"].to_numpy(float) > 0
    months = d["month"].to_numpy()
    if not positive.any():
        if has_energy:
            ctx.issues.append(Issue("energy-without-production", production.name, "", "本年度"))
        return
    if not has_energy:
        ctx.flag("production-without-energy", production, "quantity", int(np.flatnonzero(positive)[0]), "本年度")
        return
    produced = np.zeros(MONTHS, dtype=bool)
    produced[months[positive & (months > 0)]] = True
    production_annual = bool((positive & (months == schema.ANNUAL)).any())
    for m in range(1, MONTHS):
        if produced[m] and not used[m] and not energy_annual:
            i = int(np.flatnonzero(positive & (months == m))[0])
            ctx.flag("production-without-energy", production, "quantity", i, f"{m} 月")
        if used[m] and not produced[m] and not production_annual and produced.any():
            table, i = energy_first[m]
            ctx.flag("energy-without-production", table, "quantity", i, f"{m} 月")


def _number(value: float) -> str:
    return f"{value:g}"
