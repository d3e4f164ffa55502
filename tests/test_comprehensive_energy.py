"""Comprehensive energy in tce (GB/T 2589-2020): measured NCV wins over the coefficient.

1 kgce = 29 307 kJ; reference coefficients 原煤 0.7143 kgce/kg, 柴油 1.4571 kgce/kg,
电力 (当量值) 0.1229 kgce/kWh, 热力 0.03412 kgce/MJ.
"""

import pytest

from tests.conftest import energy_row, fuel_row

REL = 1e-9


def test_coal_without_measured_ncv_takes_the_raw_coal_coefficient(compute) -> None:
    r = compute(fuel=[fuel_row("烟煤", 100, "t")])
    assert r.energy.tce == pytest.approx(100 * 1000 * 0.7143 / 1000, rel=REL)
    assert r.fuel_lines.tce_basis.iloc[0] == "原煤"


def test_each_fuel_takes_its_own_coefficient_and_names_it(compute) -> None:
    """洗精煤 0.9 kgce/kg, 柴油 1.4571 kgce/kg: each line names the coefficient it took (the fuel after
    each in the fuel set, 其他洗煤 and 一般煤油, has none or another one)."""
    r = compute(fuel=[fuel_row("洗精煤", 100, "t"), fuel_row("柴油", 10, "t", month=2)])
    assert list(r.fuel_lines.tce_basis) == ["洗精煤", "柴油"]
    assert list(r.fuel_lines.tce) == pytest.approx([100 * 0.9, 10 * 1.4571], rel=REL)


def test_measured_ncv_wins(compute) -> None:
    r = compute(fuel=[fuel_row("烟煤", 100, "t", ncv=5000, ncv_unit="kcal/kg")])
    # 5 000 kcal/kg × 4.1868 kJ/kcal = 20 934 kJ/kg; 100 t → 2 093.4 GJ ÷ 29.307 GJ/tce
    assert r.energy.tce == pytest.approx(100 * 5000 * 4.1868 / 1000 / 29.307, rel=REL)
    assert r.fuel_lines.tce_basis.iloc[0] == "实测低位发热量"


def test_fuel_without_a_coefficient_uses_its_default_ncv(compute) -> None:
    # 石油焦 has no GB/T 2589 reference coefficient: 32.5 GJ/t from the guideline table
    r = compute(fuel=[fuel_row("石油焦", 10, "t")])
    assert r.energy.tce == pytest.approx(10 * 32.5 / 29.307, rel=REL)
    assert r.fuel_lines.tce_basis.iloc[0] == "缺省低位发热量"


def test_net_energy_deducts_exports(compute) -> None:
    r = compute(
        fuel=[fuel_row("柴油", 2, "t")],
        energy=[
            energy_row("购入电力", 100, "万千瓦时"),
            energy_row("输出电力", 50, "MWh"),
            energy_row("购入热力", 1000, "GJ"),
            energy_row("输出热力", 200, "GJ"),
        ],
    )
    expected = 2 * 1.4571 + (1000 - 50) * 0.1229 + (1000 - 200) * 1000 * 0.03412 / 1000
    assert r.energy.tce == pytest.approx(expected, rel=REL)
    assert r.energy.electricity_basis == "当量值"


def test_intensity_per_product_and_per_value_added(compute) -> None:
    r = compute(
        fuel=[fuel_row("柴油", 10, "t")],
        production=[("产品A", 1, 400, "t"), ("产品A", 2, 0.01, "万吨")],
        economics=[("工业增加值", 2, "亿元")],
    )
    tco2 = 10 * 42.652 * 0.0202 * 0.98 * 44 / 12
    values = {i.name: i.value for i in r.intensity}
    assert values["tCO2e/t 产品A"] == pytest.approx(tco2 / 500, rel=REL)  # 400 t + 0.01 万吨
    assert values["tCO2e/万元 工业增加值"] == pytest.approx(tco2 / 20_000, rel=REL)  # 2 亿元 = 20 000 万元


def test_value_intensities_only_for_money_with_a_value(compute) -> None:
    # headcount is not money; a revenue of 0 has no intensity
    r = compute(
        fuel=[fuel_row("柴油", 10, "t")],
        economics=[("工业增加值", 5000, "万元"), ("从业人员", 120, "人"), ("营业收入", 0, "万元")],
    )
    tco2 = 10 * 42.652 * 0.0202 * 0.98 * 44 / 12
    assert [(i.name, i.product, i.value) for i in r.intensity] == [
        ("tCO2e/万元 工业增加值", "工业增加值", pytest.approx(tco2 / 5000, rel=REL))
    ]


def test_the_energy_record_part_by_part(compute) -> None:
    """烟煤 100 t burnt (71.43 tce) and 50 t as feedstock (35.715 tce, apart), 柴油 2 t (2.9142 tce),
    1 000 MWh bought and 50 exported (950 × 0.1229 = 116.755 tce), 1 000 GJ of heat bought and 200 exported
    (800 GJ × 0.03412 = 27.296 tce). No heat or electricity: the basis is still named (当量值)."""
    from tests.conftest import FUEL

    feedstock = list(fuel_row("烟煤", 50, "t"))
    feedstock[FUEL.index("use")] = "原料"
    r = compute(
        fuel=[fuel_row("烟煤", 100, "t"), tuple(feedstock), fuel_row("柴油", 2, "t")],
        energy=[
            energy_row("购入电力", 1000, "MWh"),
            energy_row("输出电力", 50, "MWh"),
            energy_row("购入热力", 1000, "GJ"),
            energy_row("输出热力", 200, "GJ"),
        ],
    )
    e = r.energy
    parts = (e.tce_fuel, e.tce_feedstock, e.tce_electricity, e.tce_heat, e.mwh_net, e.gj_heat_net)
    assert parts == pytest.approx((71.43 + 2.9142, 35.715, 116.755, 27.296, 950, 800), rel=REL)
    assert e.tce == pytest.approx(71.43 + 2.9142 + 35.715 + 116.755 + 27.296, rel=REL)
    assert (r.annual_only, r.enterprise.name, r.enterprise.city) == (0.0, "测试企业", "西宁市")
    only_fuel = compute(fuel=[fuel_row("烟煤", 100, "t")])
    assert (only_fuel.energy.electricity_basis, only_fuel.energy.tce_electricity) == ("当量值", 0.0)
    cited = {c.source_id for c in r.citations}
    assert sorted(r.sources) == sorted(cited) and r.sources["GBT-2589-2020"]["title"].startswith("GB/T 2589-2020")
