"""The chain's reports laid out for the renderers (Excel and PDF, Chinese or English): the monthly review
of deposits and the evaluation of verification bodies (the verification report is
:mod:`.verification_document`). Figures are computed in :mod:`.review` and :mod:`.evaluation`; this
module only lays out."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd

from accounting.chain.evaluation import Evaluation
from accounting.chain.review import Review
from accounting.chain.rules import rule
from accounting.region.lists import WHO, blank, printed
from accounting.report.document import Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version
from accounting.report.tables import energy_type_name
from accounting.schema import sector_name


def _item(L: Labels, kind: str, name: str, item: str) -> str:
    if kind == "energy":
        return energy_type_name(name, L.lang)
    return " / ".join(p for p in (name, item) if p)


def _flags(L: Labels, text: str) -> str:
    return (
        "、".join(L[f"chain.flag_{f}"] for f in str(text).split() if f)
        if L.lang != "en"
        else ", ".join(L[f"chain.flag_{f}"] for f in str(text).split() if f)
    )


def review_document(r: Review, lang: str = "zh", today: date | None = None) -> Document:
    L = Labels(lang)
    counts = r.status.status.value_counts()
    scope = r.province or L["region.all"]
    cover = Section(
        "cover",
        L("chain.review_title", year=r.year, month=r.month),
        fields=(
            (L["chain.review_scope"], scope, "text"),
            (L["chain.deadline"], r.deadline.isoformat(), "text"),
            (L["chain.expected"], len(r.status), "int"),
            (L["chain.on_time"], int(counts.get("on_time", 0)), "int"),
            (L["chain.late"], int(counts.get("late", 0)), "int"),
            (L["chain.missing"], int(counts.get("missing", 0)), "int"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
        paragraphs=(L("chain.deadline_rule", days=int(rule("deposit_days_after_month"))),),
    )
    status = Table(
        L.columns(
            *WHO,
            ("region.city_col", "text", 9),
            ("chain.received", "text", 22),
            ("chain.versions", "int", 7),
            ("chain.days_late", "int", 8),
            ("chain.status", "text", 8),
        ),
        rows(
            [
                (
                    s.uscc,
                    s.name,
                    s.city,
                    s.received or None,
                    s.versions or None,
                    blank(s.days_late),
                    L[f"chain.{s.status}"],
                )
                for s in r.status.itertuples()
            ]
        ),
        marks=tuple({"on_time": "on_track", "late": "lagging", "missing": "warning"}[s] for s in r.status.status),
    )
    p = r.parameters
    parameters = Table(
        L.columns(
            *WHO,
            ("chain.kind", "text", 9),
            ("chain.item", "text", 16),
            ("chain.this_month", "qty", 12),
            ("chain.unit", "text", 7),
            ("chain.prior", "qty", 12),
            ("chain.change", "pct", 8),
            ("chain.last_year", "qty", 12),
            ("chain.change_year", "pct", 8),
            ("chain.ncv", "factor", 10),
            ("chain.carbon", "factor", 10),
            ("chain.flag", "text", 14),
        ),
        rows(
            [
                (
                    x.uscc,
                    x.name_e,
                    L[f"chain.kind_{x.kind}"],
                    _item(L, x.kind, x.name, x.item),
                    x.activity,
                    x.activity_unit,
                    blank(x.prior_activity),
                    blank(x.change),
                    blank(x.last_year_activity),
                    blank(x.change_year),
                    blank(x.ncv),
                    blank(x.carbon),
                    _flags(L, x.flag) or None,
                )
                for x in p.itertuples()
            ]
        ),
    )
    peers = Table(
        L.columns(
            ("chain.sector", "text", 8),
            ("fuel.fuel", "text", 10),
            ("chain.parameter", "text", 10),
            ("chain.n", "int", 6),
            ("chain.median", "factor", 10),
            ("chain.mad", "factor", 10),
            ("chain.low", "factor", 10),
            ("chain.high", "factor", 10),
        ),
        rows(
            [
                (sector_name(x.sector, lang), x.fuel, L[f"chain.{x.parameter}"], x.n, x.median, x.mad, x.low, x.high)
                for x in r.peers.itertuples()
            ]
        ),
    )
    evidence = Table(
        L.columns(*WHO, ("chain.row", "int", 6), ("chain.item", "text", 16), ("chain.measured", "text", 24)),
        rows(
            [
                (x.uscc, x.name_e, x.row, _item(L, "fuel", x.name, x.item), x.measured)
                for x in r.unevidenced.itertuples()
            ]
        ),
    )
    grid = Table(
        L.columns(
            *WHO,
            ("chain.grid", "qty", 12),
            ("chain.deposited", "qty", 12),
            ("chain.reported", "qty", 12),
            ("chain.difference", "pct", 9),
            ("chain.difference_reported", "pct", 9),
            ("chain.flag", "text", 14),
        ),
        rows(
            [
                (
                    x.uscc,
                    x.name,
                    x.grid,
                    blank(x.deposited),
                    blank(x.reported),
                    blank(x.difference),
                    blank(x.difference_reported),
                    _flags(L, x.flag) or None,
                )
                for x in r.grid.itertuples()
            ]
        ),
    )
    divergent = Table(
        L.columns(
            *WHO,
            ("chain.fuel_change", "pct", 12),
            ("chain.output_change", "pct", 12),
            ("chain.electricity_change", "pct", 12),
        ),
        rows(
            [(x.uscc, x.name, x.fuel_change, x.output_change, x.electricity_change) for x in r.divergent.itertuples()]
        ),
    )
    change, k = rule("change_flag"), rule("peer_mad_factor")

    def section(key: str, table: Table, text: str) -> Section:
        body = (text,) if table.rows else (text, L["chain.none"])
        return Section(key, L[f"chain.{key}_title"], paragraphs=body, tables=(printed(L, table),) if table.rows else ())

    sections = (
        cover,
        section("status", status, L["chain.status_text"]),
        section("parameters", parameters, L("chain.parameters_text", limit=change)),
        section("peers", peers, L("chain.peers_text", k=k)),
        section("evidence", evidence, L["chain.evidence_text"]),
        section("grid", grid, L("chain.grid_text", tolerance=rule("grid_tolerance"))),
        section("divergent", divergent, L("chain.divergent_text", limit=rule("divergence"))),
    )
    title = L("chain.review_title", year=r.year, month=r.month)
    return Document("review", lang, title, scope, f"{scope} · {r.year}-{r.month:02d}", sections, report_meta(today))


def review_json(r: Review) -> dict[str, Any]:
    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        return list(json.loads(frame.to_json(orient="records", force_ascii=False)))

    return {
        "year": r.year,
        "month": r.month,
        "province": r.province,
        "deadline": r.deadline.isoformat(),
        "status": records(r.status),
        "parameters": records(r.parameters),
        "peers": records(r.peers),
        "unevidenced": records(r.unevidenced),
        "grid": records(r.grid),
        "divergent": records(r.divergent),
    }


def evaluation_document(ev: Evaluation, lang: str = "zh", today: date | None = None) -> Document:
    L = Labels(lang)
    title = L("chain.evaluation_title", year=ev.year)
    b = ev.bodies
    bodies = Table(
        L.columns(
            ("chain.body", "text", 20),
            ("chain.verifications", "int", 8),
            ("chain.findings", "int", 8),
            ("chain.adjustments", "int", 8),
            ("chain.adjusted_t", "t", 14),
            ("chain.mean_relative", "pct", 10),
            ("chain.late_count", "int", 8),
        ),
        rows(
            [
                (x.body, x.verifications, x.findings, x.adjustments, x.adjusted_t, x.mean_relative, x.late)
                for x in b.itertuples()
            ]
        ),
    )
    e = ev.enterprises
    enterprises = Table(
        L.columns(
            *WHO,
            ("chain.body", "text", 16),
            ("chain.signed", "text", 11),
            ("chain.reported_t", "t", 13),
            ("chain.verified_t", "t", 13),
            ("chain.relative", "pct", 9),
            ("chain.findings", "int", 7),
            ("chain.late", "text", 6),
        ),
        rows(
            [
                (
                    x.uscc,
                    x.name,
                    x.body,
                    x.signed,
                    x.reported_tco2e,
                    x.verified_tco2e,
                    x.relative,
                    x.findings,
                    L["chain.late_mark"] if x.late else None,
                )
                for x in e.itertuples()
            ]
        ),
    )
    cover = Section(
        "cover",
        title,
        fields=(
            (L["region.year"], str(ev.year), "text"),
            (L["chain.bodies_title"], len(b), "int"),
            (L["chain.verifications"], len(e), "int"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
        ),
        paragraphs=(L("chain.evaluation_text", due=ev.due.isoformat()),),
    )
    return Document(
        "evaluation",
        lang,
        title,
        str(ev.year),
        title,
        (
            cover,
            Section("bodies", L["chain.bodies_title"], tables=(bodies,)),
            Section("enterprises", L["chain.enterprises_title"], tables=(printed(L, enterprises),)),
        ),
        report_meta(today),
    )


def evaluation_json(ev: Evaluation) -> dict[str, Any]:
    return {
        "year": ev.year,
        "due": ev.due.isoformat(),
        "bodies": json.loads(ev.bodies.to_json(orient="records", force_ascii=False)),
        "enterprises": json.loads(ev.enterprises.to_json(orient="records", force_ascii=False)),
    }
