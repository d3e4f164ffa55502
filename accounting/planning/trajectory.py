"""Trajectories of the plan targets and the peak of provincial CO2: every evaluated target from its
base year to its target year, with the data, the required pathway and a projection.

- **Data**: the indicator each year from the base year to the report's year where the basis of its
  evaluation (the statistics workbook, else the store) gives it.
- **Pathway**: what the target requires each year, as :mod:`accounting.targets` evaluates it: a
  reduction at a constant annual rate, I_b × (1 − R)^((y − b)/(T − b)); a share on the straight line.
- **Trend**: the data's own course carried on to the target year: a least-squares line through
  ln(indicator) over the years with data (a constant annual rate; a straight line for shares);
  at least two years of data.
- **Scenario** (optional, the user's): growth rates in percent a year of GDP, energy and CO2 from
  the last year of data; an intensity then changes by (1 + e)/(1 + g) a year (industrial value
  added taken to grow as GDP).
- **Peak of provincial CO2** (the statistics' CO2 series): the trend is a least-squares parabola
  through the years with data; its vertex is the peak year where it opens downward and lies after
  the last year of data (up to 2060); where it lies before, CO2 has peaked already (in the highest
  year of data); where the parabola opens upward, no peak is in sight at this trend. Under a
  scenario, CO2 changes by the scenario's CO2 rate, which may move linearly from one rate in the
  first year to another in 2035 (``co2=2:-1``): the peak is the last year before the rate turns
  negative.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from accounting import targets as tg
from accounting.errors import AccountingError
from accounting.statistics import statistic

Indicator = Callable[[str, str, int, str], "float | None"]  # (code, region, year, basis) -> the indicator

HORIZON = 2060  # the furthest year a peak is looked for
SCENARIO_END = 2035  # a rate given as a:b moves linearly from a (the first year) to b (this year)


@dataclass(frozen=True)
class Scenario:
    """Growth rates in percent a year from the last year of data: (first year's, 2035's)."""

    gdp: tuple[float, float] | None = None
    energy: tuple[float, float] | None = None
    co2: tuple[float, float] | None = None

    def rate(self, name: str, year: int, start: int) -> float | None:
        """The rate of ``name`` in ``year`` (a fraction), for a projection from ``start`` (the last year of data)."""
        pair = getattr(self, name)
        if pair is None:
            return None
        first, last = pair
        span = max(SCENARIO_END - (start + 1), 1)
        t = min(max(year - (start + 1), 0), span) / span
        return (first + (last - first) * t) / 100.0


def parse_scenario(text: str) -> Scenario:
    """``gdp=5.5,energy=2,co2=2:-1`` into a :class:`Scenario`; a bad text raises AccountingError."""
    found: dict[str, tuple[float, float]] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name not in ("gdp", "energy", "co2") or not value:
            raise AccountingError(
                f"情景「{part}」无法识别：应为 gdp=年增速%、energy=年增速%、co2=年增速%（可写作 起:止）"
            )
        try:
            rates = [float(v) for v in value.split(":")]
        except ValueError:
            raise AccountingError(f"情景「{part}」的增速不是数字") from None
        if len(rates) > 2 or any(not math.isfinite(r) or abs(r) >= 100 for r in rates):
            raise AccountingError(f"情景「{part}」的增速应为 −100 到 100 之间的百分数，至多两个（起:止）")
        found[name] = (rates[0], rates[-1])
    return Scenario(**found)


@dataclass(frozen=True)
class Trajectory:
    evaluation: tg.Evaluation
    years: tuple[int, ...]  # the base year to the target year
    data: tuple[float | None, ...]
    pathway: tuple[float, ...]
    trend: tuple[float | None, ...]  # from the last year of data on
    scenario: tuple[float | None, ...] | None
    last: int  # the last year of data
    given: Scenario | None = None  # the scenario projected, if any

    @property
    def trend_end(self) -> float | None:
        return self.trend[-1]

    @property
    def done(self) -> bool:
        """The data reach the target year: nothing is left to project."""
        return self.last >= self.years[-1]

    @property
    def end(self) -> float | None:
        """The indicator in the target year: the data's where they reach it, else the trend's."""
        return self.data[-1] if self.done else self.trend_end

    @property
    def reaches(self) -> bool | None:
        """Whether the target value is reached by the target year (by the data, else by the trend)."""
        end = self.end
        if end is None:
            return None
        direction = tg.SHARES.get(self.evaluation.indicator_code, -1)
        return (end - self.pathway[-1]) * direction >= -1e-9


def pathway(code: str, value: float, base: float, base_year: int, target_year: int, year: int) -> float:
    """The indicator a target requires in ``year`` (module docstring)."""
    fraction = (year - base_year) / (target_year - base_year)
    if code in tg.SHARES:
        return base + (value - base) * fraction
    return base * (1.0 - value / 100.0) ** fraction


def fit_trend(years: list[int], values: list[float], ahead: list[int], log: bool) -> list[float] | None:
    """A least-squares line through (year, ln value) — or (year, value) — evaluated at ``ahead``."""
    if len(years) < 2 or (log and min(values) <= 0):
        return None
    x = np.asarray(years, dtype=float)
    y = np.log(values) if log else np.asarray(values, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    out = intercept + slope * np.asarray(ahead, dtype=float)
    return [float(v) for v in (np.exp(out) if log else out)]


def _scenario_path(code: str, last_value: float, last: int, years: list[int], s: Scenario) -> list[float | None] | None:
    if code in tg.SHARES:
        return None
    top = s.energy if "energy" in code else s.co2
    name = "energy" if "energy" in code else "co2"
    if top is None or s.gdp is None:
        return None
    out: list[float | None] = []
    value = last_value
    for y in years:
        if y < last:
            out.append(None)
        elif y == last:
            out.append(last_value)
        else:
            g, e = s.rate("gdp", y, last), s.rate(name, y, last)
            assert g is not None and e is not None
            value *= (1 + e) / (1 + g)
            out.append(value)
    return out


def trajectory(e: tg.Evaluation, indicator: Indicator, scenario: Scenario | None = None) -> Trajectory | None:
    """The trajectory of an evaluated target (None for one not evaluated); ``indicator`` gives its
    value in a year on a basis (statistics or store), None where the data do not."""
    if not e.status or e.value is None or e.base_value is None:
        return None
    source = e.basis.split(";")[0]
    years = list(range(e.base_year, e.target_year + 1))
    observed = [indicator(e.indicator_code, e.jurisdiction, y, source) if y <= e.year else None for y in years]
    observed[0] = e.base_value
    known = [(y, v) for y, v in zip(years, observed, strict=True) if v is not None]
    last, last_value = known[-1]
    ahead = [y for y in years if y >= last]
    fitted = (
        None
        if last >= e.target_year
        else fit_trend([y for y, _ in known], [v for _, v in known], ahead, log=e.indicator_code not in tg.SHARES)
    )
    before: list[float | None] = [None] * (len(years) - len(ahead))
    after: list[float | None] = list(fitted) if fitted is not None else [None] * len(ahead)
    trend = before + after
    if fitted is not None:
        trend[years.index(last)] = last_value  # the line starts where the data end
    path = [pathway(e.indicator_code, e.value, e.base_value, e.base_year, e.target_year, y) for y in years]
    extra = _scenario_path(e.indicator_code, last_value, last, years, scenario) if scenario and fitted else None
    return Trajectory(
        e, tuple(years), tuple(observed), tuple(path), tuple(trend), tuple(extra) if extra else None, last, scenario
    )


@dataclass(frozen=True)
class Peak:
    """Provincial CO2 (t) by year, its projection and the estimated peak year."""

    region: str
    years: tuple[int, ...]  # the first year of data to the end of the projection
    data: tuple[float | None, ...]
    trend: tuple[float | None, ...]
    scenario: tuple[float | None, ...] | None
    peak: int | None  # by the trend
    status: str  # peaked | ahead | none_in_sight | too_few
    scenario_peak: int | None = None
    scenario_status: str = ""
    given: Scenario | None = None


def peak(s: pd.DataFrame, region: str, year: int, scenario: Scenario | None = None, until: int = 2035) -> Peak | None:
    """The CO2 series of ``region`` in the statistics ``s`` up to ``year``, with its trend, scenario and
    peak year (module docstring)."""
    mine = s[(s["region"] == region) & (s["indicator"] == "co2_total") & (s["year"] <= year)]
    if mine.empty:
        return None
    known = {int(y): float(statistic(s, region, int(y), "co2_total") or 0.0) for y in sorted(mine["year"])}
    first, last = min(known), max(known)
    years = list(range(first, max(until, last) + 1))
    status, top = "too_few", None
    trend: list[float | None] = [None] * len(years)
    if len(known) >= 3:
        x = np.asarray(list(known), dtype=float)
        a, b, c = np.polyfit(x - last, np.asarray(list(known.values())), 2)
        trend = [float(a * (y - last) ** 2 + b * (y - last) + c) if y >= last else None for y in years]
        trend[years.index(last)] = known[last]
        if a >= 0:
            status = "none_in_sight"
        else:
            vertex = last - b / (2 * a)
            if vertex <= last:
                status, top = "peaked", max(known, key=lambda y: known[y])
            elif vertex <= HORIZON:
                status, top = "ahead", round(vertex)
            else:
                status = "none_in_sight"
    path: list[float | None] | None = None
    scenario_peak, scenario_status = None, ""
    if scenario is not None and scenario.co2 is not None:
        path, value = [], known[last]
        for y in years:
            if y < last:
                path.append(None)
                continue
            if y > last:
                rate = scenario.rate("co2", y, last)
                assert rate is not None
                if rate < 0 and scenario_peak is None:
                    scenario_peak = y - 1
                value *= 1 + rate
            path.append(value)
        scenario_status = "ahead" if scenario_peak is not None else "none_in_sight"
        if scenario_peak == last and scenario.co2[0] < 0:
            scenario_status = "peaked"
    return Peak(
        region,
        tuple(years),
        tuple(known.get(y) for y in years),
        tuple(trend),
        tuple(path) if path else None,
        top,
        status,
        scenario_peak,
        scenario_status,
        scenario,
    )
