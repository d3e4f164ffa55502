"""The market's reports laid out for the renderers (Excel and PDF, Chinese or English): the allocation
table, the regulator's compliance report, an enterprise's compliance statement and the roster.
Figures come from :mod:`.allocation`, :mod:`.compliance` and :mod:`.roster`; this module only lays out."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd

from accounting.factors import bundled
from accounting.market.allocation import Allocation, Term, UnitAllowance
from accounting.market.compliance import Compliance
from accounting.market.roster import Roster
from accounting.market.rules import cited, rule
from accounting.region.lists import blank, printed
from accounting.report.document import Column, Document, Labels, Section, Table, rows
from accounting.report.enterprise import report_meta, tanhe_version
from accounting.schema import sector_name

WHO = (("region.uscc", "text", 21), ("region.name", "text", 18))
MARKS = {"complied": "on_track", "on_track": "", "at_risk": "lagging", "not_complied": "lagging", "no_data": "warning"}


def _nan(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _notes(L: Labels, notes: Iterable[tuple[str, dict[str, Any]]]) -> tuple[str, ...]:
    return tuple(L(f"market.{key}", **values) for key, values in notes)


def _sources(L: Labels, used: Iterable[tuple[str, str]]) -> Section:
    lib = bundled()
    table = Table(
        L.columns(("market.source", "text", 16), ("market.document", "text", 60), ("market.confidence", "text", 12)),
        rows([(sid, _title(lib.sources[sid]), L[f"confidence.{confidence}"]) for sid, confidence in sorted(set(used))]),
    )
    return Section("sources", L["market.sources_title"], paragraphs=(L["market.sources_text"],), tables=(table,))


def _title(source: Any) -> str:
    number = f"（{source.document_no}）" if source.document_no else ""
    return f"{source.title}{number}"


def _method(L: Labels, a: Allocation) -> str:
    return L[f"market.method_{a.method}"]


def _term(t: Term) -> float | None:
    return t.value


def _unit_table(L: Labels, units: Sequence[UnitAllowance]) -> Table:
    return Table(
        L.columns(
            ("market.unit", "text", 10),
            ("market.category", "text", 26),
            ("market.power_mwh", "qty", 14),
            ("market.benchmark_power", "factor", 11),
            ("market.cooling", "factor", 9),
            ("market.heat", "factor", 9),
            ("market.load", "factor", 9),
            ("market.power_part", "t", 13),
            ("market.heat_gj", "qty", 13),
            ("market.benchmark_heat", "factor", 11),
            ("market.heat_part", "t", 12),
            ("market.unit_allowance", "t", 13),
        ),
        rows(
            [
                (
                    u.unit,
                    u.category,
                    u.power_mwh,
                    *(_term(u.term(k)) for k in ("benchmark_power", "cooling", "heat", "load")),
                    u.power_part,
                    u.heat_gj,
                    _term(u.term("benchmark_heat")),
                    u.heat_part,
                    u.allowance,
                )
                for u in units
            ]
        ),
    )


def _term_table(L: Labels, units: Sequence[UnitAllowance]) -> Table:
    out = []
    for u in units:
        for t in u.terms:
            idle = t.key in ("cooling", "heat", "load") and not t.source_id  # the correction does not apply
            out.append(
                (
                    u.unit,
                    L[f"market.{t.key}"],
                    t.value,
                    t.expression or (L["market.not_applicable"] if idle else None),
                    t.source_id or None,
                    L[f"confidence.{t.confidence}"] if t.confidence else None,
                )
            )
    return Table(
        L.columns(
            ("market.unit", "text", 10),
            ("market.term", "text", 24),
            ("market.value", "factor", 11),
            ("market.expression", "text", 30),
            ("market.source", "text", 16),
            ("market.confidence", "text", 12),
        ),
        rows(out),
    )


def allocation_document(
    allocations: Sequence[Allocation], year: int, scope: str, lang: str = "zh", today: date | None = None
) -> Document:
    """The allocation of each enterprise (pre and final), and each power unit with every coefficient."""
    L = Labels(lang)
    title = L("market.allocation_title", year=year)
    summary = Table(
        L.columns(
            *WHO,
            ("chain.sector", "text", 9),
            ("market.basis", "text", 8),
            ("market.to_cover", "t", 13),
            ("market.method", "text", 20),
            ("market.pre", "t", 13),
            ("market.final", "t", 13),
            ("market.balance", "t", 12),
        ),
        rows(
            [
                (
                    a.facts.uscc,
                    a.facts.name,
                    sector_name(a.facts.sector, lang),
                    L[f"market.{a.facts.basis}"],
                    a.facts.to_cover,
                    _method(L, a),
                    a.pre,
                    a.final,
                    a.balance,
                )
                for a in allocations
            ]
        ),
    )
    by_note: dict[str, list[str]] = {}  # each note once, with the enterprises it is about
    for a in allocations:
        for note in _notes(L, a.notes):
            by_note.setdefault(note, []).append(a.facts.name)
    comma = "、" if lang != "en" else ", "
    notes = Table(
        L.columns(("market.notes_title", "text", 50), ("market.about", "text", 50)),
        rows([(note, comma.join(names)) for note, names in by_note.items()]),
    )
    sections = [
        Section(
            "cover",
            title,
            fields=(
                (L["market.scope"], scope, "text"),
                (L["region.year"], str(year), "text"),
                (L["market.obligated"], len(allocations), "int"),
                (L["cover.generated"], (today or date.today()).isoformat(), "text"),
                (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
            ),
            paragraphs=(L["market.basis_text"],),
        ),
        Section("enterprises", L["market.enterprises_title"], tables=(printed(L, summary),)),
        Section(
            "notes",
            L["market.notes_title"],
            tables=(printed(L, notes),) if notes.rows else (),
            paragraphs=() if notes.rows else (L["market.none"],),
        ),
    ]
    used: set[tuple[str, str]] = set()
    for a in allocations:
        used.update(a.sources)
        if not a.units:
            continue
        tables = [_unit_table(L, a.units), _term_table(L, a.units)]
        if a.pre_units:
            tables.append(
                dataclasses.replace(
                    _unit_table(L, a.pre_units),
                    caption=L("market.pre_units_text", share=rule("power_preallocation_share")),
                )
            )
        sections.append(
            Section(
                f"e{a.facts.uscc}",
                f"{a.facts.name} · {L['market.units_title']}"[:31],
                paragraphs=(L["market.units_text"], *_notes(L, a.notes)),
                tables=tuple(tables),
            )
        )
    sections.append(_sources(L, used))
    return Document("allocation", lang, title, scope, f"{scope} · {year}", tuple(sections), report_meta(today))


def _allocation_record(a: Allocation) -> dict[str, Any]:
    def unit(u: UnitAllowance) -> dict[str, Any]:
        return {
            "unit": u.unit,
            "category": u.category,
            "power_mwh": u.power_mwh,
            "heat_gj": u.heat_gj,
            "terms": [
                {
                    "key": t.key,
                    "value": t.value,
                    "unit": t.unit,
                    "expression": t.expression,
                    "source_id": t.source_id,
                    "confidence": t.confidence,
                }
                for t in u.terms
            ],
            "power_part": u.power_part,
            "heat_part": u.heat_part,
            "allowance": u.allowance,
        }

    f = a.facts
    return {
        "uscc": f.uscc,
        "name": f.name,
        "sector": f.sector,
        "year": f.year,
        "basis": f.basis,
        "submission_version": f.submission_version,
        "verification_version": f.verification_version,
        "to_cover_tco2e": f.to_cover,
        "method": a.method,
        "pre": a.pre,
        "final": a.final,
        "balance": a.balance,
        "units": [unit(u) for u in a.units],
        "pre_units": [unit(u) for u in a.pre_units],
        "notes": [Labels("zh")(f"market.{k}", **v) for k, v in a.notes],
        "sources": [{"source_id": s, "confidence": c} for s, c in a.sources],
    }


def allocation_json(allocations: Sequence[Allocation], year: int) -> dict[str, Any]:
    return {"year": year, "enterprises": [_allocation_record(a) for a in allocations]}


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
        (cover, risk_section, ccer_section, every, _sources(L, used)),
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
        "allocations": [_allocation_record(a) for a in c.allocations.values()],
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
            (L["market.pre"], _nan(a.pre), "tonnes"),
            (L["market.allocated"], _nan(a.final), "tonnes"),
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
        f"{L['market.method']}：{_method(L, a)}" if lang != "en" else f"Method: {_method(L, a)}",
        *_notes(L, a.notes),
    ]
    if a.units:
        paragraphs.append(L["market.units_text"])
        tables += [_unit_table(L, a.units), _term_table(L, a.units)]
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
        (cover, position, allocation, _sources(L, used)),
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
