"""Versions as a regulator reads them: corrections in a batch, re-ingest, restore, concurrent writers.

Every expected figure is the tiny submission of tests/test_report.py worked by hand:
烟煤 100 t × 20 GJ/t × 0.0261 tC/GJ × 93 % × 44/12 = 178.002 t; 50 t at the default 19.570 GJ/t
= 87.0874785 t; 1 000 MWh × 0.1796 t/MWh (青海 2023) = 179.6 t. The correction doubles the first
line: 200 t × 20 × 0.0261 × 0.93 × 44/12 = 356.004 t.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accounting import Store, ingest, verify
from accounting.cli import main
from accounting.errors import InternalError, StoreError
from accounting.store import ingest as ingest_module
from accounting.store.record import Outcome
from tests.conftest import energy_row, fuel_row

ORIGINAL = 178.002 + 87.0874785 + 179.6
CORRECTED = 356.004 + 87.0874785 + 179.6
USCC = "91350100M000100Y43"  # tests/conftest.py INFO


def pair(workbook: Any, folder: Path) -> tuple[Path, Path]:
    """An enterprise's 2025 submission and its correction, named as a regulator's folder names them."""
    original = workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)],
        energy=[energy_row("购入电力", 1000, "MWh", 1)],
    )
    corrected = workbook(
        fuel=[fuel_row("烟煤", 200, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)],
        energy=[energy_row("购入电力", 1000, "MWh", 1)],
    )
    folder.mkdir(exist_ok=True)
    return (
        Path(shutil.copy(original, folder / f"{USCC}_2025.xlsx")),
        Path(shutil.copy(corrected, folder / f"{USCC}_2025-更正.xlsx")),
    )


def test_a_correction_listed_before_its_original_is_refused_with_both_named(workbook: Any, tmp_path: Path) -> None:
    original, corrected = pair(workbook, tmp_path / "submissions")
    listed = sorted((tmp_path / "submissions").glob("*.xlsx"))  # what `submissions/*.xlsx` gives the shell
    assert listed == [corrected, original]  # '-' sorts before '.': the correction comes first
    with Store(str(tmp_path / "s.db")) as store:
        outcomes = list(ingest(store, listed))
        assert [o.status for o in outcomes] == ["rejected", "rejected"]
        for o in outcomes:
            assert str(original) in o.message and str(corrected) in o.message and "--in-order" in o.message
        assert store.latest().empty
        # the order vouched for: original, then correction
        outcomes = list(ingest(store, [original, corrected], in_order=True))
        assert [(o.status, o.version) for o in outcomes] == [("stored", 1), ("stored", 2)]
        latest = store.latest([2025])
        assert latest["version"].tolist() == [2]
        assert latest["tco2e"].iloc[0] == pytest.approx(CORRECTED, rel=1e-12)


def test_ingesting_the_same_folder_again_changes_nothing(
    workbook: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, corrected = pair(workbook, tmp_path / "submissions")
    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        list(ingest(store, [original]))
        list(ingest(store, [corrected]))

        def never(*_: Any, **__: Any) -> None:
            raise AssertionError("stored bytes were read and calculated again")

        monkeypatch.setattr("accounting.store.ingest.prepare", never)
        for _ in range(2):  # the whole folder, twice, in the shell's order
            outcomes = list(ingest(store, sorted((tmp_path / "submissions").glob("*.xlsx"))))
            assert [(o.status, o.version, o.latest) for o in outcomes] == [("unchanged", 2, 2), ("unchanged", 1, 2)]
        old = outcomes[1]
        assert (old.kind, old.uscc, old.year, old.label, old.tco2e) == (
            "submission", USCC, 2025, f"{USCC} 2025 年度", pytest.approx(ORIGINAL, rel=1e-12)
        )  # fmt: skip
        assert old.message == "与已入库的第 1 版相同，未入库；当前为第 2 版（如需恢复第 1 版，用 tanhe db restore）"
        assert outcomes[0].message == ""  # the current version's own bytes: nothing to say
        assert store.history(USCC)["version"].tolist() == [1, 2]
        assert store.latest()["tco2e"].iloc[0] == pytest.approx(CORRECTED, rel=1e-12)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from log").fetchone()[0] == 2


def test_the_same_bytes_twice_in_one_batch_are_stored_once(workbook: Any, tmp_path: Path) -> None:
    original, _ = pair(workbook, tmp_path / "a")
    twin = Path(shutil.copy(original, tmp_path / "copy.xlsx"))
    with Store(str(tmp_path / "s.db")) as store:
        outcomes = list(ingest(store, [original, twin]))
        assert [o.status for o in outcomes] == ["stored", "unchanged"]
        assert str(original) in outcomes[1].message
        assert store.history(USCC)["version"].tolist() == [1]


def test_each_file_of_a_mixed_batch_is_told_by_its_own_name(
    workbook: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be read, one with an error and its copy, two rival versions and a copy of one:
    every outcome whole, in the order given, each naming its own file."""
    original, corrected = pair(workbook, tmp_path / "submissions")
    twin = Path(shutil.copy(original, tmp_path / "copy.xlsx"))
    bad = workbook(fuel=[fuel_row("烟煤", -5, "t", 1)])  # a negative quantity: one error
    bad_twin = Path(shutil.copy(bad, tmp_path / "bad-copy.xlsx"))
    missing = tmp_path / "missing.xlsx"
    label = f"{USCC} 2025 年度"
    rivalry = (
        f"{label}在本批中有 2 份内容不同的文件（{original}、{corrected}），无法判断哪份更正哪份，均未入库："
        "请先入库原件、再单独入库更正件，或加 --in-order 表示按命令行给出的顺序入库、后者为更正件"
    )
    with Store(str(tmp_path / "s.db")) as store:
        outcomes = list(ingest(store, [missing, bad, bad_twin, original, corrected, twin]))
        assert outcomes == [
            Outcome(str(missing), "rejected", message=f"{missing}：无法读取文件（No such file or directory）"),
            Outcome(str(bad), "rejected", message=f"文件 {bad}：报送数据有 1 处错误，未计算"),
            Outcome(str(bad_twin), "rejected", message=f"文件 {bad}：报送数据有 1 处错误，未计算"),
            Outcome(str(original), "rejected", message=rivalry),
            Outcome(str(corrected), "rejected", message=rivalry),
            Outcome(str(twin), "rejected", message=rivalry),  # the copy shares its first copy's refusal
        ]
        assert [len(o.issues) for o in outcomes] == [0, 1, 1, 0, 0, 0]
        assert store.latest().empty

        sha = hashlib.sha256(original.read_bytes()).hexdigest()
        first, copy = ingest(store, [original, twin])
        assert (first.file, first.status, first.version) == (str(original), "stored", 1)
        assert copy == Outcome(
            str(twin), "unchanged", "submission", sha256=sha, label=label,
            message=f"与本批的 {original} 内容相同，只入库一次",
        )  # fmt: skip
        assert [o.status for o in ingest(store, [corrected])] == ["stored"]

        # held bytes looked up a chunk at a time: with chunks of one, both files are still known
        monkeypatch.setattr("accounting.store.ingest.CHUNK", 1)
        monkeypatch.setattr("accounting.store.ingest.prepare", lambda *_: pytest.fail("stored bytes read again"))
        again = list(ingest(store, [original, corrected]))
        assert [(o.file, o.status, o.version, o.latest) for o in again] == [
            (str(original), "unchanged", 1, 2), (str(corrected), "unchanged", 2, 2)
        ]  # fmt: skip


def test_a_fault_of_tanhe_on_one_file_names_that_file_and_the_batch_goes_on(
    workbook: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, corrected = pair(workbook, tmp_path / "submissions")
    real = ingest_module.prepare

    def faulty(path: str, *args: Any) -> Any:
        if path == str(original):
            raise KeyError("烟煤")
        return real(path, *args)

    monkeypatch.setattr("accounting.store.ingest.prepare", faulty)
    with Store(str(tmp_path / "s.db")) as store:
        fault, stored = ingest(store, [original, corrected])
        assert fault == Outcome(
            str(original), "rejected",
            message=f"文件 {original}：{InternalError.what}：KeyError: '烟煤'",
        )  # fmt: skip
        assert (stored.status, stored.version) == ("stored", 1)


def test_restoring_an_older_version_is_logged_and_becomes_current(workbook: Any, tmp_path: Path) -> None:
    original, corrected = pair(workbook, tmp_path / "submissions")
    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        list(ingest(store, [original, corrected], in_order=True))
        outcome = store.restore(1, USCC, 2025)
        sha1 = hashlib.sha256(original.read_bytes()).hexdigest()
        assert outcome == Outcome(
            "", "stored", "submission", USCC, 2025, 3, sha1, pytest.approx(ORIGINAL, rel=1e-12),
            "已将第 1 版恢复为当前版本（第 3 版）", latest=3, label=f"{USCC} 2025 年度",
        )  # fmt: skip
        assert store.latest()["tco2e"].iloc[0] == pytest.approx(ORIGINAL, rel=1e-12)
        history = store.history(USCC)
        assert history["version"].tolist() == [1, 2, 3]
        assert history["restored_from"].tolist() == [0, 0, 1]
        assert history["sha256"].iloc[2] == history["sha256"].iloc[0]
        again = store.restore(1, USCC, 2025)  # version 1's content is current already, as version 3
        assert (again.status, again.version, again.latest, again.message) == (
            "unchanged", 1, 3, "第 1 版的内容已是当前内容（第 3 版），无需恢复"
        )  # fmt: skip
        assert verify(store) == []  # the restored version's rows and digest hold, and recompute from its bytes
        with pytest.raises(StoreError, match=rf"^{USCC} 2025 年度没有第 9 版（现有第 1–3 版）$"):
            store.restore(9, USCC, 2025)
        with pytest.raises(StoreError, match=r"^91000000000000000X 2025 年度没有第 1 版（库中没有任何版本）$"):
            store.restore(1, "91000000000000000X", 2025)
        with pytest.raises(StoreError, match="须给出 year"):
            store.restore(1, USCC)
    with sqlite3.connect(db) as conn:
        last = json.loads(conn.execute("select entry from log order by seq desc limit 1").fetchone()[0])
    assert (last["restored_from"], last["version"]) == (1, 3)
    assert (last["sha256"], last["file"], last["uscc"], last["year"]) == (sha1, original.name, USCC, 2025)


def test_restoring_the_statistics_needs_no_enterprise(tmp_path: Path) -> None:
    from accounting.statistics import DATA, write_statistics

    first = write_statistics(
        tmp_path / "a" / "统计.xlsx", {DATA: [("青海省", "", 2025, "能源消费总量", 90, "万吨标准煤", "")]}
    )
    second = write_statistics(
        tmp_path / "b" / "统计.xlsx", {DATA: [("青海省", "", 2025, "能源消费总量", 95, "万吨标准煤", "")]}
    )
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, [first, second], in_order=True)] == ["stored", "stored"]
        outcome = store.restore(1)
        assert (outcome.kind, outcome.status, outcome.version, outcome.uscc, outcome.year, outcome.tco2e) == (
            "statistics", "stored", 3, "", 0, 0.0
        )  # fmt: skip
        assert outcome.sha256 == hashlib.sha256(first.read_bytes()).hexdigest()


def test_cli_restore_and_read_only_commands_refuse_a_missing_database(workbook: Any, tmp_path: Path) -> None:
    original, corrected = pair(workbook, tmp_path / "submissions")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    refused = runner.invoke(main, ["db", "ingest", str(corrected), str(original), "--db", db])
    assert refused.exit_code == 1 and "--in-order" in refused.output
    assert runner.invoke(main, ["db", "ingest", str(original), str(corrected), "--in-order", "--db", db]).exit_code == 0
    restored = runner.invoke(main, ["db", "restore", "--uscc", USCC, "--year", "2025", "--version", "1", "--db", db])
    assert restored.exit_code == 0 and "第 3 版" in restored.output
    history = runner.invoke(main, ["db", "history", USCC, "--db", db])
    assert "恢复自第 1 版" in history.output
    typo = tmp_path / "typo.db"
    for args in (
        ["db", "list"],
        ["db", "history", USCC],
        ["db", "verify"],
        ["report", "region", "--year", "2025", "--out", str(tmp_path / "r")],
    ):
        result = runner.invoke(main, [*args, "--db", str(typo)])
        assert result.exit_code == 2 and "不存在" in result.output and "Traceback" not in result.output
    assert not typo.exists()


def _concurrent(db: str, files: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    """One `tanhe db ingest` process per file, all started at once."""
    env = dict(os.environ)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "accounting", "db", "ingest", str(f), "--db", db, "--jobs", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for f in files
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in procs]


def _versions_by_hand(workbook: Any, n: int) -> list[Path]:
    """``n`` different submissions of one enterprise and year (the first line's tonnes differ)."""
    return [
        workbook(
            fuel=[fuel_row("烟煤", 100 + k, "t", 1, ncv=20, ncv_unit="GJ/t")],
            energy=[energy_row("购入电力", 1000, "MWh", 1)],
        )
        for k in range(n)
    ]


@pytest.mark.parametrize("server", ["sqlite", "postgresql"])
def test_concurrent_ingests_never_share_a_version_number(
    server: str, workbook: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = str(tmp_path / "s.db") if server == "sqlite" else request.getfixturevalue("pg_db")
    files = _versions_by_hand(workbook, 6)
    with Store(db):
        pass  # tables made once, before the race
    done = _concurrent(db, files)
    assert [p.returncode for p in done] == [0] * 6, [p.stderr for p in done]
    with Store(db) as store:
        history = store.history(USCC)
        assert sorted(history["version"]) == [1, 2, 3, 4, 5, 6]
        assert history["sha256"].nunique() == 6
        # each file's 100 + k t at 20 GJ/t: every one of them is stored once
        fuel = sorted(round(v - 179.6, 6) for v in history["tco2e"])
        assert fuel == [round((100 + k) * 20 * 0.0261 * 0.93 * 44 / 12, 6) for k in range(6)]
        assert store.log()["seq"].tolist() == [1, 2, 3, 4, 5, 6]
        assert verify(store, recompute=False) == []
        # the same six again, at once: nothing new
        assert [p.returncode for p in _concurrent(db, files)] == [0] * 6
        assert len(store.history(USCC)) == 6


def test_the_bytes_of_a_restored_version_ingested_again_are_its_first_version(workbook: Any, tmp_path: Path) -> None:
    # version 3 restored version 1's bytes: the file is unchanged, held since version 1, version 3 current
    original, corrected = pair(workbook, tmp_path / "submissions")
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [original, corrected], in_order=True))
        store.restore(1, USCC, 2025)
        again = next(ingest(store, [original]))
    assert (again.status, again.version, again.latest) == ("unchanged", 1, 3)
    assert again.tco2e == pytest.approx(ORIGINAL, rel=1e-12)


def test_a_second_copy_in_one_batch_is_unchanged_and_of_its_kind(tmp_path: Path) -> None:
    from accounting.statistics import DATA, write_statistics

    first = write_statistics(
        tmp_path / "统计.xlsx", {DATA: [("青海省", "", 2020, "地区生产总值（不变价）", 3006, "亿元", "")]}
    )
    copy = tmp_path / "统计（副本）.xlsx"
    shutil.copy(first, copy)
    with Store(str(tmp_path / "s.db")) as store:
        stored, twin = ingest(store, [first, copy])
    assert (stored.status, stored.kind) == ("stored", "statistics")
    assert (twin.file, twin.status, twin.kind, twin.sha256) == (
        str(copy),
        "unchanged",
        "statistics",
        hashlib.sha256(first.read_bytes()).hexdigest(),
    )
    assert twin.message == f"与本批的 {first} 内容相同，只入库一次"


def test_a_verification_of_a_submission_this_store_has_not_is_refused_by_name(workbook: Any, tmp_path: Path) -> None:
    from accounting.chain.verification_sheet import write_verification_template
    from tests.test_chain import verify_workbook

    original, _ = pair(workbook, tmp_path / "submissions")
    with Store(str(tmp_path / "a.db")) as store:
        list(ingest(store, [original]))
        blank = write_verification_template(store, USCC, 2025, tmp_path / "核查.xlsx")
    filled = verify_workbook(blank, {}, "甲核查机构", "2026-03-01")
    with Store(str(tmp_path / "b.db")) as other:  # a store without the submission it verifies
        outcome = next(ingest(other, [filled]))
    assert (outcome.status, outcome.kind, outcome.issues) == ("rejected", "verification", ())
    assert f"库中没有 {USCC} 2025 年度第 1 版的报送" in outcome.message


def test_a_held_submission_without_emissions_is_unchanged_at_zero(workbook: Any, tmp_path: Path) -> None:
    # coal burnt only as raw material: 0 tCO2e, and so it stays when its bytes come again
    path = workbook(fuel=[fuel_row("烟煤", 10, "t", 1, use="原料")])
    with Store(str(tmp_path / "s.db")) as store:
        first = next(ingest(store, [path]))
        again = next(ingest(store, [path]))
    assert (first.status, first.tco2e) == ("stored", 0.0)
    assert (again.status, again.tco2e) == ("unchanged", 0.0)
