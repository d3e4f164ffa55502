"""The store: idempotent ingest, versions, a crash mid-ingest, tampering found by verify, the CLI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accounting import Store, ingest, verify
from accounting.cli import main
from accounting.statistics import ASSIGNED, DATA, write_statistics
from accounting.store import tables as t
from accounting.store.record import digest
from accounting.store.verify import rows_by_version
from accounting.uscc import complete
from tests.conftest import INFO, energy_row, fuel_row

TINY = 178.002 + 87.0874785 + 179.6  # tests/test_report.py: the tiny submission by hand


def tiny(workbook: Any, **info: Any) -> Path:
    return workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)],
        energy=[energy_row("购入电力", 1000, "MWh", 1)],
        info=info,
    )


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t: conn.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("files", "submissions", "lines", "months", "issues", "log")
        }


def test_same_bytes_twice_change_nothing_and_a_change_is_a_new_version(workbook: Any, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = tiny(workbook)
    with Store(str(db)) as store:
        assert [o.status for o in ingest(store, [first])] == ["stored"]
        before = counts(db)
        assert [o.status for o in ingest(store, [first])] == ["unchanged"]
        assert counts(db) == before
        assert before["lines"] == 3 and before["log"] == 1
        changed = workbook(
            fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t")],
            energy=[energy_row("购入电力", 1000, "MWh", 1)],
        )
        outcome = next(ingest(store, [changed]))
        assert (outcome.status, outcome.version) == ("stored", 2)
        latest = store.latest([2025])
        assert len(latest) == 1 and latest["version"].iloc[0] == 2
        assert latest["tco2e"].iloc[0] == pytest.approx(178.002 + 179.6, rel=1e-12)  # the report reads version 2
        assert list(store.history(outcome.uscc)["version"]) == [1, 2]
        assert verify(store) == []


def test_verify_finds_rows_edited_behind_its_back(workbook: Any, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        list(ingest(store, [tiny(workbook)]))
        with sqlite3.connect(db) as conn:
            conn.execute("update lines set tco2e = tco2e + 1 where seq = 0")
        assert [f.check for f in verify(store, recompute=False)] == ["digest"]
    with sqlite3.connect(db) as conn:  # hide it: make the version's digest fit the edited rows
        conn.execute("update log set entry = replace(entry, '\"version\":1', '\"version\":1 ') where seq = 1")
    with Store(str(db)) as store:
        assert {f.check for f in verify(store, recompute=False)} == {"chain", "digest"}
    with sqlite3.connect(db) as conn:
        conn.execute("update files set content = x'00'")
    with Store(str(db)) as store:
        assert "file" in {f.check for f in verify(store, recompute=False)}


def test_verify_recomputes_from_the_original_bytes(workbook: Any, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        list(ingest(store, [tiny(workbook)]))
        with sqlite3.connect(db) as conn:
            conn.execute("update submissions set tco2e = 1.0")
        record = store.frame("select * from submissions").to_dict("records")[0]
        record.pop("id")
        record.pop("digest")
        tables = {
            n: rows_by_version(store.frame(f"select * from {n}"), n, "submission_id").get(1, [])
            for n in ("lines", "months", "products", "issues")
        }
        # rebuild the version's digest over the edited row, as a forger would
        forged = digest({k: (v.item() if hasattr(v, "item") else v) for k, v in record.items()}, tables)
        with sqlite3.connect(db) as conn:
            conn.execute("update submissions set digest = ?", (forged,))
        # the bytes say 444.69…, not 1.0: the version is named, and why
        uscc = record["uscc"]
        found = verify(store)
        # the digest column forged to match the rows, the log's digest not: the rows changed after ingest
        version = f"{uscc} 2025 年度第 1 版"
        assert ("digest", version, "数据行与入库时记录的摘要不符，入库后被改动") in [
            (f.check, f.subject, f.message) for f in found
        ]
        recomputed = [(f.subject, f.message) for f in found if f.check == "recompute"]
        assert recomputed == [
            (f"{uscc} 2025 年度第 1 版", "按原始文件重新核算的结果与库中不同（库中数据被改动，或因子数据已变更）")
        ]
        # bytes that no longer read as a workbook: the file check says so, and the recompute why it cannot
        with sqlite3.connect(db) as conn:
            conn.execute("update files set content = ?", (b"PK\x03\x04 not a workbook",))
        found = [(f.check, f.subject, f.message) for f in verify(store)]
        assert "file" in [c for c, _, _ in found]
        (unreadable,) = [(subject, message) for c, subject, message in found if c == "recompute"]
        assert unreadable[0] == f"{uscc} 2025 年度第 1 版" and unreadable[1].startswith("原始文件无法重新核算（")
        assert unreadable[1] != "原始文件无法重新核算（）"


def test_a_killed_ingest_leaves_the_store_as_it_was(workbook: Any, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    small = tiny(workbook)
    with Store(str(db)) as store:
        list(ingest(store, [small]))
    before = counts(db)
    # a submission of 6 000 lines takes long enough to write that the kill lands inside its transaction
    rows = [fuel_row("烟煤", 10 + i % 50, "t", 1 + i % 12, source=f"锅炉{i // 12}") for i in range(6000)]
    big = workbook(fuel=rows, info={"uscc": "91630100MA7QH0004R", "name": "大文件"})
    code = "import sys; from accounting import Store, ingest; list(ingest(Store(sys.argv[1]), [sys.argv[2]]))"
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(big)], env=dict(os.environ))
    journal = Path(f"{db}-journal")
    deadline = time.monotonic() + 120
    while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    assert proc.poll() is None, "the ingest ended before its transaction could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert journal.exists()  # the transaction was cut short: a hot journal is left behind
    with Store(str(db)) as store:  # opening rolls it back
        assert counts(db) == before
        assert verify(store) == []
        assert [o.status for o in ingest(store, [big])] == ["stored"]


def test_statistics_are_versioned_and_bad_cells_are_named(tmp_path: Path) -> None:
    good = write_statistics(
        tmp_path / "统计.xlsx",
        {
            DATA: [("青海省", "", 2020, "地区生产总值（不变价）", 3006, "亿元", "")],
            ASSIGNED: [("青海省", "energy_intensity_gdp_reduction", 2020, 2025, 13.5, "x")],
        },
    )
    bad = write_statistics(
        tmp_path / "坏.xlsx",
        {
            DATA: [
                ("青海省", "", 2020, "人口", 3006, "亿元", ""),
                ("青海省", "", 20, "能源消费总量", "很多", "万吨标准煤", ""),
            ]
        },
    )
    with Store(str(tmp_path / "s.db")) as store:
        outcomes = list(ingest(store, [good, good, bad]))
        assert [o.status for o in outcomes] == ["stored", "unchanged", "rejected"]
        cells = {(i.code, i.sheet, i.cell) for i in outcomes[2].issues}
        assert cells == {("indicator-unknown", DATA, "D2"), ("year-invalid", DATA, "C3"), ("not-a-number", DATA, "E3")}
        stats = store.statistics()
        assert stats["statistics"]["value"].tolist() == [3006e8]  # 亿元 → 元
        assert stats["assigned"]["value"].tolist() == [13.5]
        assert verify(store) == []


def test_cli_db_commands(workbook: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    good, bad = tiny(workbook), workbook(fuel=[fuel_row("烟煤", -5, "t", 1)])
    result = runner.invoke(main, ["db", "ingest", str(good), str(bad), "--db", db, "--jobs", "1"])
    assert result.exit_code == 1 and "未入库" in result.output and "Traceback" not in result.output
    listed = json.loads(runner.invoke(main, ["db", "list", "--db", db, "--json"]).output)
    assert [sorted(r) for r in listed] == [
        sorted(["uscc", "name", "year", "version", "sha256", "tco2e", "city", "sector"])
    ]
    assert listed[0]["tco2e"] == pytest.approx(TINY, abs=1e-6) and listed[0]["version"] == 1
    assert runner.invoke(main, ["db", "verify", "--db", db]).exit_code == 0
    history = runner.invoke(main, ["db", "history", listed[0]["uscc"], "--db", db])
    assert history.exit_code == 0 and "v1" in history.output
    broken = tmp_path / "not-a-db.db"
    broken.write_bytes(b"this is not sqlite" * 100)
    result = runner.invoke(main, ["db", "list", "--db", str(broken)])
    assert result.exit_code == 2 and "无法打开" in result.output and "Traceback" not in result.output
    # the reason is the database's own words, not SQLAlchemy's wrapper around them
    assert f"数据库「{broken}」无法打开（file is not a database）" in result.output


def test_the_stored_bytes_of_a_file_and_of_one_never_stored(workbook: Any, tmp_path: Path) -> None:
    import hashlib

    from accounting.errors import StoreError

    path = tiny(workbook)
    store = Store(str(tmp_path / "s.db"))
    assert [o.status for o in ingest(store, [path])] == ["stored"]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert store.file(sha) == path.read_bytes()
    with pytest.raises(StoreError, match="数据库中没有文件 000000000000…"):
        store.file("0" * 64)


def test_the_newest_statistics_are_read_and_history_runs_by_year_and_version(workbook: Any, tmp_path: Path) -> None:
    first = write_statistics(
        tmp_path / "统计1.xlsx", {DATA: [("青海省", "", 2020, "地区生产总值（不变价）", 3000, "亿元", "")]}
    )
    second = write_statistics(
        tmp_path / "统计2.xlsx", {DATA: [("青海省", "", 2020, "地区生产总值（不变价）", 3006, "亿元", "")]}
    )
    later = tiny(workbook, year=2025)
    earlier = tiny(workbook, year=2024)
    corrected = workbook(fuel=[fuel_row("烟煤", 1, "t", 1)], info={"year": 2024})
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, [first, second, later, earlier, corrected], in_order=True)] == [
            "stored"
        ] * 5
        data = store.statistics()["statistics"]
        assert "statistics_id" not in data and data["value"].tolist() == [3006e8]  # version 2's (in 元), not 1's
        history = store.history(INFO["uscc"])
        assert list(zip(history["year"], history["version"], strict=True)) == [(2024, 1), (2024, 2), (2025, 1)]
        assert list(history.columns) == [
            *("uscc", "name", "year", "version", "received", "file_name", "sha256", "tco2e", "tce", "restored_from")
        ]
        assert set(history["name"]) == {INFO["name"]} and history["tce"].iloc[1] == pytest.approx(0.7143)  # 1 t of coal


def test_latest_by_year_then_enterprise_without_the_json(workbook: Any, tmp_path: Path) -> None:
    a, b = INFO["uscc"], complete("91350100M000200Y3")
    files = [tiny(workbook, uscc=b, year=2024), tiny(workbook, uscc=a, year=2025), tiny(workbook, uscc=b, year=2025)]
    files.append(tiny(workbook, uscc=a, year=2024))
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, files)] == ["stored"] * 4
        every = store.latest()
        assert list(zip(every["year"], every["uscc"], strict=True)) == [(2024, a), (2024, b), (2025, a), (2025, b)]
        assert "result" not in every.columns and {"tco2e", "tce", "sha256"} <= set(every.columns)
        assert store.latest([2025])["uscc"].tolist() == [a, b]
        assert list(store.rows("lines", "submission_id", [])) == [c.name for c in t.lines.columns]


def test_stored_lines_say_which_parameters_were_measured(workbook: Any, tmp_path: Path) -> None:
    # January's coal with its NCV measured (M D D: NCV, carbon, oxidation), February's without (D D D);
    # the electricity line has no fuel parameters
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [tiny(workbook)]))
        lines = store.children("lines", [1])
        fuel = lines[lines["kind"] == "fuel"].sort_values("month")
        assert list(zip(fuel["month"], fuel["quantity"], fuel["unit"], fuel["basis"], strict=True)) == [
            (1, 100.0, "t", "MDD"),
            (2, 50.0, "t", "DDD"),
        ]
        energy = lines[lines["kind"] == "energy"]
        assert list(zip(energy["row"], energy["name"], energy["quantity"], energy["basis"], strict=True)) == [
            (2, "purchased_electricity", 1000.0, "")  # the energy type as its key
        ]
        assert energy["tce"].tolist() == [pytest.approx(122.9)]  # 1 000 MWh × 0.1229 tce/MWh
        assert sorted(lines["kind"]) == ["energy", "fuel", "fuel"]
        submission = store.latest().iloc[0]
        assert (submission["parameters"], submission["defaults"]) == (6, 5)  # 2 lines × 3, one measured


# what the store writes, by hand (the store campaign's survivors: README, Mutation testing) ---------

JAN, FEB, ELEC = 178.002, 87.0874785, 179.6  # tiny's January coal, February coal, January electricity
# GB/T 2589-2020: 100 t at 20 GJ/t = 2000 GJ / 29.307 GJ/tce; 50 t × 0.7143; 1 000 MWh × 0.1229
TCE_JAN_COAL, TCE_FEB_COAL, TCE_ELEC = 2000 / 29.307, 50 * 0.7143, 1000 * 0.1229


def test_a_stored_and_an_unchanged_outcome_field_by_field(workbook: Any, tmp_path: Path) -> None:
    import hashlib

    from accounting.store.prepare import prepare

    path = tiny(workbook)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    uscc = INFO["uscc"]
    with Store(str(tmp_path / "s.db")) as store:
        stored = next(ingest(store, [path]))
        assert (stored.status, stored.kind, stored.uscc, stored.year, stored.version, stored.latest) == (
            "stored",
            "submission",
            uscc,
            2025,
            1,
            1,
        )
        assert stored.sha256 == sha and stored.tco2e == pytest.approx(TINY) and stored.label == f"{uscc} 2025 年度"
        # the same bytes written again by a writer that had not seen the first (the store, not ingest, decides)
        p = prepare(path)
        again = store.write("again", lambda conn: store.store_version(conn, p))
        assert (again.status, again.kind, again.uscc, again.year, again.version, again.latest) == (
            "unchanged",
            "submission",
            uscc,
            2025,
            1,
            1,
        )
        assert again.sha256 == sha and again.tco2e == pytest.approx(TINY) and again.file == str(path)
        assert len(store.history(uscc)) == 1


def test_the_months_stored_by_hand_with_the_whole_year_in_month_0(workbook: Any, tmp_path: Path) -> None:
    annual = workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", "全年", source="窑炉")],
        energy=[energy_row("购入电力", 1000, "MWh", 2)],
    )
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, [annual])] == ["stored"]
        months = store.children("months", store.latest()["id"]).sort_values("month")
    rows = [(int(m), t, e) for m, t, e in months[["month", "tco2e", "tce"]].itertuples(index=False)]
    assert [m for m, _, _ in rows] == [0, 1, 2]  # the whole year, January's coal, February's electricity
    expected = [(0, FEB, TCE_FEB_COAL), (1, JAN, TCE_JAN_COAL), (2, ELEC, TCE_ELEC)]
    for (m, tonnes, tce), (_, t0, e0) in zip(rows, expected, strict=True):
        assert tonnes == pytest.approx(t0) and tce == pytest.approx(e0), m


def test_a_log_entry_is_compact_sorted_json_chained_to_the_one_before(workbook: Any, tmp_path: Path) -> None:
    import hashlib

    path = tiny(workbook)
    named = path.with_name("排放报送.xlsx")
    path.rename(named)
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [named]))
        row = store.latest().iloc[0]
        digest_of = store.frame("select digest from submissions")["digest"][0]
        log = store.log()
    sha = hashlib.sha256(named.read_bytes()).hexdigest()
    text = (
        f'{{"action":"submission","digest":"{digest_of}","file":"排放报送.xlsx","sha256":"{sha}",'
        f'"uscc":"{INFO["uscc"]}","version":1,"year":2025}}'
    )
    assert log["entry"].tolist() == [text] and row["file_name"] == "排放报送.xlsx"
    assert int(log["seq"][0]) == 1 and log["prev"][0] == "0" * 64
    assert log["hash"][0] == hashlib.sha256(("0" * 64 + "\n" + text).encode()).hexdigest()


def test_a_digest_is_the_sha256_of_canonical_json_by_hand() -> None:
    import hashlib

    import numpy as np

    def sha(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    record = {"b": 2.0, "a": "碳", "n": np.int64(7)}
    tables = {"t": [(1.0, None, 2.5, float("nan"))], "s": []}
    canonical = '{"record":{"a":"碳","b":2,"n":7},"tables":{"s":[],"t":[[1,null,2.5,null]]}}'
    assert digest(record, tables) == sha(canonical)
    # integral floats become integers below 2**53 only (beyond, a float is not exactly its integer)
    assert digest({"x": 2.0**53 - 1}, {}) == sha('{"record":{"x":9007199254740991},"tables":{}}')
    assert digest({"x": 2.0**53}, {}) == sha('{"record":{"x":9007199254740992.0},"tables":{}}')
    assert digest({"x": -(2.0**53) + 1}, {}) == sha('{"record":{"x":-9007199254740991},"tables":{}}')


def test_a_store_path_or_url_opens_that_file_and_makes_its_folders(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "s.db"
    Store(str(deep)).close()
    assert deep.is_file()
    url = tmp_path / "by-url.db"
    with Store(f"sqlite:///{url}") as store:
        assert store.db == f"sqlite:///{url}" and url.is_file()
        assert {"result", "digest", "calculation"}.isdisjoint(store.latest().columns)


OTHER = complete("91630100MA7CH0002")


def test_the_admit_rule_refuses_new_and_held_files_and_stores_nothing_of_them(workbook: Any, tmp_path: Path) -> None:
    # the portal's rule, here by hand: only this enterprise's submissions
    import hashlib

    mine, other = tiny(workbook), tiny(workbook, uscc=OTHER, name="别家企业")
    asked: list[tuple[str, str]] = []

    def admit(kind: str, record: dict[str, Any]) -> str | None:
        asked.append((kind, record["uscc"]))
        return None if record["uscc"] == INFO["uscc"] else f"不是本企业的报送：{record['uscc']}"

    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [other]))  # stored without a rule: its bytes are held from now on
        before = counts(tmp_path / "s.db")
        new, held = list(ingest(store, [mine, other], admit=admit))
        assert (new.status, new.kind, new.uscc) == ("stored", "submission", INFO["uscc"])
        assert (held.status, held.file, held.message) == ("rejected", str(other), f"不是本企业的报送：{OTHER}")
        again = next(ingest(store, [mine], admit=admit))  # held bytes, admitted: unchanged, named by their hash
        sha = hashlib.sha256(mine.read_bytes()).hexdigest()
        assert (again.status, again.sha256, again.version) == ("unchanged", sha, 1)
    # asked of the held bytes with their series' record, of the new file once read, of the held again
    assert asked == [("submission", OTHER), ("submission", INFO["uscc"]), ("submission", INFO["uscc"])]
    after = counts(tmp_path / "s.db")
    assert after["submissions"] == before["submissions"] + 1  # mine only; the refused file left nothing
    assert after["files"] == before["files"] + 1


def test_a_new_file_refused_by_the_admit_rule_leaves_the_rest_of_the_batch(workbook: Any, tmp_path: Path) -> None:
    other, mine = tiny(workbook, uscc=OTHER, name="别家企业"), tiny(workbook)

    def admit(kind: str, record: dict[str, Any]) -> str | None:
        return None if record["uscc"] == INFO["uscc"] else "不是本企业的报送"

    with Store(str(tmp_path / "s.db")) as store:
        refused, stored = ingest(store, [other, mine], admit=admit)
        assert (refused.file, refused.status, refused.message) == (str(other), "rejected", "不是本企业的报送")
        assert (stored.file, stored.status) == (str(mine), "stored")  # the file after it is still stored
    assert counts(tmp_path / "s.db")["submissions"] == 1


def test_a_verification_refused_when_it_is_finished_says_where(workbook: Any, tmp_path: Path) -> None:
    # tests/test_chain.py: a quantity found missing has no default to put in its place, so the
    # verification needs its verified value; the refusal is found once the store is at hand
    from accounting.chain.verification_sheet import write_verification_template
    from tests.test_chain import verify_workbook

    report = workbook(fuel=[fuel_row("烟煤", 1000, "t", 1, ncv=20, ncv_unit="GJ/t")])
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [report]))
        blank = write_verification_template(store, INFO["uscc"], 2025, tmp_path / "核查.xlsx")
        filled = verify_workbook(blank, {"化石燃料!D2": ("缺失", None)}, "甲核查机构", "2025-07-01")
        outcome = next(ingest(store, [filled]))
        assert (outcome.file, outcome.status, outcome.kind) == (str(filled), "rejected", "verification")
        assert outcome.message == f"文件 {filled}：报送数据有 1 处错误，未计算"
        assert [(i.sheet, i.cell, i.code) for i in outcome.issues] == [("核查记录", "H2", "verified-value-missing")]
        assert store.newest("verification").empty


def test_a_submission_is_reconciled_with_the_months_deposited_before_it_is_stored(
    workbook: Any, tmp_path: Path
) -> None:
    # tests/test_chain.py: March deposited at 1 000 MWh, the annual report says 1 100 for March
    from tests.test_chain import annual, deposit

    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [deposit(tmp_path / "a", INFO["uscc"], 3)]))
        stored = next(ingest(store, [annual(workbook, 1100)]))
        kept = store.children("issues", store.latest()["id"])
    assert stored.status == "stored"
    assert kept[kept.code == "deposit-mismatch"][["sheet", "cell"]].values.tolist() == [["电力热力", "C2"]]
