"""Reading submissions: names in Chinese or English, cells as Excel names them."""

from pathlib import Path

import openpyxl
import pytest

from accounting import InvalidSubmission, calculate, read_submission
from tests.conftest import fuel_row


def _english_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Info"
    for row in [
        ("Field", "Value"),
        ("USCC", "91350100M000100Y43"),
        ("Name", "Test Co."),
        ("Province", "甘肃省"),
        ("Sector", "chemicals"),
        ("Year", 2023),
    ]:
        info.append(row)
    fuel = book.create_sheet("Fuel")
    fuel.append(["Fuel", "Month", "Quantity", "Unit", "Use"])
    fuel.append(["diesel", "Year", 2.0, "t", "fuel"])
    energy = book.create_sheet("Energy")
    energy.append(["Type", "Month", "Quantity", "Unit"])
    energy.append(["purchased electricity", 7, 100, "MWh"])
    book.create_sheet("Notes")
    book.save(path)
    return path


def test_english_sheets_headers_and_values(tmp_path: Path) -> None:
    submission = read_submission(_english_workbook(tmp_path / "en.xlsx"))
    assert submission.info["sector"] == "chemicals" and submission.year == 2023
    r = calculate(submission)
    # 甘肃 2023 0.4471 tCO2/MWh; 柴油 42.652 GJ/t × 0.0202 × 0.98 × 44/12
    assert r.tco2 == pytest.approx(100 * 0.4471 + 2 * 42.652 * 0.0202 * 0.98 * 44 / 12, rel=1e-9)
    assert r.annual_only == pytest.approx(2 * 42.652 * 0.0202 * 0.98 * 44 / 12, rel=1e-9)
    assert [(i.sheet, i.code) for i in submission.issues] == [("Notes", "sheet-extra")]


def test_header_with_both_names_and_cells(workbook) -> None:
    # the writer puts "化石燃料 headers" as "燃料品种\nFuel"; data start on row 2
    s = read_submission(workbook(fuel=[fuel_row("烟煤", 1, "t"), fuel_row("柴油", 2, "t", month="全年")]))
    table = s.table("fuel")
    assert table is not None
    assert table.cells("quantity") == ["D2", "D3"]
    assert list(table.data.month) == [1, 0]


def test_blank_rows_are_skipped_but_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = _english_workbook(tmp_path / "gap.xlsx")
    book = openpyxl.load_workbook(path)
    book["Fuel"]["A4"] = "not a fuel"  # row 3 left blank
    book.save(path)
    with pytest.raises(InvalidSubmission) as info:
        calculate(read_submission(path))
    # row 3 is blank and skipped; row 4 keeps its number
    assert {(i.sheet, i.cell, i.code) for i in info.value.report.errors} == {
        ("Fuel", "A4", "fuel-unknown"),
        ("Fuel", "B4", "value-missing"),
        ("Fuel", "C4", "value-missing"),
        ("Fuel", "D4", "unit-missing"),
    }


def test_missing_sheet_and_column_and_info(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "基本信息"
    book.active.append(["项目", "内容"])
    book.active.append(["企业名称", "某公司"])
    fuel = book.create_sheet("化石燃料")
    fuel.append(["燃料品种", "月份", "单位"])
    path = tmp_path / "m.xlsx"
    book.save(path)
    found = {(i.sheet, i.code, i.expected) for i in read_submission(path).issues}
    assert ("化石燃料", "column-missing", "消耗量 [Quantity]") in found
    assert ("基本信息", "info-missing", "报告年度 [Year]") in found
    assert ("基本信息", "info-missing", "统一社会信用代码 [USCC]") in found
