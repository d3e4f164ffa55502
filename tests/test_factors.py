"""Factor sets: provenance is complete, values are those of the reference digest, schema is enforced."""

import shutil
from pathlib import Path

import pytest

from accounting import FactorError, bundled, calculate, load_library, read_submission
from accounting.factors import default_root
from tests.conftest import energy_row


def test_every_value_has_a_known_source_and_a_confidence() -> None:
    library = bundled()
    for factor_set in library.sets.values():
        for table in factor_set.tables.values():
            assert set(table.source_id) <= set(library.sources)
            # nothing was read in a primary text, so nothing may claim to be official
            assert set(table.confidence) <= {"secondary", "uncertain"}


@pytest.mark.parametrize(
    ("fuel", "ncv", "cc", "of"),
    [
        ("无烟煤", 26.7, 0.0274, 94),
        ("烟煤", 19.570, 0.0261, 93),
        ("柴油", 42.652, 0.0202, 98),
        ("天然气", 389.31, 0.0153, 99),
        ("高炉煤气", 33.0, 0.0708, 99),
    ],
)
def test_fuel_defaults_match_the_2015_table(fuel: str, ncv: float, cc: float, of: float) -> None:
    t = bundled().set("fuel-2015").table().set_index("fuel")
    assert (t.loc[fuel, "ncv"], t.loc[fuel, "carbon_per_heat"], t.loc[fuel, "oxidation"]) == (ncv, cc, of)


def test_grid_factors_three_years_three_variants() -> None:
    t = bundled().set("grid-mee").table()
    national = t[t.scope == "national"].set_index(["variant", "data_year"]).value
    assert national[("average", 2021)] == 0.5568 and national[("residual", 2022)] == 0.5856
    assert national[("fossil", 2023)] == 0.8273
    provincial = t[t.scope == "provincial"]
    assert provincial.groupby("data_year").size().to_dict() == {2021: 30, 2022: 30, 2023: 30}
    qinghai = provincial[provincial.area == "青海"].set_index("data_year").value.to_dict()
    assert qinghai == {2021: 0.1326, 2022: 0.1567, 2023: 0.1796}


def test_gwp_sets_are_data() -> None:
    t = bundled().set("gwp").table().set_index(["gwp_set", "gas"]).gwp100
    assert (t[("SAR", "CH4")], t[("AR5", "N2O")], t[("AR6", "CF4")]) == (21, 265, 7380)


def test_default_method_by_sector_and_year() -> None:
    library = bundled()
    assert library.default_method("power", 2023).id == "cn-ets-power"
    assert library.default_method("aluminium", 2025).id == "cn-ets-aluminium"
    assert library.default_method("aluminium", 2025).gwp_set == "AR5"
    assert library.default_method("aluminium", 2023).id == "provincial"
    assert library.default_method("cement", 2025).id == "cn-ets"
    assert library.default_method("cement", 2023).id == "provincial"
    assert library.default_method("other", 2025).id == "provincial"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    return root


def test_a_broken_table_is_an_error_naming_file_and_row(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "fuel-2015" / "values.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",19.57,", ",abc,"), encoding="utf-8")
    with pytest.raises(FactorError) as info:
        load_library(root=root)
    assert "values.csv" in str(info.value) and "abc" in str(info.value)


def test_an_unknown_source_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "heat-default" / "values.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("NDRC-2015-1722", "MADE-UP", 1), encoding="utf-8")
    with pytest.raises(FactorError, match="MADE-UP"):
        load_library(root=root)


def test_user_sets_are_added_from_a_folder(tmp_path: Path, workbook) -> None:
    extra = tmp_path / "mine"
    (extra / "heat-supplier").mkdir(parents=True)
    (extra / "sources.csv").write_text(
        "source_id,title,issuer,document_no,published,kind,notes\nSUP-1,供热合同,供热公司,合同1,2025,contract,\n",
        encoding="utf-8",
    )
    (extra / "heat-supplier" / "set.toml").write_text(
        'id = "heat-supplier"\nkind = "heat"\ntitle = "供热商因子"\ntables = { values = "values.csv" }\n',
        encoding="utf-8",
    )
    (extra / "heat-supplier" / "values.csv").write_text(
        "key,name,value,unit,source_id,confidence\nheat_ef,供热商因子,0.095,tCO2/GJ,SUP-1,secondary\n"
        "feedwater_enthalpy,基准焓,83.74,kJ/kg,SUP-1,secondary\n",
        encoding="utf-8",
    )
    (extra / "methods.toml").write_text(
        '[methods.supplier]\ntitle = "供热商因子"\ntitle_en = "supplier"\nfuel = "fuel-2015"\n'
        'electricity = "grid-mee"\nelectricity_rule = "provincial"\nheat = "heat-supplier"\n'
        'steam = "steam-gbt32151"\ncoal_equivalent = "coal-equivalent-gbt2589"\ngwp = "gwp"\ngwp_set = "SAR"\n',
        encoding="utf-8",
    )
    library = load_library(extra)
    assert "fuel-2015" in library.sets
    path = workbook(energy=[energy_row("购入热力", 100, "GJ")])
    result = calculate(read_submission(path), "supplier", library=library)
    assert result.tco2 == pytest.approx(100 * 0.095, rel=1e-12)
    assert result.sources["SUP-1"]["title"] == "供热合同"
