"""The chain's rules as data (factors/chain-rules): deadlines, tolerances and review thresholds."""

from __future__ import annotations

from accounting.factors import Library, bundled

SET = "chain-rules"


def rule(key: str, library: Library | None = None) -> float:
    """The value of rule ``key`` (its unit is in the table: days, or a fraction)."""
    table = (library or bundled()).set(SET).table()
    found = table[table.key == key]
    if found.empty:
        raise KeyError(f"chain rule {key!r} is not in {SET}")
    return float(found.value.iloc[0])
