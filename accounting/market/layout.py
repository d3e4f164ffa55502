"""What the market's documents share: the rules' notes and method in the reader's language, and the
section of the sources cited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from accounting.factors import bundled
from accounting.market.allocation import Allocation
from accounting.report.document import Labels, Section, Table, rows


def note_texts(L: Labels, notes: Iterable[tuple[str, dict[str, Any]]]) -> tuple[str, ...]:
    return tuple(L(f"market.{key}", **values) for key, values in notes)


def sources_section(L: Labels, used: Iterable[tuple[str, str]]) -> Section:
    lib = bundled()
    table = Table(
        L.columns(("market.source", "text", 16), ("market.document", "text", 60), ("market.confidence", "text", 12)),
        rows(
            [(sid, _title_of(lib.sources[sid]), L[f"confidence.{confidence}"]) for sid, confidence in sorted(set(used))]
        ),
    )
    return Section("sources", L["market.sources_title"], paragraphs=(L["market.sources_text"],), tables=(table,))


def _title_of(source: Any) -> str:
    number = f"（{source.document_no}）" if source.document_no else ""
    return f"{source.title}{number}"


def method_text(L: Labels, a: Allocation) -> str:
    return L[f"market.method_{a.method}"]
