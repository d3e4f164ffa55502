"""The market's rules as data (factors/market-rules): which sectors are covered from which year and
which of their emissions the allowances must cover; the CCER cap, the roster threshold, the power
pre-allocation share and the surrender deadline."""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from accounting import schema
from accounting.factors import FactorSet, Library, bundled, rule_values

SET = "market-rules"


def rule(key: str, library: Library | None = None) -> float:
    """The value of rule ``key`` (its unit is in the table)."""
    values = _values((library or bundled()).set(SET))
    if key not in values:
        raise KeyError(f"market rule {key!r} is not in {SET}")
    return values[key]


_values = lru_cache(maxsize=8)(rule_values)  # asked per enterprise: once per factor set


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
    key = schema.SECTORS.get(sector, sector)  # a Chinese name, or already the key
    for sectors, cover in _coverages((library or bundled()).set(SET)):
        if key in sectors and year >= cover.year_from:
            return dataclasses.replace(cover, sector=key)
    return None


@lru_cache(maxsize=8)
def _coverages(rules: FactorSet) -> tuple[tuple[tuple[str, ...], Coverage], ...]:
    """The coverage table as plain rows, read once per factor set (it is asked once per enterprise)."""
    return tuple(
        (
            tuple(str(r.sector).split(";")),
            Coverage("", int(r.year_from), tuple(str(r.categories).split(";")), str(r.source_id), str(r.confidence)),
        )
        for r in rules.table("coverage").itertuples(index=False)
    )


def covered(sector: str, year: int) -> bool:
    return coverage(sector, year) is not None


def compliance_due(year: int, library: Library | None = None) -> date:
    """The last day to surrender the allowances of ``year``: the rule's months after the year's end."""
    months = int(rule("compliance_due_months", library))
    y, m = year + (months - 1) // 12 + 1, (months - 1) % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])
