"""Allowance allocation by the national plans (配额分配), every coefficient traced to its source.

Power (发电), per generating unit and year, from the unit's 机组信息:

    allowance = supplied electricity × B_e × F_cool × F_heat × F_load + supplied heat × B_h

B_e is the supply benchmark of the unit's category, B_h the heat benchmark of its fuel (coal or
gas); F_cool, F_heat and F_load the cooling, heat-supply and load-factor corrections, each an
expression of the heat-supply ratio H or the load factor F (factors/allocation-power). The plant's
allowance is the sum over its units; its pre-allocation is the power pre-allocation share of the
same formula over the previous year's supply, at this year's benchmarks.

Steel, cement and aluminium (first covered 2024), by the rules of factors/allocation-industry: the
allowance equals the verified emissions (2024; white-clinker-only lines in 2025), the pre-allocation
a share of the previous year's verified emissions (2025). A value the data does not hold is never
guessed: the allowance is then missing, and what is missing is named.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import operator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from accounting.factors import FactorSet, Library, bundled
from accounting.market.facts import Facts
from accounting.market.rules import cited, rule

POWER, INDUSTRY = "allocation-power", "allocation-industry"
COAL, GAS = "燃煤", "燃气"
CONVENTIONAL = ("300MW等级以上常规燃煤机组", "300MW等级及以下常规燃煤机组")
WHITE_CLINKER = "白色硅酸盐水泥熟料"
CLINKERS = ("熟料", WHITE_CLINKER, "硫（铁）铝酸盐水泥熟料", "铝酸盐水泥熟料")


@dataclass(frozen=True)
class Term:
    """One benchmark or coefficient as used: its value (None when the data has none) and whence."""

    key: str  # benchmark_power | benchmark_heat | cooling | heat | load
    value: float | None
    unit: str
    expression: str = ""  # the rule with its variables put in: "1-0.22*H, H = 0.169"
    source_id: str = ""
    confidence: str = ""


@dataclass(frozen=True)
class UnitAllowance:
    unit: str
    category: str
    power_mwh: float
    heat_gj: float
    terms: tuple[Term, ...]  # benchmark_power, cooling, heat, load, benchmark_heat
    power_part: float | None
    heat_part: float | None

    @property
    def allowance(self) -> float | None:
        if self.power_part is None or self.heat_part is None:
            return None
        return self.power_part + self.heat_part

    def term(self, key: str) -> Term:
        return next(t for t in self.terms if t.key == key)

    @property
    def missing(self) -> tuple[str, ...]:
        """The benchmarks and coefficients the data lacks (a heat benchmark only if heat is supplied)."""
        return tuple(
            t.key for t in self.terms if t.value is None and not (t.key == "benchmark_heat" and self.heat_gj == 0)
        )


@dataclass(frozen=True)
class Allocation:
    facts: Facts
    method: str  # power | verified | not_found | not_covered | no_units
    final: float | None
    pre: float | None
    units: tuple[UnitAllowance, ...] = ()
    pre_units: tuple[UnitAllowance, ...] = ()
    notes: tuple[tuple[str, dict[str, Any]], ...] = ()  # label keys of market.note_* with their values
    sources: tuple[tuple[str, str], ...] = ()  # (source_id, confidence) of every value used

    @property
    def balance(self) -> float | None:
        """Final allowance less the emissions to cover: a surplus (+) or a gap (−)."""
        return None if self.final is None else self.final - self.facts.to_cover


# -- expressions of H and F, evaluated without eval ----------------------------------------------

_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def evaluate(expression: str, variables: dict[str, float]) -> float:
    """The value of a correction's expression (numbers, + − × ÷ **, brackets, H and F)."""

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in variables:
            return float(variables[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return float(_OPS[type(node.op)](walk(node.left), walk(node.right)))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        raise ValueError(f"系数表达式「{expression}」含不支持的成分")

    return walk(ast.parse(str(expression), mode="eval"))


# -- power ----------------------------------------------------------------------------------------


def fuel_of(category: str) -> str:
    return GAS if category == "燃气机组" else COAL


@dataclass(frozen=True)
class _Data:
    """A power allocation set as plain rows, read once (a province asks for it once per unit)."""

    benchmarks: dict[tuple[str, str, int], Term]  # (category, product, year) -> the benchmark
    corrections: tuple[Any, ...]  # rows of corrections.csv


@lru_cache(maxsize=8)
def _power_data(data: FactorSet) -> _Data:
    b = data.table("benchmarks")
    benchmarks = {
        (str(r.category), str(r.product), int(r.year)): Term(
            "", float(r.value), str(r.unit), "", str(r.source_id), str(r.confidence)
        )
        for r in b.itertuples(index=False)
    }
    return _Data(benchmarks, tuple(data.table("corrections").itertuples(index=False)))


def _benchmark(data: _Data, key: str, category: str, product: str, year: int, unit: str) -> Term:
    found = data.benchmarks.get((category, product, year))
    return Term(key, None, unit) if found is None else dataclasses.replace(found, key=key)


def _correction(data: _Data, key: str, unit: dict[str, Any], year: int) -> Term:
    category = str(unit["category"])
    fuel = fuel_of(category)
    h = float(unit.get("heat_ratio") or 0.0)
    f = unit.get("load_factor")
    conditions = {"": True, "空冷": unit.get("cooling") == "空冷", "常规纯凝": category in CONVENTIONAL and h == 0}
    of_year = [r for r in data.corrections if r.key == key and r.year_from <= year <= r.year_to]
    if not of_year:
        return Term(key, None, "1")  # the data has no such correction for the year: missing, not 1
    rows = [r for r in of_year if r.fuel == fuel and conditions.get(str(r.condition), False)]
    if key == "load" and rows:
        if f is None:
            return Term(key, None, "1", "F ?")
        rows = [r for r in rows if (math.isnan(r.lower) or r.lower <= f) and (math.isnan(r.upper) or f < r.upper)]
    if not rows:
        return Term(key, 1.0, "1")  # the correction does not apply to this unit
    row = rows[0]
    variables = {"H": h, "F": float(f) if f is not None else math.nan}
    used = {"heat": f"H = {h:g}", "load": f"F = {f:g}" if f is not None else ""}.get(key, "")
    text = str(row.expression) + (f"，{used}" if used and any(v in str(row.expression) for v in "HF") else "")
    return Term(key, evaluate(str(row.expression), variables), "1", text, str(row.source_id), str(row.confidence))


def power_unit(unit: dict[str, Any], year: int, library: Library | None = None) -> UnitAllowance:
    """One generating unit's allowance for ``year`` by the plan's formula."""
    data = _power_data((library or bundled()).set(POWER))
    category = str(unit["category"])
    power, heat = float(unit.get("power_mwh") or 0.0), float(unit.get("heat_gj") or 0.0)
    b_e = _benchmark(data, "benchmark_power", category, "供电", year, "tCO2/MWh")
    b_h = _benchmark(
        data, "benchmark_heat", "燃气机组" if fuel_of(category) == GAS else "燃煤机组", "供热", year, "tCO2/GJ"
    )
    cooling, heat_c, load = (_correction(data, k, unit, year) for k in ("cooling", "heat", "load"))
    factors = (b_e.value, cooling.value, heat_c.value, load.value)
    power_part = (
        None if any(v is None for v in factors) else power * math.prod(float(v) for v in factors if v is not None)
    )
    # a unit supplying no heat needs no heat benchmark
    heat_part = 0.0 if heat == 0 else None if b_h.value is None else heat * b_h.value
    return UnitAllowance(
        str(unit["unit"]), category, power, heat, (b_e, cooling, heat_c, load, b_h), power_part, heat_part
    )


def _power(facts: Facts, previous: Facts | None, library: Library | None) -> Allocation:
    units = tuple(power_unit(u, facts.year, library) for u in facts.units)
    notes: list[tuple[str, dict[str, Any]]] = []
    if not units:
        return Allocation(facts, "no_units", None, None, notes=(("note_no_units", {}),))
    for u, given in zip(units, facts.units, strict=True):
        for key in u.missing:
            blank = key == "load" and given.get("load_factor") is None
            notes.append(
                (
                    "note_load_factor_blank" if blank else f"note_missing_{key}",
                    {"unit": u.unit, "category": u.category, "year": facts.year},
                )
            )
    final = None if any(u.allowance is None for u in units) else sum(u.allowance or 0.0 for u in units)
    share = rule("power_preallocation_share", library)
    pre_units: tuple[UnitAllowance, ...] = ()
    pre = None
    if previous is None or not previous.units:
        notes.append(("note_no_previous_units", {"year": facts.year - 1}))
    else:
        # the previous year's supply at this year's benchmarks and coefficients
        pre_units = tuple(power_unit(u, facts.year, library) for u in previous.units)
        if all(u.allowance is not None for u in pre_units):
            pre = share * sum(u.allowance or 0.0 for u in pre_units)
    used = {(t.source_id, t.confidence) for u in (*units, *pre_units) for t in u.terms if t.source_id}
    if previous is not None and previous.units:
        used.add(cited("power_preallocation_share", library))
    return Allocation(facts, "power", final, pre, units, pre_units, tuple(notes), tuple(sorted(used)))


# -- steel, cement, aluminium ---------------------------------------------------------------------


def _rules(sector: str, year: int, stage: str, library: Library | None) -> list[Any]:
    return [
        r
        for r in _industry_rules((library or bundled()).set(INDUSTRY))
        if r.year == year and r.stage == stage and sector in str(r.sector).split(";")
    ]


@lru_cache(maxsize=8)
def _industry_rules(data: FactorSet) -> tuple[Any, ...]:
    return tuple(data.table("rules").itertuples(index=False))


def _white_clinker_only(facts: Facts) -> bool:
    made = {p["product"] for p in facts.production if p["product"] in CLINKERS and float(p["quantity"]) > 0}
    return made == {WHITE_CLINKER}


def _industry(facts: Facts, previous: Facts | None, library: Library | None) -> Allocation:
    notes: list[tuple[str, dict[str, Any]]] = []
    used: set[tuple[str, str]] = set()
    final = None
    method = "not_found"
    for r in _rules(facts.sector, facts.year, "final", library):
        if r.condition == "white_clinker_only" and not _white_clinker_only(facts):
            continue
        used.add((str(r.source_id), str(r.confidence)))
        if r.method == "verified":
            method, final = "verified", facts.to_cover
            if r.condition:
                notes.append(("note_white_clinker", {}))
        else:
            notes.append(("note_final_not_found", {"year": facts.year}))
            if facts.sector == "cement":
                notes.append(("note_cement_exempt", {}))
        break
    else:
        notes.append(("note_no_rule", {"year": facts.year}))
    pre = None
    for r in _rules(facts.sector, facts.year, "pre", library):
        used.add((str(r.source_id), str(r.confidence)))
        if r.method == "none":
            notes.append(("note_no_preallocation", {"year": facts.year}))
        elif previous is None:
            notes.append(("note_no_previous", {"year": facts.year - 1}))
        else:
            pre = float(r.share) * previous.to_cover
            if not previous.verified:
                notes.append(("note_previous_reported", {"year": facts.year - 1}))
        break
    return Allocation(facts, method, final, pre, notes=tuple(notes), sources=tuple(sorted(used)))


def allocate(facts: Facts, previous: Facts | None = None, library: Library | None = None) -> Allocation:
    """The allocation of one enterprise's year (``previous``: its year before, for the pre-allocation)."""
    if not facts.covered:
        return Allocation(facts, "not_covered", None, None, notes=(("note_not_covered", {"year": facts.year}),))
    allocation = _power(facts, previous, library) if facts.sector == "power" else _industry(facts, previous, library)
    if not facts.verified:
        allocation = Allocation(
            allocation.facts,
            allocation.method,
            allocation.final,
            allocation.pre,
            allocation.units,
            allocation.pre_units,
            (("note_reported", {}), *allocation.notes),
            allocation.sources,
        )
    return allocation
