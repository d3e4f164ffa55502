"""Net purchased electricity and heat, steam, and their energy (DESIGN 4).

Grid factors (factors/grid-mee, grid-ets): 青海 2021 0.1326, 2022 0.1567, 2023 0.1796 tCO2/MWh;
national residual (表4) 2023 0.6096; national reporting factor 0.5810 for 2021 data.
Heat 0.11 tCO2/GJ; steam heat = t × (h − 83.74 kJ/kg) / 1000; 当量值 0.1229 kgce/kWh and
0.03412 kgce/MJ (GB/T 2589-2020).
"""

import pytest

from accounting import InvalidSubmission
from accounting.calc import Options
from tests.conftest import energy_row

REL = 1e-9


def test_net_purchased_electricity_provincial_latest_year(compute) -> None:
    # 2025 report: latest published data year not after 2025 is 2023 → 青海 0.1796
    r = compute(energy=[energy_row("购入电力", 1000, "MWh"), energy_row("输出电力", 200, "MWh")])
    assert r.by_category["net_purchased_electricity"] == pytest.approx((1000 - 200) * 0.1796, rel=REL)
    assert r.energy["mwh_net"] == pytest.approx(800)


def test_factor_year_can_be_pinned(compute) -> None:
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")], options=Options(factor_year=2021))
    assert r.tco2 == pytest.approx(1000 * 0.1326, rel=REL)


def test_report_year_picks_the_data_year(compute) -> None:
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2022})
    assert r.tco2 == pytest.approx(1000 * 0.1567, rel=REL)


def test_national_carbon_market_factor_by_reporting_year(compute) -> None:
    r = compute(energy=[energy_row("购入电力", 50, "万千瓦时")], info={"year": 2021}, method="cn-ets")
    assert r.tco2 == pytest.approx(500 * 0.5810, rel=REL)


def test_green_electricity_both_ways(compute) -> None:
    r = compute(energy=[energy_row("购入电力", 1000, "MWh"), energy_row("购入绿电", 400, "MWh")])
    assert r.scope2["location_based"] == pytest.approx(1400 * 0.1796, rel=REL)
    assert r.scope2["market_based"] == pytest.approx(1000 * 0.6096, rel=REL)   # green at zero
    assert r.by_category["net_purchased_electricity"] == pytest.approx(1400 * 0.1796, rel=REL)


def test_no_factor_for_a_province_is_an_error(compute) -> None:
    # 西藏 is absent from the MEE/NBS provincial table
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购入电力", 1, "MWh")], info={"province": "西藏自治区"})
    assert [i.code for i in info.value.report.errors] == ["factor-missing"]


def test_heat_in_gj_and_in_million_kilojoules(compute) -> None:
    r = compute(energy=[energy_row("购入热力", 500, "GJ"), energy_row("购入热力", 300, "百万千焦", month=2),
                        energy_row("输出热力", 100, "GJ", month=3)])
    assert r.by_category["net_purchased_heat"] == pytest.approx((500 + 300 - 100) * 0.11, rel=REL)
    assert r.energy["tce_heat"] == pytest.approx(700 * 0.03412, rel=REL)


def test_saturated_steam(compute) -> None:
    # GB/T 32151.34 表C.4: 1.00 MPa → 2777.0 kJ/kg
    r = compute(energy=[energy_row("购入热力", 1000, "吨", steam_pressure=1.0)])
    assert r.by_category["net_purchased_heat"] == pytest.approx(1000 * (2777.0 - 83.74) / 1000 * 0.11, rel=REL)


def test_superheated_steam_interpolated(compute) -> None:
    # 表C.5 at 1 MPa: 240 ℃ 2920.5, 260 ℃ 2964.8 → 250 ℃ halfway, 2942.65 kJ/kg
    r = compute(energy=[energy_row("购入热力", 200, "t", steam_pressure=1.0, steam_temperature=250)])
    assert r.energy["gj_heat_net"] == pytest.approx(200 * (2942.65 - 83.74) / 1000, rel=REL)


def test_steam_problems_are_located(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购入热力", 10, "t"),                                   # no pressure
                        energy_row("购入热力", 10, "t", 2, steam_pressure=1.0, steam_temperature=170),  # liquid/vapour
                        energy_row("购入电力", 10, "t", 3)])                               # electricity in tonnes
    found = {(i.cell, i.code) for i in info.value.report.errors}
    assert found == {("E2", "steam-pressure-missing"), ("F3", "steam-state-ambiguous"), ("D4", "unit-mismatch")}


def test_electricity_energy_calorific_and_equivalent(compute) -> None:
    rows = [energy_row("购入电力", 1000, "MWh")]
    assert compute(energy=rows).energy["tce"] == pytest.approx(1000 * 1000 * 0.1229 / 1000, rel=REL)
    equivalent = Options(electricity_basis="equivalent", coal_rate="300 gce/kWh")
    r = compute(energy=rows, options=equivalent)
    assert r.energy["tce"] == pytest.approx(1000 * 1000 * 300 / 1e6, rel=REL)
    assert "等价值" in r.energy["electricity_basis"]
