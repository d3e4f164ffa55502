"""Where a report's numbers come from, as every report states it: the day and the tanhe that made
it, the method's title, the factors cited with their confidence, and their sources."""

from __future__ import annotations

from datetime import date
from importlib.metadata import PackageNotFoundError, version

from accounting.factors import bundled
from accounting.report.document import Labels, Section, Table, rows
from accounting.result import Result


def tanhe_version() -> str:
    try:
        return version("tanhe")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "dev"


def report_meta(today: date | None = None) -> dict[str, str]:
    """What every report records of its making: the day it was made and the tanhe that made it."""
    return {"generated": (today or date.today()).isoformat(), "version": tanhe_version()}


def method_title(method_id: str, lang: str) -> str:
    method = bundled().methods.get(method_id)
    if method is None:
        return method_id
    return f"{method_id}：{method.title_en if lang == 'en' else method.title}"


def citations_table(result: Result, L: Labels) -> Table:
    records = [
        (c.factor_set, c.name, c.value, c.unit, c.source_id, L[f"confidence.{c.confidence}"]) for c in result.citations
    ]
    return Table(
        L.columns(
            ("methods.set", "text", 18),
            ("methods.factor", "text", 30),
            ("methods.value", "factor", 12),
            ("fuel.unit", "text", 10),
            ("methods.source", "text", 18),
            ("methods.confidence", "text", 10),
        ),
        rows(records),
        caption=L["methods.citations"],
    )


def sources_table(result: Result, L: Labels) -> Table:
    records = [
        (sid, s.get("title", ""), s.get("issuer", ""), s.get("document_no", ""), s.get("published", ""))
        for sid, s in result.sources.items()
    ]
    return Table(
        (
            *L.columns(("methods.source", "text", 18)),
            L.literal("methods.source_title", 50),
            L.literal("methods.issuer", 20),
            L.literal("methods.document_no", 14),
            *L.columns(("methods.published", "text", 10)),
        ),
        rows(records),
        caption=L["methods.sources"],
    )


def methods_section(result: Result, L: Labels) -> Section:
    fields = (
        (L["methods.method"], method_title(result.method, L.lang), "text"),
        (L["methods.gwp"], result.gwp_set, "text"),
        (L["methods.sets"], L["list.separator"].join(result.factor_sets), "text"),
    )
    paragraphs = [L["methods.text"]]
    if result.not_official:
        ids = sorted({c.source_id for c in result.not_official})
        paragraphs.append(L("methods.not_official", ids=L["list.separator"].join(ids)))
    return Section(
        "methods",
        L["methods.title"],
        fields=fields,
        paragraphs=tuple(paragraphs),
        tables=(citations_table(result, L), sources_table(result, L)),
    )
