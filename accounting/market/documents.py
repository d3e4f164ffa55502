"""The market's reports laid out for the renderers (Excel and PDF, Chinese or English): the
regulator's compliance report, an enterprise's compliance statement and the roster (the allocation
table is :mod:`.allocation_documents`). Figures come from :mod:`.compliance` and :mod:`.roster`;
this module only lays out."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd

from accounting.market.allocation_documents import allocation_record, term_table, unit_table
from accounting.market.compliance import Compliance
from accounting.market.layout import method_text, note_texts, sources_section
from accounting.market.roster import Roster
from accounting.market.rules import cited, rule
from accounting.region.lists import WHO, blank, printed
from accounting.report.document import Column, Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version
from accounting.schema import sector_name

MARKS = {"complied": "on_track", "on_track": "", "at_risk": "lagging", "not_complied": "lagging", "no_data": "warning"}


def _status_rows(L: Labels, e: pd.DataFrame, lang: str) -> Table:
    money = (
        "to_cover",
        "allocated",
        "held",
        "surrendered",
        "ccer",
        "ccer_accepted",
        "ccer_refused",
        "shortfall",
        "projected",
    )
    return Table(
        L.columns(
            ("region.uscc", "text", 19),
            ("region.name", "text", 16),
            ("chain.sector", "text", 8),
            ("market.basis", "text", 7),
            *((f"market.{k}", "tonnes", 10) for k in money),
            ("market.status", "text", 11),
        ),
        rows(
            [
                (
                    x.uscc,
                    x.name,
                    sector_name(x.sector, lang),
                    L[f"market.{x.basis}"],
                    x.to_cover,
                    blank(x.allocated),
                    blank(x.held),
                    blank(x.surrendered),
                    blank(x.ccer),
                    blank(x.ccer_accepted),
                    blank(x.ccer_refused),
                    x.shortfall,
                    x.projected,
                    L[f"market.{x.status}"],
                )
                for x in e.itertuples()
            ]
        ),
        marks=tuple(MARKS[s] for s in e.status),
    )


def _registry_text(L: Labels, c: Compliance) -> str:
    if c.registry is None:
        return L["market.registry_none"]
    r = c.registry
    return L("market.registry_used", file=r["file_name"], version=r["version"], exported=r["exported"])


def compliance_document(c: Compliance, lang: str = "zh", today: date | None = None) -> Document:
    L = Labels(lang)
    title = L("market.compliance_title", year=c.year)
    scope = c.province or L["region.all"]
    e = c.enterprises
    cover = Section(
        "cover",
        title,
        fields=(
            (L["market.scope"], scope, "text"),
            (L["market.as_of"], c.as_of.isoformat(), "text"),
            (L["market.due"], c.due.isoformat(), "text"),
            (L["market.registry"], _registry_text(L, c), "text"),
            (L["market.obligated"], len(e), "int"),
            (L["market.complied_n"], int((e.status == "complied").sum()), "int"),
            (L["market.rate"], c.rate, "pct"),
            (L["market.rate_tonnes"], c.rate_tonnes, "pct"),
            (L["market.at_risk_n"], len(c.at_risk), "int"),
            (L["market.to_surrender_total"], c.to_surrender, "tonnes"),
            (L["market.shortfall_total"], c.shortfall, "tonnes"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
        paragraphs=(
            L["market.basis_text"],
            L("market.ccer_rule", cap=c.ccer_cap),
            L("market.due_rule", months=int(rule("compliance_due_months"))),
            L["market.shortfall_text"],
        ),
    )
    risk = c.at_risk
    risk_section = Section(
        "risk",
        L["market.risk_title"],
        paragraphs=(L["market.risk_text"],) if len(risk) else (L["market.risk_text"], L["market.no_risk"]),
        tables=(printed(L, _status_rows(L, risk, lang)),) if len(risk) else (),
    )
    over = e[e.ccer_refused.fillna(0) > 0]
    ccer = Table(
        L.columns(
            *WHO,
            ("market.to_cover", "tonnes", 13),
            ("market.ccer", "tonnes", 12),
            ("market.ccer_limit", "tonnes", 12),
            ("market.ccer_accepted", "tonnes", 12),
            ("market.ccer_refused", "tonnes", 12),
        ),
        rows(
            [
                (x.uscc, x.name, x.to_cover, x.ccer, x.ccer_cap, x.ccer_accepted, x.ccer_refused)
                for x in over.itertuples()
            ]
        ),
    )
    ccer_section = Section(
        "ccer",
        L["market.ccer_title"],
        paragraphs=(L["market.ccer_text"],) if len(over) else (L["market.none"],),
        tables=(ccer,) if len(over) else (),
    )
    every = Section("enterprises", L["market.status_title"], tables=(printed(L, _status_rows(L, e, lang)),))
    used = {cited("ccer_cap")} | {s for a in c.allocations.values() for s in a.sources}
    return Document(
        "compliance",
        lang,
        title,
        scope,
        f"{scope} · {c.year}",
        (cover, risk_section, ccer_section, every, sources_section(L, used)),
        report_meta(today),
    )


def compliance_json(c: Compliance) -> dict[str, Any]:
    records = json.loads(c.enterprises.to_json(orient="records", force_ascii=False))
    return {
        "year": c.year,
        "province": c.province,
        "as_of": c.as_of.isoformat(),
        "due": c.due.isoformat(),
        "ccer_cap": c.ccer_cap,
        "registry": c.registry,
        "obligated": len(c.enterprises),
        "complied": int((c.enterprises.status == "complied").sum()),
        "rate": c.rate,
        "rate_tonnes": c.rate_tonnes,
        "at_risk": len(c.at_risk),
        "to_surrender_tco2e": c.to_surrender,
        "shortfall_tco2e": c.shortfall,
        "enterprises": records,
        "allocations": [allocation_record(a) for a in c.allocations.values()],
    }


def statement_document(c: Compliance, uscc: str, lang: str = "zh", today: date | None = None) -> Document:
    """One enterprise's compliance statement: its position, its allocation traced, the rules."""
    L = Labels(lang)
    row = c.enterprises[c.enterprises.uscc == uscc].iloc[0]
    a = c.allocations[uscc]
    title = L("market.statement_title", year=c.year)
    cover = Section(
        "cover",
        title,
        fields=(
            (L["info.name"], row["name"], "text"),
            (L["info.uscc"], uscc, "text"),
            (L["info.year"], str(c.year), "text"),
            (L["market.as_of"], c.as_of.isoformat(), "text"),
            (L["market.due"], c.due.isoformat(), "text"),
            (L["market.status"], L[f"market.{row.status}"], "text"),
            (L["market.registry"], _registry_text(L, c), "text"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
    )
    position = Section(
        "position",
        L["market.position_title"],
        fields=(
            (L["market.to_cover"], row.to_cover, "tonnes"),
            (L["market.basis"], L[f"market.{row.basis}"], "text"),
            (L["market.pre"], blank(a.pre), "tonnes"),
            (L["market.allocated"], blank(a.final), "tonnes"),
            (L["market.held"], blank(row.held), "tonnes"),
            (L["market.surrendered"], blank(row.surrendered), "tonnes"),
            (L["market.ccer"], blank(row.ccer), "tonnes"),
            (L["market.ccer_limit"], row.ccer_cap, "tonnes"),
            (L["market.ccer_accepted"], blank(row.ccer_accepted), "tonnes"),
            (L["market.ccer_refused"], blank(row.ccer_refused), "tonnes"),
            (L["market.covered"], row.covered, "tonnes"),
            (L["market.shortfall"], row.shortfall, "tonnes"),
            (L["market.projected"], row.projected, "tonnes"),
            (L["market.surplus"], row.surplus, "tonnes"),
        ),
        paragraphs=(
            L["market.basis_text"],
            L("market.ccer_rule", cap=c.ccer_cap),
            L("market.due_rule", months=int(rule("compliance_due_months"))),
        ),
    )
    tables: list[Table] = []
    paragraphs = [
        f"{L['market.method']}：{method_text(L, a)}" if lang != "en" else f"Method: {method_text(L, a)}",
        *note_texts(L, a.notes),
    ]
    if a.units:
        paragraphs.append(L["market.units_text"])
        tables += [unit_table(L, a.units), term_table(L, a.units)]
    allocation = Section(
        "allocation", L["market.allocation_section"], paragraphs=tuple(paragraphs), tables=tuple(tables)
    )
    used = {cited("ccer_cap"), *a.sources}
    return Document(
        "statement",
        lang,
        title,
        row["name"],
        f"{row['name']} · {c.year}",
        (cover, position, allocation, sources_section(L, used)),
        report_meta(today),
    )


def roster_document(r: Roster, lang: str = "zh", today: date | None = None) -> Document:
    L = Labels(lang)
    title = L("market.roster_title", year=r.year)
    scope = r.province or L["region.all"]
    years = "、".join(map(str, r.years)) if lang != "en" else ", ".join(map(str, r.years))
    columns = (
        *L.columns(("market.n", "int", 5), *WHO, ("region.city_col", "text", 9), ("chain.sector", "text", 8)),
        *(Column(L("market.emissions_year", year=y), "t", 14) for y in r.years),
        *L.columns(("market.basis", "text", 6)),
    )
    listed = Table(
        columns,
        rows(
            [
                (
                    n,
                    x["uscc"],
                    x["name"],
                    x["city"],
                    sector_name(x["sector"], lang),
                    *(blank(x[f"e{y}"]) for y in r.years),
                    L[f"market.{x['basis']}"],
                )
                for n, x in enumerate(r.listed.to_dict("records"), start=1)
            ]
        ),
    )
    entered = Table(
        L.columns(*WHO, ("region.city_col", "text", 9), ("chain.sector", "text", 8)),
        rows([(x.uscc, x.name, x.city, sector_name(x.sector, lang)) for x in r.entered.itertuples()]),
    )
    left = Table(
        L.columns(*WHO, ("region.city_col", "text", 9), ("chain.sector", "text", 8), ("market.reason", "text", 24)),
        rows(
            [
                (
                    x.uscc,
                    x.name,
                    x.city,
                    sector_name(x.sector, lang),
                    L["market.below" if x.reason == "below" else "market.no_data_years"],
                )
                for x in r.left.itertuples()
            ]
        ),
    )
    cover = Section(
        "cover",
        title,
        fields=(
            (L["market.scope"], scope, "text"),
            (L["market.threshold"], r.threshold, "tonnes"),
            (L["market.listed_n"], len(r.listed), "int"),
            (L["market.entered_n"], len(r.entered), "int"),
            (L["market.left_n"], len(r.left), "int"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
        ),
        paragraphs=(L("market.roster_text", year=r.year, years=years, threshold=r.threshold),),
    )

    def part(key: str, table: Table) -> Section:
        if key != "listed" and not r.compared:
            return Section(key, L[f"market.{key}_title"], paragraphs=(L("market.not_compared", year=r.year - 1),))
        return Section(
            key,
            L[f"market.{key}_title"],
            paragraphs=() if table.rows else (L["market.none"],),
            tables=(table,) if table.rows else (),
        )

    return Document(
        "roster",
        lang,
        title,
        scope,
        f"{scope} · {r.year}",
        (cover, part("listed", listed), part("entered", entered), part("left", left)),
        report_meta(today),
    )


def roster_json(r: Roster) -> dict[str, Any]:
    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        return list(json.loads(frame.to_json(orient="records", force_ascii=False)))

    return {
        "year": r.year,
        "province": r.province,
        "threshold_tco2e": r.threshold,
        "years": list(r.years),
        "compared": r.compared,
        "listed": records(r.listed),
        "entered": records(r.entered),
        "left": records(r.left),
    }
