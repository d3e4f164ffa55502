"""The annual greenhouse-gas emission report (企业温室气体排放报告) as a :class:`Document`.

Sections: cover, enterprise and boundary, summary by category, gas and scope, fossil fuels,
electricity and heat, process emissions, production and intensity, months (with a chart),
data quality, methods and factors, declaration. Numbers come from the result; the builders only
sum its lines (:mod:`accounting.report.tables`) and choose words.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from accounting import schema
from accounting.report import tables as T
from accounting.report.document import Chart, Document, Labels, Section, Table, rows
from accounting.report.provenance import method_title, methods_section, report_meta
from accounting.result import Result


def basis_text(L: Labels, basis: str) -> str:
    if basis.startswith("partly:"):
        return L("basis.partly", share=basis.split(":", 1)[1])
    return L[f"basis.{basis}"]


def enterprise_report(result: Result, lang: str = "zh", *, today: date | None = None) -> Document:
    L = Labels(lang)
    e = result.enterprise
    meta = report_meta(today)
    title = L("enterprise.title", year=result.year)
    sections = (
        _cover(result, L, meta),
        _boundary(result, L),
        _summary(result, L),
        _fuel(result, L),
        _energy(result, L),
        _process(result, L),
        _production(result, L),
        _months(result, L),
        _quality(result, L),
        methods_section(result, L),
        _declaration(L),
    )
    return Document("enterprise", lang, title, e.name, f"{e.name} · {title}", sections, meta)


def _cover(result: Result, L: Labels, meta: dict[str, str]) -> Section:
    e = result.enterprise
    fields = (
        (L["info.name"], e.name, "text"),
        (L["info.uscc"], e.uscc, "text"),
        (L["info.sector"], schema.sector_name(e.sector, L.lang), "text"),
        (L["info.region"], " ".join(filter(None, (L.terms(e.province), e.city))), "text"),
        (L["info.year"], str(result.year), "text"),
        (L["cover.total"], result.tco2e, "t"),
        (L["cover.tce"], result.energy.tce, "t"),
        (L["methods.method"], method_title(result.method, L.lang), "text"),
        (L["cover.generated"], meta["generated"], "text"),
        (L["cover.tool"], f"tanhe {meta['version']}", "text"),
    )
    paragraphs = (
        (L("cover.not_official", n=len({c.source_id for c in result.not_official})),) if result.not_official else ()
    )
    return Section("cover", L["cover.title"], fields=fields, paragraphs=paragraphs)


def _boundary(result: Result, L: Labels) -> Section:
    records: list[tuple[Any, ...]] = []
    fuel = T.fuel_summary(result)
    if not fuel.empty:
        for source, group in fuel.groupby("source", sort=False):
            records.append((L["cat.fuel_combustion"], source or L["boundary.unnamed"], "、".join(group.fuel)))
    proc = T.process_summary(result)
    if not proc.empty:
        for process, group in proc.groupby("process", sort=False):
            records.append((L["cat.process"], process, "、".join(dict.fromkeys(group["item"]))))
    energy = T.energy_summary(result)
    for t in energy.type if not energy.empty else ():
        category = L["cat.net_purchased_electricity" if t.endswith("electricity") else "cat.net_purchased_heat"]
        records.append((category, T.energy_type_name(t, L.lang), ""))
    table = Table(
        L.columns(("boundary.category", "text", 16), ("boundary.source", "text", 22), ("boundary.items", "text", 40)),
        rows(records),
        caption=L["boundary.caption"],
    )
    e = result.enterprise
    fields = (
        (L["info.name"], e.name, "text"),
        (L["info.uscc"], e.uscc, "text"),
        (L["info.province"], e.province, "text"),
        (L["info.city"], e.city, "text"),
        (L["info.sector"], schema.sector_name(e.sector, L.lang), "text"),
    )
    return Section("boundary", L["boundary.title"], fields=fields, paragraphs=(L["boundary.text"],), tables=(table,))


def _summary(result: Result, L: Labels) -> Section:
    total = result.tco2e
    cats = [(L[f"cat.{c}"], amount, amount / total if total else None) for c, amount in result.by_category.items()]
    by_category = Table(
        L.columns(("summary.category", "text", 24), ("unit.tco2e", "t", 18), ("summary.share", "pct", 10)),
        rows(cats),
        caption=L["summary.by_category"],
        total=(L["summary.total"], total, 1.0),
    )
    gwp = {c.key.split("/", 1)[1]: c.value for c in result.citations if c.key.startswith(f"{result.gwp_set}/")}
    gases = [
        (g, amount, gwp.get(g, 1.0 if g == "CO2" else None), amount * gwp.get(g, 1.0 if g == "CO2" else 0.0))
        for g, amount in result.by_gas.items()
        if amount
    ]
    by_gas = Table(
        L.columns(
            ("summary.gas", "text", 10), ("summary.t_gas", "t", 18), ("summary.gwp", "gwp", 10), ("unit.tco2e", "t", 18)
        ),
        rows(gases),
        caption=L("summary.by_gas", gwp=result.gwp_set),
        total=(L["summary.total"], None, None, total),
    )
    scope1 = result.by_category.scope1
    scopes = Table(
        L.columns(("summary.scope", "text", 30), ("unit.tco2e", "t", 18)),
        rows(
            [
                (L["scope.one"], scope1),
                (L["scope.two_location"], result.scope2.location_based),
                (L["scope.two_market"], result.scope2.market_based),
            ]
        ),
        caption=L["summary.scopes"],
    )
    en = result.energy
    energy = Table(
        L.columns(("summary.energy_item", "text", 30), ("unit.tce", "t", 18)),
        rows(
            [
                (L["energy.fuel"], en.tce_fuel),
                (L["energy.feedstock"], en.tce_feedstock),
                (L("energy.electricity", basis=en.electricity_basis), en.tce_electricity),
                (L["energy.heat"], en.tce_heat),
            ]
        ),
        caption=L["summary.energy"],
        total=(L["summary.tce"], en.tce),
    )
    return Section("summary", L["summary.title"], tables=(by_category, by_gas, scopes, energy))


def _fuel(result: Result, L: Labels) -> Section:
    f = T.fuel_summary(result)
    columns = L.columns(
        ("fuel.source", "text", 14),
        ("fuel.fuel", "text", 10),
        ("fuel.quantity", "qty", 14),
        ("fuel.unit", "text", 7),
        ("fuel.ncv", "factor", 10),
        ("fuel.basis", "text", 9),
        ("fuel.cc", "factor", 10),
        ("fuel.basis", "text", 9),
        ("fuel.of", "pct", 8),
        ("fuel.basis", "text", 9),
        ("unit.tco2", "t", 14),
        ("unit.tce", "t", 12),
    )
    if f.empty:
        return Section("fuel", L["fuel.title"], paragraphs=(L["fuel.none"],))
    records = [
        (
            r.source,
            r.fuel + (L["fuel.feedstock"] if r.use == "feedstock" else ""),
            r.activity,
            r.activity_unit,
            r.ncv,
            basis_text(L, r.ncv_basis),
            r.cc,
            basis_text(L, r.cc_basis),
            r.of,
            basis_text(L, r.of_basis),
            r.tco2,
            r.tce,
        )
        for r in f.itertuples()
    ]
    total = (L["summary.total"], *([None] * 9), float(f.tco2.sum()), float(f.tce.sum()))
    table = Table(columns, rows(records), total=total, note=L["fuel.note"])
    return Section("fuel", L["fuel.title"], tables=(table,))


def _energy(result: Result, L: Labels) -> Section:
    s = T.energy_summary(result)
    if s.empty:
        return Section("energy", L["energy.title"], paragraphs=(L["energy.none"],))
    records = [
        (
            T.energy_type_name(r.type, L.lang),
            r.amount,
            "MWh" if r.electricity else "GJ",
            r.factor,
            "tCO2/MWh" if r.electricity else "tCO2/GJ",
            r.tco2,
            r.tco2_market,
            r.tce,
        )
        for r in s.itertuples()
    ]
    table = Table(
        L.columns(
            ("energy.type", "text", 16),
            ("energy.amount", "qty", 14),
            ("fuel.unit", "text", 7),
            ("energy.factor", "factor", 10),
            ("energy.factor_unit", "text", 10),
            ("energy.tco2_location", "t", 14),
            ("energy.tco2_market", "t", 14),
            ("unit.tce", "t", 12),
        ),
        rows(records),
        total=(
            L["energy.net"],
            None,
            None,
            None,
            None,
            float(s.tco2.sum()),
            float(s.tco2_market.sum(skipna=False)),
            float(s.tce.sum()),
        ),
        note=L["energy.note"],
    )
    return Section("energy", L["energy.title"], tables=(table,), wide=True)  # after the fuel table, on its page


def _process(result: Result, L: Labels) -> Section:
    p = T.process_summary(result)
    if p.empty:
        return Section("process", L["process.title"], paragraphs=(L["process.none"],))
    records = [
        (
            r.process,
            r.item,
            r.gas,
            r.activity,
            r.activity_unit,
            r.factor,
            r.factor_unit,
            L.terms(r.basis),
            r.formula,
            r.t_gas,
            r.tco2e if r.counted else None,
            L["process.counted" if r.counted else "process.excluded"],
        )
        for r in p.itertuples()
    ]
    counted = p.counted.to_numpy(bool)
    table = Table(
        L.columns(
            ("process.process", "text", 14),
            ("process.item", "text", 14),
            ("summary.gas", "text", 6),
            ("process.activity", "qty", 12),
            ("fuel.unit", "text", 7),
            ("process.factor", "factor", 10),
            ("energy.factor_unit", "text", 10),
            ("fuel.basis", "text", 10),  # "measured" whole at 8 pt
            ("process.formula", "text", 20),
            ("summary.t_gas", "t", 14),
            ("unit.tco2e", "t", 14),
            ("process.status", "text", 8),
        ),
        rows(records),
        total=(L["summary.total"], *([None] * 9), float(p.tco2e[counted].sum()), None),
        note=L["process.note"],
    )
    return Section("process", L["process.title"], tables=(table,))


def _production(result: Result, L: Labels) -> Section:
    tables = []
    if result.production:
        tables.append(
            Table(
                L.columns(
                    ("production.product", "text", 20), ("production.quantity", "qty", 16), ("fuel.unit", "text", 8)
                ),
                rows([(p.product, p.quantity, p.unit) for p in result.production]),
                caption=L["production.caption"],
            )
        )
    if result.intensity:
        tables.append(
            Table(
                L.columns(("production.indicator", "text", 30), ("production.value", "intensity", 16)),
                rows([(i.name, i.value) for i in result.intensity]),
                caption=L["production.intensity"],
            )
        )
    paragraphs = () if tables else (L["production.none"],)
    return Section("production", L["production.title"], paragraphs=paragraphs, tables=tuple(tables))


def _months(result: Result, L: Labels) -> Section:
    m = T.monthly(result)
    labels = [L("months.month", m=i) for i in T.MONTHS]
    records = [(labels[i - 1], *m.loc[i, [*T.CATEGORIES, "total"]]) for i in T.MONTHS]
    annual = m.loc[schema.ANNUAL]
    if annual["total"] or annual[list(T.CATEGORIES)].any():
        records.append((L["months.annual"], *annual[[*T.CATEGORIES, "total"]]))
    sums = m[[*T.CATEGORIES, "total"]].sum()
    table = Table(
        L.columns(
            ("months.month_col", "text", 12), *[(f"cat.{c}", "t", 15) for c in T.CATEGORIES], ("summary.total", "t", 15)
        ),
        rows(records),
        total=(L["summary.total"], *sums),
        note=L["months.note"],
    )
    series = tuple(
        (L[f"cat.{c}"], tuple(float(m.loc[i, c]) for i in T.MONTHS))
        for c in T.CATEGORIES
        if m.loc[list(T.MONTHS), c].any()
    )
    chart = Chart(L["months.chart"], tuple(labels), series, "tCO2e")
    return Section("months", L["months.title"], tables=(table,), chart=chart)


def _quality(result: Result, L: Labels) -> Section:
    counts = Table(
        L.columns(("quality.parameter", "text", 24), ("quality.measured", "int", 12), ("quality.default", "int", 12)),
        rows([(L[f"quality.{name}"], k, n) for name, k, n in T.parameter_counts(result)]),
        caption=L["quality.fuel_caption"],
    )
    tables = [counts]
    basis = T.process_basis_counts(result)
    if basis:
        tables.append(
            Table(
                L.columns(("fuel.basis", "text", 24), ("quality.terms", "int", 12)),
                rows(sorted((L.terms(k), v) for k, v in basis.items())),
                caption=L["quality.process_caption"],
            )
        )
    issues = [
        (i.code, f"{i.sheet}!{i.cell}" if i.sheet and i.cell else i.sheet, i.message(L.lang)) for i in result.issues
    ]
    if issues:
        tables.append(
            Table(
                (
                    *L.columns(("quality.code", "text", 20)),
                    L.literal("quality.where", 14),
                    *L.columns(("quality.message", "text", 70)),
                ),
                rows(issues),
                caption=L("quality.issues", n=len(issues)),
            )
        )
    paragraphs = [L["quality.text"]]
    if not issues:
        paragraphs.append(L["quality.no_issues"])
    return Section("quality", L["quality.title"], paragraphs=tuple(paragraphs), tables=tuple(tables))


def _declaration(L: Labels) -> Section:
    return Section(
        "declaration",
        L["declaration.title"],
        paragraphs=(L["declaration.text"],),
        signature=(
            L["declaration.representative"],
            L["declaration.compiler"],
            L["declaration.seal"],
            L["declaration.date"],
        ),
    )
