"""Calculation: a read submission and a method in, one :class:`~accounting.result.Result` out."""

from __future__ import annotations

import dataclasses
import datetime

import numpy as np
import pandas as pd

from accounting import units
from accounting.arrays import conversions
from accounting.calc import checks
from accounting.calc.context import Context, Options
from accounting.calc.energy_flows import energy_lines
from accounting.calc.fuel import fuel_lines
from accounting.calc.generating_units import generating_units
from accounting.calc.power import power_intensities
from accounting.calc.process import process_lines
from accounting.calc.terms import Inputs
from accounting.errors import InvalidSubmission, MethodError
from accounting.factors import Library, bundled
from accounting.issues import Issue, IssueList, ValidationReport
from accounting.result import (
    GASES,
    Categories,
    Energy,
    Enterprise,
    Gases,
    Intensity,
    Month,
    Origin,
    Product,
    Result,
    Scope2,
)
from accounting.schema import ANNUAL, ENERGY, FUEL, SHEETS, Sheet, sheet_for
from accounting.submission import SheetTable, Submission
from accounting.vocabulary import sector_items

__all__ = ["Options", "calculate", "validate"]


def _table(submission: Submission, sheet: Sheet) -> SheetTable:
    """The submission's table for ``sheet``, or an empty one with every column."""
    found = submission.table(sheet.key)
    if found is not None:
        return found
    columns = {c.key: pd.Series(dtype=float if c.kind == "number" else object) for c in sheet.columns}
    columns["row"] = pd.Series(dtype=np.int64)
    columns["month"] = pd.Series(dtype=np.int64)
    return SheetTable(sheet, sheet.zh, {}, pd.DataFrame(columns))


def calculate(
    submission: Submission, method: str | None = None, options: Options | None = None, library: Library | None = None
) -> Result:
    """Emissions and energy of ``submission`` by ``method`` (default: by sector and year).

    Raises :class:`InvalidSubmission`, holding every issue, when the submission has errors:
    those found reading it and those found calculating, all together.
    """
    library = library or bundled()
    options = options or Options()
    provisional = any(i.severity == "error" and i.sheet == submission.info_sheet for i in submission.issues)
    if provisional:
        # Without a valid year, sector or province no result can be given; the tables are still
        # checked, with the method of a stand-in, so that every issue is reported at once.
        submission = _stand_in(submission)
    chosen = library.method(method) if method else library.default_method(submission.sector, submission.year)
    ctx = Context(library, chosen, submission, options, IssueList(submission.issues))
    checks.check(ctx)
    fuel = fuel_lines(ctx, _table(submission, FUEL))
    flows = energy_lines(ctx, _table(submission, ENERGY))
    process, inputs = process_lines(ctx, submission.table("process"), fuel)
    production = _production(ctx)
    units = generating_units(ctx)
    if provisional:
        ctx.issues = IssueList(i for i in ctx.issues.closed() if not i.code.startswith("factor-"))
    _refuse_if_invalid(submission, ctx.issues.closed())
    return dataclasses.replace(_assemble(ctx, fuel, flows, process, inputs, production), units=units)


def validate(
    submission: Submission, method: str | None = None, options: Options | None = None, library: Library | None = None
) -> ValidationReport:
    """Every issue of ``submission``, errors and warnings, from reading, checking and calculating."""
    try:
        result = calculate(submission, method, options, library)
    except InvalidSubmission as exc:
        return exc.report
    return ValidationReport(submission.file, result.issues)


def _stand_in(submission: Submission) -> Submission:
    """The submission with a usable year and sector where 基本信息 lacks them."""
    info = dict(submission.info)
    info.setdefault("year", datetime.date.today().year - 1)
    info.setdefault("sector", "other")
    return dataclasses.replace(submission, info=info)


def ordered(issues: list[Issue] | tuple[Issue, ...]) -> tuple[Issue, ...]:
    """Issues once each, by sheet (in template order), row and column; whole-sheet issues first."""

    def key(issue: Issue) -> tuple[int, str, int, int, str]:
        letters = issue.cell.rstrip("0123456789")
        row = int(issue.cell[len(letters) :] or 0)
        sheet = sheet_for(issue.sheet)
        position = -1 if not issue.sheet else SHEETS.index(sheet) if sheet else len(SHEETS)
        return (position, issue.sheet, row, len(letters), letters)

    return tuple(sorted(dict.fromkeys(issues), key=key))


def _refuse_if_invalid(submission: Submission, issues: list[Issue]) -> None:
    report = ValidationReport(submission.file, ordered(issues))
    if not report.valid:
        raise InvalidSubmission(report, file=submission.file)


def _gwp(ctx: Context) -> dict[str, float]:
    t = ctx.set(ctx.method.gwp).table()
    rows = t[t.gwp_set == ctx.gwp_set]
    if rows.empty:
        raise MethodError(f"没有 GWP 版本「{ctx.gwp_set}」", expected="、".join(sorted(set(t.gwp_set))))
    return dict(zip(rows.gas, rows.gwp100.astype(float), strict=True))


def _assemble(
    ctx: Context,
    fuel: pd.DataFrame,
    flows: pd.DataFrame,
    process: pd.DataFrame,
    inputs: Inputs,
    production: tuple[Product, ...],
) -> Result:
    s = ctx.submission
    elec = flows[flows.is_electricity]
    heat = flows[flows.is_heat]
    gwp = _gwp(ctx)
    counted = process.counted.to_numpy(bool)
    per_gas = process[counted].groupby("gas").t_gas.sum()
    missing = sorted(set(per_gas.index) - set(gwp))
    if missing:
        raise MethodError(f"GWP 版本「{ctx.gwp_set}」缺少气体 {'、'.join(missing)}")
    process = process.assign(tco2e=process.t_gas * process.gas.map(gwp).astype(float))
    by_category = Categories(
        fuel_combustion=float(fuel.tco2.sum()),
        process=float(process.tco2e[counted].sum()),
        net_purchased_electricity=float(elec.tco2.sum()),
        net_purchased_heat=float(heat.tco2.sum()),
    )
    amounts = dict.fromkeys(GASES, 0.0) | {str(gas): float(amount) for gas, amount in per_gas.items()}
    amounts["CO2"] = (
        amounts["CO2"]
        + by_category.fuel_combustion
        + by_category.net_purchased_electricity
        + by_category.net_purchased_heat
    )
    by_gas = Gases(**amounts)
    for gas, amount in by_gas.items():
        if amount:
            ctx.cite(
                ctx.method.gwp,
                f"{ctx.gwp_set}/{gas}",
                gwp[gas],
                "1",
                f"IPCC-{ctx.gwp_set}",
                "secondary",
                f"{gas} GWP ({ctx.gwp_set})",
            )
    tco2e = sum(amount * gwp.get(gas, 0.0) for gas, amount in by_gas.items())
    market = flows.tco2_market.to_numpy(float)
    # absent (None) when an electricity line had no market-based factor (market-factor-missing)
    scope2 = Scope2(
        location_based=float(flows.tco2.sum()), market_based=None if np.isnan(market).any() else float(market.sum())
    )

    months = np.concatenate(
        [fuel.month.to_numpy(np.int64), flows.month.to_numpy(np.int64), process.month.to_numpy(np.int64)[counted]]
    )
    tonnes = np.concatenate(
        [fuel.tco2.to_numpy(float), flows.tco2.to_numpy(float), process.tco2e.to_numpy(float)[counted]]
    )
    ok = months >= 0
    present = np.bincount(months[ok], minlength=13) > 0
    sums = np.bincount(months[ok], weights=tonnes[ok], minlength=13)
    per_month = {int(m): float(sums[m]) for m in np.flatnonzero(present)}
    by_month = tuple(Month(int(m), v) for m, v in per_month.items() if m != ANNUAL)
    feedstock = fuel.use == "feedstock"
    energy = Energy(
        tce=float(fuel.tce.sum() + flows.tce.sum()),
        tce_feedstock=float(fuel.tce[feedstock].sum()),
        tce_fuel=float(fuel.tce[~feedstock].sum()),
        tce_electricity=float(elec.tce.sum()),
        tce_heat=float(heat.tce.sum()),
        electricity_basis=str(elec.tce_basis.iloc[0]) if len(elec) else "当量值",
        mwh_net=float((elec.mwh * elec.sign).sum()),
        gj_heat_net=float((heat.heat_gj * heat.sign).sum()),
    )
    intensity = _intensities(ctx, production, tco2e, inputs, by_category)
    cited = sorted(ctx.cited.values(), key=lambda c: (c.factor_set, c.key))
    sources = {sid: vars(ctx.library.sources[sid]) for sid in sorted({c.source_id for c in cited})}
    warnings = ordered([i for i in ctx.issues if i.severity == "warning"])
    return Result(
        enterprise=Enterprise(**{k: str(s.info.get(k, "")) for k in ("uscc", "name", "province", "city", "sector")}),
        year=s.year,
        method=ctx.method.id,
        factor_sets=ctx.method.set_ids,
        gwp_set=ctx.gwp_set,
        by_category=by_category,
        by_gas=by_gas,
        tco2e=tco2e,
        scope2=scope2,
        energy=energy,
        production=production,
        intensity=intensity,
        by_month=by_month,
        annual_only=float(per_month.get(ANNUAL, 0.0)),
        issues=warnings,
        citations=tuple(cited),
        sources=sources,
        fuel_lines=fuel,
        energy_lines=flows,
        process_lines=process,
        entered={
            "process": _entered(s.tables.get("process"), ["row", "process", "parameter", "month", "value", "unit"]),
            "economics": _entered(s.tables.get("economics"), ["row", "indicator", "value", "unit"]),
        },
        origin=Origin(s.file, s.sha256, {key: (t.name, dict(t.letters)) for key, t in s.tables.items()}),
    )


def _entered(table: SheetTable | None, columns: list[str]) -> pd.DataFrame:
    """A table as entered (Excel's row number first), empty where the submission has none."""
    if table is None:
        return pd.DataFrame(columns=columns)
    return table.data.reindex(columns=columns).reset_index(drop=True)


def _intensities(
    ctx: Context, production: tuple[Product, ...], tco2e: float, inputs: Inputs, by_category: Categories
) -> tuple[Intensity, ...]:
    """tCO2e per unit of each product; the sector's own intensities where its guideline defines them.

    发电: the facility's CO2 (fuel and purchased electricity) split by 供热比 over power and heat
    supplied; 平板玻璃: also per 重量箱 (weight box).
    """
    sector = ctx.submission.sector
    own: tuple[Intensity, ...] = ()
    if sector == "power":
        facility = by_category.fuel_combustion + by_category.net_purchased_electricity
        own = power_intensities(inputs, facility)
    skip = {"供电量", "供热量"} if sector == "power" else set()
    out = [
        Intensity(f"tCO2e/{p.unit} {p.product}", p.product, tco2e / p.quantity)
        for p in production
        if p.quantity and p.product not in skip
    ]
    if sector == "glass":
        out += [
            Intensity(f"tCO2e/重量箱 {p.product}", p.product, tco2e / (p.quantity * units.factor(p.unit, "重量箱")))
            for p in production
            if p.quantity and units.fits(p.unit, "重量箱")
        ]
    return own + tuple(out) + _economic_intensity(ctx, tco2e)


def _production(ctx: Context) -> tuple[Product, ...]:
    """Output per product in the sector's unit for it; else in t, MWh or GJ when its first unit fits."""
    table = ctx.submission.table("production")
    if table is None or not len(table):
        return ()
    d = table.data
    vocabulary = sector_items(ctx.submission.sector)
    out = []
    for product, rows in d.groupby("product", sort=False):
        target = vocabulary.unit_for(str(product), str(rows.unit.iloc[0]))
        factor, status = conversions(rows.unit.to_numpy(object), target)
        ctx.report_units(table, "unit", _spread(status, rows.index, len(d)), np.full(len(d), target, object))
        out.append(Product(str(product), float(np.nansum(rows.quantity.to_numpy() * factor)), target))
    return tuple(out)


def _economic_intensity(ctx: Context, tco2e: float) -> tuple[Intensity, ...]:
    """tCO2e per 万元 of each monetary indicator of 经济指标 (工业增加值 …)."""
    table = ctx.submission.table("economics")
    if table is None or not len(table):
        return ()
    out = []
    for row in table.data.itertuples():
        if units.fits(str(row.unit), "万元") and row.value:
            per = row.value * units.factor(str(row.unit), "万元")
            out.append(Intensity(f"tCO2e/万元 {row.indicator}", str(row.indicator), tco2e / per))
    return tuple(out)


def _spread(values: np.ndarray, index: pd.Index, n: int) -> np.ndarray:
    """``values`` for the rows at ``index``, '' for the rest of a table of ``n`` rows."""
    out = np.full(n, "", dtype=object)
    out[index.to_numpy()] = values
    return out
