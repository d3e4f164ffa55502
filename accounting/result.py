"""The one immutable result of a calculation, and its JSON (DESIGN 3.3, schema tanhe.result/1).

Every renderer (JSON, Excel, PDF) reads this object; none computes. The keys of DESIGN 3.3
never change name; added keys: ``scope2`` (location- and market-based), ``annual_only``
(emissions of lines reported for the whole year, which no month can carry), ``energy.basis``,
``citations`` (every factor used, with source and confidence) and ``not_official``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field, fields
from typing import Any

import pandas as pd

from accounting import jsontext
from accounting.issues import Issue

SCHEMA = "tanhe.result/1"
# the emission categories of ``by_category``, in the order every report lists them
CATEGORIES = ("fuel_combustion", "process", "net_purchased_electricity", "net_purchased_heat")
# the gases of ``by_gas``, in the order of the JSON
GASES = ("CO2", "CH4", "N2O", "CF4", "C2F6")
DECIMALS = 6  # tonnes to the gram: enough for any sum, and stable text across runs


def _round(value: float) -> float:
    rounded = round(float(value), DECIMALS)
    return 0.0 if rounded == 0 or math.isnan(rounded) else rounded


class _Record:
    """A frozen record of named figures: its fields in order, as pairs and as a dict (the JSON's keys)."""

    def items(self) -> Iterator[tuple[str, Any]]:
        return ((f.name, getattr(self, f.name)) for f in fields(self))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.items())


@dataclass(frozen=True)
class Enterprise(_Record):
    uscc: str
    name: str
    province: str
    city: str
    sector: str


@dataclass(frozen=True)
class Categories(_Record):
    """tCO2e by emission category (``CATEGORIES``)."""

    fuel_combustion: float
    process: float
    net_purchased_electricity: float
    net_purchased_heat: float

    @property
    def scope1(self) -> float:
        """Direct emissions: fuel combustion and process."""
        return self.fuel_combustion + self.process

    def values(self) -> tuple[float, ...]:
        return astuple(self)


@dataclass(frozen=True)
class Gases(_Record):
    """Tonnes of each gas (``GASES``), before its GWP."""

    CO2: float = 0.0  # named by their formulas
    CH4: float = 0.0
    N2O: float = 0.0
    CF4: float = 0.0
    C2F6: float = 0.0


@dataclass(frozen=True)
class Scope2(_Record):
    """Scope 2 tCO2: location-based, and market-based (None where an electricity line has no market-based factor)."""

    location_based: float
    market_based: float | None


@dataclass(frozen=True)
class Energy(_Record):
    """Comprehensive energy in tce (GB/T 2589) and its parts; net purchased electricity and heat."""

    tce: float
    tce_feedstock: float
    tce_fuel: float
    tce_electricity: float
    tce_heat: float
    electricity_basis: str  # 当量值, or 等价值 with the coal rate used
    mwh_net: float
    gj_heat_net: float


@dataclass(frozen=True)
class Product(_Record):
    product: str
    quantity: float
    unit: str


@dataclass(frozen=True)
class Intensity(_Record):
    name: str  # unit and product, e.g. "tCO2e/t 熟料"
    product: str
    value: float


@dataclass(frozen=True)
class Month(_Record):
    month: int
    tco2e: float


@dataclass(frozen=True)
class Citation(_Record):
    """A factor the calculation used: which set and key, its value and unit, where it comes from."""

    factor_set: str
    key: str
    name: str
    value: float
    unit: str
    source_id: str
    confidence: str  # official | secondary | uncertain


@dataclass(frozen=True)
class Origin:
    """The workbook a result was calculated from: its file, its SHA-256, and where each table sits in
    it, so that the auditor workbook points back to the submission's own cells (化石燃料!D4)."""

    file: str = ""
    sha256: str = ""
    sheets: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # table -> (sheet, letters)

    def cell(self, table: str, column: str, row: int) -> str:
        """The submission's cell of ``column`` in ``table`` at Excel row ``row`` ('' if not known)."""
        sheet, letters = self.sheets.get(table, ("", {}))
        letter = letters.get(column)
        return f"{sheet}!{letter}{row}" if sheet and letter else ""


@dataclass(frozen=True)
class Result:
    enterprise: Enterprise
    year: int
    method: str
    factor_sets: tuple[str, ...]
    gwp_set: str
    by_category: Categories
    by_gas: Gases
    tco2e: float
    scope2: Scope2
    energy: Energy
    production: tuple[Product, ...]
    intensity: tuple[Intensity, ...]
    by_month: tuple[Month, ...]
    annual_only: float
    issues: tuple[Issue, ...]
    citations: tuple[Citation, ...]
    sources: dict[str, dict[str, str]]
    fuel_lines: pd.DataFrame = field(repr=False, compare=False, hash=False)
    energy_lines: pd.DataFrame = field(repr=False, compare=False, hash=False)
    process_lines: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False, hash=False)
    # tables as entered, a row per row, that no line above traces: 过程排放 (row, process, parameter,
    # month, value, unit: its measured parameters) and 经济指标 (row, indicator, value, unit)
    entered: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False, hash=False)
    # a power plant's generating units (机组信息): what its allowance needs (accounting.market.allocation)
    units: tuple[dict[str, Any], ...] = ()
    origin: Origin = field(default_factory=Origin, repr=False, compare=False, hash=False)  # not in the JSON

    @property
    def tco2(self) -> float:
        return self.by_gas.CO2

    @property
    def not_official(self) -> tuple[Citation, ...]:
        return tuple(c for c in self.citations if c.confidence != "official")

    def to_dict(self, lines: bool = False, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "enterprise": self.enterprise.to_dict(),
            "year": self.year,
            "method": self.method,
            "factor_sets": list(self.factor_sets),
            "gwp_set": self.gwp_set,
            "totals": {"tco2e": _round(self.tco2e), "tco2": _round(self.tco2)},
            "by_category": {k: _round(v) for k, v in self.by_category.items()},
            "by_gas": {k: _round(v) for k, v in self.by_gas.items()},
            "scope2": {k: None if v is None else _round(v) for k, v in self.scope2.items()},
            "energy": {k: (_round(v) if isinstance(v, float) else v) for k, v in self.energy.items()},
            "production": [dict(p.to_dict(), quantity=_round(p.quantity)) for p in self.production],
            "intensity": [dict(i.to_dict(), value=_round(i.value)) for i in self.intensity],
            "by_month": [dict(m.to_dict(), tco2e=_round(m.tco2e)) for m in self.by_month],
            "annual_only": {"tco2e": _round(self.annual_only)},
            "issues": [i.to_dict(lang) for i in self.issues],
            "citations": [dict(c.to_dict(), value=_round(c.value)) for c in self.citations],
            "not_official": sorted({c.source_id for c in self.not_official}),
            "sources": self.sources,
        }
        if self.units:  # only power plants that give them: other results keep their JSON as it was
            out["generating_units"] = [dict(u) for u in self.units]
        if lines:
            out["lines"] = {
                "fuel": _records(self.fuel_lines),
                "energy": _records(self.energy_lines),
                "process": _records(self.process_lines),
            }
        return out

    def to_json(self, lines: bool = False, lang: str = "zh") -> str:
        return jsontext.dumps(self.to_dict(lines, lang), indent=2)


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
