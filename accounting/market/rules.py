"""The market's rules as data (factors/market-rules): which sectors are covered from which year and
which of their emissions the allowances must cover; the CCER cap, the roster threshold, the power
pre-allocation share and the surrender deadline."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from accounting import schema
from accounting.factors import Library, bundled

SET = "market-rules"


def rule(key: str, library: Library | None = None) -> float:
    """The value of rule ``key`` (its unit is in the table)."""
    table = (library or bundled()).set(SET).table()
    found = table[table.key == key]
    if found.empty:
        raise KeyError(f"market rule {key!r} is not in {SET}")
    return float(found.value.iloc[0])


def cited(key: str, library: Library | None = None) -> tuple[str, str]:
    """The source and confidence of rule ``key``."""
    table = (library or bundled()).set(SET).table()
    row = table[table.key == key].iloc[0]
    return str(row.source_id), str(row.confidence)


@dataclass(frozen=True)
class Coverage:
    sector: str
    year_from: int
    categories: tuple[str, ...]  # keys of Result.by_category the allowances cover
    source_id: str
    confidence: str


def coverage(sector: str, year: int, library: Library | None = None) -> Coverage | None:
    """What the national market covers of ``sector`` (its key or Chinese name) in ``year``; None if
    the sector is not covered that year."""
    key = schema.lookup(schema.SECTORS, sector) or sector
    table = (library or bundled()).set(SET).table("coverage")
    for row in table.itertuples(index=False):
        if key in str(row.sector).split(";") and year >= int(row.year_from):
            return Coverage(key, int(row.year_from), tuple(str(row.categories).split(";")), str(row.source_id),
                            str(row.confidence))
    return None


def covered(sector: str, year: int) -> bool:
    return coverage(sector, year) is not None


def compliance_due(year: int, library: Library | None = None) -> date:
    """The last day to surrender the allowances of ``year``: the rule's months after the year's end."""
    months = int(rule("compliance_due_months", library))
    y, m = year + (months - 1) // 12 + 1, (months - 1) % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])
