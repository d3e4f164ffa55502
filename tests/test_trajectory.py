"""Trajectories of the plan targets and the peak of provincial CO2, worked by hand.

A −20 % energy-intensity target from 2020 to 2030, seen in 2025. Statistics: 100 万tce and 100 亿元
in 2020 (1 tce/万元), 95 and 105 in 2022 (0.904762), 90 and 110 in 2025 (0.818182). The pathway is
0.8^((y − 2020)/10); the trend a least-squares line through ln(intensity), computed below in plain
arithmetic; the scenario (GDP +5 %, energy +1 % a year) multiplies the 2025 value by 1.01/1.05 a year.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from accounting import Store
from accounting.cli import main
from accounting.errors import AccountingError
from accounting.planning.trajectory import Scenario, fit_trend, parse_scenario, pathway, peak, trajectory
from accounting.region import render_region
from accounting.region.data import figures, load
from accounting.region.report import build
from accounting.targets import Evaluation
from tests.test_region import store  # noqa: F401 (the fixture)


def _stats(rows: list[tuple[str, int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(region, "", y, indicator, value, "") for region, y, indicator, value in rows],
        columns=["region", "parent", "year", "indicator", "value", "source"],
    )


def _intensity(code: str, region: str, year: int, basis: str) -> float | None:
    """tce per 万元 in ``year`` from INTENSITY, as the statistics give it."""
    found = {k: v for r, y, k, v in INTENSITY if (r, y) == (region, year)}
    return found["energy_total"] / (found["gdp"] / 1e4) if found else None


INTENSITY = [
    ("省", y, indicator, value)
    for y, energy, gdp in ((2020, 1e6, 1e10), (2022, 0.95e6, 1.05e10), (2025, 0.9e6, 1.1e10))
    for indicator, value in (("energy_total", energy), ("gdp", gdp))
]


def _evaluation(**changes: Any) -> Evaluation:
    fields: dict[str, Any] = {
        "jurisdiction": "省",
        "indicator_code": "energy_intensity_gdp_reduction",
        "base_year": 2020,
        "target_year": 2030,
        "value": 20.0,
        "year": 2025,
        "base_value": 1.0,
        "current": 0.9 / 1.1,
        "status": "on_track",
        "basis": "statistics",
    }
    return Evaluation(**(fields | changes))


def _least_squares(xs: list[float], ys: list[float]) -> tuple[float, float]:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return slope, my - slope * mx


def test_pathway_by_hand() -> None:
    assert pathway("energy_intensity_gdp_reduction", 13.5, 1.0, 2020, 2025, 2023) == pytest.approx(0.865**0.6)
    assert pathway("energy_intensity_gdp_reduction", 13.5, 2.0, 2020, 2025, 2025) == pytest.approx(1.73)
    assert pathway("non_fossil_share_energy", 50.0, 40.0, 2020, 2025, 2023) == pytest.approx(46.0)


def test_trend_by_hand() -> None:
    # an exact 5 % fall a year stays a 5 % fall; a straight line stays straight
    assert fit_trend([2020, 2021, 2022], [100, 95, 90.25], [2025], log=True) == [pytest.approx(100 * 0.95**5)]
    assert fit_trend([2020, 2021], [10.0, 12.0], [2025], log=False) == [pytest.approx(20.0)]
    assert fit_trend([2020], [10.0], [2025], log=False) is None  # one year is no trend
    assert fit_trend([2020, 2021], [1.0, 0.0], [2025], log=True) is None  # no logarithm of zero


def test_a_trajectory_by_hand() -> None:
    t = trajectory(_evaluation(), _intensity, Scenario(gdp=(5.0, 5.0), energy=(1.0, 1.0)))
    assert t is not None
    assert t.years == tuple(range(2020, 2031)) and t.last == 2025 and not t.done
    assert t.data == (1.0, None, pytest.approx(0.95 / 1.05), None, None, pytest.approx(0.9 / 1.1), *(None,) * 5)
    assert t.pathway[-1] == pytest.approx(0.8) and t.pathway[5] == pytest.approx(0.8**0.5)
    slope, intercept = _least_squares([0.0, 2.0, 5.0], [0.0, math.log(0.95 / 1.05), math.log(0.9 / 1.1)])
    assert t.trend[:5] == (None,) * 5 and t.trend[5] == pytest.approx(0.9 / 1.1)  # the trend starts from the data
    assert t.trend[-1] == pytest.approx(math.exp(intercept + 10 * slope))  # 0.6677
    assert t.trend_end == pytest.approx(0.6677, abs=1e-4) and t.reaches is True  # under 0.8
    assert t.scenario is not None and t.scenario[:5] == (None,) * 5
    assert t.scenario[-1] == pytest.approx(0.9 / 1.1 * (1.01 / 1.05) ** 5)  # 0.673768
    # a 40 % reduction is beyond the trend
    far = trajectory(_evaluation(value=40.0), _intensity)
    assert far is not None and far.pathway[-1] == pytest.approx(0.6) and far.reaches is False
    # a target not evaluated has no trajectory
    assert trajectory(_evaluation(status="", reason="no_data"), _intensity) is None


def test_a_target_year_reached_is_judged_on_the_data() -> None:
    t = trajectory(_evaluation(target_year=2025, value=13.5), _intensity)
    assert t is not None and t.done and t.trend == (None,) * 6
    assert t.end == pytest.approx(0.9 / 1.1) and t.reaches is True  # 0.818 under 0.865
    assert t.scenario is None


def _co2(values: dict[int, float]) -> pd.DataFrame:
    return _stats([("省", y, "co2_total", v) for y, v in values.items()])


def test_the_peak_by_hand() -> None:
    # exactly −(y − 2026)² + 100: the vertex is 2026, after the data; in 2030 the trend is 84
    ahead = peak(_co2({2020: 64.0, 2022: 84.0, 2024: 96.0}), "省", 2024)
    assert ahead is not None and (ahead.status, ahead.peak) == ("ahead", 2026)
    assert ahead.trend[ahead.years.index(2030)] == pytest.approx(84.0)
    assert ahead.years == tuple(range(2020, 2036)) and ahead.data[:5] == (64.0, None, 84.0, None, 96.0)
    # 100, 110, 105: the parabola's vertex is 2022 1/3, before the last year: peaked, in 2022 (the highest year)
    peaked = peak(_co2({2020: 100.0, 2022: 110.0, 2024: 105.0}), "省", 2024)
    assert peaked is not None and (peaked.status, peaked.peak) == ("peaked", 2022)
    upward = peak(_co2({2020: 100.0, 2022: 90.0, 2024: 95.0}), "省", 2024)
    assert upward is not None and (upward.status, upward.peak) == ("none_in_sight", None)
    few = peak(_co2({2020: 100.0, 2024: 95.0}), "省", 2024)
    assert few is not None and few.status == "too_few" and set(few.trend) == {None}
    assert peak(_co2({2020: 100.0}), "别省", 2024) is None


def test_the_peak_under_a_scenario_by_hand() -> None:
    """co2=2:-1 from 2024: the rate moves from 2 % (2025) to −1 % (2035), 0.3 points a year: 0.2 % in
    2031, −0.1 % in 2032, so the peak is 2031."""
    p = peak(_co2({2020: 64.0, 2022: 84.0, 2024: 96.0}), "省", 2024, Scenario(co2=(2.0, -1.0)))
    assert p is not None and p.scenario is not None and (p.scenario_peak, p.scenario_status) == (2031, "ahead")
    assert p.scenario[p.years.index(2025)] == pytest.approx(96.0 * 1.02)
    assert p.scenario[p.years.index(2026)] == pytest.approx(96.0 * 1.02 * 1.017)
    flat = peak(_co2({2020: 64.0, 2022: 84.0, 2024: 96.0}), "省", 2024, Scenario(co2=(1.0, 1.0)))
    assert flat is not None and (flat.scenario_peak, flat.scenario_status) == (None, "none_in_sight")


def test_a_scenario_is_read_or_refused() -> None:
    assert parse_scenario("gdp=5.5, energy=2,CO2=2:-1") == Scenario(gdp=(5.5, 5.5), energy=(2.0, 2.0), co2=(2.0, -1.0))
    for bad in ("gdp", "wind=3", "gdp=abc", "gdp=1:2:3", "gdp=150", "gdp=nan"):
        with pytest.raises(AccountingError, match="情景"):
            parse_scenario(bad)


def test_the_regional_report_shows_each_trajectory(store: Store, tmp_path: Path) -> None:  # noqa: F811
    _, summary = render_region(store, 2025, None, province="青海省")
    [path] = summary["trajectories"]
    assert path["years"] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert path["data"] == [1.0, None, None, None, None, pytest.approx(0.818182, abs=1e-6)]
    assert path["pathway"][-1] == pytest.approx(0.865) and path["reaches"] is True
    assert summary["peak"] is None  # the statistics give no CO2
    doc = build(figures(load(store, 2025, "青海省")), "en")
    section = doc.section("path-1")
    assert section.title == "Path: Energy per unit of GDP, reduction" and section.chart is not None
    assert section.chart.line and [name for name, _ in section.chart.series] == ["Data", "Pathway"]
    assert "The data reach the target year: 0.818 in 2025, the target is reached." in section.paragraphs[0]
    result = CliRunner().invoke(
        main, ["report", "region", "--db", store.db, "--year", "2025", "--scenario", "gdp=x", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "情景「gdp=x」的增速不是数字" in result.output


def test_the_regional_figures_carry_the_peak_and_the_scenario(store: Store) -> None:  # noqa: F811
    """The province's CO2 in the statistics, exactly −(y − 2027)² + 100 (64, 84, 96 in 2021, 2023, 2025):
    the regional figures' peak is ahead, in 2027; the scenario given (CO2 +2 % a year at first) runs from
    2025's 96 (96 × 1.02 in 2026) and reaches the target's trajectory too."""
    data = load(store, 2025, "青海省")
    co2 = _stats([("青海省", y, "co2_total", v) for y, v in ((2021, 64.0), (2023, 84.0), (2025, 96.0))])
    data = dataclasses.replace(data, statistics=pd.concat([data.statistics, co2], ignore_index=True))
    scenario = Scenario(gdp=(5.0, 5.0), energy=(1.0, 1.0), co2=(2.0, -1.0))
    f = figures(data, scenario)
    assert f.peak is not None and (f.peak.status, f.peak.peak) == ("ahead", 2027)
    assert f.peak.years[0] == 2021 and f.peak.data[:5] == (64.0, None, 84.0, None, 96.0)
    assert f.peak.scenario is not None and f.peak.scenario[f.peak.years.index(2026)] == pytest.approx(96.0 * 1.02)
    [path] = f.trajectories
    assert path.given == scenario
    assert figures(data).peak.scenario is None  # no scenario given, none projected
