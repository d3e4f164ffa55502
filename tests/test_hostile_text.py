"""Text from outside written by tanhe: never a live formula, never a character the writer refuses.

Before: the annotated copy wrote sheet names and the file name into 校验结果 as formulas (a sheet
named =1+1 computed 2); the public write_template wrote 基本信息 values unguarded; a control
character in the enterprise's name crashed the Excel writer.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from accounting import calculate, read_submission, render_report, write_template
from accounting.cli import main
from tests.conftest import Writer, fuel_row

BAD = Path(__file__).parent / "data" / "bad"


def _formulas(path: Path) -> list[str]:
    book = load_workbook(path)
    return [f"{s.title}!{c.coordinate}" for s in book for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_the_annotated_copy_writes_hostile_sheet_and_file_names_as_text(tmp_path: Path) -> None:
    source = tmp_path / "=HYPERLINK(1).xlsx"
    book = load_workbook(BAD / "valid.xlsx")
    book.create_sheet("=1+1").append(["随便写点什么"])  # an extra sheet: a warning naming it
    book.save(source)
    out = tmp_path / "annotated.xlsx"
    done = CliRunner().invoke(main, ["validate", str(source), "--annotate", str(out)])
    assert done.exit_code == 0, done.output
    summary = load_workbook(out)["校验结果"]
    assert summary["A1"].data_type == "s" and summary["A1"].value.startswith(str(source))
    assert [(c.value, c.data_type) for c in summary["B"] if c.value == "=1+1"] == [("=1+1", "s")]
    assert _formulas(out) == []


def test_write_template_keeps_formula_looking_information_as_text(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", "other", {"name": "=cmd|' /C calc'!A0", "city": "+西宁"})
    info = load_workbook(path)["基本信息"]
    assert (info["B3"].value, info["B3"].data_type) == ("=cmd|' /C calc'!A0", "s")
    assert (info["B5"].value, info["B5"].data_type) == ("+西宁", "s")
    assert _formulas(path) == []


def test_a_control_character_in_a_name_is_shown_not_a_crash(workbook: Writer, tmp_path: Path) -> None:
    path = workbook(fuel=[fuel_row("烟煤", 100, "吨")], info={"name": "测试\x07企业"})
    result = calculate(read_submission(path))
    written = render_report("enterprise", result, tmp_path / "out", formats=("xlsx",))
    cells = [c.value for s in load_workbook(written[0]) for row in s.iter_rows() for c in row]
    assert any("测试\ufffd企业" in str(v) for v in cells if v)
