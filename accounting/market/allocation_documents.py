"""The allocation table laid out for the renderers (Excel and PDF, Chinese or English), and its
JSON: each enterprise's pre-allocation and final allowance, and each power unit with every
coefficient and its source. Figures come from :mod:`.allocation`."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from accounting.market.allocation import Allocation, Term, UnitAllowance
from accounting.market.layout import method_text, note_texts, sources_section
from accounting.market.rules import rule
from accounting.region.lists import WHO, printed
from accounting.report.document import Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version
from accounting.schema import sector_name


def _term(t: Term) -> float | None:
    return t.value


def unit_table(L: Labels, units: Sequence[UnitAllowance]) -> Table:
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


def term_table(L: Labels, units: Sequence[UnitAllowance]) -> Table:
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
                    method_text(L, a),
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
        for note in note_texts(L, a.notes):
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
        tables = [unit_table(L, a.units), term_table(L, a.units)]
        if a.pre_units:
            tables.append(
                dataclasses.replace(
                    unit_table(L, a.pre_units),
                    caption=L("market.pre_units_text", share=rule("power_preallocation_share")),
                )
            )
        sections.append(
            Section(
                f"e{a.facts.uscc}",
                f"{a.facts.name} · {L['market.units_title']}"[:31],
                paragraphs=(L["market.units_text"], *note_texts(L, a.notes)),
                tables=tuple(tables),
            )
        )
    sections.append(sources_section(L, used))
    return Document("allocation", lang, title, scope, f"{scope} · {year}", tuple(sections), report_meta(today))


def allocation_record(a: Allocation) -> dict[str, Any]:
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
    return {"year": year, "enterprises": [allocation_record(a) for a in allocations]}
