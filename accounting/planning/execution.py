"""Budget execution: the consumption of each budgeted region so far, its year-end projection, its
warning level, and the 缓批限批 consequence for each city from its energy-intensity progress.

**Used so far** is the sum over the stored enterprises of the region (its province or city) of
their monthly tCO2e or tce, months 1 to ``month``: an enterprise's annual report where the store
has one for the year, else its monthly deposits (月度存证). Lines reported only for the whole year
count when the whole year does.

**Projection** to the year's end, stated per row:

- ``profile``: used × last year's total ÷ last year's months 1 to ``month`` (the region's own
  monthly profile, so a winter-heavy region is not judged by its summer);
- ``linear``: used × 12 ÷ ``month``, where the store has nothing of last year for the region;
- ``actual``: the whole year is in (``month`` = 12).

**Warning level** (factors/budget-rules; the levels of the national 能耗双控晴雨表): 一级 when the
projection reaches ``level1_projected`` × budget; 二级 when it reaches ``level2_projected`` ×
budget or the budget is used ``level2_pace`` times faster than the calendar passes (used share ÷
month/12); 三级 otherwise.

**缓批限批** (青海省碳达峰实施方案 三（五）6: 对未能完成能耗强度下降进度目标的市(州)，实行高耗能高排放
项目缓批限批): a city whose energy-per-GDP target is behind its pathway (lagging or warning, by
:mod:`accounting.targets`) in the latest year the statistics give.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from accounting import targets as tg
from accounting.errors import StoreError
from accounting.factors import Library, bundled, rule_values
from accounting.region.data import statistics_measure
from accounting.store import Store
from accounting.store import tables as t

SET = "budget-rules"
MARK = {1: "warning", 2: "lagging", 3: "on_track"}  # the house colours of a level
COLUMN = {"co2": "tco2e", "energy": "tce"}
RESTRICTING = ("lagging", "warning")  # statuses of the energy-intensity target that bring 缓批限批
INTENSITY = "energy_intensity_gdp_reduction"


def rules(library: Library | None = None) -> dict[str, float]:
    return rule_values((library or bundled()).set(SET))


def level_of(budget: float, projected: float, used: float, month: int, r: dict[str, float]) -> int:
    """The warning level (1 most severe) of a budget, by the rules ``r`` (module docstring)."""
    if projected >= r["level1_projected"] * budget:
        return 1
    pace = (used / budget) / (month / 12.0)
    if projected >= r["level2_projected"] * budget or pace >= r["level2_pace"]:
        return 2
    return 3


def project(used: float, month: int, prior_to_month: float, prior_total: float) -> tuple[float, str]:
    """The year-end projection of ``used`` (months 1 to ``month``) and its method."""
    if month >= 12:
        return used, "actual"
    if prior_to_month > 0 and prior_total > 0:
        return used * prior_total / prior_to_month, "profile"
    return used * 12.0 / month, "linear"


@dataclass(frozen=True)
class Execution:
    """One region's one budget as of the end of ``month``."""

    region: str
    parent: str
    measure: str  # co2 | energy
    budget: float  # tCO2 or tce
    source: str
    row: int  # of the budget workbook
    enterprises: int  # stored enterprises counted
    used: float | None = None
    monthly: tuple[float, ...] = ()  # months 1 to ``month``
    prior_to_month: float | None = None
    prior_total: float | None = None
    projected: float | None = None
    method: str = ""  # profile | linear | actual
    level: int | None = None  # None: no stored enterprise in the region

    @property
    def used_share(self) -> float | None:
        return None if self.used is None else self.used / self.budget

    @property
    def projected_share(self) -> float | None:
        return None if self.projected is None else self.projected / self.budget

    @property
    def remaining(self) -> float | None:
        return None if self.used is None else self.budget - self.used


@dataclass(frozen=True)
class Restriction:
    """A city's energy-intensity progress and whether 两高 projects are held back (缓批限批)."""

    city: str
    restricted: bool | None  # None: cannot be judged (no target, no statistics)
    evaluation: tg.Evaluation | None = None
    reason: str = ""  # no_target | no_data, when not judged


@dataclass(frozen=True)
class BudgetFigures:
    year: int
    month: int
    province: str | None
    budget_file: str
    budget_version: int
    executions: list[Execution]
    restrictions: list[Restriction]
    rules: dict[str, float]
    rule_table: pd.DataFrame  # the rules' set as given (names, sources, confidence), for the report


def _budget(store: Store, year: int) -> tuple[pd.DataFrame, str, int]:
    found = store.newest("budget", [t.budget_versions.c.year == year])
    if found.empty:
        raise StoreError(
            f"数据库「{store.db}」中没有 {year} 年度的预算（用 tanhe template --budget 写出预算表，"
            "填好后用 tanhe db ingest 入库）"
        )
    head = found.iloc[0]
    rows = store.rows("budgets", "budget_id", [int(head["id"])]).sort_values("row", kind="stable")
    return rows, str(head["file_name"]), int(head["version"])


def monthly_use(store: Store, years: list[int]) -> pd.DataFrame:
    """tCO2e and tce by enterprise, year and month (0: whole-year lines) with the enterprise's
    province and city: from its annual report of the year where stored, else its monthly deposits."""
    subs = store.latest(years)
    months = store.children("months", subs["id"]).merge(
        subs[["id", "uscc", "year", "province", "city"]], left_on="submission_id", right_on="id"
    )
    annual = months[["uscc", "year", "month", "province", "city", "tco2e", "tce"]]
    d = t.deposits
    deposits = store.newest(
        "deposit", [d.c.year.in_(years)], columns=("uscc", "year", "month", "province", "city", "tco2e", "tce")
    )
    reported = pd.MultiIndex.from_frame(subs[["uscc", "year"]])
    keep = ~pd.MultiIndex.from_frame(deposits[["uscc", "year"]]).isin(reported)  # one pass, not a test a row
    return pd.concat([annual, deposits[keep]], ignore_index=True)


def latest_month(store: Store, year: int) -> int:
    """The last month of ``year`` the store has data for (annual reports count as December)."""
    s, d = t.submissions, t.deposits
    annual = store.frame(select(func.count()).select_from(s).where(s.c.year == year)).iloc[0, 0]
    if annual:
        return 12
    found = store.frame(select(func.max(d.c.month)).where(d.c.year == year)).iloc[0, 0]
    return int(found) if found is not None and not pd.isna(found) else 0


def _in_scope(rows: pd.DataFrame, province: str | None) -> pd.DataFrame:
    """The budget rows of ``province``: itself, the regions under it and those under them."""
    if not province:
        return rows
    cities = set(rows.loc[rows["parent"] == province, "region"])
    mask = (rows["region"] == province) | (rows["parent"] == province) | rows["parent"].isin(cities)
    return rows[mask]


def execute(rows: pd.DataFrame, use: pd.DataFrame, year: int, month: int, r: dict[str, float]) -> list[Execution]:
    """Each budget row against the monthly use (:func:`monthly_use`) of ``year`` and the year before."""
    out = []
    for b in rows.itertuples(index=False):
        mine = use[(use["province"] == b.region) | (use["city"] == b.region)]
        column = COLUMN[b.measure]
        now, prior = mine[mine["year"] == year], mine[mine["year"] == year - 1]
        base = Execution(b.region, b.parent, b.measure, float(b.value), b.source, int(b.row), now["uscc"].nunique())
        if now.empty:
            out.append(base)
            continue
        counted = now[(now["month"] >= 1) & (now["month"] <= month)] if month < 12 else now
        by_month = now.groupby("month")[column].sum()
        monthly = tuple(float(by_month.get(m, 0.0)) for m in range(1, month + 1))
        used = float(counted[column].sum())
        prior_to = float(prior.loc[(prior["month"] >= 1) & (prior["month"] <= month), column].sum())
        prior_total = float(prior[column].sum())
        projected, method = project(used, month, prior_to, prior_total)
        out.append(
            replace(
                base,
                used=used,
                monthly=monthly,
                prior_to_month=prior_to if len(prior) else None,
                prior_total=prior_total if len(prior) else None,
                projected=projected,
                method=method,
                level=level_of(base.budget, projected, used, month, r),
            )
        )
    return out


def restrictions(
    cities: list[str], statistics: pd.DataFrame, assigned: pd.DataFrame | None, year: int
) -> list[Restriction]:
    """Each city's energy-intensity progress in the latest statistics year up to ``year``, and its
    缓批限批 consequence (module docstring)."""
    out = []
    for city in cities:
        found = tg.for_jurisdictions([city], assigned)
        found = found[found["indicator_code"] == INTENSITY]
        mine = statistics[(statistics["region"] == city) & (statistics["year"] <= year)]
        gdp, energy = (set(mine.loc[mine["indicator"] == k, "year"]) for k in ("gdp", "energy_total"))
        years = sorted(gdp & energy)
        target = None
        for row in found.itertuples(index=False):
            base_year, _ = tg.base_year_of(row)
            if not pd.isna(row.value) and years and base_year < years[-1] <= int(row.target_year):
                target = row
        if target is None:
            out.append(Restriction(city, None, reason="no_target" if found.empty else "no_data"))
            continue
        base_year, _ = tg.base_year_of(target)
        now = years[-1]
        base, current = (statistics_measure(statistics, INTENSITY, city, y) for y in (base_year, now))
        if base is None or current is None:
            out.append(Restriction(city, None, reason="no_data"))
            continue
        value = float(target.value)
        ev = tg.evaluate_reduction(value, base_year, int(target.target_year), now, base, current)
        evaluation = tg.Evaluation(
            city,
            INTENSITY,
            base_year,
            int(target.target_year),
            value,
            now,
            base_value=base,
            current=current,
            ids=target.ids,
            document=target.document,
            assigned_by=target.assigned_by,
            **ev,
        )
        out.append(Restriction(city, ev["status"] in RESTRICTING, evaluation))
    return out


def budget_figures(
    store: Store, year: int, month: int | None = None, province: str | None = None, library: Library | None = None
) -> BudgetFigures:
    """Everything the budget report shows, as of the end of ``month`` (default: the last month with data)."""
    rows, file_name, version = _budget(store, year)
    rows = _in_scope(rows, province)
    if rows.empty:
        raise StoreError(f"{year} 年度预算中没有{province}及其下级地区的预算")
    month = latest_month(store, year) if month is None else month
    if not 1 <= month <= 12:
        raise StoreError(f"数据库「{store.db}」中没有 {year} 年的月度数据（年报或月度存证），无法跟踪预算执行")
    r = rules(library)
    rule_table = (library or bundled()).set(SET).table()
    use = monthly_use(store, [year - 1, year])
    executions = execute(rows, use, year, month, r)
    stats = store.statistics()
    # a city: a region whose parent has no parent in the workbook (a county's parent is a city)
    cities = [str(x.region) for x in rows.itertuples() if x.parent and not _parent_of(rows, x.parent)]
    assigned = stats["assigned"] if len(stats["assigned"]) else None
    return BudgetFigures(
        year,
        month,
        province,
        file_name,
        version,
        executions,
        restrictions(list(dict.fromkeys(cities)), stats["statistics"], assigned, year),
        r,
        rule_table,
    )


def _parent_of(rows: pd.DataFrame, region: str) -> str:
    found = rows.loc[rows["region"] == region, "parent"]
    return str(found.iloc[0]) if len(found) else ""


def to_json(f: BudgetFigures) -> dict[str, Any]:
    def num(v: float | None) -> float | None:
        return None if v is None else round(v, 6)

    return {
        "year": f.year,
        "month": f.month,
        "province": f.province,
        "budget": {"file": f.budget_file, "version": f.budget_version},
        "budgets": [
            {
                "region": e.region,
                "parent": e.parent,
                "measure": e.measure,
                "unit": "tCO2e" if e.measure == "co2" else "tce",
                "budget": num(e.budget),
                "enterprises": e.enterprises,
                "used": num(e.used),
                "used_share": num(e.used_share),
                "projected": num(e.projected),
                "projected_share": num(e.projected_share),
                "method": e.method,
                "level": e.level,
            }
            for e in f.executions
        ],
        "restrictions": [
            {
                "city": x.city,
                "restricted": x.restricted,
                "status": x.evaluation.status if x.evaluation else "",
                "year": x.evaluation.year if x.evaluation else None,
                "actual": num(x.evaluation.actual) if x.evaluation else None,
                "required": num(x.evaluation.required) if x.evaluation else None,
                "reason": x.reason,
            }
            for x in f.restrictions
        ],
        "rules": f.rules,
    }
