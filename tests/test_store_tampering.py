"""``db verify`` against tampering that used to crash it or pass unseen (issue 21), and the anchor outside the store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from accounting import Store, ingest, log_head, verify
from accounting.cli import main
from tests.conftest import INFO, energy_row, fuel_row

USCC = INFO["uscc"]


def _store(workbook: Any, tmp_path: Path, versions: int = 1) -> Path:
    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        for n in range(versions):
            path = workbook(fuel=[fuel_row("烟煤", 100 + n, "t", 1)], energy=[energy_row("购入电力", 1000, "MWh", 1)])
            list(ingest(store, [path]))
    return db


def _located(db: Path) -> list[tuple[str, str, str]]:
    """(check, subject, message) of each finding of ``db verify --no-recompute``."""
    with Store(str(db)) as store:
        return [(f.check, f.subject, f.message) for f in verify(store, recompute=False)]


def _findings(db: Path) -> list[tuple[str, str]]:
    return [(check, message) for check, _, message in _located(db)]


def _sql(db: Path, *statements: str) -> None:
    with sqlite3.connect(db) as conn:
        for statement in statements:
            conn.execute(statement)


def test_a_log_entry_that_is_not_json_is_a_finding_not_a_crash(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path)
    _sql(db, "update log set entry = 'not json' where seq = 1")
    found = _located(db)
    assert ("chain", "日志第 1 条", "本条内容不是 JSON，日志被改动") in found
    lost = ("digest", f"{USCC} 2025 年度第 1 版", "日志中没有这一版的记录，它不是经入库写入的")
    assert lost in found  # the version lost its log entry


def test_an_empty_log_entry_is_a_finding(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path)
    _sql(db, "update log set entry = '{}' where seq = 1")
    assert ("chain", "日志第 1 条", "本条内容缺少动作（action），日志被改动") in _located(db)


def test_an_action_that_is_not_a_text_is_a_finding_not_a_crash(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path)
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("select entry from log where seq = 1").fetchone()
    entry = json.loads(text)
    _sql(db, f"update log set entry = '{json.dumps({**entry, 'action': [entry['action']]})}' where seq = 1")
    found = _located(db)
    assert ("chain", "日志第 1 条", "本条内容与其哈希不符，日志被改动") in found
    assert ("digest", f"{USCC} 2025 年度第 1 版", "日志中没有这一版的记录，它不是经入库写入的") in found


def test_verify_reads_the_log_once(workbook: Any, tmp_path: Path, monkeypatch: Any) -> None:
    db = _store(workbook, tmp_path)
    with Store(str(db)) as store:
        anchor, reads, log = log_head(store)[1], [], store.log
        monkeypatch.setattr(store, "log", lambda: reads.append(1) or log())
        assert verify(store, recompute=False, anchor=anchor) == []
    assert len(reads) == 1  # the chain, the anchor and the versions' and accounts' digests share it


def test_file_bytes_stored_as_text_are_a_finding(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path)
    _sql(db, "update files set content = 'PK plain text'")
    with sqlite3.connect(db) as conn:
        (sha,) = conn.execute("select sha256 from files").fetchone()
    text = "原始文件内容不是字节（被改写为文本或清空），文件被改动"
    assert ("file", f"文件 {sha[:12]}…", text) in _located(db)  # the file named by its hash
    with Store(str(db)) as store:
        assert any(f.check == "file" for f in verify(store, recompute=True))  # the recompute skips it, no crash


def test_a_deleted_original_file_is_a_finding(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path)
    _sql(db, "delete from files")
    assert [(c, s) for c, s, m in _located(db) if m == "原始文件已不在库中，被删除"] == [
        ("file", f"{USCC} 2025 年度第 1 版")
    ]


def test_a_version_deleted_while_its_log_entry_stays_is_named(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path, versions=2)
    _sql(db, "delete from submissions where version = 1")
    digests = [(s, m) for c, s, m in _located(db) if c == "digest"]
    assert digests == [(f"{USCC} 2025 年度第 1 版", "日志记录的这一版已不在库中，被删除")]


def test_the_newest_version_removed_with_its_log_entry_is_found_only_by_the_anchor(
    workbook: Any, tmp_path: Path
) -> None:
    db = _store(workbook, tmp_path, versions=2)
    with Store(str(db)) as store:
        seq, head = log_head(store)
    assert seq == 2 and len(head) == 64
    # a forger removes version 2 with everything it wrote, and its log entry: the store is consistent again
    _sql(
        db,
        "delete from lines where submission_id = 2",
        "delete from months where submission_id = 2",
        "delete from products where submission_id = 2",
        "delete from issues where submission_id = 2",
        "delete from submissions where id = 2",
        "delete from log where seq = 2",
    )
    assert _findings(db) == []
    with Store(str(db)) as store:
        found = verify(store, recompute=False, anchor=head)
    assert [(f.check, f.subject, f.message) for f in found] == [
        ("anchor", f"锚定哈希 {head[:12]}…", "不在日志中：锚定之后，日志连同所记的版本被截断或重写")
    ]
    done = CliRunner().invoke(main, ["db", "verify", "--db", str(db), "--no-recompute", "--anchor", head])
    assert done.exit_code == 1 and "[anchor]" in done.output


def test_the_head_command_gives_what_the_anchor_takes(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path, versions=2)
    done = CliRunner().invoke(main, ["db", "head", "--db", str(db), "--json"])
    assert done.exit_code == 0
    import json

    head = json.loads(done.stdout)
    assert head["seq"] == 2
    ok = CliRunner().invoke(main, ["db", "verify", "--db", str(db), "--no-recompute", "--anchor", head["hash"]])
    assert ok.exit_code == 0, ok.output


def test_two_processes_ingesting_a_file_and_its_correction_agree_on_two_versions(workbook: Any, tmp_path: Path) -> None:
    import subprocess
    import sys

    original = workbook(fuel=[fuel_row("烟煤", 100, "t", 1)])
    correction = workbook(fuel=[fuel_row("烟煤", 110, "t", 1)])
    db = tmp_path / "s.db"
    command = [sys.executable, "-m", "accounting", "db", "ingest", str(original), str(correction), "--in-order"]
    for _ in range(3):  # each round: two writers at once, whatever the interleaving
        runs = [
            subprocess.Popen([*command, "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        for run in runs:
            _, err = run.communicate(timeout=120)
            assert run.returncode == 0, err.decode()
    with Store(str(db)) as store:
        history = store.history(store.latest([2025])["uscc"].iloc[0])
        assert list(history["version"]) == [1, 2]
        import hashlib

        assert list(history["sha256"]) == [hashlib.sha256(p.read_bytes()).hexdigest() for p in (original, correction)]
        assert verify(store, recompute=False) == []


def test_a_batch_goes_past_a_file_tanhe_itself_fails_on_and_names_it(
    workbook: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from accounting import read_submission as real_read
    from accounting.report import Job, render_batch
    from accounting.store import ingest as ingest_module

    good = workbook(fuel=[fuel_row("烟煤", 100, "t", 1)])
    cursed = workbook(fuel=[fuel_row("烟煤", 200, "t", 1)])
    real = ingest_module.prepare

    def flaky(path: Any, *args: Any) -> Any:
        if str(path) == str(cursed):
            raise ZeroDivisionError("a bug met on this file")
        return real(path, *args)

    monkeypatch.setattr(ingest_module, "prepare", flaky)
    with Store(str(tmp_path / "s.db")) as store:
        outcomes = list(ingest(store, [cursed, good], jobs=1))
    assert [o.status for o in outcomes] == ["rejected", "stored"]
    assert "内部错误" in outcomes[0].message and "ZeroDivisionError" in outcomes[0].message
    monkeypatch.setattr("accounting.report.read_submission", lambda p: 1 / 0 if str(p) == str(cursed) else real_read(p))

    jobs = [Job(str(p), str(tmp_path / "out"), ("enterprise",), ("xlsx",)) for p in (cursed, good)]
    done = dict(render_batch(jobs, workers=1))
    assert "ZeroDivisionError" in str(done[str(cursed)]) and isinstance(done[str(good)], list)


def test_the_head_is_the_last_entry_and_an_empty_log_has_the_genesis(workbook: Any, tmp_path: Path) -> None:
    import sqlite3

    from accounting.store.verify import GENESIS

    with Store(str(tmp_path / "empty.db")) as store:
        assert log_head(store) == (0, GENESIS)
    db = _store(workbook, tmp_path, versions=3)
    with sqlite3.connect(db) as conn:
        last = conn.execute("select seq, hash from log order by seq desc limit 1").fetchone()
    with Store(str(db)) as store:
        assert log_head(store) == (3, last[1]) and last[0] == 3


def test_a_log_entry_deleted_from_the_middle_breaks_the_sequence_and_the_chain(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path, versions=3)
    _sql(db, "delete from log where seq = 2")
    chain = [f for f in _located(db) if f[0] == "chain"]
    assert chain == [
        ("chain", "日志第 3 条", "序号不连续（应为 2），有日志被删除或插入"),
        ("chain", "日志第 3 条", "前一条的哈希与记录不符，日志链断开"),
    ]


def test_a_log_entry_edited_is_named_with_what_it_lost(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path)
    with sqlite3.connect(db) as conn:
        entry = json.loads(conn.execute("select entry from log where seq = 1").fetchone()[0])
        del entry["version"]
        conn.execute("update log set entry = ? where seq = 1", (json.dumps(entry),))
    chain = [f for f in _located(db) if f[0] == "chain"]
    assert chain == [
        ("chain", "日志第 1 条", "本条内容与其哈希不符，日志被改动"),
        ("chain", "日志第 1 条", "本条缺少所记版本的字段，日志被改动"),
    ]


def test_file_bytes_changed_are_named_by_their_hash(workbook: Any, tmp_path: Path) -> None:
    db = _store(workbook, tmp_path)
    with sqlite3.connect(db) as conn:
        (sha,) = conn.execute("select sha256 from files").fetchone()
        conn.execute("update files set content = ?", (b"PK changed bytes",))
    assert ("file", f"文件 {sha[:12]}…", "原始文件内容与其 SHA-256 不符，文件被改动") in _located(db)


def test_an_account_or_assignment_edited_behind_the_portal_is_found(tmp_path: Path) -> None:
    """A regulator's city widened to its province in the database, an assignment added by hand with a
    digest that fits its row: each is a finding; the untouched store has none."""
    from accounting import assign, save_account
    from accounting.store.record import digest

    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        save_account(store, "xining", "admin", role="regulator", province="青海省", city="西宁市", password="h")
        assign(store, "甲核查机构", USCC, 2025, "admin")
        assert verify(store, recompute=False) == []
    _sql(db, "update accounts set city = '' where username = 'xining'")
    assert _located(db) == [("digest", "账户「xining」第 1 版", "内容与其摘要不符，被改动")]
    _sql(db, "update accounts set city = '西宁市' where username = 'xining'")  # as it was
    forged = {"body": "乙核查机构", "uscc": USCC, "year": 2025, "version": 1, "active": 1, "changed": "x", "by": "y"}
    _sql(
        db,
        "insert into assignments (body, uscc, year, version, active, changed, by, digest) values "
        f"('乙核查机构', '{USCC}', 2025, 1, 1, 'x', 'y', '{digest(forged, {})}')",
    )
    assert _located(db) == [
        ("digest", f"核查分配「乙核查机构、{USCC}、2025」第 1 版", "日志中没有这一版或所记摘要不同，被改动")
    ]
