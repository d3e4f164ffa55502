"""The chain's rules as data (factors/chain-rules): deadlines, tolerances and review thresholds."""

from __future__ import annotations

from accounting.factors import Library, bundled, rule_values

SET = "chain-rules"


def rule(key: str, library: Library | None = None) -> float:
    """The value of rule ``key`` (its unit is in the table: days, or a fraction)."""
    values = rule_values((library or bundled()).set(SET))
    if key not in values:
        raise KeyError(f"chain rule {key!r} is not in {SET}")
    return values[key]
