"""The command line: DESIGN 3.2 exit codes, one-line errors, no tracebacks, documented commands."""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accounting import write_sample
from accounting.cli import main
from tests.conftest import fuel_row

DESIGN_KEYS = [
    "schema",
    "enterprise",
    "year",
    "method",
    "factor_sets",
    "totals",
    "by_category",
    "by_gas",
    "energy",
    "production",
    "intensity",
    "by_month",
    "issues",
]


def tanhe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "accounting", *args], capture_output=True, text=True)


def _bad_files(tmp: Path) -> dict[str, Path]:
    empty = tmp / "empty.xlsx"
    empty.write_bytes(b"")
    text = tmp / "text.xlsx"
    text.write_text("统一社会信用代码,企业名称\n1,2\n", encoding="utf-8")  # a CSV renamed .xlsx
    good = write_sample("qinghai-other", tmp / "good.xlsx")
    truncated = tmp / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    no_sheets = tmp / "zip.xlsx"
    with zipfile.ZipFile(no_sheets, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    ole = tmp / "encrypted.xlsx"
    ole.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 2000)  # OLE2 container, as encrypted xlsx are
    return {
        "missing": tmp / "nope.xlsx",
        "empty": empty,
        "text": text,
        "truncated": truncated,
        "zip": no_sheets,
        "encrypted": ole,
        "directory": tmp,
    }


@pytest.mark.parametrize("case", ["missing", "empty", "text", "truncated", "zip", "encrypted", "directory"])
def test_unreadable_input_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    path = _bad_files(tmp_path)[case]
    done = tanhe("calc", str(path), "--json")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert path.name in done.stderr


def test_calc_json_has_the_design_keys(tmp_path: Path) -> None:
    path = write_sample("gansu-chemicals", tmp_path / "g.xlsx")
    result = CliRunner().invoke(main, ["calc", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [k for k in data if k in DESIGN_KEYS] == DESIGN_KEYS
    assert data["schema"] == "tanhe.result/1"
    assert set(data["by_category"]) == {"fuel_combustion", "process", "net_purchased_electricity", "net_purchased_heat"}
    assert "lines" not in data
    with_lines = json.loads(CliRunner().invoke(main, ["calc", str(path), "--json", "--lines"]).output)
    assert len(with_lines["lines"]["fuel"]) == 36 and len(with_lines["lines"]["energy"]) == 24


def test_invalid_submission_exits_1_with_located_issues(workbook) -> None:
    from tests.conftest import fuel_row, located

    path = workbook(fuel=[fuel_row("煤炭X", 1, "t")])
    result = CliRunner().invoke(main, ["calc", str(path), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert located(report["issues"]) == [("化石燃料", "B2", "fuel-unknown")]


def test_english_messages_on_request(workbook) -> None:
    from tests.conftest import fuel_row

    path = workbook(fuel=[fuel_row("烟煤", 1, "xyz")])
    result = CliRunner().invoke(main, ["validate", str(path), "--json", "--lang", "en"])
    issue = next(i for i in json.loads(result.stdout)["issues"] if i["code"] == "unit-unknown")
    assert issue["message"] == "Unit 'xyz' is not recognised; expected a unit convertible to t"


def test_unknown_method_is_exit_2(tmp_path: Path) -> None:
    path = write_sample("gansu-chemicals", tmp_path / "g.xlsx")
    done = tanhe("calc", str(path), "--method", "nonsense")
    assert done.returncode == 2 and "nonsense" in done.stderr and "Traceback" not in done.stderr


def test_factors_list_and_show() -> None:
    listed = json.loads(CliRunner().invoke(main, ["factors", "list", "--json"]).output)
    assert {s["id"] for s in listed["sets"]} >= {
        "fuel-2015",
        "grid-mee",
        "grid-ets",
        "heat-default",
        "steam-gbt32151",
        "coal-equivalent-gbt2589",
        "gwp",
    }
    shown = CliRunner().invoke(main, ["factors", "show", "grid-ets"])
    assert shown.exit_code == 0 and "0.581" in shown.output and "环办气候函〔2022〕111号" in shown.output
    assert CliRunner().invoke(main, ["factors", "show", "nope"]).exit_code == 2


def _commands(group, prefix=()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_every_command_has_help_with_an_example_and_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for path, _command in _commands(main):
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0
        assert "例 Example:" in result.output, path
        assert f"tanhe {' '.join(path)}" in readme, path


def test_every_command_says_in_english_what_it_does() -> None:
    """After the Chinese, each help has an English paragraph (accounting/cli/help_en.toml): every
    command and group, and the listing lines carry its English title."""
    groups = [("db",), ("factors",), ("report",), ("targets",)]
    for path in [*(p for p, _ in _commands(main)), *groups, ()]:
        text = CliRunner().invoke(main, [*path, "--help"]).output
        chinese, english = text.split("\n\n")[1:3]
        assert re.search(r"[\u4e00-\u9fff]", chinese) and re.match(r"  [A-Za-z]", english), (path, english)
    listing = CliRunner().invoke(main, ["--help"]).output
    assert "核算一份报送工作簿的排放量与能耗。 Calculate the emissions and energy use of a" in listing
    # every option's line too: its Chinese, then " / " and the English
    for path, command in _commands(main):
        for param in command.params:
            if getattr(param, "help", None) and re.search(r"[\u4e00-\u9fff]", param.help):
                assert re.search(r" / [a-zA-Z$(]", param.help), (path, param.help)


def test_demo_writes_results(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "demo" / "results" / "qinghai-other.json").read_text(encoding="utf-8"))
    assert data["enterprise"]["name"] == "青海示例新材料有限公司"


def test_files_are_written_with_the_users_umask(tmp_path: Path) -> None:
    # a group-readable umask (002) gives 0664 files, as any other program would write them, not 0600
    code = (
        "import os, sys; os.umask(0o002); from accounting.cli import main; "
        "main(['template', '--sector', 'cement', '-o', sys.argv[1]])"
    )
    out = tmp_path / "t.xlsx"
    subprocess.run([sys.executable, "-c", code, str(out)], check=False)
    assert out.stat().st_mode & 0o777 == 0o664


def test_a_closed_pipe_ends_quietly() -> None:
    # `tanhe targets list | head -1`: the reader takes one line and goes
    proc = subprocess.Popen(
        [sys.executable, "-m", "accounting", "targets", "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.communicate(timeout=60)[1].decode()
    assert stderr == "" and proc.returncode == 141


def test_targets_list_prints_assigned_targets_and_base_years() -> None:
    # T0001 (全国): energy per GDP down 13.5 % from 2020 to 2025; T0156 (浙江省): whatever the state assigns
    done = CliRunner().invoke(main, ["targets", "list", "-J", "全国"])
    assert done.exit_code == 0, done.output
    assert "T0001  全国  单位国内生产总值能耗下降  2020→2025  13.5 percent" in done.output
    done = CliRunner().invoke(main, ["targets", "list", "-J", "浙江省"])
    assert done.exit_code == 0 and "T0156  浙江省  单位GDP能耗降低率  2025  （上级下达）" in done.output


def test_each_report_command_offers_only_what_it_uses(tmp_path: Path) -> None:
    # the auditor workbook is Excel only: --format pdf wrote .xlsx without a word; --prior is the disclosure's
    sample = Path(__file__).parent / "data" / "bad" / "valid.xlsx"
    # and in Chinese, as the submission it recomputes: --lang en wrote it in Chinese without a word
    pairs = (("audit", "--format"), ("audit", "--prior"), ("audit", "--lang"), ("enterprise", "--prior"))
    for kind, refused in pairs:
        done = CliRunner().invoke(main, ["report", kind, str(sample), refused, "x", "--out", str(tmp_path)])
        assert done.exit_code == 2 and f"No such option '{refused}'" in done.output, (kind, refused)
    assert "--prior" in CliRunner().invoke(main, ["report", "disclosure", "--help"]).output


def test_every_listing_gives_csv_as_well_as_json(workbook: Any, tmp_path: Path) -> None:
    import csv
    import io

    db = str(tmp_path / "s.db")
    path = workbook(fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t")])
    assert CliRunner().invoke(main, ["db", "ingest", str(path), "--db", db]).exit_code == 0
    for command in (
        ["db", "list", "--db", db],
        ["db", "history", "91350100M000100Y43", "--db", db],
        ["targets", "list", "-J", "全国"],
        ["factors", "list"],
    ):
        as_json = json.loads(CliRunner().invoke(main, [*command, "--json"]).output)
        done = CliRunner().invoke(main, [*command, "--csv"])
        assert done.exit_code == 0, (command, done.output)
        rows = list(csv.DictReader(io.StringIO(done.output)))
        records = as_json["sets"] if isinstance(as_json, dict) else as_json
        assert len(rows) == len(records) > 0, command
        assert str(records[0]["id" if "id" in records[0] else "uscc"]) == rows[0]["id" if "id" in rows[0] else "uscc"]
    # 100 t of coal at 20 GJ/t, 0.0261 tC/GJ (烟煤's default), 93 % oxidised: 100 × 20 × 0.0261 × 0.93 × 44/12
    listed = list(csv.DictReader(io.StringIO(CliRunner().invoke(main, ["db", "list", "--db", db, "--csv"]).output)))
    assert float(listed[0]["tco2e"]) == pytest.approx(100 * 20 * 0.0261 * 0.93 * 44 / 12, rel=1e-6)


def test_quiet_leaves_the_problems_and_the_summary(workbook: Any, tmp_path: Path) -> None:
    """--quiet on batch work: no line per file done, every refused file with its errors on stderr, one
    summary line, the same exit code."""
    good = workbook(fuel=[fuel_row("烟煤", 100, "t", 1)])
    bad = workbook(fuel=[fuel_row("烟媒", 100, "t", 1)])  # 烟媒 for 烟煤
    runner = CliRunner()
    db = str(tmp_path / "s.db")
    ingest = runner.invoke(main, ["db", "ingest", str(good), str(bad), "--db", db, "-q"])
    assert ingest.exit_code == 1
    assert ingest.stdout == "入库 1 个，未变 0 个，拒收 1 个\n"
    assert f"{bad}:化石燃料!B2: [fuel-unknown]" in ingest.stderr and f"tanhe: {bad}：未入库" in ingest.stderr
    out = tmp_path / "out"
    batch = runner.invoke(
        main, ["report", "enterprise", str(good), str(bad), "--out", str(out), "--format", "xlsx", "-q"]
    )
    assert batch.exit_code == 1
    assert batch.stdout == f"1 份报送生成 1 个文件，1 份未生成（输出目录 {out}）\n"
    assert "[fuel-unknown]" in batch.stderr
    checked = runner.invoke(main, ["validate", str(bad), "--quiet"])
    # the error, and the two warnings every one-line submission draws (months missing, no production)
    assert (checked.exit_code, checked.stdout) == (1, f"{bad}：1 个错误，2 个警告，请修改后重新报送\n")
    loud = runner.invoke(main, ["db", "ingest", str(good), "--db", db])
    assert loud.stdout.splitlines()[0].startswith(f"{good}：")  # without --quiet, a line per file


def test_a_progress_bar_when_a_person_watches(workbook: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a terminal on stderr, batch work draws a bar there, and the lines per file give way to it:
    the refused files are told after the bar, then the summary."""
    monkeypatch.setattr("accounting.cli.app.interactive", lambda: True)
    good = workbook(fuel=[fuel_row("烟煤", 100, "t", 1)])
    other = workbook(fuel=[fuel_row("烟煤", 200, "t", 1)], info={"uscc": "91350100M000100Y43", "year": 2024})
    bad = workbook(fuel=[fuel_row("烟媒", 100, "t", 1)])
    result = CliRunner().invoke(main, ["db", "ingest", str(good), str(other), str(bad), "--db", str(tmp_path / "s.db")])
    assert result.stdout == "入库 2 个，未变 0 个，拒收 1 个\n"
    assert result.stderr.startswith("入库")  # the bar's label (click draws no bar into a pipe)
    assert result.stderr.index("[fuel-unknown]") > result.stderr.index("入库")
    quiet = CliRunner().invoke(main, ["db", "ingest", str(good), str(bad), "--db", str(tmp_path / "s.db"), "-q"])
    assert not quiet.stderr.startswith("入库")  # --quiet draws none
