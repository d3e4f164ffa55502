"""Files tanhe writes: names every file system takes, a batch that never overwrites itself, write errors in one line.

Before: an enterprise name of about 80 Chinese characters made a file name the file system refused;
report files of long or similar names overwrote each other in a batch (5 announced, 2 on disk);
reports into a read-only folder ended in an internal error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accounting.cli import main
from accounting.report import Job, render_batch
from accounting.report.output import safe_stem
from tests.conftest import fuel_row

LONG = "青海" + "高原绿色低碳循环发展示范" * 8 + "有限公司"  # 102 characters, 306 bytes


def test_a_long_name_is_cut_to_bytes_every_file_system_takes_and_stays_distinct() -> None:
    a, b = safe_stem("91350100M000100Y43", LONG, 2025), safe_stem("91350100M000100Y43", LONG + "分公司", 2025)
    assert len(a.encode()) <= 150 and len(b.encode()) <= 150
    assert a != b  # the same first 150 bytes, told apart by the hash of the whole
    assert a.startswith("91350100M000100Y43_青海高原")
    assert safe_stem("CON") == "_CON" and safe_stem("nul.txt") == "_nul.txt"  # names Windows reserves


def test_reports_of_a_long_name_are_written(workbook: Any, tmp_path: Path) -> None:
    path = workbook(fuel=[fuel_row("烟煤", 100, "t")], info={"name": LONG})
    done = CliRunner().invoke(
        main, ["report", "enterprise", str(path), "--out", str(tmp_path / "out"), "--format", "xlsx"]
    )
    assert done.exit_code == 0, done.output
    (written,) = (tmp_path / "out").iterdir()
    assert len(written.name.encode()) < 255


def test_a_batch_never_overwrites_one_report_with_another(workbook: Any, tmp_path: Path) -> None:
    # a file and its correction: one enterprise, one year, two submissions
    first = workbook(fuel=[fuel_row("烟煤", 100, "t")])
    second = workbook(fuel=[fuel_row("烟煤", 200, "t")])
    out = tmp_path / "out"
    jobs = [Job(str(p), str(out), ("enterprise",), ("xlsx",), ("zh", "en")) for p in (first, second, first)]
    outcomes = list(render_batch(jobs, workers=2))
    announced = [p for _, written in outcomes for p in written]
    assert len(announced) == 6 and len(set(announced)) == 6
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in announced)  # on disk, nothing else
    assert sum(p.stem.endswith("-2") for p in announced) == 2 and sum(p.stem.endswith("-3") for p in announced) == 2


def test_a_folder_that_cannot_be_written_is_one_clear_line(workbook: Any, tmp_path: Path) -> None:
    path = workbook(fuel=[fuel_row("烟煤", 100, "t")])
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    for command in (
        ["report", "enterprise", str(path), "--out", str(blocker / "sub")],
        ["template", "--sector", "cement", "--output", str(blocker / "t.xlsx")],
    ):
        done = CliRunner().invoke(main, command)
        assert done.exit_code == 2, (command, done.output)
        assert "Traceback" not in done.output and len(done.stderr.strip().splitlines()) == 1
        assert "不是文件夹" in done.stderr


def test_a_write_error_names_the_file_and_the_reason(tmp_path: Path) -> None:
    from accounting.errors import WriteError
    from accounting.files import write_atomically

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(WriteError) as info:
        write_atomically(blocker / "report.xlsx", lambda tmp: Path(tmp).write_text("y"))
    assert "路径中有一段是文件，不是文件夹" in str(info.value) and "a-file/report.xlsx" in str(info.value)


def test_a_full_disk_is_one_line_from_the_command(tmp_path: Path) -> None:
    from accounting.errors import WriteError
    from accounting.files import write_atomically

    def fill(tmp: str) -> None:
        with open("/dev/full", "w") as fh:
            fh.write("x" * 10_000)
            fh.flush()

    with pytest.raises(WriteError) as info:
        write_atomically(tmp_path / "t.xlsx", fill)
    assert "磁盘已满" in str(info.value)
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_an_annotated_copy_of_tens_of_thousands_of_issues_is_bounded(workbook: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from accounting import annotate
    from accounting.annotate import MAX_LISTED, MAX_MARKED

    # 3 000 identical rows with a wrong fuel, month and quantity: 3 issues each, and every row after the
    # first repeats the first (row-duplicate, on the fuel's cell): 9 000 + 2 999 = 11 999 issues in 9 000 cells
    path = workbook(fuel=[fuel_row("烟媒", "很多", "吨吨", 13) for _ in range(3_000)])
    report = read_submission_report(path)
    assert len(report.issues) == 11_999
    out = annotate(path, report, tmp_path / "a.xlsx")
    book = load_workbook(out)
    summary = book["校验结果"]
    assert summary.max_row == 2 + MAX_LISTED
    assert (
        "另有 1,999 个" in summary["A1"].value
        and "问题单元格 9,000 个" in summary["A1"].value
        and f"只标注了前 {MAX_MARKED:,} 个" in summary["A1"].value
    )
    assert sum(1 for row in book["化石燃料"].iter_rows() for c in row if c.comment) == MAX_MARKED


def read_submission_report(path: Path) -> Any:
    from accounting import read_submission, validate

    return validate(read_submission(path))


def test_output_to_a_full_disk_is_one_line_not_an_internal_error() -> None:
    import subprocess
    import sys

    valid = Path(__file__).parent / "data" / "bad" / "valid.xlsx"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "accounting", "validate", str(valid)], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["tanhe: 读写失败（输出）（No space left on device）"]
