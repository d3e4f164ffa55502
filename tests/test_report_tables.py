"""The sums the enterprise report shows (accounting/report/tables.py), each against a hand calculation.

One submission of 其他 (青海, 2025; method provincial): fuel-2015 烟煤 NCV 19.570 GJ/t, CC 0.0261
tC/GJ, OF 93 %, 0.7143 tce/t (GB/T 2589 原煤); grid 青海 2023 0.1796 tCO2/MWh, national residual
0.6096; heat 0.11 tCO2/GJ; 当量值 0.1229 tce/MWh and 0.03412 tce/GJ; carbonates CaCO3 0.4397,
MgCO3 0.522, CaMg(CO3)2 0.4773 tCO2/t.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from accounting import Result
from accounting.report import tables as T
from tests.conftest import energy_row, fuel_row

C = 44 / 12
NCV, CC, OF, TCE = 19.570, 0.0261, 0.93, 0.7143
GRID, RESIDUAL, HEAT = 0.1796, 0.6096, 0.11

# 锅炉: 100 t at a measured 20 GJ/t in January, 50 t at the default in February;
# 窑炉: 20 t whose carbon is given as a mass fraction (60 %), January
BOILER_HEAT = 100 * 20 + 50 * NCV
BOILER_JAN = 100 * 20 * CC * OF * C
BOILER_FEB = 50 * NCV * CC * OF * C
KILN = 20 * 0.60 * OF * C
ELECTRICITY = (1000 - 200) * GRID  # January: 1 000 MWh bought, 200 MWh sold
HEAT_FEB = 500 * HEAT
LIMESTONE_JAN, LIMESTONE_FEB, MAGNESITE_JAN = 200 * 0.4397, 100 * 0.4397, 100 * 0.522
DOLOMITE_MAR = 1 * 0.4773  # CaMg(CO3)2: one tonne, so that a factor over an activity of 1 shows


@pytest.fixture
def result(compute: Callable[..., Result]) -> Result:
    return compute(
        fuel=[
            fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"),
            fuel_row("烟煤", 50, "t", 2),
            fuel_row("烟煤", 20, "t", 1, source="窑炉", carbon_fraction=60),
        ],
        energy=[
            energy_row("购入电力", 1000, "MWh", 1),
            energy_row("输出电力", 200, "MWh", 1),
            energy_row("购入热力", 500, "GJ", 2),
        ],
        process=[  # 菱镁矿 first: the summary keeps the order of the sheet, not an alphabetical one
            ("碳酸盐使用", "菱镁矿", 1, 100, "t"),
            ("碳酸盐使用", "石灰石", 1, 200, "t"),
            ("碳酸盐使用", "石灰石", 2, 100, "t"),
            ("碳酸盐使用", "白云石", 3, 1, "t"),
        ],
    )


def test_fuel_summary_per_facility_and_fuel(result: Result) -> None:
    f = T.fuel_summary(result)
    assert f[["source", "fuel"]].values.tolist() == [["锅炉", "烟煤"], ["窑炉", "烟煤"]]
    boiler, kiln = f.iloc[0], f.iloc[1]
    assert boiler.activity == pytest.approx(150) and boiler.lines == 2
    assert boiler.heat_gj == pytest.approx(BOILER_HEAT)
    assert boiler.ncv == pytest.approx(BOILER_HEAT / 150)  # Σheat / Σactivity
    assert boiler.cc == pytest.approx(CC) and boiler.of == pytest.approx(OF)
    assert boiler.tco2 == pytest.approx(BOILER_JAN + BOILER_FEB)
    assert boiler.tce == pytest.approx(100 * 20 / 29.307 + 50 * TCE)  # measured NCV wins over the coefficient
    assert (boiler.ncv_basis, boiler.cc_basis, boiler.of_basis) == ("partly:1/2", "default", "default")
    assert kiln.activity == pytest.approx(20) and kiln.tco2 == pytest.approx(KILN)
    assert np.isnan(kiln.cc) and kiln.cc_basis == "fraction" and kiln.ncv_basis == "default"


def test_energy_summary_per_type_in_order(result: Result) -> None:
    e = T.energy_summary(result)
    assert e.type.tolist() == ["purchased_electricity", "exported_electricity", "purchased_heat"]
    bought, sold, heat = e.iloc[0], e.iloc[1], e.iloc[2]
    assert (bought.amount, sold.amount, heat.amount) == pytest.approx((1000, 200, 500))
    assert (bought.factor, sold.factor, heat.factor) == pytest.approx((GRID, GRID, HEAT))
    assert bought.tco2 == pytest.approx(1000 * GRID) and sold.tco2 == pytest.approx(-200 * GRID)
    assert heat.tco2 == pytest.approx(HEAT_FEB)
    assert bought.tco2_market == pytest.approx(1000 * RESIDUAL)
    assert (bought.tce, heat.tce) == pytest.approx((1000 * 0.1229, 500 * 0.03412))
    assert bool(bought.electricity) and not bool(heat.electricity)


def test_process_summary_per_term_over_the_months(result: Result) -> None:
    p = T.process_summary(result)
    assert p.item.tolist() == ["菱镁矿", "石灰石", "白云石"]
    magnesite, limestone, dolomite = p.iloc[0], p.iloc[1], p.iloc[2]
    assert limestone.activity == pytest.approx(300) and limestone.factor == pytest.approx(0.4397)
    assert limestone.t_gas == pytest.approx(LIMESTONE_JAN + LIMESTONE_FEB) == limestone.tco2e
    assert magnesite.activity == pytest.approx(100) and magnesite.factor == pytest.approx(0.522)
    assert magnesite.tco2e == pytest.approx(MAGNESITE_JAN) and magnesite.gas == "CO2"
    assert dolomite.activity == pytest.approx(1) and dolomite.factor == pytest.approx(0.4773)
    # a line per item and month; purity and calcination fraction not given, so taken as 100 %
    assert T.process_basis_counts(result) == {"纯度未填按100%，煅烧比例未填按100%": 4}


def test_process_summary_keeps_a_term_whose_key_is_blank(result: Result) -> None:
    """A term without a formula text (NaN) is still a row of the summary, not dropped by the grouping."""
    lines = result.process_lines.copy()
    lines.loc[lines.item == "白云石", "formula"] = np.nan
    p = T.process_summary(dataclasses.replace(result, process_lines=lines))
    assert p.item.tolist() == ["菱镁矿", "石灰石", "白云石"]
    assert p.iloc[2].tco2e == pytest.approx(DOLOMITE_MAR)


def test_monthly_by_category(result: Result) -> None:
    m = T.monthly(result)
    assert m.index.tolist() == [*range(1, 13), 0]
    assert m.loc[1, "fuel_combustion"] == pytest.approx(BOILER_JAN + KILN)
    assert m.loc[2, "fuel_combustion"] == pytest.approx(BOILER_FEB)
    assert m.loc[1, "net_purchased_electricity"] == pytest.approx(ELECTRICITY)
    assert m.loc[2, "net_purchased_heat"] == pytest.approx(HEAT_FEB)
    assert m.loc[1, "process"] == pytest.approx(LIMESTONE_JAN + MAGNESITE_JAN)
    assert m.loc[2, "process"] == pytest.approx(LIMESTONE_FEB)
    assert m.loc[3, "process"] == pytest.approx(DOLOMITE_MAR) == m.loc[3, "total"]
    assert m.loc[1, "total"] == pytest.approx(BOILER_JAN + KILN + ELECTRICITY + LIMESTONE_JAN + MAGNESITE_JAN)
    assert m.loc[2, "total"] == pytest.approx(BOILER_FEB + HEAT_FEB + LIMESTONE_FEB)
    assert m.loc[[*range(4, 13), 0]].to_numpy().sum() == 0
    assert m["total"].sum() == pytest.approx(result.tco2e)


def test_energy_summary_of_a_type_with_two_factors_shows_the_effective_one(result: Result) -> None:
    """Should one type carry two factors (no method does today), the summary shows Σt ÷ Σamount, signed
    for what is sold; and a market-based figure absent on one line is absent for the type, not a part sum."""
    e = result.energy_lines.copy()
    extra = e[e.type == "exported_electricity"].assign(mwh=300.0, factor=0.5, tco2=-150.0, tco2_market=np.nan)
    warm = e[e.type == "purchased_heat"].assign(heat_gj=100.0, factor=0.2, tco2=20.0)
    e = pd.concat([e, extra, warm], ignore_index=True)
    s = T.energy_summary(dataclasses.replace(result, energy_lines=e)).set_index("type")
    sold = s.loc["exported_electricity"]
    assert sold.amount == pytest.approx(500)
    assert sold.factor == pytest.approx((200 * GRID + 150) / 500)  # (−35.92 − 150) ÷ (−500)
    assert np.isnan(sold.tco2_market)
    assert s.loc["purchased_electricity"].factor == pytest.approx(GRID)
    assert s.loc["purchased_heat"].factor == pytest.approx((500 * HEAT + 100 * 0.2) / 600)


def test_a_group_measured_throughout_is_measured(compute: Callable[..., Result]) -> None:
    # one tonne: an activity of exactly 1 still divides
    r = compute(fuel=[fuel_row("烟煤", 1, "t", 1, ncv=20, ncv_unit="GJ/t", carbon_per_heat=0.025, oxidation=95)])
    f = T.fuel_summary(r).iloc[0]
    assert (f.ncv_basis, f.cc_basis, f.of_basis) == ("measured", "measured", "measured")
    assert (f.ncv, f.cc, f.of) == pytest.approx((20, 0.025, 0.95))
    assert T.parameter_counts(r) == [("ncv", 1, 0), ("cc", 1, 0), ("of", 1, 0)]


def test_parameter_counts_measured_and_default(result: Result) -> None:
    # NCV and CC over the lines computed from heat (the fraction line has neither); OF over all three
    assert T.parameter_counts(result) == [("ncv", 1, 1), ("cc", 0, 2), ("of", 0, 3), ("fraction", 1, 0)]


def test_energy_type_names_in_both_languages() -> None:
    assert T.energy_type_name("purchased_electricity", "zh") == "购入电力"
    assert T.energy_type_name("purchased_electricity", "en").startswith("Purchased")
    assert T.energy_type_name("unknown", "zh") == "unknown"
