"""The carbon disclosure (温室气体信息披露) of a listed company or state enterprise as a :class:`Document`.

Scope 1 = fossil fuel combustion + industrial processes; Scope 2 location-based and market-based
(net of exports, as the Chinese guidelines count purchased electricity and heat); intensity;
the change on the prior year where its submission is supplied; methods and factor sources.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from accounting.report.document import Chart, Document, Labels, Section, Table, rows
from accounting.report.enterprise import (
    citations_table,
    method_title,
    sector_name,
    sources_table,
    tanhe_version,
)
from accounting.result import Result


def scopes(result: Result) -> dict[str, float]:
    one = result.by_category["fuel_combustion"] + result.by_category["process"]
    return {"one": one, "two_location": result.scope2["location_based"],
            "two_market": result.scope2["market_based"],
            "total_location": one + result.scope2["location_based"],
            "total_market": one + result.scope2["market_based"]}


def change(current: float, prior: float | None) -> float | None:
    """(current − prior) / prior; None without a prior year or when it is zero."""
    if prior is None or prior == 0:
        return None
    return (current - prior) / abs(prior)


def disclosure_report(result: Result, prior: Result | None = None, lang: str = "zh", *,
                      today: date | None = None) -> Document:
    L = Labels(lang)
    e = result.enterprise
    meta = {"generated": (today or date.today()).isoformat(), "version": tanhe_version()}
    title = L("disclosure.title", year=result.year)
    now, before = scopes(result), scopes(prior) if prior else None
    columns: list[tuple[Any, ...]] = [("summary.scope", "text", 34), ("disclosure.current", "t", 16)]
    if prior:
        columns += [("disclosure.prior", "t", 16), ("disclosure.change", "pct", 10)]

    def line(label: str, key: str) -> tuple[Any, ...]:
        if before is None:
            return (label, now[key])
        return (label, now[key], before[key], change(now[key], before[key]))

    emissions = Table(L.columns(*columns), rows([
        line(L["scope.one"], "one"), line(L["scope.two_location"], "two_location"),
        line(L["scope.two_market"], "two_market"), line(L["disclosure.total_location"], "total_location"),
        line(L["disclosure.total_market"], "total_market")]), caption=L["unit.tco2e"])
    gases = Table(L.columns(("summary.gas", "text", 12), ("summary.t_gas", "t", 16)),
                  rows([(g, v) for g, v in result.by_gas.items() if v]), caption=L("summary.by_gas", gwp=result.gwp_set))
    prior_intensity = {i["name"]: i["value"] for i in prior.intensity} if prior else {}
    intensity_rows = []
    for item in result.intensity:
        if prior:
            old = prior_intensity.get(item["name"])
            intensity_rows.append((item["name"], item["value"], old, change(item["value"], old)))
        else:
            intensity_rows.append((item["name"], item["value"]))
    icolumns: list[tuple[Any, ...]] = [("production.indicator", "text", 34), ("disclosure.current", "factor", 16)]
    if prior:
        icolumns += [("disclosure.prior", "factor", 16), ("disclosure.change", "pct", 10)]
    intensity = Table(L.columns(*icolumns), rows(intensity_rows), caption=L["disclosure.intensity"])
    energy = Table(L.columns(("summary.energy_item", "text", 34), ("disclosure.current", "t", 16),
                             *([("disclosure.prior", "t", 16), ("disclosure.change", "pct", 10)] if prior else [])),
                   rows([(L["summary.tce"], result.energy["tce"],
                          *([prior.energy["tce"], change(result.energy["tce"], prior.energy["tce"])] if prior else []))]),
                   caption=L["disclosure.energy"])
    series_names = (L["scope.one"], L["scope.two_location"], L["scope.two_market"])
    categories = (str(result.year),) if prior is None else (str(prior.year), str(result.year))
    years = [now] if prior is None or before is None else [before, now]
    chart = Chart(L["disclosure.chart"], categories,
                  tuple((name, tuple(y[k] for y in years)) for name, k in
                        zip(series_names[:2], ("one", "two_location"), strict=True)), "tCO2e")
    overview_fields = ((L["info.name"], e["name"], "text"), (L["info.uscc"], e["uscc"], "text"),
                       (L["info.sector"], sector_name(e["sector"], lang), "text"),
                       (L["info.year"], str(result.year), "text"),
                       (L["methods.method"], method_title(result.method, lang), "text"))
    notes = [L["disclosure.overview_text"]]
    notes.append(L("disclosure.prior_method", method=prior.method) if prior else L["disclosure.no_prior"])
    sections = (
        Section("cover", L["cover.title"], fields=overview_fields + (
            (L["cover.generated"], meta["generated"], "text"), (L["cover.tool"], f"tanhe {meta['version']}", "text"))),
        Section("emissions", L["disclosure.emissions"], paragraphs=tuple(notes), tables=(emissions, gases),
                chart=chart),
        Section("intensity", L["disclosure.intensity"], tables=(intensity, energy)),
        Section("basis", L["disclosure.basis"], fields=(
            (L["methods.method"], method_title(result.method, lang), "text"),
            (L["methods.gwp"], result.gwp_set, "text")),
            paragraphs=(L["disclosure.basis_text"], L["methods.text"]),
            tables=(citations_table(result, L), sources_table(result, L))),
    )
    return Document("disclosure", lang, title, e["name"], f"{e['name']} · {title}", sections, meta)
