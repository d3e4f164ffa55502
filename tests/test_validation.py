"""Validation: the corpus of tests/data/bad/ (one workbook per issue code), many mistakes at once,
unreadable input, resource limits, and the report as the CLI gives it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from accounting import CATALOGUE, Options, read_submission, validate, write_template
from accounting.cli import main
from accounting.errors import InvalidSubmission

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))
UNREADABLE = sorted((BAD / "unreadable").glob("*.xlsx"))


def found(path: Path, options: Options | None = None) -> list[tuple[str, str, str]]:
    report = validate(read_submission(path), options=options)
    return sorted((i.sheet, i.cell, i.code) for i in report.issues)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_workbook_gives_exactly_its_issues(case: str) -> None:
    assert found(BAD / f"{case}.xlsx") == sorted(tuple(t) for t in EXPECTED[case])


# codes a submission workbook alone cannot raise, each with the test that raises it
STATISTICS_ONLY = {
    "indicator-unknown",  # the statistics workbook's: tests/test_store.py
    "market-factor-missing",  # a factor set without market-based factors: tests/test_energy_flows.py
    # a monthly deposit's, a grid export's, the store's reconciliation, a verification's: tests/test_chain.py
    "deposit-month-invalid",
    "deposit-month-mismatch",
    "evidence-missing",
    "evidence-rows-invalid",
    "grid-mixed",
    "deposit-mismatch",
    "deposit-line-absent",
    "finding-unknown",
    "verified-value-missing",
    "verification-row-unknown",
    "date-invalid",
    "registry-duplicate",  # a registry export's: tests/test_market.py
    "year-mixed",  # a budget workbook's: tests/test_budget.py
    "cell-not-applicable",  # an energy balance's: tests/test_inventory.py
    "issues-truncated",  # past 100 000 issues (a 25 000-row workbook): tests/test_hostile_cells.py, at a lowered bound
}


def test_corpus_has_a_workbook_for_every_issue_code() -> None:
    assert set(CATALOGUE) - STATISTICS_ONLY <= set(EXPECTED)
    assert {p.stem for p in BAD.glob("*.xlsx")} == set(EXPECTED)
    for code in set(CATALOGUE) - STATISTICS_ONLY:  # the case named after a code produces that code
        assert code in {t[2] for t in EXPECTED[code]}


@pytest.mark.parametrize("path", UNREADABLE, ids=[p.stem for p in UNREADABLE])
@pytest.mark.parametrize("command", ["validate", "calc"])
def test_unreadable_file_is_one_line_and_exit_2(path: Path, command: str) -> None:
    done = subprocess.run([sys.executable, "-m", "accounting", command, str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert path.name in done.stderr


def test_huge_sheet_is_refused_before_it_is_loaded() -> None:
    done = CliRunner().invoke(main, ["validate", str(BAD / "unreadable" / "huge-sheet.xlsx")])
    assert done.exit_code == 2
    assert "工作表范围过大" in done.stderr and "1048576 行 × 16384 列" in done.stderr


@pytest.mark.parametrize(
    "row",
    [b'<row r="99999999"><c r="A99999999"><v>1</v></c></row>', b'<row r="2000000"><c r="AZ2000000"><v>1</v></c></row>'],
)
def test_a_far_cell_before_the_others_is_refused(tmp_path: Path, row: bytes) -> None:
    # rows out of order: the far one first, so the last rows of the sheet do not show it
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(BAD / "valid.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + row)
            dst.writestr(item, data)
    done = CliRunner().invoke(main, ["calc", str(path)])
    assert done.exit_code == 2 and "工作表范围过大" in done.stderr


def test_a_part_inflating_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accounting import ooxml

    monkeypatch.setattr(ooxml, "MAX_INFLATED", 1_000_000)
    bomb = tmp_path / "bomb.xlsx"
    good = (BAD / "valid.xlsx").read_bytes()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(BAD / "valid.xlsx") as src:
            for item in src.infolist():
                z.writestr(item.filename, src.read(item.filename))
        z.writestr("xl/media/padding.bin", b"\0" * 2_000_000)  # 2 MB of zeros deflate to ~2 kB
    assert bomb.stat().st_size < len(good) + 10_000
    done = CliRunner().invoke(main, ["calc", str(bomb)])
    assert done.exit_code == 2 and "解压后过大" in done.stderr


def test_a_file_beyond_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from accounting import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    done = CliRunner().invoke(main, ["validate", str(BAD / "valid.xlsx")])
    assert done.exit_code == 2 and "文件过大" in done.stderr


INFO = {
    "uscc": "91630100MA7QH0001G",
    "name": "多处错误样例",
    "province": "青海省",
    "city": "西宁市",
    "region_code": "630100",
    "sector": "其他",
    "year": 2025,
}


def test_many_planted_mistakes_are_all_reported_in_one_run(tmp_path: Path) -> None:
    coal = [["锅炉", "烟煤", m, 100, "吨", None, None, None, None, None, "燃料"] for m in range(1, 13)]
    coal[2][3] = "一百"  # D4: not a number
    coal[5][9] = 0.97  # J7: oxidation as a fraction
    coal[8][2] = "十三月"  # C10: not a month (so September goes missing)
    coal.append(["锅炉", "烟煤", 1, 100, "吨", None, None, None, None, None, "燃料"])  # row 14: duplicate of row 2
    coal.append(["窑炉", "柴油", "全年", -3, "t", None, None, None, None, None, "燃料"])  # D15: negative
    coal.append(["窑炉", "天然汽", "全年", 2, "万Nm3", None, None, None, None, None, "燃料"])  # B16: unknown fuel
    energy = [["购入电力", m, 50, "MWh", None, None] for m in range(1, 13)]
    energy[3][3] = "吨"  # D5: electricity in tonnes
    energy.append(["外购电力", "全年", 10, "MWh", None, None])  # A14: unknown type
    production = [["产品A", m, 200, "吨"] for m in range(1, 13)]
    production[9][2] = 2000  # C11: October ×10, then November ×0.1
    path = write_template(
        tmp_path / "many.xlsx",
        "other",
        dict(INFO, region_code="620100", year="2025年"),
        {"fuel": coal, "energy": energy, "production": production},
    )
    assert found(path) == sorted(
        [
            ("基本信息", "B6", "region-code-invalid"),  # 62 is 甘肃, not 青海
            ("基本信息", "B8", "year-invalid"),
            ("化石燃料", "D4", "not-a-number"),
            ("化石燃料", "J7", "percent-as-fraction"),
            ("化石燃料", "C10", "month-invalid"),
            ("化石燃料", "B2", "months-missing"),
            ("化石燃料", "B14", "row-duplicate"),
            ("化石燃料", "D15", "negative-quantity"),
            ("化石燃料", "B16", "fuel-unknown"),
            ("电力热力", "D5", "unit-mismatch"),
            ("电力热力", "A14", "energy-type-unknown"),
            ("产品产量", "C11", "month-jump"),
            ("产品产量", "C12", "month-jump"),
        ]
    )


def test_jump_factor_is_an_option() -> None:
    path = BAD / "month-jump.xlsx"  # June is 4 times May
    assert ("化石燃料", "D7", "month-jump") in found(path)
    assert found(path, Options(jump_factor=5.0)) == []


def test_issues_are_ordered_by_sheet_then_row() -> None:
    report = validate(read_submission(BAD / "production-without-energy.xlsx"))
    assert [(i.sheet, i.cell) for i in report.issues] == [("化石燃料", "B2"), ("电力热力", "A2"), ("产品产量", "C6")]


def test_formula_cell_is_named_not_called_blank() -> None:
    report = validate(read_submission(BAD / "formula-no-value.xlsx"))
    (issue,) = report.issues
    assert issue.value == "=50*2" and issue.severity == "error"


def test_validate_cli_exit_codes_and_json() -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(BAD / "valid.xlsx")])
    assert ok.exit_code == 0 and "0 个错误，0 个警告" in ok.output
    warned = runner.invoke(main, ["validate", str(BAD / "months-missing.xlsx")])
    assert warned.exit_code == 0 and "1 个警告" in warned.output
    bad = runner.invoke(main, ["validate", str(BAD / "percent-over-100.xlsx"), "--json", "--lang", "en"])
    assert bad.exit_code == 1
    report = json.loads(bad.stdout)
    assert report["valid"] is False and report["errors"] == 1
    assert report["issues"] == [
        {
            "code": "percent-over-100",
            "severity": "error",
            "sheet": "化石燃料",
            "cell": "J14",
            "value": "120",
            "expected": "",
            "message": "Percentage '120' exceeds 100",
        }
    ]


def test_calc_refuses_errors_and_carries_warnings(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(main, ["calc", str(BAD / "negative-quantity.xlsx"), "--json"])
    assert refused.exit_code == 1
    assert [(i["cell"], i["code"]) for i in json.loads(refused.stdout)["issues"]] == [("D5", "negative-quantity")]
    warned = runner.invoke(main, ["calc", str(BAD / "month-jump.xlsx"), "--json"])
    assert warned.exit_code == 0
    result = json.loads(warned.stdout)
    assert [(i["cell"], i["code"]) for i in result["issues"]] == [("D7", "month-jump"), ("D8", "month-jump")]


def test_annotated_copy_marks_each_flagged_cell(tmp_path: Path) -> None:
    source = BAD / "month-invalid.xlsx"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "批注.xlsx"
    done = CliRunner().invoke(main, ["validate", str(source), "--annotate", str(out)])
    assert done.exit_code == 1
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    book = load_workbook(out)
    assert book.sheetnames[0] == "校验结果"
    fuel = book["化石燃料"]
    assert fuel["C5"].fill.fgColor.rgb.endswith("F8CBAD")  # error: red
    assert "month-invalid" in fuel["C5"].comment.text and "应为 1–12" in fuel["C5"].comment.text
    assert fuel["B2"].fill.fgColor.rgb.endswith("FFE699")  # warning: amber
    assert fuel["D5"].comment is None
    summary = [[c.value for c in row] for row in book["校验结果"].iter_rows(min_row=3)]
    assert [(r[1], r[2], r[4]) for r in summary] == [
        ("化石燃料", "B2", "months-missing"),
        ("化石燃料", "C5", "month-invalid"),
    ]
    assert (
        book["校验结果"]["C4"].hyperlink.location == "'化石燃料'!C5"
        or book["校验结果"]["C4"].hyperlink.target == "#'化石燃料'!C5"
    )


def test_an_annotated_copy_corrected_validates_and_annotates_afresh(tmp_path: Path) -> None:
    # month-invalid.xlsx: C5 is not a month (an error), so B2's fuel misses a month (a warning)
    first = tmp_path / "批注.xlsx"
    CliRunner().invoke(main, ["validate", str(BAD / "month-invalid.xlsx"), "--annotate", str(first)])
    # the copy reads as the submission did: 校验结果 is tanhe's own sheet, not an extra one
    assert found(first) == found(BAD / "month-invalid.xlsx")
    # the user corrects C5 (April) in the copy, which also completes B2's months, and annotates again:
    # neither cell is marked any more; a fill of the user's own stays
    book = load_workbook(first)
    assert book["化石燃料"]["C5"].comment is not None and book["化石燃料"]["B2"].comment is not None
    book["化石燃料"]["C5"] = 4
    book["化石燃料"]["A3"].fill = PatternFill("solid", fgColor="FFE699")  # the user's, without a comment
    book.save(tmp_path / "corrected.xlsx")
    second = tmp_path / "批注2.xlsx"
    done = CliRunner().invoke(main, ["validate", str(tmp_path / "corrected.xlsx"), "--annotate", str(second)])
    assert done.exit_code == 0
    book = load_workbook(second)
    assert book.sheetnames.count("校验结果") == 1 and book.sheetnames[0] == "校验结果"
    fuel = book["化石燃料"]
    for cell in ("C5", "B2"):
        assert fuel[cell].comment is None and fuel[cell].fill.fill_type is None
    assert fuel["A3"].fill.fgColor.rgb.endswith("FFE699")
    assert [[c.value for c in row] for row in book["校验结果"].iter_rows(min_row=3)] == []


def test_annotate_never_overwrites_the_submission(tmp_path: Path) -> None:
    copy = tmp_path / "s.xlsx"
    copy.write_bytes((BAD / "valid.xlsx").read_bytes())
    done = CliRunner().invoke(main, ["validate", str(copy), "--annotate", str(copy)])
    assert done.exit_code == 2 and "不能覆盖" in done.stderr
    assert copy.read_bytes() == (BAD / "valid.xlsx").read_bytes()


def test_every_catalogue_message_formats_in_both_languages() -> None:
    from accounting import Issue

    for code in CATALOGUE:
        issue = Issue(code, "化石燃料", "A1", "x", "y")
        zh, en = issue.message("zh"), issue.message("en")
        assert "{" not in zh + en and zh != en


def test_counts_read_right_in_both_languages() -> None:
    from accounting import Issue, ValidationReport

    one = ValidationReport("f.xlsx", (Issue("not-a-number", "化石燃料", "D5", "x"),))
    assert one.counts("en") == "1 error, 0 warnings" and one.counts("zh") == "1 个错误，0 个警告"
    two = ValidationReport(
        "f.xlsx", (*one.issues, Issue("not-a-number", "化石燃料", "D6", "y"), Issue("months-missing", "化石燃料", "B2"))
    )
    assert two.counts("en") == "2 errors, 1 warning"
    done = CliRunner().invoke(main, ["validate", str(BAD / "not-a-number.xlsx"), "--lang", "en"])
    assert (
        done.output.strip()
        .splitlines()[-1]
        .endswith("not-a-number.xlsx: 1 error, 0 warnings; please correct and resubmit")
    )


def test_month_issues_name_their_item_as_the_sheet_writes_it(compute) -> None:
    from tests.conftest import fuel_row

    # 烟煤 of 锅炉 January–November: December missing; 柴油 for feedstock given for January and for 全年
    fuel = [fuel_row("烟煤", 100, "t", m) for m in range(1, 12)]
    fuel += [fuel_row("柴油", 1, "t", 1, use="原料"), fuel_row("柴油", 1, "t", "全年", use="原料")]
    with pytest.raises(InvalidSubmission) as caught:
        compute(fuel=fuel)
    named = [(i.code, i.cell, i.value, i.expected) for i in caught.value.report.issues if i.sheet == "化石燃料"]
    assert named == [
        ("months-missing", "B2", "锅炉 / 烟煤", "12"),
        ("months-missing", "B13", "锅炉 / 柴油 / 原料", "2、3、4、5、6、7、8、9、10、11、12"),
        ("month-annual-mixed", "C14", "锅炉 / 柴油 / 原料", ""),
    ]


def test_validate_takes_the_method_and_factor_library_calculate_takes(workbook: Any, tmp_path: Path) -> None:
    import shutil

    from accounting import load_library
    from accounting.factors import default_root, read_table
    from tests.conftest import fuel_row

    # a power plant's unmeasured coal in 2024: the 发电设施 method takes the guideline's high default
    # (carbon-high-default); the provincial method the 2015 table, silently
    path = workbook(info={"sector": "发电", "year": 2024}, fuel=[fuel_row("烟煤", 1000, "t", ncv=20, ncv_unit="GJ/t")])
    submission = read_submission(path)
    default = validate(submission)
    assert default.file == str(path)
    assert "carbon-high-default" in {i.code for i in default.issues}
    assert "carbon-high-default" not in {i.code for i in validate(submission, method="provincial").issues}
    # a factor library without 烟煤: the same workbook names an unknown fuel
    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    for folder in ("fuel-2015", "fuel-power"):
        table = read_table(root / folder / "values.csv")
        if "fuel" in table:
            table[table.fuel != "烟煤"].to_csv(root / folder / "values.csv", index=False)
    report = validate(submission, method="provincial", library=load_library(root=root))
    assert ("化石燃料", "B2", "fuel-unknown") in {(i.sheet, i.cell, i.code) for i in report.issues}


def test_rows_told_apart_however_many_distinct_values_their_columns_hold(tmp_path: Path) -> None:
    """Whole-row duplicates are found by one integer per row built from the columns' codes. Here eight
    columns after 排放设施 each hold 255 distinct values (codes 1–255, a width of 2**8 each), so the
    product of the widths after 排放设施 is a multiple of 2**64: were the integer let overflow, rows 2
    and 257, which differ only in 排放设施, would wrap to the same number and one be called a copy of
    the other. Row 258 copies row 3 and is the one duplicate."""
    rows = [
        [f"设施{i}", "烟煤", 1, 100 + i, "t", 20 + i / 100, "GJ/t", 0.026 + i / 1e5, 50 + i / 10, 80 + i / 20,
         f"用途{i}", "收到基", 5 + i / 100, 1 + i / 1000]
        for i in range(255)
    ]  # fmt: skip
    rows.append(["设施X", *rows[0][1:]])  # row 257: row 2 in another source
    rows.append(list(rows[1]))  # row 258: row 3 again
    path = write_template(tmp_path / "wide.xlsx", "other", dict(INFO, year="2025"), {"fuel": rows})
    report = validate(read_submission(path))
    assert [(i.cell, i.expected) for i in report.issues if i.code == "row-duplicate"] == [("B258", "3")]


def test_process_units_are_checked_against_each_parameter(tmp_path: Path) -> None:
    """A parameter's unit converts to the one the sector's list gives it (熟料中CaO含量 in %, 窑头粉尘量 in
    t): kg of dust is fine, t of CaO is not, 吨吨 is no unit; a row without its process is the reader's to
    report and the rows after it are still checked."""
    rows = [
        ["", "熟料中CaO含量", "全年", 65, "%"],
        ["熟料煅烧", "熟料中CaO含量", "全年", 65, "t"],
        ["熟料煅烧", "熟料中MgO含量", "全年", 2, "吨吨"],
        ["熟料煅烧", "窑头粉尘量", "全年", 5000, "kg"],
        ["熟料煅烧x", "熟料中MgO含量", "全年", 2, "%"],
    ]
    path = write_template(
        tmp_path / "units.xlsx", "cement", dict(INFO, sector="水泥熟料", year="2025"), {"process": rows}
    )
    report = validate(read_submission(path))
    checked = {"value-missing", "process-unknown", "unit-mismatch", "unit-unknown"}
    found = [(i.code, i.cell, i.value, i.expected) for i in report.issues if i.code in checked]
    processes = "熟料煅烧、生料法、生料中非燃料碳、非碳酸盐替代原料"  # sector_items.toml, [cement]
    assert found == [
        ("value-missing", "A2", "", ""),
        ("unit-mismatch", "E3", "t", "%"),
        ("unit-unknown", "E4", "吨吨", "%"),
        ("process-unknown", "A6", "熟料煅烧x", f"（{processes}），是否为「熟料煅烧」？"),
    ]


def test_a_negative_quantity_is_shown_as_entered(tmp_path: Path) -> None:
    rows = [["锅炉", "烟煤", 1, -3, "t"], ["锅炉", "烟煤", 2, -0.25, "t"], ["锅炉", "烟煤", 3, -1.5e-7, "t"]]
    path = write_template(tmp_path / "neg.xlsx", "other", dict(INFO, year="2025"), {"fuel": rows})
    report = validate(read_submission(path))
    negative = [(i.cell, i.value) for i in report.issues if i.code == "negative-quantity"]
    assert negative == [("D2", "-3"), ("D3", "-0.25"), ("D4", "-1.5e-07")]


def test_an_item_twice_in_a_month_is_repeated_except_for_meters(tmp_path: Path) -> None:
    """Two rows of one fuel, source and use in one month are a slip (row-repeated, naming the first);
    two rows of 购入电力 in one month are two meters, and the same product twice is a slip again."""
    fuel = [["锅炉", "烟煤", 1, 100, "t"], ["锅炉", "烟煤", 1, 120, "t"], ["窑炉", "烟煤", 1, 120, "t"]]
    energy = [["购入电力", 1, 50, "MWh"], ["购入电力", 1, 70, "MWh"]]
    production = [["产品A", 1, 200, "t"], ["产品A", 1, 210, "t"]]
    path = write_template(
        tmp_path / "twice.xlsx",
        "other",
        dict(INFO, year="2025"),
        {"fuel": fuel, "energy": energy, "production": production},
    )
    report = validate(read_submission(path))
    repeated = [(i.sheet, i.cell, i.value, i.expected) for i in report.issues if i.code == "row-repeated"]
    assert repeated == [
        ("化石燃料", "C3", "排放设施、燃料品种、用途和月份", "2"),
        ("产品产量", "B3", "产品和月份", "2"),
    ]


def test_month_jumps_compare_each_month_with_the_last_in_the_items_first_unit(tmp_path: Path) -> None:
    """烟煤 in 锅炉 by month: 25 t; 100 000 kg (= 100 t: × 4.00, a jump); 300 t (× 3.00, not beyond 3); 0 t and
    then 50 t (a zero month is no base); 200 t (× 4.00); 50 t (× 0.25); 150 t (× 3.00 again). 柴油 in the
    same boiler, a second item: 10 t, then 50 t (× 5.00), on its own row."""
    months = [(1, 25, "t"), (2, 100000, "kg"), (3, 300, "t"), (4, 0, "t"), (5, 50, "t"), (6, 200, "t"), (7, 50, "t")]
    months += [(8, 150, "t")]
    rows = [["锅炉", "烟煤", m, q, u] for m, q, u in months]
    rows += [["锅炉", "柴油", 1, 10, "t"], ["锅炉", "柴油", 2, 50, "t"]]
    path = write_template(tmp_path / "jumps.xlsx", "other", dict(INFO, year="2025"), {"fuel": rows})
    report = validate(read_submission(path))
    jumps = [(i.cell, i.value, i.expected) for i in report.issues if i.code == "month-jump"]
    assert jumps == [("D3", "4.00", "3"), ("D7", "4.00", "3"), ("D8", "0.25", "3"), ("D11", "5.00", "3")]
    assert next(i.message("en") for i in report.issues if i.code == "month-jump") == (
        "Changed by a factor of 4.00 from the previous month, beyond the check factor 3; please verify"
    )


def test_production_and_energy_month_by_month(tmp_path: Path) -> None:
    """Energy used in a month is fuel or purchased energy above zero: exported electricity and a zero row
    are not. November produces on exports and a zero fuel row alone (production without energy, at its
    output); December uses purchased electricity and produces nothing (energy without production, at the
    first row of energy used that month, the 电力热力 one: December's fuel row is zero)."""
    fuel = [["锅炉", "烟煤", m, 100 if m <= 10 else 0, "t"] for m in range(1, 13)]
    energy = [["购入电力", m, 50, "MWh"] for m in range(1, 11)]
    energy += [["输出电力", 11, 10, "MWh"], ["购入电力", 12, 50, "MWh"]]
    production = [["产品A", m, 200, "t"] for m in range(1, 12)]
    tables = {"fuel": fuel, "energy": energy, "production": production}
    path = write_template(tmp_path / "months.xlsx", "other", dict(INFO, year="2025"), tables)
    report = validate(read_submission(path))
    codes = {"production-without-energy", "energy-without-production"}
    assert [(i.code, i.sheet, i.cell, i.value) for i in report.issues if i.code in codes] == [
        ("energy-without-production", "电力热力", "C13", "12 月"),
        ("production-without-energy", "产品产量", "C12", "11 月"),
    ]


def test_energy_for_the_whole_year_covers_every_month_of_production(tmp_path: Path) -> None:
    """Fuel reported for the whole year only, purchased electricity for January to June: production in
    every month has energy (the year's fuel row), whichever table comes last."""
    fuel = [["锅炉", "烟煤", "全年", 1200, "t"]]
    energy = [["购入电力", m, 50, "MWh"] for m in range(1, 7)]
    production = [["产品A", m, 200, "t"] for m in range(1, 13)]
    tables = {"fuel": fuel, "energy": energy, "production": production}
    path = write_template(tmp_path / "annual.xlsx", "other", dict(INFO, year="2025"), tables)
    codes = {"production-without-energy", "energy-without-production"}
    assert [i for i in validate(read_submission(path)).issues if i.code in codes] == []


def test_months_missing_and_a_year_beside_months(tmp_path: Path) -> None:
    """烟煤 lacks January and May (both named), 焦炭 January alone; 柴油 has a whole-year row beside March
    (counted twice, flagged at the year's row, and its other months missing); a content given for the
    year and for a month is a rate, neither mixed nor missing months."""
    fuel = [["锅炉", "烟煤", m, 100, "t"] for m in range(2, 13) if m != 5]
    fuel += [["锅炉", "柴油", "全年", 12, "t"], ["锅炉", "柴油", 3, 1, "t"]]
    fuel += [["窑", "焦炭", m, 10, "t"] for m in range(2, 13)]
    process = [["熟料煅烧", "熟料中CaO含量", "全年", 65, "%"], ["熟料煅烧", "熟料中CaO含量", 3, 64, "%"]]
    production = [["熟料", "全年", 1000, "t"]]
    tables = {"fuel": fuel, "process": process, "production": production}
    info = dict(INFO, sector="水泥熟料", year="2025")
    path = write_template(tmp_path / "months.xlsx", "cement", info, tables)
    report = validate(read_submission(path))
    codes = {"months-missing", "month-annual-mixed"}
    assert [(i.code, i.sheet, i.cell, i.value, i.expected) for i in report.issues if i.code in codes] == [
        ("months-missing", "化石燃料", "B2", "锅炉 / 烟煤", "1、5"),
        ("months-missing", "化石燃料", "B12", "锅炉 / 柴油", "1、2、4、5、6、7、8、9、10、11、12"),
        ("month-annual-mixed", "化石燃料", "C12", "锅炉 / 柴油", ""),
        ("months-missing", "化石燃料", "B14", "窑 / 焦炭", "1"),
    ]


def test_production_and_energy_for_the_year(tmp_path: Path) -> None:
    """The year as a whole: energy and no production (none entered, or all of it zero) is one warning on
    the production sheet; production and no energy is one at the first output; production given for the
    year covers every month of energy (beside another product's December); production in December
    alone, with energy in every month, warns for January to November."""
    codes = {"production-without-energy", "energy-without-production"}

    def found(name: str, tables: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
        path = write_template(tmp_path / f"{name}.xlsx", "other", dict(INFO, year="2025"), tables)
        issues = validate(read_submission(path)).issues
        return [(i.code, i.sheet, i.cell, i.value) for i in issues if i.code in codes]

    fuel = [["锅炉", "烟煤", m, 100, "t"] for m in range(1, 13)]
    assert found("none", {"fuel": fuel}) == [("energy-without-production", "产品产量", "", "本年度")]
    zero = [["产品A", m, 0, "t"] for m in range(1, 13)]
    assert found("zero", {"fuel": fuel, "production": zero}) == [
        ("energy-without-production", "产品产量", "", "本年度")
    ]
    output = [["产品A", m, 0 if m < 3 else 200, "t"] for m in range(1, 13)]
    assert found("no-energy", {"production": output}) == [("production-without-energy", "产品产量", "C4", "本年度")]
    year = [["产品A", "全年", 2000, "t"], ["产品B", 12, 400, "t"]]
    assert found("year", {"fuel": fuel, "production": year}) == []
    december = [["产品A", 12, 2400, "t"]]
    assert found("december", {"fuel": fuel, "production": december}) == [
        ("energy-without-production", "化石燃料", f"D{m + 1}", f"{m} 月") for m in range(1, 12)
    ]


def test_an_unknown_unit_is_told_the_offered_spelling_of_the_same_size(tmp_path: Path) -> None:
    """万kWh is 10 MWh, spelled 万千瓦时 in the template; 万MWh has no offered spelling of its size and is
    told none (never one of another size); Mwh is spelled like MWh; 吨吨 like 吨."""
    energy = [["购入电力", 1, 41.2, "万kWh"], ["购入电力", 2, 1, "万MWh"], ["购入电力", 3, 412, "Mwh"]]
    fuel = [["锅炉", "烟煤", 1, 100, "吨吨"]]
    path = write_template(tmp_path / "units.xlsx", "other", dict(INFO, year="2025"), {"fuel": fuel, "energy": energy})
    report = validate(read_submission(path))
    unknown = [i for i in report.issues if i.code == "unit-unknown"]
    assert [(i.cell, i.expected) for i in unknown] == [
        ("E2", "t，是否为「吨」？"),
        ("D2", "MWh，是否为「万千瓦时」？"),
        ("D3", "MWh"),
        ("D4", "MWh，是否为「MWh」？"),
    ]
    assert unknown[1].message() == "单位「万kWh」无法识别，应可换算为 MWh，是否为「万千瓦时」？"
    assert unknown[1].message("en") == (
        "Unit '万kWh' is not recognised; expected a unit convertible to MWh, did you mean '万千瓦时'?"
    )


def test_fractions_count_and_zeros_do_not(tmp_path: Path) -> None:
    """Half a tonne is a quantity like any other: fuel of 5, 0.5 and 5 t jumps twice (× 0.10, × 10.00);
    February's 0.5 t of fuel is energy used in a month without output. A zero is nothing: February's
    output of 0 t is no production, June's purchased electricity of 0 MWh no energy (June's 0.5 t of
    output has none)."""
    fuel = [["锅炉", "烟煤", m, q, "t"] for m, q in ((1, 5), (2, 0.5), (3, 5))]
    energy = [["购入电力", 1, 0.5, "MWh"], ["购入电力", 6, 0, "MWh"]]
    production = [["产品A", m, q, "t"] for m, q in ((1, 0.5), (2, 0), (3, 0.5), (6, 0.5))]
    tables = {"fuel": fuel, "energy": energy, "production": production}
    path = write_template(tmp_path / "fractions.xlsx", "other", dict(INFO, year="2025"), tables)
    report = validate(read_submission(path))
    codes = {"month-jump", "production-without-energy", "energy-without-production"}
    assert [(i.code, i.sheet, i.cell, i.value) for i in report.issues if i.code in codes] == [
        ("month-jump", "化石燃料", "D3", "0.10"),
        ("energy-without-production", "化石燃料", "D3", "2 月"),
        ("month-jump", "化石燃料", "D4", "10.00"),
        ("production-without-energy", "产品产量", "C5", "6 月"),
    ]


def test_a_refused_submission_keeps_its_factor_warnings_and_names_its_file(tmp_path: Path) -> None:
    """An error in a table (not in 基本信息) leaves the year and method as given: the warning that 青海's
    2025 grid factor is not yet published stays among the issues, first (no sheet), and the refusal
    names the file; the GWP factors are cited as secondary (from the IPCC reports, not a Chinese
    primary text)."""
    from accounting import calculate

    rows = [["锅炉", "烟煤", m, 100 if m != 3 else "一百", "t"] for m in range(1, 13)]  # an error the reader finds
    energy = [["购入电力", m, 50, "MWh"] for m in range(1, 13)]
    path = write_template(tmp_path / "refused.xlsx", "other", dict(INFO, year="2025"), {"fuel": rows, "energy": energy})
    with pytest.raises(InvalidSubmission) as caught:
        calculate(read_submission(path))
    assert caught.value.file == str(path) and caught.value.report.file == str(path)
    codes = [i.code for i in caught.value.report.issues]
    assert codes[0] == "factor-year-substituted" and "not-a-number" in codes
    good = write_template(tmp_path / "good.xlsx", "other", dict(INFO, year="2025"), {"energy": energy})
    gwp = [c for c in calculate(read_submission(good)).citations if c.factor_set == "gwp"]
    assert [(c.key, c.confidence) for c in gwp] == [("SAR/CO2", "secondary")]


def test_a_measured_oxidation_rate_at_the_edges_of_what_it_may_be(tmp_path: Path) -> None:
    """碳氧化率 in %: 0 is not positive; 1 and 0.5 look like fractions; 100 is whole combustion and
    100.5 more than all; 80 is the lowest usual rate (limits.toml min_oxidation) and 79.5 below it."""
    rates = [0, 1, 100, 100.5, 80, 79.5, 0.5]
    rows = [["锅炉", "烟煤", m, 100, "t", 20, "GJ/t", None, None, rate] for m, rate in enumerate(rates, start=1)]
    path = write_template(tmp_path / "oxidation.xlsx", "other", dict(INFO, year="2025"), {"fuel": rows})
    codes = {"value-not-positive", "percent-as-fraction", "percent-over-100", "parameter-implausible"}
    found = [(i.code, i.cell, i.value, i.expected) for i in validate(read_submission(path)).issues if i.code in codes]
    assert found == [
        ("value-not-positive", "J2", "0", "碳氧化率"),
        ("percent-as-fraction", "J3", "1", ""),
        ("percent-over-100", "J5", "100.5", ""),
        ("parameter-implausible", "J7", "79.5", "80–100 %"),
        ("percent-as-fraction", "J8", "0.5", ""),
    ]
