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
    # 2025 report: no 2025 factor is published; the nearest earlier data year is 2023 → 青海 0.1796,
    # with a warning naming both years (and the same for the market-based national residual factor)
    r = compute(energy=[energy_row("购入电力", 1000, "MWh"), energy_row("输出电力", 200, "MWh")])
    assert r.by_category.net_purchased_electricity == pytest.approx((1000 - 200) * 0.1796, rel=REL)
    assert r.energy.mwh_net == pytest.approx(800)
    substituted = [i.message() for i in r.issues if i.code == "factor-year-substituted"]
    assert len(substituted) == 2
    assert any("青海" in m and "2025" in m and "2023" in m and "0.1796" in m for m in substituted)


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
    assert r.scope2.location_based == pytest.approx(1400 * 0.1796, rel=REL)
    assert r.scope2.market_based == pytest.approx(1000 * 0.6096, rel=REL)  # green at zero
    assert r.by_category.net_purchased_electricity == pytest.approx(1400 * 0.1796, rel=REL)


def test_a_2020_submission_takes_the_nearest_later_factor(compute) -> None:
    # the base year of most plan targets: no factor before 2021 is bundled, so 2021's 0.1326 (青海)
    # and 2021's national residual 0.5942, each with a warning naming 2020 and 2021
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2020})
    assert r.year == 2020 and r.tco2 == pytest.approx(1000 * 0.1326, rel=REL)
    assert r.scope2.market_based == pytest.approx(1000 * 0.5942, rel=REL)
    substituted = [i.message() for i in r.issues if i.code == "factor-year-substituted"]
    assert len(substituted) == 2 and all("2020" in m and "2021" in m for m in substituted)


def test_the_national_market_factor_of_a_later_year_is_the_2022_one_with_a_warning(compute) -> None:
    # 0.5703 is known as the 2022 factor; for 2024 data no notice was found: nearest earlier, said so
    r = compute(energy=[energy_row("购入电力", 100, "MWh")], info={"year": 2024}, method="cn-ets")
    assert r.tco2 == pytest.approx(100 * 0.5703, rel=REL)
    assert next(i.expected for i in r.issues if i.code == "factor-year-substituted").startswith("2022 年度的 0.5703")
    exact = compute(energy=[energy_row("购入电力", 100, "MWh")], info={"year": 2022}, method="cn-ets")
    assert "factor-year-substituted" not in {i.code for i in exact.issues}


def test_regional_grid_factor_by_province_and_city(compute) -> None:
    # 青海 is in 西北: 2023 0.5543 tCO2/MWh; 内蒙古 splits by city: 包头 (蒙西) 华北 0.6361, 赤峰 (蒙东) 东北 0.5122
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2023}, method="regional")
    assert r.tco2 == pytest.approx(1000 * 0.5543, rel=REL)
    assert "西北 电网排放因子（2023）" in [c.name for c in r.citations if c.factor_set == "grid-mee"]
    west = compute(
        energy=[energy_row("购入电力", 1000, "MWh")],
        method="regional",
        info={"year": 2023, "province": "内蒙古自治区", "city": "包头市"},
    )
    east = compute(
        energy=[energy_row("购入电力", 1000, "MWh")],
        method="regional",
        info={"year": 2023, "province": "内蒙古自治区", "city": "赤峰市"},
    )
    assert (west.tco2, east.tco2) == (pytest.approx(636.1, rel=REL), pytest.approx(512.2, rel=REL))
    with pytest.raises(InvalidSubmission) as info:  # 内蒙古 without a city: its grid cannot be told
        compute(
            energy=[energy_row("购入电力", 1, "MWh")],
            method="regional",
            info={"year": 2023, "province": "内蒙古自治区", "city": None},
        )
    assert [i.code for i in info.value.report.errors] == ["factor-missing"]


def test_a_missing_market_factor_leaves_the_market_figure_out(workbook, tmp_path) -> None:
    import shutil

    from accounting import calculate, load_library, read_submission
    from accounting.factors import default_root, read_table

    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    values = read_table(root / "grid-mee" / "values.csv")
    values[values.variant != "residual"].to_csv(root / "grid-mee" / "values.csv", index=False)
    library = load_library(root=root)
    path = workbook(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2023})
    r = calculate(read_submission(path), library=library)
    assert r.tco2 == pytest.approx(1000 * 0.1796, rel=REL)  # the location-based figure stands
    assert r.scope2.market_based is None
    assert "market-factor-missing" in {i.code for i in r.issues}
    assert '"market_based": null' in r.to_json()


def test_no_factor_for_a_province_is_an_error(compute) -> None:
    # 西藏 is absent from the MEE/NBS provincial table
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购入电力", 1, "MWh")], info={"province": "西藏自治区"})
    assert [i.code for i in info.value.report.errors] == ["factor-missing"]


def test_heat_in_gj_and_in_million_kilojoules(compute) -> None:
    r = compute(
        energy=[
            energy_row("购入热力", 500, "GJ"),
            energy_row("购入热力", 300, "百万千焦", month=2),
            energy_row("输出热力", 100, "GJ", month=3),
        ]
    )
    assert r.by_category.net_purchased_heat == pytest.approx((500 + 300 - 100) * 0.11, rel=REL)
    assert r.energy.tce_heat == pytest.approx(700 * 0.03412, rel=REL)


def test_saturated_steam(compute) -> None:
    # GB/T 32151.34 表C.4: 1.00 MPa → 2777.0 kJ/kg
    r = compute(energy=[energy_row("购入热力", 1000, "吨", steam_pressure=1.0)])
    assert r.by_category.net_purchased_heat == pytest.approx(1000 * (2777.0 - 83.74) / 1000 * 0.11, rel=REL)


def test_superheated_steam_interpolated(compute) -> None:
    # 表C.5 at 1 MPa: 240 ℃ 2920.5, 260 ℃ 2964.8 → 250 ℃ halfway, 2942.65 kJ/kg
    r = compute(energy=[energy_row("购入热力", 200, "t", steam_pressure=1.0, steam_temperature=250)])
    assert r.energy.gj_heat_net == pytest.approx(200 * (2942.65 - 83.74) / 1000, rel=REL)


def test_steam_problems_are_located(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(
            energy=[
                energy_row("购入热力", 10, "t"),  # no pressure
                energy_row("购入热力", 10, "t", 2, steam_pressure=1.0, steam_temperature=170),  # liquid/vapour
                energy_row("购入电力", 10, "t", 3),
            ]
        )  # electricity in tonnes
    found = {(i.cell, i.code) for i in info.value.report.errors}
    assert found == {("E2", "steam-pressure-missing"), ("F3", "steam-state-ambiguous"), ("D4", "unit-mismatch")}


def test_electricity_energy_calorific_and_equivalent(compute) -> None:
    rows = [energy_row("购入电力", 1000, "MWh")]
    assert compute(energy=rows).energy.tce == pytest.approx(1000 * 1000 * 0.1229 / 1000, rel=REL)
    equivalent = Options(electricity_basis="equivalent", coal_rate="300 gce/kWh")
    r = compute(energy=rows, options=equivalent)
    assert r.energy.tce == pytest.approx(1000 * 1000 * 300 / 1e6, rel=REL)
    assert "等价值" in r.energy.electricity_basis


def test_steam_colder_than_boiling_is_impossible(compute) -> None:
    # 1.0 MPa boils at 179.9 ℃: at 150 ℃ the table holds compressed water, not steam
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购入热力", 10, "t", steam_pressure=1.0, steam_temperature=150)])
    assert {(i.cell, i.code) for i in info.value.report.errors} == {("F2", "parameter-impossible")}
    (issue,) = info.value.report.errors
    assert issue.expected == (
        "该温度低于此压力下的饱和温度，是水而不是蒸汽；请核对压力（MPa，绝对压力）与温度，饱和蒸汽请将温度留空"
    )


def test_steam_between_rows_and_columns_of_the_table_is_interpolated_both_ways(compute) -> None:
    # 表C.5: 1.0 MPa 240 ℃ 2920.5, 260 ℃ 2964.8; 3.0 MPa 240 ℃ 2823.0, 260 ℃ 2885.5 (kJ/kg).
    # At 1.5 MPa, 245 ℃: wp = 0.5/2.0 = 0.25, wt = 5/20 = 0.25;
    #   at 1.0 MPa 2920.5 + 0.25 × 44.3 = 2931.575; at 3.0 MPa 2823.0 + 0.25 × 62.5 = 2838.625;
    #   h = 2931.575 + 0.25 × (2838.625 − 2931.575) = 2908.3375.
    # 表C.4 saturated: 1.2 MPa 2783.4, 1.3 MPa 2786.0 → 1.25 MPa 2784.7.
    r = compute(
        energy=[
            energy_row("购入热力", 100, "t", 1, steam_pressure=1.5, steam_temperature=245),
            energy_row("购入热力", 50, "t", 2, steam_pressure=1.25),
            energy_row("购入热力", 10, "GJ", 3),
        ]
    )
    superheated = 100 * (2908.3375 - 83.74) / 1000  # 282.45975 GJ
    saturated = 50 * (2784.7 - 83.74) / 1000  # 135.048 GJ
    assert r.energy.gj_heat_net == pytest.approx(superheated + saturated + 10, rel=REL)
    assert r.by_category.net_purchased_heat == pytest.approx((superheated + saturated + 10) * 0.11, rel=REL)
    cited = {c.key: c.value for c in r.citations if c.unit == "kJ/kg" and "MPa" in c.key}
    assert cited == {
        "1.5 MPa 245 ℃": pytest.approx(2908.3375, abs=1e-9),
        "1.25 MPa饱和": pytest.approx(2784.7, abs=1e-9),
    }


@pytest.mark.parametrize(
    ("pressure", "temperature", "cell", "code"),
    [
        (40.0, 500, "F2", "steam-out-of-table"),  # the table ends at 30 MPa: the state, named at the temperature
        (1.0, 700, "F2", "steam-out-of-table"),  # and at 600 ℃
        (0.0005, float("nan"), "E2", "steam-out-of-table"),  # saturated: from 0.001 MPa
        (0.0, float("nan"), "E2", "value-not-positive"),
        (-1.0, 250, "E2", "value-not-positive"),
    ],
)
def test_a_steam_state_off_the_tables_is_flagged_at_its_cell(compute, pressure, temperature, cell, code) -> None:
    state = {"steam_pressure": pressure} | ({} if temperature != temperature else {"steam_temperature": temperature})
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购入热力", 10, "t", **state)])
    assert {(i.cell, i.code) for i in info.value.report.errors} == {(cell, code)}


def test_steam_at_the_edges_of_the_tables(compute) -> None:
    # 表C.5's last row and column: 30 MPa 580 ℃ 3379.8, 600 ℃ 3444.2; 表C.4's first and last rows:
    # 0.001 MPa 2513.8, 22.0 MPa 2192.5 (kJ/kg). The edges belong to the tables.
    r = compute(
        energy=[
            energy_row("购入热力", 10, "t", 1, steam_pressure=30.0, steam_temperature=600),
            energy_row("购入热力", 10, "t", 2, steam_pressure=30.0, steam_temperature=590),
            energy_row("购入热力", 10, "t", 3, steam_pressure=0.001),
            energy_row("购入热力", 10, "t", 4, steam_pressure=22.0),
        ]
    )
    enthalpies = [3444.2, (3379.8 + 3444.2) / 2, 2513.8, 2192.5]
    assert r.energy.gj_heat_net == pytest.approx(sum(10 * (h - 83.74) / 1000 for h in enthalpies), rel=REL)


def test_a_state_off_the_tables_says_what_the_tables_hold(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(
            energy=[
                energy_row("购入热力", 10, "t", 1, steam_pressure=31.0, steam_temperature=500),
                energy_row("购入热力", 10, "t", 2, steam_pressure=23.0),
            ]
        )
    expected = {i.cell: i.expected for i in info.value.report.errors}
    assert expected == {"F2": "0.01–30.0 MPa, 0.0–600.0 ℃", "E3": "0.001–22.0 MPa"}


def test_inner_mongolia_leagues_take_the_grid_of_their_part(compute) -> None:
    # 锡林郭勒盟 is in 蒙西 (华北 2023 0.6361 tCO2/MWh), 兴安盟 in 蒙东 (东北 0.5122): a 盟 is named like a city
    west, east = (
        compute(
            energy=[energy_row("购入电力", 1000, "MWh")],
            method="regional",
            info={"year": 2023, "province": "内蒙古自治区", "city": city},
        )
        for city in ("锡林郭勒盟", "兴安盟")
    )
    assert (west.tco2, east.tco2) == (pytest.approx(636.1, rel=REL), pytest.approx(512.2, rel=REL))


def test_steam_enthalpy_is_cited_with_its_state_and_confidence(compute) -> None:
    r = compute(energy=[energy_row("购入热力", 100, "t", steam_pressure=1.5, steam_temperature=245)])
    (cited,) = [c for c in r.citations if c.unit == "kJ/kg" and "MPa" in c.key]
    # the GB/T 32151.34 tables are transcribed from secondary sources (factors/steam-gbt32151)
    assert (cited.name, cited.confidence, cited.source_id) == (
        "蒸汽焓值 1.5 MPa 245 ℃",
        "secondary",
        "GBT-32151.34-2024",
    )
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购入热力", 100, "t", steam_pressure=-0.5)])
    (issue,) = info.value.report.errors
    assert issue.message() == "蒸汽压力应大于 0，填写的是「-0.5 MPa」" and issue.expected == "蒸汽压力"


def test_a_steam_problem_names_the_state_and_without_steam_columns_sits_at_the_unit(workbook) -> None:
    from openpyxl import load_workbook

    from accounting import read_submission, validate

    rows = [
        energy_row("购入热力", 10, "t", 1, steam_pressure=31.0, steam_temperature=500),
        energy_row("购入热力", 10, "t", 2, steam_pressure=1.0, steam_temperature=170),
    ]
    report = validate(read_submission(workbook(energy=rows)))
    said = {i.cell: i.message() for i in report.errors}
    assert said["F2"] == "蒸汽参数 31 MPa、500 ℃ 超出焓值表范围 0.01–30.0 MPa, 0.0–600.0 ℃"
    assert said["F3"] == "蒸汽状态点 1 MPa、170 ℃ 靠近饱和线，无法插值，请按饱和蒸汽填报（温度留空）"
    # a workbook without the two steam columns: the steam's missing pressure is flagged at its unit
    path = workbook(energy=[energy_row("购入热力", 10, "t", 1)])
    book = load_workbook(path)
    book["电力热力"].delete_cols(5, 2)
    book.save(path)
    report = validate(read_submission(path))
    assert [(i.cell, i.code) for i in report.errors] == [("D2", "steam-pressure-missing")]


def test_steam_in_other_mass_units_and_an_uncertain_table(workbook, tmp_path) -> None:
    import shutil

    from accounting import calculate, load_library, read_submission
    from accounting.factors import default_root, read_table

    # 2 万吨 of saturated steam at 1.00 MPa (2777.0 kJ/kg): 20 000 t × (2777.0 − 83.74) / 1000 GJ
    rows = [
        energy_row("购入热力", 2, "万吨", steam_pressure=1.0),
        energy_row("购入热力", 500, "kg", 2, steam_pressure=1.0),
    ]
    r = calculate(read_submission(workbook(energy=rows)))
    assert r.energy.gj_heat_net == pytest.approx((20_000 + 0.5) * (2777.0 - 83.74) / 1000, rel=REL)
    (cited,) = [c for c in r.citations if c.unit == "kJ/kg" and "MPa" in c.key]
    assert cited.confidence == "secondary"
    # one uncertain row in either table makes every enthalpy taken from them uncertain
    for table in ("saturated", "superheated"):
        root = tmp_path / table
        shutil.copytree(default_root(), root)
        values = read_table(root / "steam-gbt32151" / f"{table}.csv")
        values.loc[values.index[-1], "confidence"] = "uncertain"
        values.to_csv(root / "steam-gbt32151" / f"{table}.csv", index=False)
        r = calculate(read_submission(workbook(energy=rows[:1])), library=load_library(root=root))
        (cited,) = [c for c in r.citations if c.unit == "kJ/kg" and "MPa" in c.key]
        assert cited.confidence == "uncertain", table


@pytest.mark.parametrize(
    ("province", "factor"),
    [
        ("新疆维吾尔自治区", 0.6021),
        ("广西壮族自治区", 0.4476),
        ("宁夏回族自治区", 0.6187),
        ("新疆 维吾尔自治区", 0.6021),
    ],
)
def test_autonomous_regions_find_their_provincial_grid_factor(compute, province, factor) -> None:
    # MEE/NBS 2025 notice, 2023 provincial averages (tCO2/MWh): 新疆 0.6021, 广西 0.4476, 宁夏 0.6187
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2023, "province": province, "city": ""})
    assert r.tco2 == pytest.approx(1000 * factor, rel=REL)


def test_heat_parameters_are_cited_with_their_names_and_units(compute) -> None:
    r = compute(energy=[energy_row("购入热力", 100, "t", steam_pressure=1.0)])
    cited = {c.key: (c.name, c.value, c.unit, c.confidence) for c in r.citations if c.factor_set == "heat-default"}
    assert cited == {
        "heat_ef": ("外购热力缺省排放因子", 0.11, "tCO2/GJ", "secondary"),
        "feedwater_enthalpy": ("蒸汽热量折算基准焓", 83.74, "kJ/kg", "secondary"),
    }


def test_steam_at_the_low_edges_of_the_superheated_table(compute) -> None:
    # 表C.5's first row, 0.01 MPa: 100 ℃ 2687.3 kJ/kg; 0.05 MPa lies between it and 0.1 MPa (100 ℃ 2676.5):
    # 2687.3 + (0.04 / 0.09) × (2676.5 − 2687.3) = 2682.5 kJ/kg
    r = compute(
        energy=[
            energy_row("购入热力", 10, "t", 1, steam_pressure=0.01, steam_temperature=100),
            energy_row("购入热力", 10, "t", 2, steam_pressure=0.05, steam_temperature=100),
        ]
    )
    first, between = 2687.3, 2687.3 + (0.04 / 0.09) * (2676.5 - 2687.3)
    assert r.energy.gj_heat_net == pytest.approx(10 * (first - 83.74) / 1000 + 10 * (between - 83.74) / 1000, rel=REL)
    with pytest.raises(InvalidSubmission) as info:  # 0 ℃, the table's first column: water at any pressure
        compute(energy=[energy_row("购入热力", 10, "t", steam_pressure=1.0, steam_temperature=0)])
    assert [(i.cell, i.code) for i in info.value.report.errors] == [("F2", "parameter-impossible")]


def test_the_national_average_method_takes_the_national_average(compute) -> None:
    # MEE/NBS: national average 2023 0.5306 tCO2/MWh (青海's own would be 0.1796, 西北's 0.5543)
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2023}, method="national-average")
    assert r.tco2 == pytest.approx(530.6, rel=REL)
    assert next(c.name for c in r.citations if c.factor_set == "grid-mee") == "全国 电网排放因子（2023）"


def test_a_missing_factor_says_which_and_for_which_year(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:  # 西藏 is absent from the provincial table
        compute(energy=[energy_row("购入电力", 1, "MWh")], info={"province": "西藏自治区", "year": 2023})
    (issue,) = info.value.report.errors
    assert issue.value == "西藏自治区 省级电力平均排放因子（2023 年度）"
    with pytest.raises(InvalidSubmission) as info:  # a data year pinned with --factor-year that the table lacks
        compute(energy=[energy_row("购入电力", 1, "MWh")], info={"year": 2023}, options=Options(factor_year=2015))
    assert [i.value for i in info.value.report.errors] == ["青海省 省级电力平均排放因子（2015 年度）"]
    with pytest.raises(InvalidSubmission) as info:
        compute(
            energy=[energy_row("购入电力", 1, "MWh")],
            info={"year": 2023, "province": "内蒙古自治区", "city": ""},
            method="regional",
        )
    assert [i.value for i in info.value.report.errors] == [
        "内蒙古自治区 所在区域电网平均排放因子（未能由省份和地市确定电网区域）（2023 年度）"
    ]


def test_a_pinned_factor_year_holds_for_the_regional_and_national_methods(compute) -> None:
    # report year 2023, data year pinned to 2022: 西北 0.5857, national average 0.5366 (tCO2/MWh)
    pinned = Options(factor_year=2022)
    row = [energy_row("购入电力", 1000, "MWh")]
    regional = compute(energy=row, info={"year": 2023}, method="regional", options=pinned)
    national = compute(energy=row, info={"year": 2023}, method="national-average", options=pinned)
    assert (regional.tco2, national.tco2) == (pytest.approx(585.7, rel=REL), pytest.approx(536.6, rel=REL))


def test_grid_factors_are_cited_whole(compute) -> None:
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2023})
    cited = {c.key: c.to_dict() for c in r.citations if c.factor_set == "grid-mee"}
    assert cited["青海/average/2023"] == {
        "factor_set": "grid-mee",
        "key": "青海/average/2023",
        "name": "青海 电网排放因子（2023）",
        "value": 0.1796,
        "unit": "tCO2/MWh",
        "source_id": "MEE-NBS-2025-47",
        "confidence": "secondary",
    }
    # the market-based figure's residual factor: 全国 0.6096 tCO2/MWh in 2023
    assert cited["全国/residual/2023"]["name"] == "全国 电力排放因子（不含市场化交易的非化石能源电量）（2023）"
    assert r.scope2.market_based == pytest.approx(609.6, rel=REL)
    # a factor prescribed for a span of years (the carbon market's) is named without a data year
    ets = compute(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2022}, method="cn-ets")
    assert [c.name for c in ets.citations if c.factor_set == "grid-ets"] == ["全国 电网排放因子"]


def test_the_equivalent_basis_needs_a_readable_coal_rate(compute) -> None:
    from accounting import UnitError

    rows = [energy_row("购入电力", 1000, "MWh")]
    with pytest.raises(UnitError) as info:
        compute(energy=rows, options=Options(electricity_basis="equivalent"))
    assert str(info.value) == "等价值折标需给出当年火电供电标准煤耗（应为：例如 --coal-rate '300.7 gce/kWh'）"
    with pytest.raises(UnitError) as info:
        compute(energy=rows, options=Options(electricity_basis="equivalent", coal_rate="三百克"))
    assert str(info.value) == "火电供电标准煤耗无法读取（发现：三百克；应为：数值加单位，例如 300.7 gce/kWh）"
    # spaces inside the unit are the user's: 300.7 gce/kWh × 1000 MWh = 300.7 tce
    spaced = compute(energy=rows, options=Options(electricity_basis="equivalent", coal_rate="300.7 gce / kWh"))
    assert spaced.energy.tce == pytest.approx(300.7, rel=REL)


def test_the_calorific_coefficient_is_cited_whole(compute) -> None:
    r = compute(energy=[energy_row("购入电力", 1000, "MWh")])
    (cited,) = [c for c in r.citations if c.factor_set == "coal-equivalent-gbt2589"]
    # GB/T 2589: 0.1229 kgce/kWh = 0.1229 tce/MWh
    assert (cited.key, cited.name, cited.value, cited.unit, cited.confidence) == (
        "电力(当量值)",
        "电力(当量值) 折标准煤系数",
        0.1229,
        "kgce/kWh",
        "secondary",
    )


def test_heat_in_terajoules_and_each_line_carries_only_its_own_kind(compute) -> None:
    # 5 TJ = 5 000 GJ: 5 000 × 0.11 = 550 tCO2 and 5 000 GJ × 0.03412 tce/GJ (GB/T 2589: 0.03412 kgce/MJ) = 170.6 tce
    r = compute(energy=[energy_row("购入电力", 1000, "MWh"), energy_row("购入热力", 5, "TJ", 2)])
    lines = r.energy_lines.set_index("type")
    assert lines.loc["purchased_heat", ["mwh", "heat_gj", "tco2", "tce"]].tolist() == pytest.approx(
        [0, 5000, 550, 170.6]
    )
    assert lines.loc["purchased_electricity", ["mwh", "heat_gj"]].tolist() == [1000, 0]  # no heat on a power line
    (heat,) = [c for c in r.citations if c.key == "热力(当量值)"]
    assert (heat.name, heat.value, heat.unit, heat.confidence) == (
        "热力(当量值) 折标准煤系数",
        0.03412,
        "kgce/MJ",
        "secondary",
    )


def test_each_energy_line_is_traced_whole(compute) -> None:
    # 青海 2023: 0.1796 tCO2/MWh location-based, 全国 residual 0.6096 market-based; heat 0.11 tCO2/GJ
    r = compute(energy=[energy_row("购入电力", 1000, "MWh"), energy_row("输出热力", 200, "GJ", 2)], info={"year": 2023})
    lines = r.energy_lines[
        ["row", "type", "quantity", "unit", "mwh", "heat_gj", "sign", "factor", "tco2", "tco2_market"]
    ]
    assert lines.to_dict("records") == [
        {
            "row": 2, "type": "purchased_electricity", "quantity": 1000.0, "unit": "MWh", "mwh": 1000.0,
            "heat_gj": 0.0, "sign": 1.0, "factor": 0.1796,
            "tco2": pytest.approx(179.6), "tco2_market": pytest.approx(609.6),
        },
        {
            "row": 3, "type": "exported_heat", "quantity": 200.0, "unit": "GJ", "mwh": 0.0,
            "heat_gj": 200.0, "sign": -1.0, "factor": 0.11,
            "tco2": pytest.approx(-22.0), "tco2_market": pytest.approx(-22.0),
        },
    ]  # fmt: skip
    assert r.scope2.market_based == pytest.approx(609.6 - 22.0, rel=REL)


def test_only_the_factors_a_submission_uses_are_cited(compute) -> None:
    power = compute(energy=[energy_row("购入电力", 1000, "MWh")])
    heat = compute(energy=[energy_row("购入热力", 100, "GJ")])
    assert {c.key for c in power.citations} & {"heat_ef", "热力(当量值)"} == set()
    assert {c.key for c in heat.citations} & {"电力(当量值)"} == set() and "heat_ef" in {c.key for c in heat.citations}
    assert not any(c.factor_set.startswith("grid") for c in heat.citations)


def test_a_unit_of_the_wrong_kind_says_what_the_line_needs(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购入电力", 10, "t"), energy_row("购入热力", 10, "立方米", 2)])
    said = {i.cell: i.expected for i in info.value.report.errors}
    assert said == {"D2": "MWh", "D3": "GJ"}


def test_an_unknown_energy_type_lists_the_types_and_suggests_the_nearest(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(energy=[energy_row("购买电力", 10, "MWh")])
    (issue,) = info.value.report.errors
    types = "购入电力、输出电力、购入热力、输出热力、购入绿电"
    assert issue.message() == f"类型「购买电力」无效，应为：{types}，是否为「购入电力」？"
