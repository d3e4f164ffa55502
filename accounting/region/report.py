"""The regional periodic report (区域碳达峰进展报告) as a :class:`Document`, and its JSON (DESIGN 3.2).

Sections: overview, targets, regions, sectors, months and quarters, key emitters, unit-product
energy against the benchmarks, data quality, and the basis of the report. The figures come from
:mod:`.data`; here they are only laid out, in the house style of the enterprise reports.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd

from accounting.region import data as d
from accounting.region.lists import (
    TOTALS,
    benchmarks_section,
    blank,
    emitters_section,
    enterprises_section,
    quality_section,
    totals,
)
from accounting.report.document import Chart, Column, Document, Labels, Section, Table, rows
from accounting.report.enterprise import tanhe_version
from accounting.schema import sector_name
from accounting.targets import Evaluation


def _pct(value: Any) -> Any:
    """A percent figure (12.5) as the fraction the 'pct' format prints (0.125)."""
    value = blank(value)
    return None if value is None else value / 100.0


def build(f: d.Figures, lang: str = "zh", *, today: date | None = None) -> Document:
    """The report in ``lang``, laid out from figures computed once for every language."""
    L = Labels(lang)
    data = f.data
    scope = data.province or L["region.all"]
    now, before = data.now, data.before
    total, prior = float(now["tco2e"].sum()), float(before["tco2e"].sum())
    counts = {s: sum(e.status == s for e in f.evaluations) for s in ("on_track", "lagging", "warning")}
    cover = Section(
        "cover",
        L["cover.title"],
        fields=(
            (L["region.scope"], scope, "text"),
            (L["region.year"], str(data.year), "text"),
            (L["region.enterprises"], len(now), "int"),
            (L["cover.total"], total, "total"),
            (L["cover.tce"], float(now["tce"].sum()), "total"),
            (L["region.change"], (total - prior) / prior if prior else None, "pct"),
            (L["region.key_emitters"], len(f.emitters), "int"),
            (L["region.targets_count"], L("region.targets_counts", **counts), "text"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
        paragraphs=(L("region.cover_note", year=data.year),),
    )
    sections = [
        cover,
        _targets(L, f.evaluations),
        _regions(L, data, f.provinces, f.cities),
        _sectors(L, f.sectors),
        _months(L, data, f.series),
        emitters_section(L, f.emitters),
        benchmarks_section(L, f.benchmark_detail, f.benchmark_summary),
        quality_section(L, data, f.quality),
        enterprises_section(L, f.enterprises),
        _basis(L, f.evaluations),
    ]
    return Document(
        "region",
        lang,
        L("region.title", year=data.year),
        scope,
        f"{scope} · {data.year}",
        tuple(sections),
        {"generated": (today or date.today()).isoformat(), "version": tanhe_version()},
    )


def to_json(f: d.Figures) -> dict[str, Any]:
    """DESIGN 3.2: {year, regions, sectors, targets, key_emitters}; regions are provinces then cities."""
    regions = [
        {"region": r.province, "level": "province", "tco2e": round(r.tco2e, 6), "tce": round(r.tce, 6)}
        for r in f.provinces.itertuples()
        if r.enterprises
    ]
    regions += [
        {"region": r.city, "level": "city", "tco2e": round(r.tco2e, 6), "tce": round(r.tce, 6)}
        for r in f.cities.itertuples()
        if r.enterprises
    ]
    return {
        "year": f.data.year,
        "province": f.data.province,
        "regions": regions,
        "sectors": [{"sector": r.sector, "tco2e": round(r.tco2e, 6)} for r in f.sectors.itertuples() if r.enterprises],
        "targets": [e.to_dict() for e in f.evaluations],
        "key_emitters": [{"uscc": r.uscc, "name": r.name, "tco2e": round(r.tco2e, 6)} for r in f.emitters.itertuples()],
    }


def _status(L: Labels, e: Evaluation) -> str:
    return L[f"status.{e.status}"] if e.status else L[f"reason.{e.reason}"]


def _indicator(L: Labels, e: Evaluation) -> str:
    """The indicator's name; a target the plan only strives for (力争) says so."""
    return L[f"indicator.{e.indicator_code}"] + (L["region.striven"] if e.commitment == "力争" else "")


def _targets(L: Labels, evaluations: list[Evaluation]) -> Section:
    done = [e for e in evaluations if e.status]
    table = Table(
        L.columns(
            ("region.jurisdiction", "text", 10),
            ("region.indicator", "text", 18),
            ("region.base_year", "text", 6),
            ("region.target_year", "text", 6),
            ("region.target", "pct", 8),
            ("region.base_value", "intensity", 10),
            ("region.current", "intensity", 10),
            ("region.actual", "pct", 9),
            ("region.required", "pct", 9),
            ("region.gap", "qty", 8),
            ("region.needed", "pct", 9),
            ("region.status", "text", 8),
        ),
        rows(
            [
                (
                    e.jurisdiction,
                    _indicator(L, e),
                    str(e.base_year),
                    str(e.target_year),
                    _pct(e.value),
                    e.base_value,
                    e.current,
                    _pct(e.actual),
                    _pct(e.required),
                    e.gap,
                    _pct(e.needed_rate),
                    _status(L, e),
                )
                for e in done
            ]
        ),
        caption=L["region.evaluated"],
        note=L["region.targets_note"],
        marks=tuple(e.status for e in done),
    )
    rest = [e for e in evaluations if not e.status]
    other = Table(
        L.columns(
            ("region.jurisdiction", "text", 10),
            ("region.indicator", "text", 22),
            ("region.target_year", "text", 8),
            ("region.target", "pct", 8),
            ("region.status", "text", 30),
            ("region.ids", "text", 16),
        ),
        rows(
            [
                (
                    e.jurisdiction,
                    _indicator(L, e),
                    str(e.target_year),
                    _pct(e.value),
                    _status(L, e),
                    e.ids,
                )
                for e in rest
            ]
        ),
        caption=L["region.not_evaluated"],
    )
    chart = None
    if done:
        chart = Chart(
            L["region.chart_targets"],
            tuple(f"{e.jurisdiction} {_indicator(L, e)} {e.target_year}" for e in done),
            tuple(
                (L[label], tuple(math.nan if v is None else float(v) for v in values))
                for label, values in (
                    ("region.target", [e.value for e in done]),
                    ("region.actual", [e.actual for e in done]),
                    ("region.required", [e.required for e in done]),
                )
            ),
            "%",
            marks=tuple(e.status for e in done),
        )
    return Section(
        "targets", L["region.targets"], paragraphs=(L["region.targets_text"],), tables=(table, other), chart=chart
    )


def _regions(L: Labels, data: d.RegionData, provinces: pd.DataFrame, cities: pd.DataFrame) -> Section:
    parent = {name: p for name, p in data.regions}
    ordered = []
    for prov in provinces.itertuples():
        ordered.append((prov.province, L["region.province"], prov))
        ordered += [
            (c.city, L["region.city"], c)
            for c in cities.itertuples()
            if parent.get(c.city) == prov.province or (not parent.get(c.city) and c.enterprises == 0)
        ]
    table = Table(
        L.columns(("region.region", "text", 14), ("region.level", "text", 6), *TOTALS),
        rows([(name, level, *totals(r)) for name, level, r in ordered]),
        note=L["region.contribution_note"],
    )
    now = data.now
    sectors = sorted(now["sector"].unique())
    pivot = now.pivot_table(index="city", columns="sector", values="tco2e", aggfunc="sum").fillna(0.0)
    pivot = pivot.loc[pivot.sum(axis=1).sort_values(ascending=False).index]
    names = [sector_name(s, L.lang) for s in sectors]
    by_sector = Table(
        (Column(L["region.region"], "text", 14), *[Column(n, "total", 12) for n in names]),
        rows([(city, *[float(pivot.at[city, s]) for s in sectors]) for city in pivot.index]),
        caption=L["region.by_city_sector"],
    )
    chart = Chart(
        L["region.chart_cities"],
        tuple(pivot.index),
        tuple((n, tuple(float(pivot.at[c, s]) for c in pivot.index)) for n, s in zip(names, sectors, strict=True)),
        "tCO2e",
        table=1,
        kind="total",
    )
    return Section("regions", L["region.regions"], tables=(table, by_sector), chart=chart)


def _sectors(L: Labels, sectors: pd.DataFrame) -> Section:
    table = Table(
        L.columns(("region.sector", "text", 12), *TOTALS),
        rows([(sector_name(r.sector, L.lang), *totals(r)) for r in sectors.itertuples()]),
        total=(
            L["summary.total"],
            int(sectors["enterprises"].sum()),
            sectors["tco2e"].sum(),
            sectors["tce"].sum(),
            sectors["prior_tco2e"].sum(),
            None,
            None,
            None,
        ),
    )
    return Section("sectors", L["region.sectors"], tables=(table,))


def _months(L: Labels, data: d.RegionData, series: pd.DataFrame) -> Section:
    m = data.months[data.months["year"] == data.year]
    sectors = sorted(m["sector"].unique())
    pivot = m[m["month"] >= 1].pivot_table(index="month", columns="sector", values="tco2e", aggfunc="sum")
    pivot = pivot.reindex(index=range(1, 13), columns=sectors).fillna(0.0)  # a sector with no month: zeros
    names = [sector_name(s, L.lang) for s in sectors]
    months = [L("region.month", m=i) for i in range(1, 13)]
    by_sector = Table(
        (Column(L["region.month_col"], "text", 8), *[Column(n, "total", 12) for n in names]),
        rows([(months[i - 1], *[float(pivot.at[i, s]) for s in sectors]) for i in range(1, 13)]),
        caption=L["region.months_by_sector"],
    )
    chart = Chart(
        L["region.chart_months"],
        tuple(months),
        tuple((n, tuple(float(pivot.at[i, s]) for i in range(1, 13))) for n, s in zip(names, sectors, strict=True)),
        "tCO2e",
        table=0,
        kind="total",
    )
    prev = data.year - 1
    cols = L.columns(("region.month_col", "text", 10), ("region.t", "total", 14), ("region.tce", "total", 14))
    extra = (
        Column(L("region.prior_year_t", year=prev), "total", 14),
        Column(L("region.prior_year_tce", year=prev), "total", 14),
        Column(L["region.change"], "pct", 9),
    )
    label = {0: L["region.annual_only"], **{i: months[i - 1] for i in range(1, 13)}}
    totals = Table(
        (*cols, *extra),
        rows(
            [
                (
                    label[int(r.month)],
                    r.tco2e,
                    r.tce,
                    r.prior_tco2e,
                    r.prior_tce,
                    (r.tco2e - r.prior_tco2e) / r.prior_tco2e if r.prior_tco2e else None,
                )
                for r in series.itertuples()
                if r.month >= 1 or r.tco2e or r.prior_tco2e
            ]
        ),
        caption=L["region.months_total"],
    )
    q = d.quarterly(series)
    quarters = Table(
        (Column(L["region.quarter"], "text", 10), *cols[1:], *extra),
        rows(
            [
                (L("region.q", q=int(r.quarter)), r.tco2e, r.tce, r.prior_tco2e, r.prior_tce, blank(r.change))
                for r in q.itertuples()
            ]
        ),
        caption=L["region.quarters"],
        note=L["region.months_note"],
    )
    return Section("months", L["region.months"], tables=(by_sector, totals, quarters), chart=chart)


def _basis(L: Labels, evaluations: list[Evaluation]) -> Section:
    cited = Table(
        (
            *L.columns(("region.ids", "text", 14), ("region.jurisdiction", "text", 8)),
            L.literal("region.document", 30),  # the plans' titles and words, quoted as written
            L.literal("region.quote", 40),
        ),
        rows(
            [(e.ids, e.jurisdiction, e.document or L["region.assigned"], e.quote or e.assigned_by) for e in evaluations]
        ),
        caption=L["region.cited"],
    )
    assigned = [e for e in evaluations if e.assigned_by]
    notes = tuple(
        L(
            "region.assigned_line",
            jurisdiction=L.terms(e.jurisdiction),
            indicator=L[f"indicator.{e.indicator_code}"],
            value=e.value,
            source=e.assigned_by,
        )
        for e in assigned
    )
    return Section(
        "basis",
        L["region.basis"],
        paragraphs=(L["region.basis_data"], L["region.basis_status"], L["region.basis_scope"], *notes),
        tables=(cited,),
    )
