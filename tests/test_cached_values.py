"""Cached values of the formulas tanhe writes (accounting/report/cached.py), each worked by hand."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import python_calamine as calamine

from accounting.report.cached import cached_values, save_with_values
from accounting.workbook import put_value


def _book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    lines = book.active
    lines.title = "化石燃料"
    factors = book.create_sheet("因子's")  # an apostrophe: quoted as '' in a formula
    factors["E2"] = 0.5
    factors["E3"] = "=44/12"
    lines.append(["月份", "类型", "数量", "tCO2"])
    for month, kind, quantity in ((1, "电力", 10.0), (2, "热力", 20.0), ("全年", "电力", 30.0), (2, "电力", 40.0)):
        r = lines.max_row + 1
        lines.append([month, kind, quantity, f"=C{r}*'因子''s'!$E$2*'因子''s'!$E$3"])
    lines["F1"] = "=SUM(D2:D5)"  # (10 + 20 + 30 + 40) × 0.5 × 44/12 = 183.33…
    lines["F2"] = '=SUMIFS(D2:D5,B2:B5,"电力",A2:A5,2)'  # 40 × 0.5 × 44/12 = 73.33…
    lines["F3"] = '=SUMIFS(D2:D5,A2:A5,"全年")'  # 30 × 0.5 × 44/12 = 55
    lines["F4"] = "=IF(C6=0,ABS(-D2),ABS(D2)/C6)"  # C6 empty: counted as 0, the division never made
    lines["F5"] = '=IF(F1<=183,"一致","不一致")'
    lines["F6"] = '=COUNTIF(B2:B5,"电力")'
    lines["F7"] = "=-F3+-(2-3)*2"  # −55 + 2
    lines["F8"] = "=10-4-3+8/4/2"  # left to right: 3 + 1
    put_value(lines["G1"], "=1+1")  # a text of a submission that looks like a formula: text it stays
    return book


def test_every_formula_is_computed_by_hand() -> None:
    values = cached_values(_book())
    co2 = 0.5 * 44 / 12
    assert values["因子's"] == {"E3": pytest.approx(44 / 12)}
    lines = values["化石燃料"]
    assert [lines[f"D{r}"] for r in range(2, 6)] == pytest.approx([10 * co2, 20 * co2, 30 * co2, 40 * co2])
    assert lines["F1"] == pytest.approx(100 * co2)
    assert lines["F2"] == pytest.approx(40 * co2)
    assert lines["F3"] == pytest.approx(55.0)
    assert lines["F4"] == pytest.approx(10 * co2)
    assert lines["F5"] == "不一致"  # 183.33 > 183
    assert lines["F6"] == 3
    assert lines["F7"] == pytest.approx(-53.0)
    assert lines["F8"] == 4.0
    assert "G1" not in lines


def test_the_saved_workbook_reads_its_values_without_recalculation(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    save_with_values(_book(), path)
    stored = openpyxl.load_workbook(path, data_only=True)["化石燃料"]
    assert stored["F1"].value == pytest.approx(100 * 0.5 * 44 / 12) and stored["F5"].value == "不一致"
    assert stored["G1"].value == "=1+1"
    formulas = openpyxl.load_workbook(path)["化石燃料"]
    assert formulas["F1"].value == "=SUM(D2:D5)"  # still a live formula
    sheet = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("化石燃料").to_python()
    assert sheet[0][5] == pytest.approx(183.3333333) and sheet[1][3] == pytest.approx(10 * 0.5 * 44 / 12)


@pytest.mark.parametrize("formula", ["=VLOOKUP(A1,B1:C2,2)", "=1+", "=A1 & B1"])
def test_a_formula_outside_what_tanhe_writes_is_refused(formula: str) -> None:
    book = openpyxl.Workbook()
    book.active["A2"] = formula
    with pytest.raises(ValueError):
        cached_values(book)


def test_a_circular_reference_is_refused() -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "=B1+1"
    book.active["B1"] = "=A1"
    with pytest.raises(ValueError, match="circular"):
        cached_values(book)
