"""The assessment of a new project (新建项目碳排放评价 and 节能审查), before approval:

- its design year's emissions and energy by the engine (the same methods and factors as a
  submission);
- its unit-product energy (kgce per tonne of its main product) against the 标杆 benchmark of
  factors/benchmarks where one applies (the 能耗限额 entry values are not bundled: said so);
- with a store: the share of its city's budget left at the year-end projection (the latest budget
  year with data, :mod:`.execution`) that it would take, and the share of the province's headroom on
  its energy- and CO2-intensity pathways (allowed = GDP × the pathway's intensity in the latest
  statistics year, less the actual) — none where the province is behind its pathway;
- the 缓批限批 of its city (:func:`.execution.restrictions`);
- the replacement it needs (its energy and emissions times the ratios of factors/project-rules) and
  whether the offered closures and retrofits cover it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from accounting import targets as tg
from accounting.calc import Options, calculate
from accounting.errors import StoreError
from accounting.factors import Library, bundled, rule_values
from accounting.planning.execution import Execution, Restriction, budget_figures, restrictions
from accounting.planning.projects import Project
from accounting.planning.trajectory import pathway
from accounting.region.data import benchmark_table
from accounting.result import Result
from accounting.statistics import statistic
from accounting.store import Store
from accounting.store import tables as t

SET = "project-rules"
TWO_HIGH = ("power", "cement", "aluminium", "steel", "glass", "chemicals")  # sectors of 两高 projects
HEADROOM = {  # indicator -> (numerator statistic, the project's figure)
    "energy_intensity_gdp_reduction": ("energy_total", "tce"),
    "co2_intensity_gdp_reduction": ("co2_total", "tco2e"),
}


def rules(library: Library | None = None) -> dict[str, float]:
    return rule_values((library or bundled()).set(SET))


@dataclass(frozen=True)
class Headroom:
    """The room a province has under one intensity pathway in the latest statistics year."""

    indicator_code: str
    year: int
    allowed: float  # tce or tCO2 the pathway allows at that year's GDP
    actual: float
    share: float | None  # the project's part of the headroom (None: no headroom)

    @property
    def headroom(self) -> float:
        return self.allowed - self.actual


@dataclass(frozen=True)
class Assessment:
    project: Project
    result: Result
    output: float  # t of the main product in the design year
    kgce_t: float | None
    benchmark: float | None  # 标杆, kgce/t
    budget_year: int | None
    budgets: tuple[Execution, ...]  # the city's, at the year-end projection
    headroom: tuple[Headroom, ...]
    restriction: Restriction | None
    required_tce: float
    required_tco2: float
    offered_tce: float
    offered_tco2: float
    rules: dict[str, float]
    note: str = ""  # why the store could not be consulted

    @property
    def benchmark_class(self) -> str:
        if self.benchmark is None or self.kgce_t is None:
            return "none"
        return "at_benchmark" if self.kgce_t <= self.benchmark else "above_benchmark"

    @property
    def covers_energy(self) -> bool:
        return self.offered_tce >= self.required_tce - 1e-9

    @property
    def covers_co2(self) -> bool:
        return self.offered_tco2 >= self.required_tco2 - 1e-9

    def budget_share(self, e: Execution) -> float | None:
        """The part of the city's budget left at the year-end projection that the project takes."""
        left = None if e.projected is None else e.budget - e.projected
        mine = self.result.energy.tce if e.measure == "energy" else self.result.tco2e
        return mine / left if left is not None and left > 0 else None

    @property
    def two_high(self) -> bool:
        return self.project.submission.sector in TWO_HIGH


def _benchmark(sector: str, product: str) -> float | None:
    table = benchmark_table()
    found = table[
        (table["sector"] == sector)
        & (table["product"] == product)
        & (table["condition"] == "")
        & (table["unit"] == "kgce/t")
    ]
    return float(found["value"].iloc[0]) if len(found) else None


def headroom(
    statistics: pd.DataFrame, assigned: pd.DataFrame | None, province: str, tce: float, tco2e: float
) -> list[Headroom]:
    """The province's headroom under each of its intensity targets in the latest statistics year."""
    out = []
    targets = tg.for_jurisdictions([province], assigned)
    for code, (top, mine) in HEADROOM.items():
        found = targets[(targets["indicator_code"] == code) & targets["value"].notna()]
        rows = statistics[(statistics["region"] == province) & (statistics["indicator"] == top)]
        for row in found.itertuples(index=False):
            base_year, _ = tg.base_year_of(row)
            years = [int(y) for y in rows["year"] if base_year < int(y) <= int(row.target_year)]
            if not years:
                continue
            year = max(years)
            base_top, base_gdp = (
                statistic(statistics, province, base_year, top),
                statistic(statistics, province, base_year, "gdp"),
            )
            gdp, actual = statistic(statistics, province, year, "gdp"), statistic(statistics, province, year, top)
            if None in (base_top, base_gdp, gdp, actual) or not base_gdp:
                continue
            assert base_top is not None and base_gdp is not None and gdp is not None and actual is not None
            intensity = pathway(code, float(row.value), base_top / base_gdp, base_year, int(row.target_year), year)
            allowed = intensity * gdp
            room = allowed - actual
            amount = tce if mine == "tce" else tco2e
            out.append(Headroom(code, year, allowed, actual, amount / room if room > 0 else None))
            break
    return out


def assess(
    project: Project, store: Store | None = None, library: Library | None = None, options: Options | None = None
) -> Assessment:
    library = library or bundled()
    result = calculate(project.submission, options=options, library=library)
    output = sum(p.quantity for p in result.production if p.product == project.product)
    kgce_t = result.energy.tce * 1000.0 / output if output > 0 else None
    r = rules(library)
    budgets: tuple[Execution, ...] = ()
    budget_year = None
    rooms: list[Headroom] = []
    restriction = None
    note = ""
    city = result.enterprise.city
    if store is not None:
        years = store.frame(t.budget_versions.select())["year"]
        for year in sorted({int(y) for y in years}, reverse=True):
            try:
                f = budget_figures(store, year)
            except StoreError:
                continue  # a budget year without data yet
            budget_year = year
            budgets = tuple(e for e in f.executions if e.region == city)
            break
        stats = store.statistics()
        assigned = stats["assigned"] if len(stats["assigned"]) else None
        rooms = headroom(stats["statistics"], assigned, result.enterprise.province, result.energy.tce, result.tco2e)
        if city:
            [restriction] = restrictions([city], stats["statistics"], assigned, result.year)
    else:
        note = "no_store"
    offered_tce = sum(o.tce for o in project.offers)
    offered_tco2 = sum(o.tco2 for o in project.offers)
    return Assessment(
        project,
        result,
        float(output),
        kgce_t,
        _benchmark(result.enterprise.sector, project.product),
        budget_year,
        budgets,
        tuple(rooms),
        restriction,
        result.energy.tce * r["replacement_energy_ratio"],
        result.tco2e * r["replacement_co2_ratio"],
        offered_tce,
        offered_tco2,
        r,
        note,
    )
