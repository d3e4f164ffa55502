"""What the market's calculations take from the store, per enterprise and year: the verified result
where a verification is stored, else the reported one (said so), and from it the emissions the
allowances must cover, the production and a power plant's generating units."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from accounting.market.rules import coverage
from accounting.store import Store
from accounting.store import tables as t


@dataclass(frozen=True)
class Facts:
    uscc: str
    name: str
    province: str
    city: str
    sector: str
    year: int
    basis: str  # verified | reported
    submission_version: int
    verification_version: int | None
    by_category: dict[str, float]
    production: tuple[dict[str, Any], ...] = ()
    units: tuple[dict[str, Any], ...] = ()
    total: float = 0.0
    categories: tuple[str, ...] = field(default=())  # those the allowances cover; () when not covered

    @property
    def covered(self) -> bool:
        return bool(self.categories)

    @property
    def to_cover(self) -> float:
        """The emissions the allowances must cover (tCO2e)."""
        return self.emissions(self.categories)

    def emissions(self, categories: Iterable[str]) -> float:
        """The sum of the result's ``categories`` (tCO2e)."""
        return float(sum(self.by_category.get(c, 0.0) for c in categories))

    @property
    def verified(self) -> bool:
        return self.basis == "verified"


def from_result(
    result: dict[str, Any],
    basis: str,
    submission_version: int = 1,
    verification_version: int | None = None,
    who: dict[str, Any] | None = None,
) -> Facts:
    """Facts from a result JSON (DESIGN 3.3); ``who`` (uscc, name, province, city, sector), as the
    store has them, overrides its 基本信息."""
    e = {**result["enterprise"], **(who or {})}
    year = int(result["year"])
    cover = coverage(e["sector"], year)
    return Facts(
        e["uscc"],
        e["name"],
        e.get("province", ""),
        e.get("city", ""),
        e["sector"],
        year,
        basis,
        submission_version,
        verification_version,
        {k: float(v) for k, v in result["by_category"].items()},
        tuple(result.get("production", ())),
        tuple(result.get("generating_units", ())),
        float(result["totals"]["tco2e"]),
        cover.categories if cover else (),
    )


def facts(
    store: Store, years: Iterable[int], province: str | None = None, uscc: str | None = None
) -> dict[tuple[str, int], Facts]:
    """The facts of each enterprise's year in ``years`` (of ``province``, or one enterprise)."""
    s, v = t.submissions, t.verifications
    years = [int(y) for y in years]
    where: list[Any] = [s.c.year.in_(years)]
    if province:
        where.append(s.c.province == province)
    if uscc:
        where.append(s.c.uscc == uscc)
    reported = store.newest(
        "submission", where, columns=["uscc", "year", "version", "name", "province", "city", "sector", "result"]
    )
    vwhere = [v.c.year.in_(years)] + ([v.c.uscc == uscc] if uscc else [])
    verified = store.newest("verification", vwhere, columns=["uscc", "year", "version", "submission_version", "result"])
    checked = {(r.uscc, int(r.year)): r for r in verified.itertuples(index=False)}
    out = {}
    for r in reported.itertuples(index=False):
        key = (r.uscc, int(r.year))
        who = {"uscc": r.uscc, "name": r.name, "province": r.province, "city": r.city, "sector": r.sector}
        found = checked.get(key)
        if found is not None:
            out[key] = from_result(
                json.loads(found.result), "verified", int(found.submission_version), int(found.version), who
            )
        else:
            out[key] = from_result(json.loads(r.result), "reported", int(r.version), who=who)
    return out
