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

from accounting.planning.trajectory import Peak, Scenario, Trajectory
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
from accounting.report.enterprise import report_meta, tanhe_version
from accounting.schema import sector_name
from accounting.targets import SHARES, Evaluation


def _pct(value: Any) -> Any:
    """A percent figure (12.5) as the fraction the 'pct' format prints (0.125)."""
    value = blank(value)
    return None if value is None else value / 100.0


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
        _targets(L, f.evaluations),
        _regions(L, data, f.provinces, f.cities),
        _sectors(L, f.sectors),
        _months(L, data, f.series),
        emitters_section(L, f.emitters),
        benchmarks_section(L, f.benchmark_detail, f.benchmark_summary),
        quality_section(L, data, f.quality),
        enterprises_section(L, f.enterprises),
        *(
            _path(L, t, number)
            for number, t in enumerate(t for t in f.trajectories if t.evaluation.jurisdiction == data.top)
        ),
        *([_peak(L, f.peak)] if f.peak is not None else []),
        _basis(L, f.evaluations),
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


def _rates(pair: tuple[float, float]) -> str:
    return f"{pair[0]:g}%" if pair[0] == pair[1] else f"{pair[0]:g}%→{pair[1]:g}%"


def _scenario_text(L: Labels, s: Scenario, code: str) -> str:
    other = ("energy", s.energy, "能耗") if "energy" in code else ("co2", s.co2, "CO2")
    parts = [("GDP", s.gdp), (other[0] if L.lang == "en" else other[2], other[1])]
    return L["list.separator"].join(f"{name} {_rates(pair)}" for name, pair in parts if pair is not None)


def _path(L: Labels, t: Trajectory, number: int) -> Section:
    """The path section of one of the report's own targets (the ``number``-th, from 0)."""
    e = t.evaluation
    share = e.indicator_code in SHARES
    indicator = L[f"indicator.{e.indicator_code}"]
    keys = ["data", "pathway"] + ([] if t.done else ["trend"]) + (["scenario_col"] if t.scenario else [])
    values = {"data": t.data, "pathway": t.pathway, "trend": t.trend, "scenario_col": t.scenario or ()}
    columns = [Column(L["path.year"], "text", 8), *(Column(L[f"path.{k}"], "intensity", 12) for k in keys)]
    table_rows = [(str(y), *(values[k][i] for k in keys)) for i, y in enumerate(t.years)]
    verdict = L["path.unknown"] if t.reaches is None else L["path.reaches" if t.reaches else "path.misses"]
    end = "—" if t.end is None else f"{t.end:.3f}"
    scenario = ""
    if t.scenario:
        assert t.given is not None
        scenario = L("path.scenario", rates=_scenario_text(L, t.given, e.indicator_code))
    text = L(
        "path.text_done" if t.done else "path.text",
        jurisdiction=L.terms(e.jurisdiction),
        indicator=indicator,
        base_year=e.base_year,
        target_year=e.target_year,
        basis=L["path.basis_" + e.basis.split(";")[0]],
        scenario=scenario,
        end=end + ("%" if share else ""),
        verdict=verdict,
    )
    unit = "%" if share else ("tce/万元" if "energy" in e.indicator_code else "tCO2/万元")
    if L.lang == "en":
        unit = unit.replace("万元", "10k yuan")
    chart = Chart(
        f"{e.jurisdiction} {indicator}",
        tuple(str(y) for y in t.years),
        tuple((L[f"path.{k}"], tuple(math.nan if v is None else float(v) for v in values[k])) for k in keys),
        unit,
        kind="intensity",
        line=True,
    )
    return Section(
        f"path-{number + 1}",
        L("path.title", indicator=indicator),
        paragraphs=(text,),
        tables=(Table(tuple(columns), rows(table_rows), caption=L("path.caption", unit=unit), note=L["path.note"]),),
        chart=chart,
    )


def _peak(L: Labels, p: Peak) -> Section:
    unit = "（tCO2）" if L.lang != "en" else " (tCO2)"
    columns = [
        Column(L["path.year"], "text", 8),
        Column(L["path.co2"], "total", 14),
        Column(L["path.trend"] + unit, "total", 14),
    ]
    if p.scenario:
        columns.append(Column(L["path.scenario_col"] + unit, "total", 14))
    verdict = L(f"path.peak_{p.status}", year=p.peak)
    scenario = ""
    if p.scenario and p.given is not None and p.given.co2 is not None:
        key = "path.peak_scenario" if p.scenario_peak is not None else "path.peak_scenario_none"
        scenario = L(key, rates=_rates(p.given.co2), year=p.scenario_peak)
    known = [y for y, v in zip(p.years, p.data, strict=True) if v is not None]
    series = [(L["path.data"], p.data), (L["path.trend"], p.trend)]
    if p.scenario:
        series.append((L["path.scenario_col"], p.scenario))
    return Section(
        "peak",
        L["path.peak"],
        paragraphs=(
            L(
                "path.peak_text",
                region=L.terms(p.region),
                first=known[0],
                last=known[-1],
                verdict=verdict,
                scenario=scenario,
            ),
        ),
        tables=(
            Table(
                tuple(columns),
                rows(
                    [
                        (str(y), p.data[i], p.trend[i], *((p.scenario[i],) if p.scenario else ()))
                        for i, y in enumerate(p.years)
                    ]
                ),
            ),
        ),
        chart=Chart(
            L["path.chart_peak"],
            tuple(str(y) for y in p.years),
            tuple((name, tuple(math.nan if v is None else float(v) for v in values)) for name, values in series),
            "tCO2",
            kind="total",
            line=True,
        ),
    )
