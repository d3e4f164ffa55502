"""Fuel combustion: E = AD × NCV × CC × OF × 44/12, or AD × C × OF × 44/12 (DESIGN 4).

Defaults are those of 发改办气候〔2015〕1722号 表2.1 as encoded in factors/fuel-2015:
烟煤 NCV 19.570 GJ/t, CC 0.0261 tC/GJ, OF 93 %; 天然气 389.31 GJ/万Nm3, 0.0153 tC/GJ, 99 %;
柴油 42.652 GJ/t, 0.0202 tC/GJ, 98 %. Every expected value below is that arithmetic, by hand.
"""

import math

import pytest

from accounting import InvalidSubmission
from tests.conftest import fuel_row, located

REL = 1e-9


def test_defaults_only(compute) -> None:
    r = compute(fuel=[fuel_row("烟煤", 100, "t")])
    assert r.by_category.fuel_combustion == pytest.approx(100 * 19.570 * 0.0261 * 0.93 * 44 / 12, rel=REL)
    line = r.fuel_lines.iloc[0]
    assert not line.ncv_measured and not line.cc_measured and not line.of_measured
    assert line.default_source == "NDRC-2015-1722"


def test_measured_parameters_win_each_on_its_own(compute) -> None:
    r = compute(
        fuel=[
            fuel_row("烟煤", 100, "t", ncv=21.35, ncv_unit="GJ/t"),  # NCV measured only
            fuel_row("烟煤", 100, "t", month=2, carbon_per_heat=0.0270),  # CC measured only
            fuel_row("烟煤", 100, "t", month=3, oxidation=98),  # OF measured only (%)
            fuel_row(
                "烟煤",
                100,
                "t",
                month=4,
                ncv=21.35,
                ncv_unit="MJ/kg",  # all three, NCV in MJ/kg
                carbon_per_heat=0.0270,
                oxidation=98,
            ),
        ]
    )
    expected = [
        100 * 21.35 * 0.0261 * 0.93 * 44 / 12,
        100 * 19.570 * 0.0270 * 0.93 * 44 / 12,
        100 * 19.570 * 0.0261 * 0.98 * 44 / 12,
        100 * 21.35 * 0.0270 * 0.98 * 44 / 12,
    ]
    assert list(r.fuel_lines.tco2) == pytest.approx(expected, rel=REL)
    assert list(r.fuel_lines.ncv_measured) == [True, False, False, True]
    assert list(r.fuel_lines.cc_measured) == [False, True, False, True]
    assert list(r.fuel_lines.of_measured) == [False, False, True, True]


def test_carbon_mass_fraction_form(compute) -> None:
    # 发电设施 form: E = FC (t) × C_ar × OF × 44/12; 55.0 % carbon, default OF 93 %
    r = compute(fuel=[fuel_row("烟煤", 250, "吨", carbon_fraction=55.0)])
    assert r.tco2 == pytest.approx(250 * 0.55 * 0.93 * 44 / 12, rel=REL)
    assert r.fuel_lines.formula.iloc[0] == "AD×C×OF×44/12"
    line = r.fuel_lines.iloc[0]
    assert line.source == "锅炉"  # the 排放设施 the line was entered for
    assert math.isnan(line.cc)  # no carbon per unit heat in this form: the line shows none (null in the JSON)
    assert line.carbon_fraction == pytest.approx(0.55, rel=REL)


def test_gas_in_standard_volume_units(compute) -> None:
    r = compute(fuel=[fuel_row("天然气", 12.5, "万Nm3"), fuel_row("天然气", 30_000, "Nm3", month=2)])
    per_10k = 389.31 * 0.0153 * 0.99 * 44 / 12
    assert r.tco2 == pytest.approx((12.5 + 3.0) * per_10k, rel=REL)


def test_plain_cubic_metres_of_gas_are_taken_as_standard_with_a_warning(compute) -> None:
    r = compute(fuel=[fuel_row("天然气", 2, "万立方米")])
    assert r.tco2 == pytest.approx(2 * 389.31 * 0.0153 * 0.99 * 44 / 12, rel=REL)
    assert located(r.issues) == [("化石燃料", "E2", "volume-assumed-standard")]


def test_feedstock_emits_nothing_here_but_counts_as_energy(compute) -> None:
    r = compute(fuel=[fuel_row("天然气", 10, "万Nm3", use="原料"), fuel_row("柴油", 5, "t")])
    assert r.by_category.fuel_combustion == pytest.approx(5 * 42.652 * 0.0202 * 0.98 * 44 / 12, rel=REL)
    # 天然气 has no single GB/T 2589 coefficient: 389.31 GJ/万Nm3 ÷ 29.307 GJ/tce
    assert r.energy.tce_feedstock == pytest.approx(10 * 389.31 / 29.307, rel=REL)
    # 柴油: GB/T 2589 1.4571 kgce/kg
    assert r.energy.tce == pytest.approx(10 * 389.31 / 29.307 + 5 * 1.4571, rel=REL)


def test_guideline_table_derived_factors(compute) -> None:
    """Worked example: the per-unit factors the 2015 guideline table implies.

    The research digest (shared/reference/factors, column derived_tCO2_per_activity_unit) records
    烟煤 1.7417 tCO2/t, 无烟煤 2.5215 tCO2/t and 天然气 21.62 tCO2/万Nm3 (2.162 kg/m3, the figure
    printed in many provincial guides) from 表2.1's NCV × CC × OF × 44/12.
    """
    lines = compute(
        fuel=[fuel_row("烟煤", 1, "t"), fuel_row("无烟煤", 1, "t", month=2), fuel_row("天然气", 1, "万Nm3", month=3)]
    ).fuel_lines
    # as the digest prints them: coal to 4 decimals, gas to 2
    assert [round(lines.tco2[0], 4), round(lines.tco2[1], 4), round(lines.tco2[2], 2)] == [1.7417, 2.5215, 21.62]


def test_english_names_and_aliases(compute) -> None:
    r = compute(fuel=[fuel_row("diesel", 1000, "kg"), fuel_row("NG", 1, "万Nm3", month=2)])
    expected = 1 * 42.652 * 0.0202 * 0.98 * 44 / 12 + 389.31 * 0.0153 * 0.99 * 44 / 12
    assert r.tco2 == pytest.approx(expected, rel=REL)


def test_errors_are_located_and_collected(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(
            fuel=[
                fuel_row("烟煤", 100, "t"),
                fuel_row("焦碳", 100, "t", month=2),  # typo of 焦炭: row 3, column B
                fuel_row("柴油", 100, "MWh", month=3),  # energy unit for a fuel: E4
                fuel_row("烟煤", "一百", "t", month=13),  # D5 not a number, C5 not a month
                fuel_row("天然气", 1, "万Nm3", month=4, carbon_fraction=50),  # I6 carbon fraction of a gas
                fuel_row("烟煤", 100, "t", month=5, use="燃烧"),  # K7 no such use (燃料 or 原料)
                fuel_row("", 100, "t", month=6),  # B8 blank: missing, not an unknown fuel
            ]
        )
    found = {(i.sheet, i.cell, i.code) for i in info.value.report.errors}
    assert found == {
        ("化石燃料", "B3", "fuel-unknown"),
        ("化石燃料", "E4", "unit-mismatch"),
        ("化石燃料", "D5", "not-a-number"),
        ("化石燃料", "C5", "month-invalid"),
        ("化石燃料", "I6", "carbon-fraction-not-mass"),
        ("化石燃料", "K7", "fuel-use-unknown"),
        ("化石燃料", "B8", "value-missing"),
    }
    # each message quotes what the cell holds: the name, the use, the unit the gas was counted in
    values = {i.code: i.value for i in info.value.report.errors}
    assert values["fuel-unknown"] == "焦碳"
    assert values["fuel-use-unknown"] == "燃烧"
    assert values["carbon-fraction-not-mass"] == "万Nm3"
    typo = next(i for i in info.value.report.errors if i.code == "fuel-unknown")
    assert "焦炭" in typo.message()


def test_uncertain_default_is_flagged(compute) -> None:
    # 洗精煤's NCV is marked uncertain in the digest (26.344 vs 26.334 GJ/t)
    r = compute(fuel=[fuel_row("洗精煤", 10, "t")])
    assert [code for _, _, code in located(r.issues)] == ["factor-uncertain"]
    assert [i.value for i in r.issues if i.code == "factor-uncertain"] == [
        "fuel-2015 洗精煤"
    ]  # which set and which fuel
    fuel_citations = [c for c in r.citations if c.factor_set == "fuel-2015"]
    assert {c.confidence for c in fuel_citations} == {"uncertain"}
    assert "NDRC-2015-1722" in r.to_dict()["not_official"]


def test_an_unknown_gwp_set_is_refused(compute) -> None:
    from accounting import MethodError
    from accounting.calc import Options

    with pytest.raises(MethodError, match="AR4"):
        compute(fuel=[fuel_row("烟煤", 1, "t")], options=Options(gwp_set="AR4"))


def test_an_impossible_ncv_is_an_error_that_names_the_likely_unit(compute, workbook) -> None:
    # 5350 typed as GJ/t is a lab's kcal/kg: 5350 × 4.1868 kJ/kcal / 1000 = 22.39938 GJ/t. No fuel has
    # 5350 GJ/t (hydrogen, the highest, 120), so the submission is refused, not warned about.
    with pytest.raises(InvalidSubmission) as info:
        compute(
            fuel=[
                fuel_row("烟煤", 100, "t", ncv=5350, ncv_unit="GJ/t"),
                fuel_row("天然气", 10, "万Nm3", month=2, ncv=35900, ncv_unit="GJ/万Nm3"),
                fuel_row("烟煤", 100, "t", month=3, carbon_per_heat=26.1),
                fuel_row("烟煤", 100, "t", month=4, ncv=120, ncv_unit="GJ/t"),
            ]
        )  # possible: a warning
    errors = {(i.cell, i.code): i for i in info.value.report.errors}
    assert set(errors) == {
        ("F2", "parameter-impossible"),
        ("F3", "parameter-impossible"),
        ("H4", "parameter-impossible"),
    }
    assert "kcal/kg：22.4 GJ/t" in errors["F2", "parameter-impossible"].message()
    assert "kJ/Nm3：359 GJ/万Nm3" in errors["F3", "parameter-impossible"].message()  # 35 900 kJ/Nm3 × 0.01
    assert "tC/TJ：0.0261 tC/GJ" in errors["H4", "parameter-impossible"].message()
    warned = {(i.cell, i.code) for i in info.value.report.issues if i.severity == "warning"}
    assert ("F5", "parameter-implausible") in warned  # 120 GJ/t: outside 0.6–1.6 × 19.570, but not impossible


def test_an_impossible_value_names_the_unit_it_was_read_in(compute) -> None:
    """The issue's value is the figure with the unit tanhe read it in: the typed one, or the fuel's own
    where the unit cell is blank (GJ/t for 烟煤 by mass, GJ/万Nm3 for 天然气 by volume); carbon per heat
    in tC/GJ."""
    with pytest.raises(InvalidSubmission) as info:
        compute(
            fuel=[
                fuel_row("烟煤", 100, "t", ncv=5350),
                fuel_row("天然气", 10, "万Nm3", month=2, ncv=35900),
                fuel_row("烟煤", 100, "t", month=3, carbon_per_heat=26.1),
                fuel_row("烟煤", 100, "t", month=4, ncv=5350, ncv_unit="MJ/kg"),
            ]
        )
    values = {i.cell: i.value for i in info.value.report.errors if i.code == "parameter-impossible"}
    assert values == {"F2": "5350 GJ/t", "F3": "35900 GJ/万Nm3", "H4": "26.1 tC/GJ", "F5": "5350 MJ/kg"}


def test_the_ncv_limit_is_converted_to_the_unit_of_a_librarys_default(workbook, tmp_path) -> None:
    """A factor library that counts 烟煤 in kg (NCV per kg, GJ/kg): the 125 GJ/t limit is 0.125 GJ/kg, so
    200 GJ/t typed (0.2 GJ/kg) is impossible and 120 GJ/t (0.12 GJ/kg) is not."""
    import shutil

    from accounting import calculate, load_library, read_submission
    from accounting.factors import default_root

    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    table = root / "fuel-2015" / "values.csv"
    text = table.read_text(encoding="utf-8")
    assert "烟煤,bituminous coal,,固体,t,19.57,GJ/t," in text
    table.write_text(text.replace("固体,t,19.57,GJ/t,", "固体,kg,19.57,GJ/t,", 1), encoding="utf-8")
    path = workbook(
        fuel=[
            fuel_row("烟煤", 100, "t", ncv=200, ncv_unit="GJ/t"),
            fuel_row("烟煤", 100, "t", month=2, ncv=120, ncv_unit="GJ/t"),
        ]
    )
    with pytest.raises(InvalidSubmission) as info:
        calculate(read_submission(path), library=load_library(root=root))
    assert [(i.cell, i.code) for i in info.value.report.errors] == [("F2", "parameter-impossible")]


def test_the_ncv_limit_follows_the_unit_of_the_quantity(compute) -> None:
    """烟煤 entered in kg is counted in tonnes; its NCV typed in GJ/t meets the 125 GJ/t limit unchanged:
    200 GJ/t impossible, 120 GJ/t only implausible."""
    with pytest.raises(InvalidSubmission) as info:
        compute(
            fuel=[
                fuel_row("烟煤", 100_000, "kg", ncv=200, ncv_unit="GJ/t"),
                fuel_row("烟煤", 100_000, "kg", month=2, ncv=120, ncv_unit="GJ/t"),
            ]
        )
    assert [(i.cell, i.code) for i in info.value.report.errors] == [("F2", "parameter-impossible")]
    assert ("F3", "parameter-implausible") in {(i.cell, i.code) for i in info.value.report.issues}


def test_the_screening_band_includes_its_edges(compute) -> None:
    """无烟煤's default NCV is 26.7 GJ/t: the band 0.6–1.6 × 26.7 is 16.02–42.72 GJ/t, edges included
    (both products are exact in binary floating point); 16.01 and 42.73 are outside."""
    r = compute(
        fuel=[
            fuel_row("无烟煤", 100, "t", 1, ncv=16.02, ncv_unit="GJ/t"),
            fuel_row("无烟煤", 100, "t", 2, ncv=42.72, ncv_unit="GJ/t"),
            fuel_row("无烟煤", 100, "t", 3, ncv=16.01, ncv_unit="GJ/t"),
            fuel_row("无烟煤", 100, "t", 4, ncv=42.73, ncv_unit="GJ/t"),
        ]
    )
    flagged = sorted(i.cell for i in r.issues if i.code == "parameter-implausible")
    assert flagged == ["F4", "F5"]


def test_a_small_oxidation_rate_is_unusual_not_a_fraction(compute) -> None:
    """1.5 % is above 1, so it is read as a percentage (not 150 % typed as 1.5): below the usual 80 %
    it is a warning; 1 is the largest value read as a fraction typed for a percentage."""
    with pytest.raises(InvalidSubmission) as info:
        compute(fuel=[fuel_row("烟煤", 100, "t", 1, oxidation=1.5), fuel_row("烟煤", 100, "t", 2, oxidation=1)])
    issues = {(i.cell, i.code) for i in info.value.report.issues}
    assert ("J2", "parameter-implausible") in issues and ("J3", "percent-as-fraction") in issues
    assert ("J2", "percent-as-fraction") not in issues


def test_a_carbon_fraction_over_100_percent_is_one_error_and_no_warning(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(fuel=[fuel_row("烟煤", 100, "t", 1, carbon_fraction=150)])
    assert [(i.cell, i.code) for i in info.value.report.issues if i.cell == "I2"] == [("I2", "percent-over-100")]


def test_a_fuel_sheet_without_the_ncv_columns_still_has_its_oxidation_checked(workbook) -> None:
    """The NCV columns deleted from 化石燃料 (F and G): the reader takes them as blank, and the measured
    oxidation rate, 50 % (now in H), is still screened."""
    import openpyxl

    from accounting import calculate, read_submission

    path = workbook(fuel=[fuel_row("烟煤", 100, "t", 1, oxidation=50)])
    book = openpyxl.load_workbook(path)
    book["化石燃料"].delete_cols(6, 2)
    book.save(path)
    r = calculate(read_submission(path))
    assert [i.cell for i in r.issues if i.code == "parameter-implausible"] == ["H2"]


def test_the_likely_unit_counts_at_the_band_edges_and_none_is_named_when_none_fits(compute) -> None:
    # 31 312 kJ/kg = 31.312 GJ/t, exactly 1.6 × 19.57 (烟煤's default): inside the band, named.
    # 1 980 kJ/Nm3 = 19.8 GJ/万Nm3, exactly 0.6 × 33.0 (高炉煤气's default; 1 980 kcal/Nm3 = 82.9 is outside).
    # 500 GJ/t fits no slip: 2.09 (kcal/kg), 0.5 (kJ/kg), 1.16 (Btu/lb) are all below 0.6 × 19.57 = 11.7.
    with pytest.raises(InvalidSubmission) as info:
        compute(
            fuel=[
                fuel_row("烟煤", 100, "t", ncv=31312, ncv_unit="GJ/t"),
                fuel_row("高炉煤气", 10, "万Nm3", ncv=1980, ncv_unit="GJ/万Nm3"),
                fuel_row("烟煤", 100, "t", month=2, ncv=500, ncv_unit="GJ/t"),
            ]
        )
    expected = {i.cell: i.expected for i in info.value.report.errors if i.code == "parameter-impossible"}
    mass = "低位发热量不可能超过 125 GJ/t（热值最高的燃料氢气约为 120 GJ/t，化石燃料均低于 50 GJ/t）"
    assert expected == {
        "F2": mass + "；看起来是 kJ/kg：31.31 GJ/t",
        "F3": "低位发热量不可能超过 1300 GJ/万Nm3"
        "（标准状态下单位体积热值最高的燃气丁烷约为 1 190 GJ/万Nm3，天然气约 360 GJ/万Nm3）"
        "；看起来是 kJ/Nm3：19.8 GJ/万Nm3",
        "F4": mass,
    }


def test_an_ncv_given_in_kcal_is_converted_not_refused(compute) -> None:
    r = compute(fuel=[fuel_row("烟煤", 100, "t", ncv=5350, ncv_unit="kcal/kg")])
    assert r.tco2 == pytest.approx(100 * 5350 * 4.1868e-3 * 0.0261 * 0.93 * 44 / 12, rel=REL)
    assert "parameter-impossible" not in {i.code for i in r.issues}


def test_calc_exits_1_on_an_impossible_value(workbook) -> None:
    from click.testing import CliRunner

    from accounting.cli import main

    path = workbook(fuel=[fuel_row("烟煤", 100, "t", ncv=5350, ncv_unit="GJ/t")])
    result = CliRunner().invoke(main, ["calc", str(path)])
    assert result.exit_code == 1 and "parameter-impossible" in result.output and "kcal/kg" in result.output


def test_air_dried_and_dry_carbon_converted_to_as_received(compute) -> None:
    # GB/T 483: C_ar = C_ad × (100 − M_ar)/(100 − M_ad) = 60 × 88/98 = 53.8775510 %;
    #           C_ar = C_d × (100 − M_ar)/100 = 65 × 90/100 = 58.5 %; OF 93 % (2015 table), × 44/12
    r = compute(
        fuel=[
            fuel_row("烟煤", 1000, "t", 1, carbon_fraction=60, carbon_basis="空干基", moisture_ar=12, moisture_ad=2),
            fuel_row("烟煤", 1000, "t", 2, carbon_fraction=65, carbon_basis="干燥基", moisture_ar=10),
            fuel_row("烟煤", 1000, "t", 3, carbon_fraction=55, carbon_basis="收到基", moisture_ar=10),  # as is
        ]
    )
    expected = [1000 * 0.60 * 88 / 98 * 0.93 * 44 / 12, 1000 * 0.585 * 0.93 * 44 / 12, 1000 * 0.55 * 0.93 * 44 / 12]
    assert list(r.fuel_lines.tco2) == pytest.approx(expected, rel=REL)
    assert list(r.fuel_lines.carbon_basis) == ["ad", "d", "ar"]
    lines = r.fuel_lines
    assert list(lines.carbon_fraction_reported) == pytest.approx([0.60, 0.65, 0.55], rel=REL)
    assert list(lines.carbon_fraction) == pytest.approx([0.60 * 88 / 98, 0.585, 0.55], rel=REL)
    assert list(lines.moisture_ar) == pytest.approx([0.12, 0.10, 0.10], rel=REL)
    assert lines.moisture_ad.iloc[0] == pytest.approx(0.02, rel=REL) and lines.moisture_ad.iloc[1:].isna().all()
    assert "C_ar = C_ad×(100−M_ar)/(100−M_ad)" in r.fuel_lines.formula.iloc[0]
    assert "GB/T 483" in r.fuel_lines.formula.iloc[1] and "GB/T 483" not in r.fuel_lines.formula.iloc[2]


def test_a_basis_without_its_moisture_or_with_impossible_moisture_is_an_error(compute) -> None:
    with pytest.raises(InvalidSubmission) as info:
        compute(
            fuel=[
                fuel_row(
                    "烟煤", 1000, "t", 1, carbon_fraction=60, carbon_basis="空干基", moisture_ar=12
                ),  # N2: no M_ad
                fuel_row(
                    "烟煤", 1000, "t", 2, carbon_fraction=60, carbon_basis="空干基", moisture_ar=5, moisture_ad=8
                ),  # N3: air-dried wetter than as received
                fuel_row("烟煤", 1000, "t", 3, carbon_fraction=60, carbon_basis="湿基"),  # L4: no such basis
                fuel_row("烟煤", 1000, "t", 4, carbon_fraction=60, carbon_basis="干燥基", moisture_ar=100),  # M5
            ]
        )
    found = {(i.cell, i.code, i.value, i.expected) for i in info.value.report.errors}
    assert found == {
        ("N2", "carbon-basis-moisture-missing", "空干基", "空干基水分"),
        ("N3", "parameter-impossible", "8 %", "空干基水分不可能大于全水分 5 %（空气干燥只会失去水分）"),
        ("L4", "carbon-basis-unknown", "湿基", "收到基、空干基或干燥基"),
        ("M5", "parameter-impossible", "100 %", "全水分不可能达到 100 %"),
    }


def test_a_fuel_is_known_by_its_english_name_and_its_aliases(compute) -> None:
    # fuel-2015: 一般煤油 is also "kerosene" (its English name) and "煤油;kerosene" (its aliases, split at ";");
    # 柴油 is "diesel" and "diesel oil"; 烟煤 "bituminous coal": each name reads the same defaults
    def tco2(fuel: str) -> float:
        return compute(fuel=[fuel_row(fuel, 1, "t")]).tco2

    kerosene = tco2("一般煤油")
    assert [tco2(n) for n in ("煤油", "kerosene", "Kerosene")] == [pytest.approx(kerosene)] * 3
    assert tco2("diesel oil") == pytest.approx(tco2("柴油")) and tco2("diesel") == pytest.approx(tco2("柴油"))
    assert tco2("bituminous coal") == pytest.approx(tco2("烟煤"))


def test_a_fuel_table_in_other_units_gives_the_same_tonnes(workbook, tmp_path) -> None:
    import shutil

    from accounting import calculate, load_library, read_submission
    from accounting.factors import default_root, read_table

    # 烟煤 in fuel-2015: 19.57 GJ/t, 0.0261 tC/GJ, 93 %; written as 19 570 kJ/kg and 26.1 tC/TJ it is the same fuel
    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    table = read_table(root / "fuel-2015" / "values.csv")  # every column as text
    coal = table.fuel == "烟煤"
    columns = ["ncv", "ncv_unit", "carbon_per_heat", "carbon_per_heat_unit"]
    table.loc[coal, columns] = ["19570", "kJ/kg", "26.1", "tC/TJ"]
    table.to_csv(root / "fuel-2015" / "values.csv", index=False)
    submission = read_submission(workbook(fuel=[fuel_row("烟煤", 100, "t")]))
    by_hand = 100 * 19.57 * 0.0261 * 0.93 * 44 / 12  # 174.16 tCO2
    assert calculate(submission).tco2 == pytest.approx(by_hand, rel=1e-9)
    assert calculate(submission, library=load_library(root=root)).tco2 == pytest.approx(by_hand, rel=1e-9)


def test_ncv_unit_problems_sit_at_the_unit_and_say_the_fuels_unit(workbook) -> None:
    from accounting import read_submission, validate

    rows = [
        fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="MWh"),  # energy, but not per tonne: 烟煤's NCV is in GJ/t
        fuel_row("烟煤", 100, "t", 2, ncv=20.1),  # no unit: taken as the default's
        fuel_row("烟煤", 100, "t", 3, ncv_unit="MWh"),  # a unit without an NCV: nothing to convert, nothing said
    ]
    found = {(i.cell, i.code): i.message() for i in validate(read_submission(workbook(fuel=rows))).issues}
    assert found[("G2", "unit-mismatch")] == "单位「MWh」与该项不符，应可换算为 GJ/t"
    assert found[("F3", "ncv-unit-assumed")] == "低位发热量未填单位，按 GJ/t 计"
    assert not any(cell == "G4" for cell, _ in found)
    values = {(i.cell, i.code): i.value for i in validate(read_submission(workbook(fuel=rows))).issues}
    assert values[("F3", "ncv-unit-assumed")] == ""  # nothing of the cell quoted: the unit is what is missing


def test_a_blank_quantity_unit_does_not_stop_the_next_rows_units_being_checked(workbook) -> None:
    from accounting import read_submission, validate

    rows = [fuel_row("烟煤", 100, "t", 1), fuel_row("烟煤", 100, None, 2), fuel_row("烟煤", 100, "吨吨", 3)]
    codes = [(i.cell, i.code) for i in validate(read_submission(workbook(fuel=rows))).issues]
    assert [c for c in codes if c[0] in ("E3", "E4")] == [("E3", "unit-missing"), ("E4", "unit-unknown")]  # once each


def test_a_carbon_content_on_another_basis_is_traced_as_reported_and_as_used(compute) -> None:
    # 60 % on the air-dried basis, M_ar 12 %, M_ad 2 %: as received 60 × 88/98 = 53.878 % (GB/T 483)
    r = compute(
        fuel=[fuel_row("烟煤", 1000, "t", carbon_fraction=60, carbon_basis="空干基", moisture_ar=12, moisture_ad=2)]
    )
    (line,) = r.fuel_lines.to_dict("records")
    assert line["carbon_fraction_reported"] == pytest.approx(0.60)
    assert line["carbon_fraction"] == pytest.approx(0.60 * 88 / 98)
    assert (line["carbon_basis"], line["moisture_ar"], line["moisture_ad"]) == (
        "ad",
        pytest.approx(0.12),
        pytest.approx(0.02),
    )


def test_each_fuel_line_is_traced_with_its_energy_basis_and_feedstock_counts_energy_only(compute) -> None:
    # 烟煤 defaults (fuel-2015): 19.57 GJ/t, 0.0261 tC/GJ, 93 %; GB/T 2589: 原煤 0.7143 tce/t, 1 kgce = 29 307 kJ
    r = compute(
        fuel=[
            fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"),  # measured NCV: energy from it
            fuel_row("烟煤", 100, "t", 2),  # defaults: energy by the coal-equivalent coefficient
            fuel_row("烟煤", 100, "t", 3, use="原料"),  # feedstock: energy, no combustion emissions
        ]
    )
    lines = r.fuel_lines[["row", "quantity", "unit", "use", "tco2", "tce", "tce_basis"]].to_dict("records")
    defaults = 100 * 19.57 * 0.0261 * 0.93 * 44 / 12
    assert lines == [
        {"row": 2, "quantity": 100.0, "unit": "t", "use": "fuel",
         "tco2": pytest.approx(100 * 20 * 0.0261 * 0.93 * 44 / 12), "tce": pytest.approx(2000 / 29.307),
         "tce_basis": "实测低位发热量"},
        {"row": 3, "quantity": 100.0, "unit": "t", "use": "fuel",
         "tco2": pytest.approx(defaults), "tce": pytest.approx(71.43), "tce_basis": "原煤"},
        {"row": 4, "quantity": 100.0, "unit": "t", "use": "feedstock",
         "tco2": 0.0, "tce": pytest.approx(71.43), "tce_basis": "原煤"},
    ]  # fmt: skip
    # the heat (AD × NCV, GJ), the oxidation rate as a fraction and the formula each line shows
    assert list(r.fuel_lines.heat_gj) == pytest.approx([2000.0, 1957.0, 1957.0], rel=REL)
    assert list(r.fuel_lines.of) == pytest.approx([0.93, 0.93, 0.93], rel=REL)
    assert list(r.fuel_lines.formula) == ["AD×NCV×CC×OF×44/12", "AD×NCV×CC×OF×44/12", "原料用途，不计燃烧排放"]


@pytest.mark.parametrize(
    ("measured", "cited"),
    [
        ({"ncv": 20, "ncv_unit": "GJ/t", "carbon_per_heat": 0.026, "oxidation": 95}, set()),
        ({"ncv": 20, "ncv_unit": "GJ/t"}, {"烟煤/cc", "烟煤/of"}),
        ({"carbon_per_heat": 0.026}, {"烟煤/ncv", "烟煤/of"}),
        ({"oxidation": 95}, {"烟煤/ncv", "烟煤/cc"}),
        ({"carbon_fraction": 55}, {"烟煤/ncv", "烟煤/of"}),  # carbon by mass: no carbon per heat needed
        ({"ncv": 20, "ncv_unit": "GJ/t", "carbon_per_heat": 0.026}, {"烟煤/of"}),
        ({"ncv": 20, "ncv_unit": "GJ/t", "oxidation": 95}, {"烟煤/cc"}),
        ({"carbon_per_heat": 0.026, "oxidation": 95}, {"烟煤/ncv"}),
    ],
)
def test_only_the_defaults_a_line_takes_are_cited(compute, measured, cited) -> None:
    r = compute(fuel=[fuel_row("烟煤", 100, "t", **measured)])
    assert {c.key for c in r.citations if c.factor_set == "fuel-2015"} == cited


def test_each_citation_says_what_the_report_lists(compute) -> None:
    """烟煤 measures NCV and carbon, 柴油 nothing: 烟煤 cites its oxidation only (not the defaults 柴油's line
    took), each citation with its value, unit and name as the report's factor table shows them, and the
    GB/T 2589 coefficient of each fuel whose energy comes from it (柴油: NCV not measured)."""
    r = compute(
        fuel=[
            fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t", carbon_per_heat=0.026),
            fuel_row("柴油", 10, "t", 2),
        ]
    )
    cited = [(c.factor_set, c.key, c.name, c.value, c.unit, c.source_id, c.confidence) for c in r.citations]
    fuel = [c for c in cited if c[0] in ("fuel-2015", "coal-equivalent-gbt2589")]
    assert sorted(fuel) == sorted(
        [
            ("fuel-2015", "烟煤/of", "烟煤 碳氧化率", pytest.approx(93.0), "%", "NDRC-2015-1722", "secondary"),
            ("fuel-2015", "柴油/ncv", "柴油 低位发热量", 42.652, "GJ/t", "NDRC-2015-1722", "secondary"),
            ("fuel-2015", "柴油/cc", "柴油 单位热值含碳量", 0.0202, "tC/GJ", "NDRC-2015-1722", "secondary"),
            ("fuel-2015", "柴油/of", "柴油 碳氧化率", pytest.approx(98.0), "%", "NDRC-2015-1722", "secondary"),
            ("coal-equivalent-gbt2589", "柴油", "柴油 折标准煤系数", 1.4571, "kgce/kg", "GBT-2589-2020", "secondary"),
        ]
    )


def test_an_unusual_parameter_names_the_band_of_its_fuel(compute) -> None:
    # 烟煤 (fuel-2015): 19.57 GJ/t, 0.0261 tC/GJ, so 51.08 % carbon by mass; bands 0.6–1.6 ×, 0.75–1.33 ×, 0.6–1.6 ×
    fuel = [
        fuel_row("烟煤", 100, "t", 1, ncv=40, ncv_unit="GJ/t"),
        fuel_row("烟煤", 100, "t", 2, carbon_per_heat=0.04),
        fuel_row("烟煤", 100, "t", 3, carbon_fraction=90),
    ]
    r = compute(fuel=fuel)
    warned = [(i.cell, i.value, i.expected) for i in r.issues if i.code == "parameter-implausible"]
    assert warned == [
        ("F2", "40", "11.74–31.31 GJ/t"),
        ("H3", "0.04", "0.01958–0.03471 tC/GJ"),
        ("I4", "90", "30.65–81.72 %"),
    ]


def test_a_negative_moisture_is_an_error_and_none_or_equal_moistures_are_allowed(compute) -> None:
    # air-dried with no water left (M_ad 0), 10 % as received: C_ar = 60 × (100 − 10) / (100 − 0) = 54 %;
    # air-dried as wet as received (M_ad = M_ar = 8): nothing dried off, C_ar = 60 × 92 / 92 = 60 %
    fuel = [
        fuel_row("烟煤", 1000, "t", 1, carbon_fraction=60, carbon_basis="空干基", moisture_ar=10, moisture_ad=0),
        fuel_row("烟煤", 1000, "t", 2, carbon_fraction=60, carbon_basis="空干基", moisture_ar=8, moisture_ad=8),
    ]
    r = compute(fuel=fuel)
    assert list(r.fuel_lines.tco2) == pytest.approx([1000 * 0.54 * 0.93 * 44 / 12, 1000 * 0.60 * 0.93 * 44 / 12])
    with pytest.raises(InvalidSubmission) as info:
        compute(fuel=[fuel_row("烟煤", 1000, "t", 1, carbon_fraction=60, carbon_basis="干燥基", moisture_ar=-1)])
    assert [(i.cell, i.code, i.value) for i in info.value.report.errors] == [("M2", "negative-quantity", "-1")]


def test_a_librarys_fuel_table_without_english_names_or_aliases(workbook, tmp_path) -> None:
    """A user's fuel set need not have the fuel_en and aliases columns: its fuels are found by their
    Chinese names (烟煤's defaults, by hand), and nothing else is taken for a fuel: not the bundled
    English name or alias (natural gas, NG), not a placeholder a missing column might read as."""
    import shutil

    import pandas as pd

    from accounting import calculate, load_library, read_submission
    from accounting.factors import default_root

    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    table = root / "fuel-2015" / "values.csv"
    values = pd.read_csv(table, comment="#", dtype=str, keep_default_na=False)
    values.drop(columns=["fuel_en", "aliases"]).to_csv(table, index=False)
    library = load_library(root=root)
    r = calculate(read_submission(workbook(fuel=[fuel_row("烟煤", 100, "t")])), library=library)
    assert r.by_category.fuel_combustion == pytest.approx(100 * 19.570 * 0.0261 * 0.93 * 44 / 12, rel=REL)
    names = ["natural gas", "NG", "XXXX", "None", "nan", "天然气"]
    path = workbook(fuel=[fuel_row(name, 10, "万Nm3", month=m) for m, name in enumerate(names, start=1)])
    with pytest.raises(InvalidSubmission) as info:
        calculate(read_submission(path), library=library)
    unknown = [i.cell for i in info.value.report.errors if i.code == "fuel-unknown"]
    assert unknown == ["B2", "B3", "B4", "B5", "B6"]


def test_a_methods_ncv_rule_takes_the_fuels_unit_and_yields_to_a_measured_value(workbook, tmp_path) -> None:
    """The bundled rules name no NCV, but a library's may: a rule of 0.02 GJ/kg for 烟煤 under the power
    method is 20 GJ/t, the fuel's unit, on the line that left NCV blank; the line that measured 21 GJ/t
    keeps it. Carbon 0.0261 tC/GJ and oxidation 98 % measured on both (the rule here is a test's, not a
    guideline's value)."""
    import shutil

    from accounting import calculate, load_library, read_submission
    from accounting.factors import default_root

    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    rules = root / "fuel-power" / "values.csv"
    rules.write_text(
        rules.read_text(encoding="utf-8")
        + "烟煤,ncv,0.02,GJ/kg,2019-01,9999-12,,烟煤低位发热量 试验值,MEE-2022-111,secondary,,\n",
        encoding="utf-8",
    )
    measured = {"carbon_per_heat": 0.0261, "oxidation": 98}
    path = workbook(
        info={"sector": "发电", "year": 2024},
        fuel=[
            fuel_row("烟煤", 1000, "t", 1, **measured),
            fuel_row("烟煤", 1000, "t", 2, ncv=21, ncv_unit="GJ/t", **measured),
        ],
    )
    r = calculate(read_submission(path), library=load_library(root=root))
    assert list(r.fuel_lines.ncv) == pytest.approx([20.0, 21.0], rel=REL)
    assert list(r.fuel_lines.tco2) == pytest.approx([1000 * n * 0.0261 * 0.98 * 44 / 12 for n in (20, 21)], rel=REL)
    cited = {c.key for c in r.citations}
    assert "ncv/烟煤低位发热量 试验值@2019-01" in cited
    assert "烟煤/ncv" not in cited  # the fuel set's 19.57 GJ/t was used on no line
