"""The one immutable result of a calculation, and its JSON (DESIGN 3.3, schema tanhe.result/1).

Every renderer (JSON, Excel, PDF) reads this object; none computes. The keys of DESIGN 3.3
never change name; added keys: ``scope2`` (location- and market-based), ``annual_only``
(emissions of lines reported for the whole year, which no month can carry), ``energy.basis``,
``citations`` (every factor used, with source and confidence) and ``not_official``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from accounting.issues import Issue

SCHEMA = "tanhe.result/1"
# the emission categories of ``by_category``, in the order every report lists them
CATEGORIES = ("fuel_combustion", "process", "net_purchased_electricity", "net_purchased_heat")
DECIMALS = 6  # tonnes to the gram: enough for any sum, and stable text across runs


def _round(value: float) -> float:
    rounded = round(float(value), DECIMALS)
    return 0.0 if rounded == 0 or math.isnan(rounded) else rounded


@dataclass(frozen=True)
class Result:
    enterprise: dict[str, str]
    year: int
    method: str
    factor_sets: tuple[str, ...]
    gwp_set: str
    by_category: dict[str, float]
    by_gas: dict[str, float]
    tco2e: float
    scope2: dict[str, float | None]  # market_based None where no market-based factor exists
    energy: dict[str, Any]
    production: tuple[dict[str, Any], ...]
    intensity: tuple[dict[str, Any], ...]
    by_month: tuple[dict[str, Any], ...]
    annual_only: float
    issues: tuple[Issue, ...]
    citations: tuple[dict[str, Any], ...]
    sources: dict[str, dict[str, str]]
    fuel_lines: pd.DataFrame = field(repr=False, compare=False, hash=False)
    energy_lines: pd.DataFrame = field(repr=False, compare=False, hash=False)
    process_lines: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False, hash=False)
    # a power plant's generating units (机组信息): what its allowance needs (accounting.market.allocation)
    units: tuple[dict[str, Any], ...] = ()

    @property
    def tco2(self) -> float:
        return self.by_gas.get("CO2", 0.0)

    @property
    def not_official(self) -> tuple[dict[str, Any], ...]:
        return tuple(c for c in self.citations if c["confidence"] != "official")

    def to_dict(self, lines: bool = False, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "enterprise": self.enterprise,
            "year": self.year,
            "method": self.method,
            "factor_sets": list(self.factor_sets),
            "gwp_set": self.gwp_set,
            "totals": {"tco2e": _round(self.tco2e), "tco2": _round(self.tco2)},
            "by_category": {k: _round(v) for k, v in self.by_category.items()},
            "by_gas": {k: _round(v) for k, v in self.by_gas.items()},
            "scope2": {k: None if v is None else _round(v) for k, v in self.scope2.items()},
            "energy": {k: (_round(v) if isinstance(v, float) else v) for k, v in self.energy.items()},
            "production": [dict(p, quantity=_round(p["quantity"])) for p in self.production],
            "intensity": [dict(i, value=_round(i["value"])) for i in self.intensity],
            "by_month": [dict(m, tco2e=_round(m["tco2e"])) for m in self.by_month],
            "annual_only": {"tco2e": _round(self.annual_only)},
            "issues": [i.to_dict(lang) for i in self.issues],
            "citations": [dict(c, value=_round(c["value"])) for c in self.citations],
            "not_official": sorted({c["source_id"] for c in self.not_official}),
            "sources": self.sources,
        }
        if self.units:  # only power plants that give them: other results keep their JSON as it was
            out["generating_units"] = [dict(u) for u in self.units]
        if lines:
            out["lines"] = {"fuel": _records(self.fuel_lines), "energy": _records(self.energy_lines),
                            "process": _records(self.process_lines)}
        return out

    def to_json(self, lines: bool = False, lang: str = "zh") -> str:
        return json.dumps(self.to_dict(lines, lang), ensure_ascii=False, indent=2)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if isinstance(value, float):
                value = None if math.isnan(value) else _round(value)
            elif hasattr(value, "item"):
                value = value.item()
            clean[key] = value
        records.append(clean)
    return records
