"""The carbon disclosure (温室气体信息披露) of a listed company or state enterprise as a :class:`Document`.

Scope 1 = fossil fuel combustion + industrial processes; Scope 2 location-based and market-based
(net of exports, as the Chinese guidelines count purchased electricity and heat); intensity;
the change on the prior year where its submission is supplied; methods and factor sources.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from accounting.report.document import Chart, Document, Labels, Section, Table, rows
from accounting.report.provenance import citations_table, method_title, report_meta, sources_table
from accounting.result import Result
from accounting.schema import sector_name


def scopes(result: Result) -> dict[str, float | None]:
    """Scope 1, scope 2 both ways and the totals; the market-based ones None where that figure is absent."""
    one = result.by_category.scope1
    market, location = result.scope2.market_based, result.scope2.location_based
    assert location is not None  # only the market-based figure can be absent
    return {
        "one": one,
        "two_location": location,
        "two_market": market,
        "total_location": one + location,
        "total_market": None if market is None else one + market,
    }


def change(current: float | None, prior: float | None) -> float | None:
    """(current − prior) / prior; None without a prior year, when it is zero, or without this year's figure."""
    if current is None or prior is None or prior == 0:
        return None
    return (current - prior) / abs(prior)


def disclosure_report(
    result: Result, prior: Result | None = None, lang: str = "zh", *, today: date | None = None
) -> Document:
    L = Labels(lang)
    e = result.enterprise
    meta = report_meta(today)
    title = L("disclosure.title", year=result.year)
    now, before = scopes(result), scopes(prior) if prior else None
    scope_rows = [
        (
            L[f"scope.{k}"] if k.startswith(("one", "two")) else L[f"disclosure.{k}"],
            now[k],
            before[k] if before else None,
        )
        for k in now
    ]
    emissions = _compare(L, scope_rows, "t", prior is not None, L["unit.tco2e"])
    gases = Table(
        L.columns(("summary.gas", "text", 12), ("summary.t_gas", "t", 16)),
        rows([(g, v) for g, v in result.by_gas.items() if v]),
        caption=L("summary.by_gas", gwp=result.gwp_set),
    )
    old = {i.name: i.value for i in prior.intensity} if prior else {}
    intensity = _compare(
        L,
        [(i.name, i.value, old.get(i.name)) for i in result.intensity],
        "intensity",
        prior is not None,
        L["disclosure.intensity"],
    )
    energy = _compare(
        L,
        [(L["summary.tce"], result.energy.tce, prior.energy.tce if prior else None)],
        "t",
        prior is not None,
        L["disclosure.energy"],
    )
    series_names = (L["scope.one"], L["scope.two_location"], L["scope.two_market"])
    categories = (str(result.year),) if prior is None else (str(prior.year), str(result.year))
    years = [now] if prior is None or before is None else [before, now]
    chart = Chart(
        L["disclosure.chart"],
        categories,
        tuple(
            (name, tuple(y[k] or 0.0 for y in years))
            for name, k in zip(series_names[:2], ("one", "two_location"), strict=True)
        ),
        "tCO2e",
    )
    overview_fields = (
        (L["info.name"], e.name, "text"),
        (L["info.uscc"], e.uscc, "text"),
        (L["info.sector"], sector_name(e.sector, lang), "text"),
        (L["info.year"], str(result.year), "text"),
        (L["methods.method"], method_title(result.method, lang), "text"),
    )
    notes = [L["disclosure.overview_text"]]
    notes.append(L("disclosure.prior_method", method=prior.method) if prior else L["disclosure.no_prior"])
    sections = (
        Section(
            "cover",
            L["cover.title"],
            fields=(
                *overview_fields,
                (L["cover.generated"], meta["generated"], "text"),
                (L["cover.tool"], f"tanhe {meta['version']}", "text"),
            ),
        ),
        Section(
            "emissions", L["disclosure.emissions"], paragraphs=tuple(notes), tables=(emissions, gases), chart=chart
        ),
        Section("intensity", L["disclosure.intensity"], tables=(intensity, energy)),
        Section(
            "basis",
            L["disclosure.basis"],
            fields=(
                (L["methods.method"], method_title(result.method, lang), "text"),
                (L["methods.gwp"], result.gwp_set, "text"),
            ),
            paragraphs=(L["disclosure.basis_text"], L["methods.text"]),
            tables=(citations_table(result, L), sources_table(result, L)),
        ),
    )
    return Document("disclosure", lang, title, e.name, f"{e.name} · {title}", sections, meta)


def _compare(
    L: Labels, items: list[tuple[str, float | None, float | None]], kind: str, with_prior: bool, caption: str
) -> Table:
    """Label, this year[, prior year, change] per item."""
    columns: list[tuple[Any, ...]] = [("production.indicator", "text", 34), ("disclosure.current", kind, 16)]
    if with_prior:
        columns += [("disclosure.prior", kind, 16), ("disclosure.change", "pct", 10)]
    records = [(label, value, old, change(value, old)) if with_prior else (label, value) for label, value, old in items]
    return Table(L.columns(*columns), rows(records), caption=caption)
