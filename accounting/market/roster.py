"""The yearly roster of covered enterprises (重点排放单位名录), from the stored data and the rules.

An enterprise is on the roster of year R when its sector is covered by the national market in R and
its emissions in any of the years before R (the rule's lookback: R−2 and R−1) reached the threshold
(2.6 万 tCO2e). Emissions are those the market counts for the sector in R (factors/market-rules
coverage), verified where a verification is stored. Compared with the roster of R−1, computed the
same way, it names who entered and who left, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from accounting.factors import Library
from accounting.market.facts import Facts, facts
from accounting.market.rules import coverage, rule
from accounting.store import Store


@dataclass(frozen=True)
class Roster:
    year: int
    province: str | None
    threshold: float
    years: tuple[int, ...]  # the emission years looked at
    listed: pd.DataFrame  # uscc, name, city, sector, emissions of each year, basis: the roster
    entered: pd.DataFrame  # on this roster, not on last year's
    left: pd.DataFrame  # on last year's, not on this one; why (below | no_data)
    compared: bool  # False when the store has no data for last year's roster: nothing to compare with


def _candidates(
    known: dict[tuple[str, int], Facts], year: int, lookback: int, threshold: float, library: Library | None
) -> pd.DataFrame:
    years = tuple(range(year - lookback, year))
    rows = []
    for uscc in sorted({u for u, _ in known}):
        mine = {y: known[(uscc, y)] for y in years if (uscc, y) in known}
        if not mine:
            continue
        latest = mine[max(mine)]
        cover = coverage(latest.sector, year, library)
        if cover is None:
            continue
        amounts = [mine[y].emissions(cover.categories) if y in mine else np.nan for y in years]
        basis = "verified" if all(f.verified for f in mine.values()) else "reported"
        on = any(a >= threshold for a in amounts if not np.isnan(a))
        rows.append(
            {
                "uscc": uscc,
                "name": latest.name,
                "city": latest.city,
                "sector": latest.sector,
                **{f"e{y}": a for y, a in zip(years, amounts, strict=True)},
                "basis": basis,
                "on": on,
            }
        )
    return pd.DataFrame(rows, columns=["uscc", "name", "city", "sector", *(f"e{y}" for y in years), "basis", "on"])


def roster(store: Store, year: int, province: str | None = None, library: Library | None = None) -> Roster:
    lookback = int(rule("roster_lookback", library))
    threshold = rule("roster_threshold", library)
    known = facts(store, range(year - lookback - 1, year), province)
    now = _candidates(known, year, lookback, threshold, library)
    before = _candidates(known, year - 1, lookback, threshold, library)
    listed = now[now.on].drop(columns="on").reset_index(drop=True)
    compared = len(before) > 0
    last = set(before.uscc[before.on]) if compared else set(listed.uscc)
    entered = listed[~listed.uscc.isin(last)].reset_index(drop=True)
    gone = before[before.on & ~before.uscc.isin(set(listed.uscc))][["uscc", "name", "city", "sector"]]
    reasons = []
    for uscc in gone.uscc:
        found = now[now.uscc == uscc]
        reasons.append("below" if len(found) else "no_data")
    left = gone.assign(reason=reasons).reset_index(drop=True)
    return Roster(year, province, threshold, tuple(range(year - lookback, year)), listed, entered, left, compared)
