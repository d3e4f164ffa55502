"""The sections of the regional report that list enterprises: key emitters, unit-product energy
against the benchmarks, and data quality; with the column specs and helpers every section shares.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from accounting.issues import stored_message
from accounting.region import data as d
from accounting.report.document import Labels, Section, Table, rows
from accounting.schema import sector_name

WHO = (("region.uscc", "text", 21), ("region.name", "text", 18))  # the columns naming an enterprise
TOTALS = (
    ("region.enterprises", "int", 7),
    ("region.t", "total", 14),
    ("region.tce", "total", 14),
    ("region.prior_t", "total", 14),
    ("region.change", "pct", 9),
    ("region.contribution", "pct", 9),
    ("region.share", "pct", 8),
)  # the columns of totals_by (data.py), after the group's name


PRINTED = 100  # rows of an enterprise list the PDF prints, the largest or worst first; the workbook has all


def printed(L: Labels, table: Table) -> Table:
    """``table`` with the PDF cut after PRINTED rows and a line saying where the rest are."""
    if len(table.rows) <= PRINTED:
        return table
    return replace(table, limit=PRINTED, more=L("region.more", n=len(table.rows) - PRINTED))


def blank(value: Any) -> Any:
    """NaN as None, which the report prints as a dash."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def totals(r: Any) -> tuple[Any, ...]:
    """The values of TOTALS from a row of totals_by."""
    return (int(r.enterprises), r.tco2e, r.tce, r.prior_tco2e, blank(r.change), blank(r.contribution), blank(r.share))


def emitters_section(L: Labels, emitters: pd.DataFrame) -> Section:
    table = Table(
        L.columns(
            *WHO,
            ("region.city_col", "text", 9),
            ("region.sector", "text", 8),
            ("region.t", "t", 14),
            ("region.tce", "t", 14),
            ("region.prior_t", "t", 14),
            ("region.change", "pct", 10),
        ),
        rows(
            [
                (
                    r.uscc,
                    r.name,
                    r.city,
                    sector_name(r.sector, L.lang),
                    r.tco2e,
                    r.tce,
                    blank(r.prior_tco2e),
                    blank(r.change),
                )
                for r in emitters.itertuples()
            ]
        ),
        total=(
            L["summary.total"],
            f"{len(emitters)}",
            None,
            None,
            emitters["tco2e"].sum(),
            emitters["tce"].sum(),
            None,
            None,
        ),
    )
    return Section(
        "key_emitters",
        L["region.key_emitters"],
        paragraphs=(L("region.key_emitters_text", threshold=d.key_emitter_threshold()),),
        tables=(printed(L, table),),
    )


def enterprises_section(L: Labels, listed: pd.DataFrame) -> Section:
    """Every enterprise stored for the year, so that none is on no sheet (the lists above hold only
    those a rule selects: key emitters, benchmarked products, data-quality findings)."""
    table = Table(
        L.columns(
            *WHO,
            ("region.city_col", "text", 9),
            ("region.sector", "text", 8),
            ("region.version", "int", 6),
            ("region.t", "t", 14),
            ("region.tce", "t", 14),
            ("region.prior_t", "t", 14),
            ("region.change", "pct", 10),
        ),
        rows(
            [
                (
                    r.uscc,
                    r.name,
                    r.city,
                    sector_name(r.sector, L.lang),
                    int(r.version),
                    r.tco2e,
                    r.tce,
                    blank(r.prior_tco2e),
                    blank(r.change),
                )
                for r in listed.itertuples()
            ]
        ),
        total=(
            L["summary.total"],
            f"{len(listed)}",
            None,
            None,
            None,
            listed["tco2e"].sum(),
            listed["tce"].sum(),
            None,
            None,
        ),
    )
    return Section(
        "enterprises",
        L["region.all_enterprises"],
        paragraphs=(L["region.all_enterprises_text"],),
        tables=(printed(L, table),),
    )


def benchmarks_section(L: Labels, detail: pd.DataFrame, summary: pd.DataFrame) -> Section:
    head = Table(
        L.columns(
            ("region.product", "text", 12),
            ("region.benchmark", "intensity", 12),
            ("region.enterprises", "int", 8),
            ("region.at_benchmark", "int", 10),
            ("region.share", "pct", 9),
        ),
        rows(
            [(r.product, r.benchmark, int(r.enterprises), int(r.at_benchmark), r.share) for r in summary.itertuples()]
        ),
        caption=L["region.benchmark_summary"],
    )
    body = Table(
        L.columns(
            *WHO,
            ("region.product", "text", 10),
            ("region.output", "qty", 14),
            ("region.kgce_t", "intensity", 12),
            ("region.benchmark", "intensity", 10),
            ("region.level_col", "text", 10),
        ),
        rows(
            [
                (
                    r.uscc,
                    r.name,
                    r.product,
                    r.quantity,
                    r.kgce_t,
                    r.value,
                    L["region.level_at" if r.at_benchmark else "region.level_below"],
                )
                for r in detail.itertuples()
            ]
        ),
        caption=L["region.benchmark_detail"],
        note=L["region.benchmark_note"],
    )
    return Section("benchmarks", L["region.benchmarks"], tables=(head, printed(L, body)))


def quality_section(L: Labels, data: d.RegionData, q: dict[str, pd.DataFrame]) -> Section:
    expected = L["region.expected_roster" if len(data.roster) else "region.expected_prior"]
    fields = (
        (L["region.submitted"], len(data.now), "int"),
        (L["region.missing_count"], len(q["missing"]), "int"),
        (L["region.expected_basis"], expected, "text"),
        (
            L["region.defaults_share"],
            q["defaults"]["defaults"].sum() / max(q["defaults"]["parameters"].sum(), 1),
            "pct",
        ),
    )
    missing = Table(
        L.columns(
            *WHO,
            ("region.city_col", "text", 10),
            ("region.sector", "text", 10),
        ),
        rows([(r.uscc, r.name, r.city, sector_name(r.sector, L.lang)) for r in q["missing"].itertuples()]),
        caption=L["region.missing"],
    )
    months = Table(
        L.columns(
            *WHO,
            ("region.city_col", "text", 10),
            ("region.months_reported", "int", 10),
        ),
        rows([(r.uscc, r.name, r.city, int(r.months)) for r in q["months"].itertuples()]),
        caption=L["region.months_missing"],
    )
    defaults = Table(
        L.columns(
            ("region.sector", "text", 12),
            ("region.enterprises", "int", 8),
            ("region.parameters", "int", 10),
            ("region.defaults", "int", 10),
            ("region.share", "pct", 9),
        ),
        rows(
            [
                (sector_name(r.sector, L.lang), int(r.enterprises), int(r.parameters), int(r.defaults), blank(r.share))
                for r in q["defaults"].itertuples()
            ]
        ),
        caption=L["region.defaults_table"],
        note=L["region.defaults_note"],
    )
    jumps = Table(
        L.columns(
            *WHO,
            ("region.prior_t", "t", 14),
            ("region.t", "t", 14),
            ("region.change", "pct", 9),
        ),
        rows([(r.uscc, r.name, r.tco2e_prior, r.tco2e, r.change) for r in q["jumps"].itertuples()]),
        caption=L("region.jumps", limit=d.anomaly_change()),
    )
    revised = Table(
        L.columns(
            *WHO,
            ("region.version", "int", 8),
            ("region.received", "text", 22),
        ),
        rows([(r.uscc, r.name, int(r.version), r.received) for r in q["revised"].itertuples()]),
        caption=L["region.revised"],
    )
    warnings = Table(
        L.columns(
            ("region.code", "text", 18),
            ("region.message", "text", 44),
            ("region.concerned", "text", 30),
            ("region.count", "int", 8),
        ),
        rows(
            [
                (
                    r.code,
                    stored_message(r.code, "", r.cell, r.message, L.lang),
                    concerned(L, r.enterprises),
                    int(r.count),
                )
                for r in q["warnings"].itertuples()
            ]
        ),
        caption=L["region.warnings"],
    )
    reconciled = Table(
        (*L.columns(*WHO), L.literal("region.cell", 14), *L.columns(("region.message", "text", 50))),
        rows(
            [
                (
                    r.uscc,
                    r.name,
                    f"{r.sheet}!{r.cell}" if r.cell else r.sheet,
                    stored_message(r.code, r.sheet, r.cell, r.message, L.lang),
                )
                for r in q["reconciled"].itertuples()
            ]
        ),
        caption=L["region.reconciled"],
    )
    return Section(
        "quality",
        L["region.quality"],
        fields=fields,
        tables=(
            printed(L, missing),
            printed(L, months),
            defaults,
            printed(L, jumps),
            printed(L, revised),
            printed(L, reconciled),
            warnings,
        ),
    )


def concerned(L: Labels, names: tuple[str, ...], shown: int = 3) -> str:
    """The enterprises a warning is about: the first few by name, and how many more."""
    listed = L["region.separator"].join(names[:shown])
    return listed + (L["region.and_more"].format(n=len(names) - shown) if len(names) > shown else "")
