"""The verification report (核查报告) of one verification laid out for the renderers (Excel and PDF,
Chinese or English): the enterprise and the body, the conclusion, each finding (a parameter
reported and verified), and the reported and verified results side by side. Figures come from
:mod:`.verification`; this module only lays out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from accounting.region.lists import blank
from accounting.report.document import Document, Labels, Section, Table, rows
from accounting.report.provenance import report_meta, tanhe_version


def verification_document(
    v: dict[str, Any],
    findings: pd.DataFrame,
    reported: dict[str, Any],
    verified: dict[str, Any],
    lang: str = "zh",
    today: date | None = None,
) -> Document:
    """The 核查报告 of one verification (its stored row, findings, and the reported and verified results)."""
    L = Labels(lang)
    e = verified["enterprise"]
    title = L("chain.verification_title", year=v["year"])
    cover = Section(
        "cover",
        title,
        fields=(
            (L["info.name"], e["name"], "text"),
            (L["info.uscc"], e["uscc"], "text"),
            (L["info.year"], str(v["year"]), "text"),
            (
                L["chain.verified_version"],
                f"{int(v['submission_version'])}（SHA-256 {v['submission_sha256'][:16]}…）",
                "text",
            ),
            (L["chain.body"], v["body"], "text"),
            (L["chain.verifier"], v["verifier"], "text"),
            (L["chain.signed"], v["signed"], "text"),
            (L["chain.conclusion"], v["conclusion"], "text"),
            (L["chain.reported_t"], v["reported_tco2e"], "t"),
            (L["chain.verified_t"], v["verified_tco2e"], "t"),
            (L["cover.generated"], (today or date.today()).isoformat(), "text"),
            (L["cover.tool"], f"tanhe {tanhe_version()}", "text"),
        ),
    )
    found = findings[findings.finding != "符合"]
    table = Table(
        L.columns(
            ("chain.cell", "text", 14),
            ("chain.parameter", "text", 30),
            ("chain.reported_value", "factor", 12),
            ("chain.unit", "text", 8),
            ("chain.verified_value", "factor", 12),
            ("chain.finding", "text", 12),
            ("chain.evidence", "text", 16),
            ("chain.note", "text", 20),
            ("chain.effect", "t", 12),
        ),
        rows(
            [
                (
                    f"{x.sheet}!{x.cell}",
                    x.parameter if lang != "en" else _parameter_en(x.parameter),
                    blank(x.reported),
                    x.unit,
                    blank(x.verified),
                    x.finding if lang != "en" else _finding_en(x.finding),
                    x.evidence or None,
                    x.note or None,
                    x.effect_tco2e,
                )
                for x in found.itertuples()
            ]
        ),
    )
    findings_section = Section(
        "findings",
        L["chain.findings_title"],
        paragraphs=(L["chain.findings_text"],) if len(found) else (L["chain.no_findings"],),
        tables=(table,) if len(found) else (),
    )
    categories = list(verified["by_category"])
    by = Table(
        L.columns(
            ("summary.category", "text", 24),
            ("chain.reported_t", "t", 14),
            ("chain.verified_t", "t", 14),
            ("chain.difference_t", "t", 14),
        ),
        rows(
            [
                (
                    L[f"cat.{c}"],
                    reported["by_category"][c],
                    verified["by_category"][c],
                    verified["by_category"][c] - reported["by_category"][c],
                )
                for c in categories
            ]
        ),
        total=(
            L["summary.total"],
            reported["totals"]["tco2e"],
            verified["totals"]["tco2e"],
            verified["totals"]["tco2e"] - reported["totals"]["tco2e"],
        ),
    )
    emissions = Section("emissions", L["chain.emissions_title"], tables=(by,))
    conclusion = Section(
        "conclusion",
        L["chain.conclusion"],
        paragraphs=(v["conclusion"],),
        signature=(L["chain.body"], L["chain.verifier"], L["chain.signed"]),
    )
    return Document(
        "verification",
        lang,
        title,
        e["name"],
        f"{e['name']} · {v['year']}",
        (cover, findings_section, emissions, conclusion),
        report_meta(today),
    )


PARAMETER_EN = {
    "消耗量": "quantity",
    "低位发热量": "NCV",
    "单位热值含碳量": "carbon per unit heat",
    "元素碳含量": "carbon content",
    "碳氧化率": "oxidation rate",
    "数量": "quantity",
    "数值": "value",
    "产量": "output",
    "供电量": "electricity supplied",
    "供热量": "heat supplied",
    "负荷系数": "load factor",
    "供热比": "heat-supply ratio",
}


def _parameter_en(text: str) -> str:
    """'锅炉 / 烟煤 6月 元素碳含量' -> '锅炉 / 烟煤, month 6, carbon content' (names from the submission stay)."""
    head, _, label = text.rpartition(" ")
    where, _, month = head.rpartition(" ")
    if label not in PARAMETER_EN:
        return text
    when = "whole year" if month == "全年" else f"month {month.removesuffix('月')}"
    return f"{where}, {when}, {PARAMETER_EN[label]}"


def _finding_en(text: str) -> str:
    return {"符合": "conforms", "不符合": "non-conforming", "缺失": "missing", "已更正": "corrected"}.get(text, text)
