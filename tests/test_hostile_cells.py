"""Cells that lie: one rule for every number cell, whatever the rest of its column holds; sheets that hide.

Before: TRUE in a quantity read as 1 t; full-width digits parsed or not depending on the other cells
of the column; inf or 1e308 crashed the chart code and the 基本信息 check; a fuel sheet named
化石燃料(2) (Excel's name for a copy) gave fuel emissions 0 with a warning and exit 0.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from accounting import read_submission
from accounting.cli import main
from tests.conftest import Writer, fuel_row, located

COAL = dict(fuel="烟煤", unit="吨")


def _quantity_issues(workbook: Writer, *quantities: object) -> list[tuple[str, str, str]]:
    rows = [fuel_row(quantity=q, month=m, **COAL) for m, q in enumerate(quantities, start=1)]
    return located(read_submission(workbook(fuel=rows)).issues)


@pytest.mark.parametrize("others", [(), (100.0,), ("一百",)], ids=["alone", "beside-numbers", "beside-text"])
def test_full_width_digits_read_alike_whatever_the_column_holds(workbook: Writer, others: tuple[object, ...]) -> None:
    submission = read_submission(
        workbook(fuel=[fuel_row(quantity=q, month=m, **COAL) for m, q in enumerate(("１２０．５", *others), start=1)])
    )
    assert submission.tables["fuel"].data["quantity"].iloc[0] == 120.5


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "TRUE"),
        (False, "FALSE"),
        ("1,234", "1,234"),
        ("12 吨", "12 吨"),
        (dt.datetime(2025, 3, 1), "2025-03-01"),
    ],
)
def test_what_is_not_a_plain_number_is_an_error_at_its_cell(workbook: Writer, value: object, shown: str) -> None:
    rows = [fuel_row(quantity=100.0, month=1, **COAL), fuel_row(quantity=value, month=2, **COAL)]
    submission = read_submission(workbook(fuel=rows))
    assert located(submission.issues) == [("化石燃料", "D3", "not-a-number")]
    assert [i.value for i in submission.issues if i.code == "not-a-number"] == [shown]


@pytest.mark.parametrize("value", [1e308, -1e21, 1e20 * 1.0001])
def test_a_number_beyond_any_real_quantity_is_an_error(workbook: Writer, value: float) -> None:
    assert _quantity_issues(workbook, 100.0, value) == [("化石燃料", "D3", "number-out-of-range")]


def test_the_largest_real_quantity_still_reads(workbook: Writer) -> None:
    # 1e20 J is a sixth of the world's primary energy in a year: beyond it nothing is real, up to it it reads
    assert _quantity_issues(workbook, 1e20) == []


def _with_value(path: Path, cell: str, raw: bytes) -> Path:
    """The workbook with cell ``cell`` of the fuel sheet holding the saved value ``raw`` (as a program may write)."""
    out = path.with_name("patched-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":  # 化石燃料
                start = data.index(f'<c r="{cell}"'.encode())
                end = data.index(b"</c>", start) + 4
                data = data[:start] + f'<c r="{cell}" t="n"><v>'.encode() + raw + b"</v></c>" + data[end:]
            dst.writestr(item, data)
    return out


@pytest.mark.parametrize("raw", [b"inf", b"-inf", b"1e400"])
def test_an_infinite_saved_value_is_an_error_and_json_stays_strict(workbook: Writer, raw: bytes) -> None:
    path = _with_value(workbook(fuel=[fuel_row(quantity=100.0, month=m, **COAL) for m in (1, 2)]), "D3", raw)
    assert located(read_submission(path).issues) == [("化石燃料", "D3", "number-out-of-range")]
    done = CliRunner().invoke(main, ["validate", str(path), "--json"])
    assert done.exit_code == 1
    json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))


@pytest.mark.parametrize("year", [float("inf"), 1e308, True])
def test_a_year_that_is_no_year_is_refused_at_its_cell(workbook: Writer, year: object) -> None:
    if year == float("inf"):
        path = _info_value(workbook(fuel=[fuel_row(quantity=100.0, **COAL)]), b"inf")
    else:
        path = workbook(fuel=[fuel_row(quantity=100.0, **COAL)], info={"year": year})
    assert ("基本信息", "B7", "year-invalid") in located(read_submission(path).issues)


def _info_value(path: Path, raw: bytes) -> Path:
    """The year cell (B7 of 基本信息) holding the saved value ``raw``."""
    out = path.with_name("year-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # 基本信息
                start = data.index(b'<c r="B7"')
                end = data.index(b"</c>", start) + 4
                data = data[:start] + b'<c r="B7" t="n"><v>' + raw + b"</v></c>" + data[end:]
            dst.writestr(item, data)
    return out


def test_a_percent_formatted_cell_is_read_as_the_percentage_shown(workbook: Writer) -> None:
    from openpyxl import load_workbook

    rows = [
        fuel_row(quantity=100.0, month=m, oxidation=v, **COAL) for m, v in ((1, 0.98), (2, 98), (3, 96.5), (4, 0.5))
    ]
    path = workbook(fuel=rows)
    book = load_workbook(path)
    sheet = book["化石燃料"]
    sheet["J2"].number_format = "0%"  # 0.98 shown as 98 %
    sheet["J3"].number_format = '0.0"%"'  # a literal % sign: 98 shown as 98.0%, no scaling
    sheet["J5"].number_format = "0.00%"  # 0.5 shown as 50.00 %
    book.save(path)
    submission = read_submission(path)
    assert submission.tables["fuel"].data["oxidation"].tolist() == [98.0, 98.0, 96.5, 50.0]
    assert [i for i in located(submission.issues) if i[2].startswith("percent")] == []


def test_json_is_strict_whatever_a_number_became() -> None:
    from accounting import strict_json

    text = strict_json({"a": float("inf"), "b": [float("nan"), 1.5], "c": {"d": -float("inf")}, "e": "无穷"})
    assert json.loads(text) == {"a": None, "b": [None, 1.5], "c": {"d": None}, "e": "无穷"}


def test_a_text_cell_longer_than_any_name_is_an_error_at_its_cell(workbook: Writer) -> None:
    # 200 characters read; 201 do not (a 5 000-letter word took the PDF 8 s to lay out, more grows as its square)
    rows = [
        fuel_row(quantity=1.0, month=1, source="炉" * 200, **COAL),
        fuel_row(quantity=1.0, month=2, source="炉" * 201, **COAL),
    ]
    submission = read_submission(workbook(fuel=rows))
    assert [i for i in located(submission.issues) if i[2] == "text-too-long"] == [("化石燃料", "A3", "text-too-long")]
    (issue,) = [i for i in submission.issues if i.code == "text-too-long"]
    assert issue.value == "炉" * 60 + "…" and issue.expected == "200"


def test_an_issue_list_keeps_its_bound_and_says_how_many_it_left_out(workbook: Writer, monkeypatch) -> None:
    from accounting import issues, validate

    monkeypatch.setattr(issues, "MAX_ISSUES", 10)
    # 5 rows of a wrong fuel, month and quantity: 15 issues from reading, and 4 row-duplicate from checking
    rows = [fuel_row("烟媒", "很多", "吨", 13) for _ in range(5)]
    report = validate(read_submission(workbook(fuel=rows)))
    assert len(report.issues) == 11
    (summary,) = [i for i in report.issues if i.code == "issues-truncated"]
    assert summary.value == 9 and summary.expected == "10" and summary.severity == "error"
    assert "另有 9 个未列出" in summary.message()


def test_the_statistics_workbook_reads_numbers_by_the_same_rule(tmp_path: Path) -> None:
    from accounting import InvalidSubmission
    from accounting.statistics import DATA, statistics_rows, write_statistics

    path = write_statistics(
        tmp_path / "统计.xlsx",
        {
            DATA: [
                ("青海省", "", 2020, "地区生产总值（不变价）", "３００６", "亿元", ""),  # full-width: 3006
                ("青海省", "", 2021, "地区生产总值（不变价）", True, "亿元", ""),
                ("青海省", "", 2022, "地区生产总值（不变价）", 1e308, "亿元", ""),
            ]
        },
    )
    with pytest.raises(InvalidSubmission) as info:
        statistics_rows(path)
    found = {(i.code, i.cell, str(i.value)) for i in info.value.report.issues}
    assert found == {("not-a-number", "E3", "TRUE"), ("number-out-of-range", "E4", "1e+308")}
