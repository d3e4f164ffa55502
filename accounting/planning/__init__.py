"""The regulator's planning tools: carbon and energy budgets with early warning and 缓批限批
(:mod:`.budgets`, :mod:`.execution`, :mod:`.budget_report`); new projects assessed and their ledger
(:mod:`.projects`, :mod:`.assessment`, :mod:`.project_report`); trajectories and the peak of CO2
(:mod:`.trajectory`, laid out in the regional report)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accounting.factors import Library
from accounting.planning.budgets import write_budget
from accounting.planning.execution import budget_figures, to_json
from accounting.planning.projects import read_project, write_project
from accounting.report.output import safe_stem, scope_of
from accounting.report.written import write_documents
from accounting.store import Store

NAMES = ("预算执行报告", "budget-report")


def render_budget(
    store: Store,
    year: int,
    out: Path | None,
    *,
    month: int | None = None,
    province: str | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
    library: Library | None = None,
) -> tuple[list[Path], dict[str, Any]]:
    """The budget report of ``year`` as of the end of ``month`` (default: the last month with data)
    into ``out`` (None: write nothing); the files and the JSON."""
    from accounting.planning.budget_report import build

    f = budget_figures(store, year, month, province, library)
    if out is None:
        return [], to_json(f)
    docs = {lang: build(f, lang) for lang in langs}
    through = f"{f.month:02d}"
    stem = lambda lang: safe_stem(  # noqa: E731
        scope_of(province, lang), year, through + ("" if lang == "en" else "月"), NAMES[lang == "en"]
    )
    return write_documents(docs, out, stem, formats), to_json(f)


def render_assessment(
    path: Path,
    out: Path | None,
    *,
    store: Store | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
    library: Library | None = None,
) -> tuple[list[Path], dict[str, Any]]:
    """The assessment of the project workbook at ``path`` (with ``store``: against its budgets,
    statistics and 缓批限批) into ``out`` (None: no files); the files and the JSON."""
    from accounting.planning.assessment import assess
    from accounting.planning.project_report import assessment_document

    a = assess(read_project(path), store, library)
    summary = assessment_json(a)
    if out is None:
        return [], summary
    docs = {lang: assessment_document(a, lang) for lang in langs}
    names = ("项目评价", "project-assessment")
    return write_documents(
        docs, out, lambda lang: safe_stem(a.project.project_id, names[lang == "en"]), formats
    ), summary


def render_projects(
    store: Store,
    out: Path | None,
    *,
    province: str | None = None,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
) -> tuple[list[Path], dict[str, Any]]:
    """The ledger of projects in the store (the latest version of each) into ``out``; the files and the JSON."""
    from accounting.planning.project_report import ledger_document
    from accounting.store import tables as t

    ledger = store.newest("project", [t.project_versions.c.province == province] if province else [])
    summary = {
        "projects": [
            {
                "project_id": r.project_id,
                "name": r.name,
                "uscc": r.uscc,
                "city": r.city,
                "sector": r.sector,
                "status": r.status,
                "version": int(r.version),
                "tco2e": round(float(r.tco2e), 6),
                "tce": round(float(r.tce), 6),
            }
            for r in ledger.itertuples()
        ]
    }
    if out is None:
        return [], summary
    docs = {lang: ledger_document(ledger, scope_of(province, lang), lang) for lang in langs}
    names = ("项目台账", "project-ledger")
    return write_documents(
        docs, out, lambda lang: safe_stem(scope_of(province, lang), names[lang == "en"]), formats
    ), summary


def render_inventory(
    store: Store,
    region: str,
    year: int,
    out: Path | None,
    *,
    formats: Iterable[str] = ("xlsx", "pdf"),
    langs: Iterable[str] = ("zh",),
    library: Library | None = None,
) -> tuple[list[Path], dict[str, Any]]:
    """The province's energy-related CO2 from its stored energy balance, and the stored enterprises'
    coverage, into ``out`` (None: no files); the files and the JSON."""
    from accounting.planning.inventory import by_fuel, inventory
    from accounting.planning.inventory_report import inventory_document

    inv = inventory(store, region, year, library)
    summary = {
        "region": region,
        "year": year,
        "tco2": round(inv.total, 6),
        "combustion_tco2": round(inv.combustion, 6),
        "electricity": {
            "net_mwh": round(inv.electricity_net_mwh, 6),
            "factor": inv.grid_factor,
            "data_year": inv.grid_year,
            "tco2": round(inv.electricity_tco2, 6),
        },
        "fuels": [{"fuel": r.fuel, "basis": r.basis, "tco2": round(r.tco2, 6)} for r in by_fuel(inv).itertuples()],
        "coverage": [
            {"group": r.group, "inventory": round(r.inventory, 6), "stored": round(r.stored, 6), "share": r.share}
            for r in inv.coverage.itertuples()
        ],
    }
    if out is None:
        return [], summary
    docs = {lang: inventory_document(inv, lang) for lang in langs}
    names = ("能源活动二氧化碳清单", "energy-co2-inventory")
    return write_documents(docs, out, lambda lang: safe_stem(region, year, names[lang == "en"]), formats), summary


def assessment_json(a: Any) -> dict[str, Any]:
    r = a.result

    def num(v: float | None) -> float | None:
        return None if v is None else round(float(v), 6)

    return {
        "project_id": a.project.project_id,
        "name": a.project.name,
        "status": a.project.status,
        "year": r.year,
        "tco2e": num(r.tco2e),
        "tce": num(r.energy.tce),
        "output": num(a.output),
        "kgce_t": num(a.kgce_t),
        "benchmark": num(a.benchmark),
        "benchmark_class": a.benchmark_class,
        "budget_year": a.budget_year,
        "budgets": [
            {
                "measure": e.measure,
                "budget": num(e.budget),
                "projected": num(e.projected),
                "share": num(a.budget_share(e)),
            }
            for e in a.budgets
        ],
        "headroom": [
            {"indicator_code": h.indicator_code, "year": h.year, "headroom": num(h.headroom), "share": num(h.share)}
            for h in a.headroom
        ],
        "restricted": None if a.restriction is None else a.restriction.restricted,
        "two_high": a.two_high,
        "replacement": {
            "required_tce": num(a.required_tce),
            "offered_tce": num(a.offered_tce),
            "required_tco2": num(a.required_tco2),
            "offered_tco2": num(a.offered_tco2),
            "covers_energy": a.covers_energy,
            "covers_co2": a.covers_co2,
        },
    }


__all__ = [
    "read_project",
    "render_assessment",
    "render_budget",
    "render_inventory",
    "render_projects",
    "write_budget",
    "write_project",
]
