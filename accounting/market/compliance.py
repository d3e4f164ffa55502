"""Compliance (履约): each covered enterprise surrenders allowances equal to the emissions its
allowances must cover, with CCER for at most the rule's share of them (seed 001 一 (二), (五)).

Per enterprise: the emissions to cover (verified, else reported and said so; in whole tonnes, rounded
half up, since an allowance is a tonne), the allowances
allocated by the plans (:mod:`.allocation`), held and surrendered (the registry's export), the CCER
submitted, accepted and refused beyond the cap, and what is short or left over. Its status:

- complied: surrendered allowances and accepted CCER cover the emissions;
- on_track: not yet, but the allowances it holds would cover the rest (before the deadline);
- at_risk: even surrendering all it holds leaves a shortfall (before the deadline);
- not_complied: the deadline has passed and the emissions are not covered;
- no_data: covered, but the registry's export does not list it.

For the province: the compliance rate (by enterprise and by tonnes), the enterprises at risk, the
tonnes still to surrender and the shortfall: what would still be missing if every enterprise
surrendered all it holds (after the deadline: what was not surrendered).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import select

from accounting.factors import Library
from accounting.market.allocation import Allocation, allocate
from accounting.market.facts import Facts, facts
from accounting.market.rules import compliance_due, rule
from accounting.store import Store
from accounting.store import tables as t

STATUSES = ("not_complied", "at_risk", "no_data", "on_track", "complied")
COLUMNS = [
    "uscc",
    "name",
    "city",
    "sector",
    "basis",
    "to_cover",
    "allocated",
    "held",
    "surrendered",
    "ccer",
    "ccer_cap",
    "ccer_accepted",
    "ccer_refused",
    "covered",
    "shortfall",
    "projected",
    "surplus",
    "status",
]


@dataclass(frozen=True)
class Compliance:
    year: int
    province: str | None
    as_of: date
    due: date
    ccer_cap: float  # the share of the emissions to cover that CCER may offset
    registry: dict[str, object] | None  # the export used: version, exported, file_name; None if none stored
    enterprises: pd.DataFrame  # COLUMNS, worst status first
    allocations: dict[str, Allocation]

    @property
    def rate(self) -> float | None:
        """Enterprises that complied over enterprises obligated."""
        n = len(self.enterprises)
        return None if n == 0 else float((self.enterprises.status == "complied").sum()) / n

    @property
    def rate_tonnes(self) -> float | None:
        """Tonnes covered (at most each one's emissions) over tonnes to cover."""
        e = self.enterprises
        total = float(e.to_cover.sum())
        return None if total == 0 else float(np.minimum(e.covered, e.to_cover).sum()) / total

    @property
    def at_risk(self) -> pd.DataFrame:
        return self.enterprises[self.enterprises.status.isin(("at_risk", "no_data", "not_complied"))]

    @property
    def to_surrender(self) -> float:
        """Tonnes still to surrender, over every enterprise."""
        return float(self.enterprises.shortfall.sum())

    @property
    def shortfall(self) -> float:
        """The allowances missing: before the deadline what would still lack after every enterprise
        surrendered all it holds; after it, what was not surrendered."""
        column = self.enterprises.shortfall if self.as_of > self.due else self.enterprises.projected
        return float(column.sum())


def settle(
    to_cover: float, held: float, surrendered: float, ccer: float, cap: float, passed: bool
) -> dict[str, object]:
    """One enterprise's position: CCER accepted up to ``cap`` × the emissions in whole tonnes (a
    fraction of a tonne cannot be offset), the rest refused."""
    limit = float(math.floor(cap * to_cover + 1e-9))
    accepted = min(ccer, limit)
    covered = surrendered + accepted
    shortfall = max(to_cover - covered, 0.0)
    projected = max(to_cover - covered - held, 0.0)
    if shortfall == 0:
        status = "complied"
    elif passed:
        status = "not_complied"
    else:
        status = "on_track" if projected == 0 else "at_risk"
    return {
        "ccer_cap": limit,
        "ccer_accepted": accepted,
        "ccer_refused": ccer - accepted,
        "covered": covered,
        "shortfall": shortfall,
        "projected": projected,
        "surplus": max(covered + held - to_cover, 0.0),
        "status": status,
    }


def registry(store: Store, year: int) -> tuple[dict[str, object] | None, pd.DataFrame]:
    """The latest registry export of ``year`` and its holdings by USCC."""
    r = t.registry_versions
    found = store.frame(select(r).where(r.c.year == year).order_by(r.c.version.desc()).limit(1))
    if found.empty:
        return None, pd.DataFrame(columns=["uscc", "name", "held", "surrendered", "ccer"])
    head = found.iloc[0].to_dict()
    rows = store.rows("holdings", "registry_id", [int(head["id"])])
    return (
        {"version": int(head["version"]), "exported": head["exported"], "file_name": head["file_name"]},
        rows[["uscc", "name", "held", "surrendered", "ccer"]],
    )


def compliance(
    store: Store, year: int, province: str | None = None, as_of: date | None = None, library: Library | None = None
) -> Compliance:
    """The compliance of ``year`` as of ``as_of`` (today): the registry's latest export against the
    verified (else reported) emissions of every covered enterprise of the province."""
    as_of = as_of or date.today()
    due = compliance_due(year, library)
    cap = rule("ccer_cap", library)
    known = facts(store, (year - 1, year), province)
    head, held = registry(store, year)
    by_uscc = {r.uscc: r for r in held.itertuples(index=False)}
    rows, allocations = [], {}
    for (uscc, y), f in sorted(known.items()):
        if y != year or not f.covered:
            continue
        allocation = allocate(f, known.get((uscc, year - 1)), library)
        allocations[uscc] = allocation
        h = by_uscc.get(uscc)
        base = _base(f, allocation)
        owed = whole(f.to_cover)
        if h is None:
            rows.append(
                {
                    **base,
                    "held": np.nan,
                    "surrendered": np.nan,
                    "ccer": np.nan,
                    "ccer_cap": float(math.floor(cap * owed + 1e-9)),
                    "ccer_accepted": np.nan,
                    "ccer_refused": np.nan,
                    "covered": 0.0,
                    "shortfall": owed,
                    "projected": owed,
                    "surplus": 0.0,
                    "status": "not_complied" if as_of > due else "no_data",
                }
            )
            continue
        rows.append(
            {
                **base,
                "held": float(h.held),
                "surrendered": float(h.surrendered),
                "ccer": float(h.ccer),
                **settle(owed, float(h.held), float(h.surrendered), float(h.ccer), cap, as_of > due),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {s: i for i, s in enumerate(STATUSES)}
    frame = frame.sort_values(
        ["status", "uscc"], key=lambda c: c.map(order) if c.name == "status" else c, ignore_index=True
    )
    return Compliance(year, province, as_of, due, cap, head, frame, allocations)


def whole(tonnes: float) -> float:
    """Emissions to cover in whole tonnes (allowances are whole tonnes), rounded half up."""
    return float(math.floor(tonnes + 0.5))


def _base(f: Facts, allocation: Allocation) -> dict[str, object]:
    return {
        "uscc": f.uscc,
        "name": f.name,
        "city": f.city,
        "sector": f.sector,
        "basis": f.basis,
        "to_cover": whole(f.to_cover),
        "allocated": np.nan if allocation.final is None else allocation.final,
    }
