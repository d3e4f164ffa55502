"""The project assessment (新建项目碳排放与节能评价) and the project ledger (「两高」项目台账) as
:class:`Document` s; the figures come from :mod:`.assessment` and the store."""

from __future__ import annotations

from datetime import date

import pandas as pd

from accounting.planning.assessment import Assessment
from accounting.report.document import Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version
from accounting.result import CATEGORIES
from accounting.schema import sector_name


def _status(L: Labels, status: str) -> str:
    return L[f"project.status_{status}"]


def _cover(L: Labels, a: Assessment, today: date | None) -> Section:
    p, e = a.project, a.result.enterprise
    return Section(
        "cover",
        L("project.title", name=p.name),
        fields=(
            (L["project.id"], p.project_id, "text"),
            (L["project.builder"], f"{e.name}（{e.uscc}）" if L.lang != "en" else f"{e.name} ({e.uscc})", "text"),
            (L["project.place"], f"{e.province}{e.city}", "text"),
            (L["project.sector"], sector_name(e.sector, L.lang), "text"),
            (L["project.status"], _status(L, p.status), "text"),
            (L["project.product"], p.product, "text"),
            (L["project.capacity"], p.capacity, "qty"),
            (L["project.start_year"], str(p.start_year) if p.start_year else None, "text"),
            (L["project.applied"], p.applied or None, "text"),
            (L["project.design_year"], str(a.result.year), "text"),
            (L["project.file"], p.submission.file.rsplit("/", 1)[-1], "text"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
        paragraphs=(L["project.cover_note"],),
    )


def _figures(L: Labels, a: Assessment) -> Section:
    r = a.result
    direct = r.by_category.fuel_combustion + r.by_category.process
    table = Table(
        L.columns(("project.category", "text", 24), ("project.amount", "t", 16)),
        rows([(L[f"cat.{c}"], getattr(r.by_category, c)) for c in CATEGORIES]),
        total=(L["summary.total"], r.tco2e),
    )
    return Section(
        "figures",
        L["project.figures"],
        fields=(
            (L["project.tco2e"], r.tco2e, "t"),
            (L["project.direct"], direct, "t"),
            (L["project.tce"], r.energy.tce, "t"),
            (L["project.output"], a.output, "qty"),
            (L["project.method"], r.method, "text"),
        ),
        tables=(table,),
    )


def _efficiency(L: Labels, a: Assessment) -> Section:
    return Section(
        "efficiency",
        L["project.efficiency"],
        fields=(
            (L["project.product"], a.project.product, "text"),
            (L["project.kgce_t"], a.kgce_t, "intensity"),
            (L["project.benchmark"], a.benchmark, "intensity"),
            (L["project.class"], L[f"project.class_{a.benchmark_class}"], "text"),
        ),
        paragraphs=(L["project.limit_note"],),
    )


def _restriction_line(L: Labels, a: Assessment) -> str:
    x = a.restriction
    if x is None:
        return ""
    if x.restricted is None or x.evaluation is None:
        return L("project.unjudged", city=x.city)
    if not x.restricted:
        return L("project.not_restricted", city=x.city)
    status = L[f"status.{x.evaluation.status}"]
    return L("project.restricted" if a.two_high else "project.restricted_other", city=x.city, status=status)


def _impact(L: Labels, a: Assessment) -> Section:
    if a.note == "no_store":
        return Section("impact", L["project.impact"], paragraphs=(L["project.no_store"],))
    tables = []
    paragraphs = [line] if (line := _restriction_line(L, a)) else []
    if a.budgets:
        tables.append(
            Table(
                L.columns(
                    ("project.budget_kind", "text", 12),
                    ("project.budget", "t", 14),
                    ("project.projected", "t", 14),
                    ("project.left", "t", 14),
                    ("project.share", "pct", 10),
                ),
                rows(
                    [
                        (
                            L[f"budget.{e.measure}_short"],
                            e.budget,
                            e.projected,
                            None if e.projected is None else e.budget - e.projected,
                            a.budget_share(e),
                        )
                        for e in a.budgets
                    ]
                ),
                caption=L("project.budget_caption", city=a.result.enterprise.city, year=a.budget_year),
                note=L("project.budget_text", year=a.budget_year),
            )
        )
    else:
        paragraphs.append(L["project.no_budget"])
    if a.headroom:
        tables.append(
            Table(
                L.columns(
                    ("project.indicator", "text", 22),
                    ("project.year", "text", 8),
                    ("project.allowed", "t", 14),
                    ("project.actual", "t", 14),
                    ("project.room", "t", 14),
                    ("project.share", "pct", 10),
                ),
                rows(
                    [
                        (L[f"indicator.{h.indicator_code}"], str(h.year), h.allowed, h.actual, h.headroom, h.share)
                        for h in a.headroom
                    ]
                ),
                caption=L("project.headroom_caption", province=a.result.enterprise.province),
                note=L["project.headroom_text"],
            )
        )
    else:
        paragraphs.append(L["project.no_headroom"])
    return Section("impact", L["project.impact"], paragraphs=tuple(paragraphs), tables=tuple(tables))


def _conclusion(L: Labels, a: Assessment) -> Section:
    """Each finding in a line, coloured: what a department reads first."""
    lines: list[tuple[str, str, str]] = []  # (item, finding, mark)
    efficiency = {"at_benchmark": "on_track", "above_benchmark": "warning", "none": ""}[a.benchmark_class]
    lines.append((L["project.class"], L[f"project.class_{a.benchmark_class}"], efficiency))
    if a.note != "no_store":
        for e in a.budgets:
            share = a.budget_share(e)
            text = L["project.none_left"] if share is None else L("project.takes", share=f"{share:.1%}")
            lines.append(
                (
                    L("project.budget_item", kind=L[f"budget.{e.measure}_short"].lower()),
                    text,
                    "warning" if share is None or share > 1 else "",
                )
            )
        for h in a.headroom:
            text = L["project.none_left"] if h.share is None else L("project.takes", share=f"{h.share:.1%}")
            lines.append(
                (
                    L(f"indicator.{h.indicator_code}") + L["project.room_item"],
                    text,
                    "warning" if h.share is None or h.share > 1 else "",
                )
            )
        if a.restriction is not None:
            held = bool(a.restriction.restricted) and a.two_high
            finding = (
                L["project.held"]
                if held
                else (L["project.unjudged_short"] if a.restriction.restricted is None else L["project.not_held"])
            )
            lines.append((L["project.restriction"], finding, "warning" if held else ""))
    for key, ok in (("project.energy_row", a.covers_energy), ("project.co2_row", a.covers_co2)):
        lines.append(
            (
                L["project.replacement"] + " · " + L[key],
                L["project.covers" if ok else "project.short"],
                "on_track" if ok else "warning",
            )
        )
    table = Table(
        L.columns(("project.what", "text", 30), ("project.conclusion", "text", 30)),
        rows([(item, finding) for item, finding, _ in lines]),
        marks=tuple(mark for *_, mark in lines),
    )
    return Section("conclusion", L["project.conclusion"], tables=(table,))


def _replacement(L: Labels, a: Assessment) -> Section:
    offers = Table(
        (
            L.literal("project.offer", 24),
            *L.columns(("project.uscc", "text", 20)),
            L.literal("project.measure", 10),
            *L.columns(("project.offer_tce", "t", 14), ("project.offer_tco2", "t", 14)),
            L.literal("project.evidence", 24),
        ),
        rows([(o.name, o.uscc, o.measure, o.tce, o.tco2, o.evidence) for o in a.project.offers]),
    )
    verdict = Table(
        L.columns(
            ("project.what", "text", 18),
            ("project.required", "t", 14),
            ("project.offered", "t", 14),
            ("project.covered", "text", 10),
        ),
        rows(
            [
                (
                    L["project.energy_row"],
                    a.required_tce,
                    a.offered_tce,
                    L["project.covers" if a.covers_energy else "project.short"],
                ),
                (
                    L["project.co2_row"],
                    a.required_tco2,
                    a.offered_tco2,
                    L["project.covers" if a.covers_co2 else "project.short"],
                ),
            ]
        ),
        marks=tuple("on_track" if ok else "warning" for ok in (a.covers_energy, a.covers_co2)),
    )
    text = L(
        "project.replacement_text",
        energy_ratio=f"{a.rules['replacement_energy_ratio']:g}",
        co2_ratio=f"{a.rules['replacement_co2_ratio']:g}",
    )
    return Section("replacement", L["project.replacement"], paragraphs=(text,), tables=(offers, verdict))


def assessment_document(a: Assessment, lang: str = "zh", today: date | None = None) -> Document:
    L = Labels(lang)
    sections = (
        _cover(L, a, today),
        _conclusion(L, a),
        _figures(L, a),
        _efficiency(L, a),
        _impact(L, a),
        _replacement(L, a),
    )
    place = a.result.enterprise.city or a.result.enterprise.province
    return Document(
        "project",
        lang,
        L("project.title", name=a.project.name),
        place,
        f"{a.project.project_id} · {a.project.name}",
        sections,
        report_meta(today),
    )


def ledger_document(ledger: pd.DataFrame, scope: str, lang: str = "zh", today: date | None = None) -> Document:
    """The ledger: the latest version of every project (``ledger``: :meth:`Store.newest` of projects)."""
    L = Labels(lang)
    table = Table(
        (
            *L.columns(("project.id", "text", 12)),
            L.literal("project.name", 24),
            L.literal("project.builder", 20),
            *L.columns(
                ("region.city_col", "text", 12),
                ("project.sector", "text", 10),
                ("project.status", "text", 8),
                ("project.product", "text", 10),
                ("project.capacity", "qty", 12),
                ("project.start_year", "text", 8),
                ("project.tco2e", "t", 14),
                ("project.tce", "t", 14),
                ("project.version", "int", 6),
            ),
        ),
        rows(
            [
                (
                    r.project_id,
                    r.name,
                    r.enterprise,
                    r.city,
                    sector_name(r.sector, lang),
                    _status(L, r.status),
                    r.product,
                    r.capacity,
                    None if pd.isna(r.start_year) else str(int(r.start_year)),
                    r.tco2e,
                    r.tce,
                    int(r.version),
                )
                for r in ledger.itertuples()
            ]
        ),
        note=L["project.ledger_note"],
    )
    counts = ledger["status"].value_counts()
    cover = Section(
        "cover",
        L["project.ledger_title"],
        fields=(
            (L["region.scope"], scope, "text"),
            (L["project.ledger_count"], len(ledger), "int"),
            *((L[f"project.status_{s}"], int(counts.get(s, 0)), "int") for s in ("planned", "building", "existing")),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
    )
    return Document(
        "ledger",
        lang,
        L["project.ledger_title"],
        scope,
        f"{scope} · {L['project.ledger']}",
        (cover, Section("ledger", L["project.ledger"], tables=(table,), wide=True)),
        report_meta(today),
    )
