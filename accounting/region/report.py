"""The regional periodic report (区域碳达峰进展报告) as a :class:`Document`, and its JSON (DESIGN 3.2).

Sections: overview, targets, regions, sectors, months and quarters, key emitters, unit-product
energy against the benchmarks, data quality, and the basis of the report. The figures come from
:mod:`.data`; here they are only laid out, in the house style of the enterprise reports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from accounting.planning.trajectory import Peak, Trajectory
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
from accounting.region.plan_sections import basis_section, path_section, peak_section, targets_section
from accounting.report.document import Chart, Column, Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version
from accounting.schema import sector_name


def build(f: d.Figures, lang: str = "zh", *, today: date | None = None) -> Document:
    """The report in ``lang``, laid out from figures computed once for every language."""
    L = Labels(lang)
    data = f.data
    scope = f"{data.province or ''}{data.city}" if data.city else (data.province or L["region.all"])
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
        targets_section(L, f.evaluations),
        _regions(L, data, f.provinces, f.cities),
        _sectors(L, f.sectors),
        _months(L, data, f.series),
        emitters_section(L, f.emitters),
        benchmarks_section(L, f.benchmark_detail, f.benchmark_summary),
        quality_section(L, data, f.quality),
        enterprises_section(L, f.enterprises),
        *(
            path_section(L, t, number)
            for number, t in enumerate(t for t in f.trajectories if t.evaluation.jurisdiction == data.top)
        ),
        *([peak_section(L, f.peak)] if f.peak is not None else []),
        basis_section(L, f.evaluations),
    ]
    return Document(
        "region",
        lang,
        L("region.title", year=data.year),
        scope,
        f"{scope} · {data.year}",
        tuple(sections),
        report_meta(today),
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
        **({"city": f.data.city} if f.data.city else {}),
        "regions": regions,
        "sectors": [{"sector": r.sector, "tco2e": round(r.tco2e, 6)} for r in f.sectors.itertuples() if r.enterprises],
        "targets": [e.to_dict() for e in f.evaluations],
        "key_emitters": [{"uscc": r.uscc, "name": r.name, "tco2e": round(r.tco2e, 6)} for r in f.emitters.itertuples()],
        "trajectories": [_trajectory_json(t) for t in f.trajectories],
        "peak": _peak_json(f.peak) if f.peak is not None else None,
    }


def _series(values: tuple[float | None, ...] | None) -> list[float | None] | None:
    return None if values is None else [None if v is None else round(v, 6) for v in values]


def _trajectory_json(t: Trajectory) -> dict[str, Any]:
    e = t.evaluation
    return {
        "jurisdiction": e.jurisdiction,
        "indicator_code": e.indicator_code,
        "target_year": e.target_year,
        "value": e.value,
        "years": list(t.years),
        "data": _series(t.data),
        "pathway": _series(t.pathway),
        "trend": _series(t.trend),
        "scenario": _series(t.scenario),
        "reaches": t.reaches,
    }


def _peak_json(p: Peak) -> dict[str, Any]:
    return {
        "region": p.region,
        "years": list(p.years),
        "data": _series(p.data),
        "trend": _series(p.trend),
        "scenario": _series(p.scenario),
        "peak": p.peak,
        "status": p.status,
        "scenario_peak": p.scenario_peak,
    }


def _regions(L: Labels, data: d.RegionData, provinces: pd.DataFrame, cities: pd.DataFrame) -> Section:
    parent = {name: p for name, p in data.regions}
    ordered = [(c.city, L["region.city"], c) for c in cities.itertuples()] if data.city else []
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
