"""The sections of the regional report about the plans: the targets and how each is tracked, the
path of an indicator to its target year with the scenarios, the peak, and the basis (the plans,
their documents and what each target means). Figures come from :mod:`accounting.targets` and
:mod:`accounting.planning.trajectory`; here they are only laid out.
"""

from __future__ import annotations

import math
from typing import Any

from accounting.planning.trajectory import Peak, Scenario, Trajectory
from accounting.region.lists import blank
from accounting.report.document import Chart, Column, Labels, Section, Table, rows
from accounting.targets import SHARES, Evaluation


def _pct(value: Any) -> Any:
    """A percent figure (12.5) as the fraction the 'pct' format prints (0.125)."""
    value = blank(value)
    return None if value is None else value / 100.0


def _status(L: Labels, e: Evaluation) -> str:
    return L[f"status.{e.status}"] if e.status else L[f"reason.{e.reason}"]


def _indicator(L: Labels, e: Evaluation) -> str:
    """The indicator's name; a target the plan only strives for (力争) says so."""
    return L[f"indicator.{e.indicator_code}"] + (L["region.striven"] if e.commitment == "力争" else "")


def targets_section(L: Labels, evaluations: list[Evaluation]) -> Section:
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


def basis_section(L: Labels, evaluations: list[Evaluation]) -> Section:
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


def path_section(L: Labels, t: Trajectory, number: int) -> Section:
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


def peak_section(L: Labels, p: Peak) -> Section:
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
