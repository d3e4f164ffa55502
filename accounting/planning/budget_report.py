"""The budget report (碳排放与能耗预算执行报告) as a :class:`Document`: execution and warning levels,
use by month, 缓批限批 by city, and the method and rules. The figures come from :mod:`.execution`;
here they are only laid out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from accounting.planning.execution import MARK, BudgetFigures, Execution, Restriction
from accounting.region.lists import blank
from accounting.report.document import Chart, Column, Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version


def _level(L: Labels, e: Execution) -> str:
    return L["budget.level_none"] if e.level is None else L[f"budget.level_{e.level}"]


def _execution_table(L: Labels, measure: str, found: Sequence[Execution]) -> Table:
    return Table(
        (
            *L.columns(("budget.region", "text", 14), ("budget.parent", "text", 12), ("budget.enterprises", "int", 7)),
            *L.columns(
                (f"budget.budget_{measure}", "total", 13),
                (f"budget.used_{measure}", "total", 13),
                ("budget.used_share", "pct", 8),
                (f"budget.remaining_{measure}", "total", 13),
                (f"budget.projected_{measure}", "total", 13),
                ("budget.projected_share", "pct", 8),
                ("budget.method", "text", 13),
                ("budget.level", "text", 10),
            ),
        ),
        rows(
            [
                (
                    e.region,
                    e.parent,
                    e.enterprises,
                    e.budget,
                    e.used,
                    e.used_share,
                    e.remaining,
                    e.projected,
                    e.projected_share,
                    L[f"budget.method_{e.method}"] if e.method else None,
                    _level(L, e),
                )
                for e in found
            ]
        ),
        caption=L[f"budget.{measure}"],
        marks=tuple(MARK.get(e.level, "") if e.level else "" for e in found),
    )


def _execution(L: Labels, f: BudgetFigures) -> Section:
    by = {m: [e for e in f.executions if e.measure == m] for m in ("co2", "energy")}
    tables = tuple(_execution_table(L, m, found) for m, found in by.items() if found)
    judged = [e for e in f.executions if e.level is not None]
    elapsed = f.month / 12.0
    progress = Table(
        (
            *L.columns(("budget.region", "text", 14), ("budget.kind", "text", 10)),
            *L.columns(
                ("budget.chart_projected", "pct", 10),
                ("budget.chart_used", "pct", 10),
                ("budget.chart_elapsed", "pct", 10),
                ("budget.level", "text", 10),
            ),
        ),
        rows(
            [
                (e.region, L[f"budget.{e.measure}_short"], e.projected_share, e.used_share, elapsed, _level(L, e))
                for e in judged
            ]
        ),
        caption=L["budget.chart"],
        marks=tuple(MARK[e.level] for e in judged if e.level is not None),
    )
    chart = None
    if judged:
        chart = Chart(
            L["budget.chart"],
            tuple(f"{e.region} {L[f'budget.{e.measure}_short']}" for e in judged),
            (
                (L["budget.chart_projected"], tuple(100.0 * (e.projected_share or 0.0) for e in judged)),
                (L["budget.chart_used"], tuple(100.0 * (e.used_share or 0.0) for e in judged)),
                (L["budget.chart_elapsed"], tuple(100.0 * elapsed for _ in judged)),
            ),
            "%",
            marks=progress.marks,
        )
        tables = (progress, *tables)
    return Section(
        "execution",
        L["budget.execution"],
        paragraphs=(L("budget.execution_text", month=f.month, elapsed=f"{f.month / 12:.1%}"),),
        tables=tables,
        chart=chart,
        wide=True,
    )


def _months(L: Labels, f: BudgetFigures) -> Section:
    tables = []
    for measure in ("co2", "energy"):
        found = [e for e in f.executions if e.measure == measure]
        if not found:
            continue
        tables.append(
            Table(
                (
                    Column(L["budget.region"], "text", 14),
                    *(Column(L("budget.month", m=m), "total", 10) for m in range(1, f.month + 1)),
                    Column(L["budget.prior_to"], "total", 11),
                    Column(L["budget.prior_total"], "total", 11),
                ),
                rows(
                    [
                        (
                            e.region,
                            *(e.monthly or (None,) * f.month),
                            e.prior_to_month,
                            e.prior_total,
                        )
                        for e in found
                    ]
                ),
                caption=L[f"budget.months_{measure}"],
            )
        )
    return Section("months", L["budget.months"], tables=tuple(tables), paragraphs=(L["budget.months_note"],), wide=True)


def _restrictions(L: Labels, found: Sequence[Restriction]) -> Section:
    def consequence(x: Restriction) -> str:
        if x.restricted is None:
            return L[f"budget.{x.reason}"]
        return L["budget.restricted_yes"] if x.restricted else L["budget.restricted_no"]

    table = Table(
        L.columns(
            ("budget.city", "text", 14),
            ("region.target", "pct", 8),
            ("region.base_year", "text", 7),
            ("budget.eval_year", "text", 8),
            ("budget.base_intensity", "intensity", 11),
            ("budget.intensity", "intensity", 11),
            ("region.actual", "pct", 9),
            ("region.required", "pct", 9),
            ("region.status", "text", 9),
            ("budget.consequence", "text", 22),
        ),
        rows(
            [
                (
                    x.city,
                    *(
                        (
                            x.evaluation.value / 100.0 if x.evaluation.value is not None else None,
                            str(x.evaluation.base_year),
                            str(x.evaluation.year),
                            x.evaluation.base_value,
                            x.evaluation.current,
                            blank(x.evaluation.actual / 100.0 if x.evaluation.actual is not None else None),
                            blank(x.evaluation.required / 100.0 if x.evaluation.required is not None else None),
                            L[f"status.{x.evaluation.status}"],
                        )
                        if x.evaluation
                        else (None,) * 8
                    ),
                    consequence(x),
                )
                for x in found
            ]
        ),
        note=L["budget.restrictions_note"],
        marks=tuple("" if x.restricted is None else ("warning" if x.restricted else "on_track") for x in found),
    )
    return Section(
        "restrictions", L["budget.restrictions"], paragraphs=(L["budget.restrictions_rule"],), tables=(table,)
    )


def _basis(L: Labels, f: BudgetFigures) -> Section:
    table = f.rule_table
    english = L.lang == "en"
    rules = Table(
        (
            *L.columns(("budget.rule_key", "text", 18), ("budget.rule_value", "factor", 8)),
            L.literal("budget.rule_name", 44),
            *L.columns(("budget.rule_source", "text", 14), ("budget.rule_confidence", "text", 10)),
        ),
        rows(
            [
                (
                    r.key,
                    float(r.value),
                    r.notes if english else r.name,
                    r.source_id,
                    L[f"confidence.{r.confidence}"],
                )
                for r in table.itertuples()
            ]
        ),
        caption=L["budget.rules"],
    )
    r = f.rules
    return Section(
        "basis",
        L["budget.basis"],
        paragraphs=(
            L("budget.basis_data", month=f.month),
            L["budget.basis_projection"],
            L(
                "budget.basis_levels",
                l1=f"{r['level1_projected']:g}",
                l2=f"{r['level2_projected']:g}",
                pace=f"{r['level2_pace']:g}",
            ),
        ),
        tables=(rules,),
    )


def build(f: BudgetFigures, lang: str = "zh", *, today: date | None = None) -> Document:
    L = Labels(lang)
    scope = f.province or L["region.all"]
    levels = [e.level for e in f.executions]
    restricted = [x.city for x in f.restrictions if x.restricted]
    cover = Section(
        "cover",
        L("budget.title", year=f.year),
        fields=(
            (L["region.scope"], scope, "text"),
            (L["budget.through"], L("budget.through_value", year=f.year, month=f.month), "text"),
            (L["budget.file"], L("budget.file_value", file=f.budget_file, version=f.budget_version), "text"),
            (L["budget.regions"], len({e.region for e in f.executions}), "int"),
            (
                L["budget.levels"],
                L(
                    "budget.levels_counts",
                    l1=levels.count(1),
                    l2=levels.count(2),
                    l3=levels.count(3),
                    none=levels.count(None),
                ),
                "text",
            ),
            (L["budget.restricted"], L["list.separator"].join(restricted) or L["budget.none"], "text"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
        paragraphs=(L("budget.cover_note", year=f.year, month=f.month),),
    )
    sections = [cover, _execution(L, f), _months(L, f)]
    if f.restrictions:
        sections.append(_restrictions(L, f.restrictions))
    sections.append(_basis(L, f))
    return Document(
        "budget",
        lang,
        L("budget.title", year=f.year),
        scope,
        f"{scope} · {f.year}",
        tuple(sections),
        report_meta(today),
    )
