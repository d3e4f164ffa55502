"""What the regional report says, computed from the store: totals, changes, targets, key emitters,
benchmarks and data quality. Every figure is a sum or ratio of stored rows; the report only lays
them out. One query per table, then pandas; nothing is done per enterprise in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from accounting import targets as tg
from accounting.errors import StoreError
from accounting.factors import bundled, default_root, rule_values
from accounting.planning.trajectory import Peak, Scenario, Trajectory, peak, trajectory
from accounting.statistics import statistic
from accounting.store import Store


def key_emitter_threshold() -> float:
    """t CO2e a year: the national threshold for key emitting units (factors/market-rules)."""
    from accounting.market.rules import rule

    return rule("roster_threshold")


def anomaly_change() -> float:
    """The year-on-year change of an enterprise's emissions flagged for review (factors/region-rules)."""
    return rule_values(bundled().set("region-rules"))["anomaly_change"]


@dataclass
class RegionData:
    year: int
    province: str | None
    subs: pd.DataFrame  # latest version of every enterprise-year in scope, all years
    months: pd.DataFrame  # tCO2e and tce by year (this and the last), city, sector and month
    products: pd.DataFrame  # products of this year, with uscc, name, city, sector, tce
    warnings: (
        pd.DataFrame
    )  # warnings of this year, alike ones together: code, message, count, enterprises (names), cell
    statistics: pd.DataFrame
    assigned: pd.DataFrame
    roster: pd.DataFrame
    regions: list[tuple[str, str]] = field(default_factory=list)  # (name, parent) of every region reported
    reconciled: pd.DataFrame = field(default_factory=pd.DataFrame)  # the annual reports' differences from deposits
    city: str | None = None  # a city's report: its enterprises only, the city its one region

    @property
    def top(self) -> str | None:
        """The jurisdiction the report is of: its city, else its province, else the first region reported."""
        return self.city or self.province or (self.regions[0][0] if self.regions else None)

    @property
    def now(self) -> pd.DataFrame:
        return self.subs[self.subs["year"] == self.year]

    @property
    def before(self) -> pd.DataFrame:
        return self.subs[self.subs["year"] == self.year - 1]


# the issues of an annual report's reconciliation with the monthly deposits (accounting.chain.reconcile)
RECONCILIATION = ("deposit-mismatch", "deposit-line-absent")


def load(store: Store, year: int, province: str | None = None, city: str | None = None) -> RegionData:
    """The stored data of ``year`` (and the year before) for the province, a city of it, or all."""
    subs = store.latest()
    if province and not (subs["province"] == province).any():
        known = "、".join(sorted(set(subs["province"]))) or "无"
        raise StoreError(f"数据库「{store.db}」中没有{province}的报送，无法生成区域报告（库中的省份：{known}）")
    if province:
        subs = subs[subs["province"] == province]
    if city:
        if not (subs["city"] == city).any():
            raise StoreError(f"数据库「{store.db}」中没有{province or ''}{city}的报送，无法生成区域报告")
        subs = subs[subs["city"] == city]
    subs = subs.reset_index(drop=True)
    if not (subs["year"] == year).any():
        years = "、".join(str(y) for y in sorted(set(subs["year"]))) or "无"
        raise StoreError(
            f"数据库「{store.db}」中没有{province or ''}{year}年度的报送，无法生成区域报告（已入库的年度：{years}）"
        )
    two = subs[subs["year"].isin([year, year - 1])]
    months = store.month_sums(two["id"], by=("year", "city", "sector"))
    now = subs[subs["year"] == year]
    products = store.children("products", now["id"]).merge(
        now[["id", "uscc", "name", "city", "sector", "tce"]], left_on="submission_id", right_on="id"
    )
    issues = store.children("issues", now["id"])
    reconciled = issues[issues["code"].isin(RECONCILIATION)].merge(
        now[["id", "uscc", "name"]], left_on="submission_id", right_on="id"
    )[["uscc", "name", "code", "sheet", "cell", "message"]]
    warned = issues[issues["severity"] == "warning"].merge(now[["id", "name"]], left_on="submission_id", right_on="id")
    warnings = (
        warned.groupby(["code", "message"], sort=False)
        .agg(
            count=("name", "size"),
            enterprises=("name", lambda names: tuple(dict.fromkeys(names))),
            cell=("cell", "first"),  # whether the message quotes a cell (its wording in English depends on it)
        )
        .reset_index()
        .sort_values("count", ascending=False, kind="stable")
    )
    stats = store.statistics()
    regions = []
    for prov in sorted(set(now["province"]) | ({province} if province else set())):
        regions += [] if city else [(prov, "")]
        regions += [(c, prov) for c in sorted(set(now.loc[now["province"] == prov, "city"])) if c]
    return RegionData(
        year,
        province,
        subs,
        months,
        products,
        warnings,
        stats["statistics"],
        stats["assigned"],
        stats["roster"],
        regions,
        reconciled.sort_values(["uscc", "sheet", "cell"], ignore_index=True),
        city,
    )


def _change(now: pd.Series, before: pd.Series) -> pd.Series:
    return (now - before) / before.where(before != 0)


def totals_by(data: RegionData, column: str) -> pd.DataFrame:
    """Enterprises, tCO2e and tce of this year by ``column`` (city, sector, province), with the
    change on last year and each group's contribution to the change of the whole (points of %)."""
    now = data.now.groupby(column).agg(enterprises=("uscc", "size"), tco2e=("tco2e", "sum"), tce=("tce", "sum"))
    before = data.before.groupby(column).agg(prior_tco2e=("tco2e", "sum"))
    out = now.join(before, how="outer").fillna(0.0)
    total_before = out["prior_tco2e"].sum()
    out["change"] = _change(out["tco2e"], out["prior_tco2e"])
    out["contribution"] = (out["tco2e"] - out["prior_tco2e"]) / total_before if total_before else np.nan
    out["share"] = out["tco2e"] / out["tco2e"].sum() if out["tco2e"].sum() else np.nan
    return out.sort_values("tco2e", ascending=False).reset_index()


def monthly(data: RegionData) -> pd.DataFrame:
    """tCO2e and tce by month (1–12) this year and last; month 0 holds whole-year-only lines."""
    m = data.months.groupby(["year", "month"])[["tco2e", "tce"]].sum().unstack("year").fillna(0.0)
    out = pd.DataFrame(index=pd.Index(range(13), name="month"))
    for label, year in (("", data.year), ("prior_", data.year - 1)):
        for what in ("tco2e", "tce"):
            out[label + what] = m[(what, year)] if (what, year) in m.columns else 0.0
    return out.fillna(0.0).reset_index()


def quarterly(series: pd.DataFrame) -> pd.DataFrame:
    months = series[series["month"] >= 1].copy()
    months["quarter"] = (months["month"] - 1) // 3 + 1
    out = months.drop(columns="month").groupby("quarter").sum().reset_index()
    out["change"] = _change(out["tco2e"], out["prior_tco2e"])
    return out


def enterprises(data: RegionData) -> pd.DataFrame:
    """Every enterprise stored for the year (its latest version), with last year's emissions and the
    change, largest first."""
    before = data.before.set_index("uscc")["tco2e"]
    out = data.now[["uscc", "name", "city", "sector", "version", "tco2e", "tce"]].copy()
    out["prior_tco2e"] = out["uscc"].map(before)
    out["change"] = _change(out["tco2e"], out["prior_tco2e"])
    return out.sort_values("tco2e", ascending=False).reset_index(drop=True)


def key_emitters(listed: pd.DataFrame) -> pd.DataFrame:
    """The enterprises of :func:`enterprises` at or above the key-emitter threshold."""
    return listed[listed["tco2e"] >= key_emitter_threshold()].reset_index(drop=True)


@cache
def benchmark_table() -> pd.DataFrame:
    return pd.read_csv(
        default_root() / "benchmarks" / "energy_efficiency.csv", dtype={"condition": str}, keep_default_na=False
    )


def benchmarks(data: RegionData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Unit-product energy (kgce/t: the enterprise's comprehensive energy over its product) against
    the benchmark (标杆) where one applies without a condition; per enterprise and per product."""
    table = benchmark_table()
    plain = table[(table["condition"] == "") & (table["unit"] == "kgce/t")]
    p = data.products[data.products["unit"].isin(["t", "吨"])].merge(plain, on=["sector", "product"])
    p = p[p["quantity"] > 0].copy()
    p["kgce_t"] = p["tce"] * 1000.0 / p["quantity"]
    p["at_benchmark"] = p["kgce_t"] <= p["value"]
    detail = p[["uscc", "name", "city", "product", "quantity", "kgce_t", "value", "at_benchmark"]]
    summary = (
        p.groupby("product")
        .agg(enterprises=("uscc", "size"), at_benchmark=("at_benchmark", "sum"), benchmark=("value", "first"))
        .reset_index()
    )
    summary["share"] = summary["at_benchmark"] / summary["enterprises"]
    farthest = (p["kgce_t"] / p["value"]).sort_values(ascending=False, kind="stable").index  # worst first
    return detail.loc[farthest].reset_index(drop=True), summary


def quality(data: RegionData) -> dict[str, pd.DataFrame]:
    now, before = data.now, data.before
    if len(data.roster):
        expected, basis = data.roster[["uscc", "name", "city", "sector"]], "roster"
    else:
        expected, basis = before[["uscc", "name", "city", "sector"]], "prior"
    missing = expected[~expected["uscc"].isin(now["uscc"])].assign(basis=basis)
    months = now[now["months"] < 12][["uscc", "name", "city", "months"]].sort_values("months")
    sectors = (
        now.groupby("sector")
        .agg(enterprises=("uscc", "size"), parameters=("parameters", "sum"), defaults=("defaults", "sum"))
        .reset_index()
    )
    sectors["share"] = sectors["defaults"] / sectors["parameters"].where(sectors["parameters"] > 0)
    change = now.merge(before[["uscc", "tco2e"]], on="uscc", suffixes=("", "_prior"))
    change["change"] = _change(change["tco2e"], change["tco2e_prior"])
    jumps = change[change["change"].abs() > anomaly_change()][["uscc", "name", "tco2e_prior", "tco2e", "change"]]
    revised = now[now["version"] > 1][["uscc", "name", "version", "received"]]
    return {
        "missing": missing.reset_index(drop=True),
        "months": months.reset_index(drop=True),
        "defaults": sectors,
        "jumps": jumps.loc[jumps["change"].abs().sort_values(ascending=False, kind="stable").index].reset_index(
            drop=True
        ),
        "revised": revised.reset_index(drop=True),
        "warnings": data.warnings.head(15),
        "reconciled": data.reconciled,
    }


@dataclass(frozen=True)
class Figures:
    """Everything the report shows, computed once; each language only lays it out."""

    data: RegionData
    evaluations: list[tg.Evaluation]
    provinces: pd.DataFrame
    cities: pd.DataFrame
    sectors: pd.DataFrame
    series: pd.DataFrame
    enterprises: pd.DataFrame
    emitters: pd.DataFrame
    benchmark_detail: pd.DataFrame
    benchmark_summary: pd.DataFrame
    quality: dict[str, pd.DataFrame]
    trajectories: list[Trajectory] = field(default_factory=list)  # per evaluated target
    peak: Peak | None = None  # of the province's CO2, where the statistics give it


def figures(data: RegionData, scenario: Scenario | None = None) -> Figures:
    """Every figure of the report; ``scenario`` (planning.trajectory.Scenario) adds its projection."""
    detail, summary = benchmarks(data)
    listed = enterprises(data)
    evaluations = evaluate(data)

    def indicator(code: str, region: str, year: int, source: str) -> float | None:
        return measure(data, code, region, year, source) if year <= data.year else None

    paths = [t for t in (trajectory(e, indicator, scenario) for e in evaluations) if t is not None]
    return Figures(
        data,
        evaluations,
        totals_by(data, "province").iloc[0:0] if data.city else totals_by(data, "province"),  # a city: no province row
        totals_by(data, "city"),
        totals_by(data, "sector"),
        monthly(data),
        listed,
        key_emitters(listed),
        detail,
        summary,
        quality(data),
        paths,
        peak(data.statistics, data.top, data.year, scenario) if data.top else None,
    )


# targets --------------------------------------------------------------------------------------


def _stored(data: RegionData, region: str, year: int, column: str) -> float | None:
    subs = data.subs[(data.subs["year"] == year) & ((data.subs["province"] == region) | (data.subs["city"] == region))]
    return float(subs[column].sum()) if len(subs) else None


# indicator -> (numerator: statistic or stored column, fallback stored column, denominator statistic)
MEASURES: dict[str, tuple[str, str | None, str]] = {
    "energy_intensity_gdp_reduction": ("energy_total", "tce", "gdp"),
    "co2_intensity_gdp_reduction": ("co2_total", "tco2", "gdp"),
    "industrial_va_energy_intensity_reduction": ("energy_industry", "tce", "industrial_va"),
    "industrial_va_co2_intensity_reduction": ("co2_total", "tco2", "industrial_va"),
    "non_fossil_share_energy": ("energy_non_fossil", None, "energy_total"),
    "coal_share_energy": ("coal", None, "energy_total"),
}


def measure(data: RegionData, code: str, region: str, year: int, source: str = "statistics") -> float | None:
    """The indicator of ``code`` for ``region`` in ``year`` (intensity, or share in percent), its
    numerator taken from the statistics workbook or, with ``source="store"``, summed over the stored
    enterprises (where MEASURES gives a stored column)."""
    top, fallback, bottom = MEASURES[code]
    if source == "statistics":
        numerator = statistic(data.statistics, region, year, top)
    else:
        numerator = _stored(data, region, year, fallback) if fallback else None
    return ratio(code, numerator, statistic(data.statistics, region, year, bottom))


def statistics_measure(statistics: pd.DataFrame, code: str, region: str, year: int) -> float | None:
    """The indicator of ``code`` from the statistics workbook alone (:func:`measure`'s statistics basis)."""
    top, _, bottom = MEASURES[code]
    return ratio(code, statistic(statistics, region, year, top), statistic(statistics, region, year, bottom))


def ratio(code: str, numerator: float | None, denominator: float | None) -> float | None:
    """An intensity per 万元 of ``denominator`` (元), or a share in percent; None without both."""
    if numerator is None or not denominator:
        return None
    if code in tg.SHARES:
        return numerator / denominator * 100.0
    return numerator / (denominator / 1e4)  # per 万元


def measure_pair(data: RegionData, code: str, region: str, base_year: int) -> tuple[float | None, float | None, str]:
    """The base-year and this year's indicator on one basis, never one of each (the stored
    enterprises are a fraction of the economy): the statistics where they give both years, else the
    store where it has both; and which."""
    pairs = {
        s: (measure(data, code, region, base_year, s), measure(data, code, region, data.year, s))
        for s in ("statistics", "store")
    }
    source = next((s for s, (b, c) in pairs.items() if b is not None and c is not None), "statistics")
    return *pairs[source], source


def evaluate(data: RegionData) -> list[tg.Evaluation]:
    """Every evaluable target of the regions in the report, against this year's data."""
    names = [name for name, _ in data.regions]
    assigned = data.assigned if len(data.assigned) else None
    out = []
    for row in tg.for_jurisdictions(names, assigned).itertuples(index=False):
        base_year, stated = tg.base_year_of(row)
        target_year = int(row.target_year)
        value = None if pd.isna(row.value) else float(row.value)
        ev: dict[str, Any] = {
            "jurisdiction": row.jurisdiction,
            "indicator_code": row.indicator_code,
            "base_year": base_year,
            "target_year": target_year,
            "value": value,
            "year": data.year,
            "ids": row.ids,
            "commitment": row.commitment,
            "document": row.document,
            "clause": row.clause,
            "quote": row.quote,
            "assigned_by": row.assigned_by,
        }
        base, current, ev["basis"] = measure_pair(data, row.indicator_code, row.jurisdiction, base_year)
        if not stated:
            ev["basis"] += ";inferred_base"
        if value is None:
            ev["reason"] = "no_value"
        elif data.year <= base_year:
            ev["reason"] = "before_period"
        elif data.year > target_year:
            ev["reason"] = "after_period"
        elif base is None or current is None:
            ev["reason"] = "no_data"
        else:
            ev.update(base_value=base, current=current)
            if row.indicator_code in tg.REDUCTIONS:
                ev.update(tg.evaluate_reduction(value, base_year, target_year, data.year, base, current))
            else:
                ev.update(
                    tg.evaluate_share(
                        value, tg.SHARES[row.indicator_code], base_year, target_year, data.year, base, current
                    )
                )
        out.append(tg.Evaluation(**ev))
    return out
