"""Templates: every sector's opens, carries its drop-downs and marker, reads back empty, and a
template filled with a sample gives the sample's results."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from accounting import SAMPLES, SECTORS, calculate, read_submission, validate, write_template
from accounting.cli import main
from accounting.samples import SAMPLES as MAKERS
from accounting.samples import sample_for
from accounting.workbook import write_submission

SECTOR_KEYS = sorted(SECTORS.values())
FILLED_INFO = {"uscc": "91630100MA7QH0001G", "name": "模板测试", "province": "青海省", "year": 2025}


def _dropdowns(sheet) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """First cell of each list validation -> its source formula."""
    out = {}
    for dv in sheet.data_validations.dataValidation:
        if dv.type == "list":
            first = str(dv.sqref).split(":")[0].split()[0]
            out[first] = dv.formula1
    return out


@pytest.mark.parametrize("sector", SECTOR_KEYS)
def test_template_opens_with_dropdowns_marker_and_instructions(tmp_path: Path, sector: str) -> None:
    path = tmp_path / f"{sector}.xlsx"
    done = CliRunner().invoke(main, ["template", "--sector", sector, "-o", str(path)])
    assert done.exit_code == 0, done.output
    book = load_workbook(path)
    units = ["机组信息"] if sector == "power" else []  # a power plant's allowance needs its units
    assert book.sheetnames == [
        "说明",
        "基本信息",
        "化石燃料",
        "电力热力",
        "过程排放",
        "产品产量",
        "经济指标",
        *units,
        "_lists",
        "_tanhe",
    ]
    assert book["_tanhe"].sheet_state == "hidden" and book["_lists"].sheet_state == "hidden"
    assert [[c.value for c in r] for r in book["_tanhe"].iter_rows()] == [
        ["template", "tanhe.submission"],
        ["version", 1],
        ["sector", sector],
    ]
    assert book["化石燃料"]["D1"].value == "消耗量\nQuantity"
    fuel = _dropdowns(book["化石燃料"])
    assert set(fuel) == {"B2", "C2", "E2", "G2", "K2", "L2"}  # fuel, month, unit, NCV unit, use, carbon basis
    lists = book["_lists"]
    column = fuel["B2"].split("!")[1].replace("$", "")[0]
    fuels = [c.value for c in lists[column][1:] if c.value]
    assert {"烟煤", "天然气", "柴油"} <= set(fuels)
    months = [c.value for c in lists[fuel["C2"].split("!")[1].replace("$", "")[0]][1:] if c.value is not None]
    assert months == [*range(1, 13), "全年"]
    assert set(_dropdowns(book["电力热力"])) == {"A2", "B2", "D2"}
    assert book["基本信息"]["B7"].value == next(zh for zh, key in SECTORS.items() if key == sector)
    assert book["化石燃料"]["D2"].fill.fgColor.rgb.endswith("FFF9E5")  # input cells are shaded
    guide = [c.value for c in book["说明"]["A"] if c.value]
    assert "化石燃料 [Fuel]" in guide and "单位热值含碳量 [CarbonPerHeat]" in guide


@pytest.mark.parametrize("sector", SECTOR_KEYS)
def test_blank_template_reads_back_empty_and_asks_only_for_the_enterprise(tmp_path: Path, sector: str) -> None:
    path = write_template(tmp_path / "t.xlsx", sector)
    submission = read_submission(path)
    assert all(len(t) == 0 for t in submission.tables.values())
    assert len(submission.tables) == (6 if sector == "power" else 5)
    assert [(i.cell, i.code) for i in submission.issues] == [
        ("B2", "info-missing"),
        ("B3", "info-missing"),
        ("B4", "info-missing"),
        ("B8", "info-missing"),
    ]
    filled = write_template(tmp_path / "f.xlsx", sector, FILLED_INFO)
    report = validate(read_submission(filled))
    assert report.valid and report.issues == ()
    assert calculate(read_submission(filled)).tco2e == 0.0


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_template_filled_with_a_sample_gives_the_samples_results(tmp_path: Path, name: str) -> None:
    sample = MAKERS[name]()
    plain = write_submission(tmp_path / "plain.xlsx", sample["info"], sample["tables"])
    sector = SECTORS[sample["info"]["sector"]]
    done = CliRunner().invoke(main, ["template", "--sector", sector, "-o", str(tmp_path / "t.xlsx"), "--sample"])
    assert done.exit_code == 0, done.output
    from_template = calculate(read_submission(tmp_path / "t.xlsx"))
    assert from_template.to_dict() == calculate(read_submission(plain)).to_dict()
    # what a sample may warn of: defaults not yet verified, a grid factor of the nearest published year
    # (the samples are of 2024 and 2025), and the rules its sector's method applies
    expected = {
        "factor-uncertain",
        "factor-year-substituted",
        "carbon-high-default",
        "process-excluded",
        "co2-recovery-deducted",
    }
    assert {i.code for i in from_template.issues} <= expected


def test_sector_names_in_chinese_and_unknown_ones(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["template", "-s", "水泥熟料", "-o", str(tmp_path / "c.xlsx")]).exit_code == 0
    assert load_workbook(tmp_path / "c.xlsx")["_tanhe"]["B3"].value == "cement"
    unknown = runner.invoke(main, ["template", "-s", "纺织", "-o", str(tmp_path / "x.xlsx")])
    assert unknown.exit_code == 2 and "纺织" in unknown.output
    for sector in SECTORS.values():  # every sector has its bundled sample
        assert sample_for(sector) is not None, sector


def test_outdated_template_is_recognised(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", "other", FILLED_INFO)
    book = load_workbook(path)
    book["_tanhe"]["B2"] = 0
    book.save(path)
    (issue,) = validate(read_submission(path)).issues
    assert (issue.sheet, issue.cell, issue.code, issue.severity) == ("_tanhe", "B2", "template-outdated", "warning")


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    row = ['=HYPERLINK("x")', "烟煤", "全年", 1, "t", None, None, None, None, None, "燃料"]
    path = write_template(tmp_path / "t.xlsx", "other", FILLED_INFO, {"fuel": [row]})
    cell = load_workbook(path)["化石燃料"]["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'


@pytest.mark.parametrize(
    ("sector", "parameter", "value", "unit"),
    [
        ("cement", "熟料中CaO含量", 57.5, "%"),  # the middle of its screening band, 40–75 %
        ("aluminium", "炭阳极净耗量", 0.45, "t/t"),  # 0.3–0.6 t/t
        ("power", "供热比", 30, "%"),  # a share, no band
        ("other", "石灰石", 1200, "t"),  # a mass
    ],
)
def test_the_instructions_example_is_a_value_its_parameter_can_have(
    tmp_path: Path, sector: str, parameter: str, value: float, unit: str
) -> None:
    """The 说明 sheet's example of the 过程排放 sheet: a parameter, a value it can take, its unit (the
    cement template once showed 熟料中CaO含量 = 1200 %)."""
    path = write_template(tmp_path / f"{sector}.xlsx", sector)
    rows = [[c.value for c in r][:3] for r in load_workbook(path)["说明"].iter_rows()]
    i = next(k for k, r in enumerate(rows) if r[0] == "参数 [Parameter]")
    assert (rows[i][2], rows[i + 2][2], rows[i + 3][2]) == (parameter, value, unit)
