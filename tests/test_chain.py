"""The monitoring chain: monthly deposits with evidence, their deadline, the monthly review, the grid
company's electricity, and the annual report reconciled with the deposits.

Worked by hand. The deadline of March 2025 is 31 March + 40 days = 10 May (环办气候函〔2022〕111号,
factors/chain-rules), a day in China's time (UTC+8): received 2025-05-10 15:00 UTC is 23:00 on
10 May, on time; 16:30 UTC is 00:30 on 11 May, one day late.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accounting import Store, ingest, verify
from accounting.chain.deposit import read_deposit, validate_deposit
from accounting.chain.deposit_template import write_deposit_template
from accounting.chain.review import deadline, review
from accounting.cli import main
from accounting.statistics import DATA, ROSTER, write_statistics
from accounting.uscc import complete
from tests.conftest import INFO, energy_row, fuel_row

A, B, C = INFO["uscc"], complete("91630100MA7CH0002"), complete("91630100MA7CH0003")
ON_TIME, LATE = "2025-05-10T15:00:00+00:00", "2025-05-10T16:30:00+00:00"


def deposit(
    folder: Path,
    uscc: str,
    month: int,
    *,
    coal: float = 100.0,
    ncv: float | None = 20.0,
    carbon: float | None = 55.0,
    electricity: float = 1000.0,
    output: float = 500.0,
    evidence: list[tuple[str, str, str]] | None = None,
    name: str | None = None,
) -> Path:
    """One month of key parameters for the enterprise ``uscc``, its evidence files written beside."""
    folder.mkdir(parents=True, exist_ok=True)
    for file, _, _ in evidence or []:
        (folder / file).write_bytes(b"%PDF-1.4 lab report of " + uscc.encode() + bytes([month]))
    info = {**INFO, "uscc": uscc, "name": f"企业{uscc[-3:]}"}
    tables = {
        "fuel": [fuel_row("烟煤", coal, "t", month, ncv=ncv, ncv_unit="GJ/t" if ncv else None, carbon_fraction=carbon)],
        "energy": [energy_row("购入电力", electricity, "MWh", month)],
        "production": [("产品A", month, output, "t")],
    }
    path = folder / (name or f"{uscc}_2025-{month:02d}.xlsx")
    return write_deposit_template(
        path, "other", info, month, tables, [(f, s, r, "检测报告") for f, s, r in evidence or []]
    )


def clocked(db: Path, when: str) -> Store:
    return Store(str(db), clock=lambda: when)


def roster(tmp_path: Path) -> Path:
    return write_statistics(
        tmp_path / "统计.xlsx",
        {
            DATA: [("青海省", "", 2024, "能源消费总量", 100, "万吨标准煤", "")],
            # the roster's power plants must deposit (the sector is in the national market); the glassworks need not
            ROSTER: [
                (A, "企业A", "西宁市", "发电"),
                (B, "企业B", "西宁市", "发电"),
                (C, "企业C", "西宁市", "发电"),
                (complete("91630100MA7CH0004"), "玻璃厂", "西宁市", "平板玻璃"),
            ],
        },
    )


def test_the_deadline_is_data_and_a_day_in_china() -> None:
    assert deadline(2025, 3).isoformat() == "2025-05-10"
    assert deadline(2025, 12).isoformat() == "2026-02-09"  # 31 Dec + 40 days


def test_on_time_late_and_missing_deposits(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with clocked(db, "2025-01-05T00:00:00+00:00") as store:
        assert next(ingest(store, [roster(tmp_path)])).status == "stored"
    good = deposit(tmp_path / "a", A, 3, evidence=[("lab-a.pdf", "化石燃料", "2")])
    late = deposit(tmp_path / "b", B, 3)
    with clocked(db, ON_TIME) as store:
        stored = next(ingest(store, [good]))
        assert (stored.status, stored.kind, stored.version, stored.label) == (
            "stored",
            "deposit",
            1,
            f"{A} 2025 年 3 月存证",
        )
    with clocked(db, LATE) as store:
        assert next(ingest(store, [late])).status == "stored"
        r = review(store, 2025, 3)
        status = r.status.set_index("uscc")
        assert status.loc[A, "status"] == "on_time" and status.loc[B, "status"] == "late"
        assert status.loc[B, "days_late"] == 1 and status.loc[C, "status"] == "missing"
        assert len(status) == 3  # not the glassworks
        # B measured NCV and carbon and gave no evidence; A's lab report covers its row 2
        assert r.unevidenced[["uscc", "row"]].values.tolist() == [[B, 2]]
        assert set(r.unevidenced.measured.iloc[0].split("、")) == {"低位发热量", "元素碳含量"}
        assert verify(store) == []  # the deposits and the evidence recompute from the stored bytes


def test_a_deposit_keeps_its_evidence_by_hash_and_versions_like_a_submission(tmp_path: Path) -> None:
    import hashlib

    first = deposit(tmp_path / "a", A, 3, evidence=[("lab.pdf", "化石燃料", "")])
    with clocked(tmp_path / "s.db", ON_TIME) as store:
        list(ingest(store, [first]))
        evidence = store.rows("deposit_evidence", "deposit_id", [1])
        expected = hashlib.sha256((tmp_path / "a" / "lab.pdf").read_bytes()).hexdigest()
        assert evidence[["file_name", "sha256"]].values.tolist() == [["lab.pdf", expected]]
        assert store.file(expected) == (tmp_path / "a" / "lab.pdf").read_bytes()
        again = deposit(tmp_path / "b", A, 3, coal=110, evidence=[("lab.pdf", "化石燃料", "")])
        assert [o.status for o in ingest(store, [first, again])] == ["unchanged", "stored"]
        assert store.newest("deposit")["version"].tolist() == [2]


def test_a_deposit_is_checked_like_a_submission_and_for_its_month(tmp_path: Path) -> None:
    path = deposit(tmp_path, A, 3, evidence=[("lab.pdf", "化石燃料", "2-x"), ("missing.pdf", "", "")])
    from openpyxl import load_workbook

    (tmp_path / "missing.pdf").unlink()
    book = load_workbook(path)
    book["化石燃料"]["C2"] = 4  # a row of April in March's deposit
    book.save(path)
    report = validate_deposit(read_deposit(path))
    found = {(i.sheet, i.cell, i.code) for i in report.issues if i.code.startswith(("deposit", "evidence"))}
    assert not report.valid
    assert found == {
        ("化石燃料", "C2", "deposit-month-mismatch"),
        ("证据", "C2", "evidence-rows-invalid"),
        ("证据", "A3", "evidence-missing"),
    }


def test_key_parameters_against_last_month_peers_and_the_grid(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    files = [
        deposit(tmp_path / "a", A, 2, coal=100, electricity=900, output=400),
        # A in March: coal −20 %, output +25 %, electricity (grid) 900 → 1030 MWh: they move apart
        deposit(tmp_path / "a", A, 3, coal=80, electricity=1000, output=500),
        deposit(tmp_path / "b", B, 3, ncv=20.5),
        deposit(tmp_path / "c", C, 3, ncv=30.0),
    ]
    grid = tmp_path / "国网.csv"
    grid.write_text(
        "供电单位,统一社会信用代码,年份,月份,用电量,单位\n"
        f"国网青海,{A},2025,2,900,MWh\n国网青海,{A},2025,3,1030,MWh\n"
        f"国网青海,{B},2025,3,1010000,kWh\n",
        encoding="utf-8",
    )
    with clocked(db, ON_TIME) as store:
        assert {o.status for o in ingest(store, [*files, grid])} == {"stored"}
        r = review(store, 2025, 3)
    p = r.parameters.set_index(["uscc", "kind"])
    assert p.loc[(A, "fuel"), "prior_activity"] == 100 and p.loc[(A, "fuel"), "change"] == pytest.approx(-0.2)
    # peers of 烟煤 NCV: 20, 20.5, 30 → median 20.5, MAD 0.5; 30 lies beyond 20.5 + 3 × 1.4826 × 0.5
    peer = r.peers.set_index("parameter").loc["ncv"]
    assert (peer["n"], peer["median"], peer["mad"]) == (3, 20.5, 0.5)
    assert "ncv" in p.loc[(C, "fuel"), "flag"] and "ncv" not in p.loc[(B, "fuel"), "flag"]
    g = r.grid.set_index("uscc")
    assert g.loc[A, "difference"] == pytest.approx((1000 - 1030) / 1030) and g.loc[A, "flag"] == "difference"
    assert g.loc[B, "difference"] == pytest.approx((1000 - 1010) / 1010) and g.loc[B, "flag"] == ""
    d = r.divergent.set_index("uscc")
    assert list(d.index) == [A]
    assert (d.loc[A, "fuel_change"], d.loc[A, "output_change"], d.loc[A, "electricity_change"]) == (
        pytest.approx(-0.2),
        pytest.approx(0.25),
        pytest.approx(130 / 900),
    )


def test_a_grid_export_with_problems_names_its_cells(tmp_path: Path) -> None:
    grid = tmp_path / "bad.csv"
    grid.write_text(
        "供电单位,统一社会信用代码,年份,月份,用电量,单位\n"
        f"国网,{A},2025,13,10,MWh\n国网,12345,2025,1,10,MWh\n国网,{A},2025,2,ten,MWh\n"
        f"国网,{A},2025,3,10,t\n",
        encoding="gb18030",
    )
    with Store(str(tmp_path / "s.db")) as store:
        outcome = next(ingest(store, [grid]))
    assert outcome.status == "rejected"
    assert {(i.sheet, i.cell, i.code) for i in outcome.issues} == {
        ("bad", "D2", "month-invalid"),
        ("bad", "B3", "uscc-invalid"),
        ("bad", "E4", "not-a-number"),
        ("bad", "F5", "unit-mismatch"),
    }


def annual(workbook: Any, march_electricity: float) -> Path:
    return workbook(
        fuel=[fuel_row("烟煤", 100, "t", 3, ncv=20, ncv_unit="GJ/t", carbon_fraction=55)],
        energy=[energy_row("购入电力", march_electricity, "MWh", 3)],
    )


def test_the_annual_report_is_reconciled_with_the_deposits(workbook: Any, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with clocked(db, ON_TIME) as store:
        list(ingest(store, [deposit(tmp_path / "a", A, 3)]))
    report = annual(workbook, 1100)  # the deposit said 1000 MWh for March
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", str(report), "--db", str(db), "--json"])
    issues = [i for i in __import__("json").loads(checked.output)["issues"] if i["code"] == "deposit-mismatch"]
    assert [(i["sheet"], i["cell"]) for i in issues] == [("电力热力", "C2")]
    assert "1100 MWh" in issues[0]["message"] and "第 1 版为「1000 MWh」" in issues[0]["message"]
    with clocked(db, "2026-03-01T00:00:00+00:00") as store:
        stored = next(ingest(store, [report]))
        kept = store.children("issues", store.latest()["id"])
        assert kept[kept.code == "deposit-mismatch"].cell.tolist() == ["C2"]
        # March is deposited again, now agreeing; the stored version still recomputes to what it was
        list(ingest(store, [deposit(tmp_path / "b", A, 3, electricity=1100)]))
        assert verify(store) == []
    agreed = runner.invoke(main, ["validate", str(report), "--db", str(db), "--json"])
    assert "deposit-mismatch" not in agreed.output and stored.version == 1


# --- verification ---------------------------------------------------------------------------------
# A power plant's 2024 report (cn-ets-power): 1000 t of coal in January, NCV 20 GJ/t and carbon 55 %
# measured, oxidation blank (the guideline's 99 %): 1000 × 0.55 × 0.99 × 44/12 = 1996.5 t; 100 MWh
# bought × 0.5703 (the 2022 factor, the nearest) = 57.03 t. The verifier finds the carbon content
# non-conforming (its default under 发电设施 is the high 0.03085 tC/GJ with the measured NCV:
# 1000 × 20 × 0.03085 × 0.99 × 44/12 = 2239.71 t, +243.21) and corrects the electricity to 120 MWh
# (120 × 0.5703 = 68.436 t, +11.406).
POWER = {"sector": "发电", "year": 2024}
REPORTED = 1000 * 0.55 * 0.99 * 44 / 12 + 100 * 0.5703
VERIFIED = 1000 * 20 * 0.03085 * 0.99 * 44 / 12 + 120 * 0.5703


def verify_workbook(path: Path, findings: dict[str, tuple[str, float | None]], body: str, signed: str) -> Path:
    from openpyxl import load_workbook

    book = load_workbook(path)
    info = book["核查信息"]
    for row in info.iter_rows(min_row=2):
        label = row[0].value
        row[1].value = {
            "核查机构": body,
            "核查员": "张三",
            "签字日期": signed,
            "核查结论": "除所列不符合项外符合指南要求",
        }.get(label, row[1].value)
    for row in book["核查记录"].iter_rows(min_row=2):
        where = f"{row[1].value}!{row[2].value}"
        if where in findings:
            row[8].value, row[7].value = findings[where]
    book.save(path)
    return path


def test_a_verification_gives_the_verified_emissions_by_hand(workbook: Any, tmp_path: Path) -> None:
    from accounting.chain.verification_sheet import write_verification_template

    report = workbook(
        fuel=[fuel_row("烟煤", 1000, "t", 1, ncv=20, ncv_unit="GJ/t", carbon_fraction=55)],
        energy=[energy_row("购入电力", 100, "MWh", 1)],
        info=POWER,
    )
    db = tmp_path / "s.db"
    with Store(str(db)) as store:
        list(ingest(store, [report]))
        assert store.latest()["tco2e"].iloc[0] == pytest.approx(REPORTED)
        blank = write_verification_template(store, A, 2024, tmp_path / "核查.xlsx")
    filled = verify_workbook(
        blank, {"化石燃料!I2": ("不符合", None), "电力热力!C2": ("已更正", 120)}, "甲核查机构", "2025-06-20"
    )
    with Store(str(db)) as store:
        outcome = next(ingest(store, [filled]))
        assert (outcome.status, outcome.kind) == ("stored", "verification"), outcome.message
        v = store.newest("verification").iloc[0]
        assert (v.reported_tco2e, v.verified_tco2e) == (pytest.approx(REPORTED), pytest.approx(VERIFIED))
        assert (v.submission_version, v.body, v.signed, v.findings) == (1, "甲核查机构", "2025-06-20", 2)
        rows = store.rows("verification_findings", "verification_id", [int(v.id)]).set_index("cell")
        assert rows.loc["I2", "effect_tco2e"] == pytest.approx(1000 * 20 * (0.03085 - 0.55 / 20) * 0.99 * 44 / 12)
        assert rows.loc["C2", "effect_tco2e"] == pytest.approx(20 * 0.5703)
        assert (rows.loc["C2", "reported"], rows.loc["C2", "verified"]) == (100, 120)
        assert verify(store) == []  # the verification recomputes from its bytes and the submission's


def test_a_finding_without_the_value_it_needs_is_located(workbook: Any, tmp_path: Path) -> None:
    from accounting.chain.verification_sheet import write_verification_template

    report = workbook(fuel=[fuel_row("烟煤", 1000, "t", 1, ncv=20, ncv_unit="GJ/t")], info=POWER)
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [report]))
        blank = write_verification_template(store, A, 2024, tmp_path / "核查.xlsx")
        findings = {"化石燃料!D2": ("缺失", None), "化石燃料!F2": ("待定", None)}
        filled = verify_workbook(blank, findings, "甲", "2025-7-1")
        outcome = next(ingest(store, [filled]))
        assert outcome.status == "rejected"
        assert {(i.sheet, i.cell, i.code) for i in outcome.issues} == {
            ("核查信息", "B9", "date-invalid"),
            ("核查记录", "I3", "finding-unknown"),
        }
        # read right, the quantity found missing still has no value to put in its place
        again = verify_workbook(filled, {"化石燃料!F2": ("符合", None)}, "甲", "2025-07-01")
        outcome = next(ingest(store, [again]))
    assert [(i.sheet, i.cell, i.code) for i in outcome.issues] == [("核查记录", "H2", "verified-value-missing")]


def test_verification_bodies_are_evaluated(workbook: Any, tmp_path: Path) -> None:
    from accounting.chain.evaluation import evaluate
    from accounting.chain.verification_sheet import write_verification_template

    second = complete("91630100MA7CH0009")
    reports = [
        workbook(
            fuel=[fuel_row("烟煤", 1000, "t", 1, ncv=20, ncv_unit="GJ/t", carbon_fraction=55)],
            energy=[energy_row("购入电力", 100, "MWh", 1)],
            info=POWER,
        ),
        workbook(
            fuel=[fuel_row("烟煤", 500, "t", 1, ncv=20, ncv_unit="GJ/t", carbon_fraction=55)],
            info={**POWER, "uscc": second},
        ),
    ]
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, reports))
        one = write_verification_template(store, A, 2024, tmp_path / "v1.xlsx")
        two = write_verification_template(store, second, 2024, tmp_path / "v2.xlsx")
        filled = [
            verify_workbook(
                one, {"化石燃料!I2": ("不符合", None), "电力热力!C2": ("已更正", 120)}, "甲核查机构", "2025-06-20"
            ),
            verify_workbook(two, {}, "乙核查机构", "2025-07-15"),
        ]  # all conforming, signed after 30 June
        assert [o.status for o in ingest(store, filled)] == ["stored", "stored"]
        e = evaluate(store, 2024)
    bodies = e.bodies.set_index("body")
    assert e.due.isoformat() == "2025-06-30"
    assert bodies.loc["甲核查机构", ["verifications", "findings", "adjustments", "late"]].tolist() == [1, 2, 2, 0]
    assert bodies.loc["甲核查机构", "adjusted_t"] == pytest.approx(VERIFIED - REPORTED)
    assert bodies.loc["甲核查机构", "mean_relative"] == pytest.approx((VERIFIED - REPORTED) / REPORTED)
    assert bodies.loc["乙核查机构", ["verifications", "findings", "adjustments", "late"]].tolist() == [1, 0, 0, 1]


def test_the_other_chain_problems_are_located(workbook: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from accounting.chain.reconcile import annual_lines, compare, deposited
    from accounting.chain.verification_sheet import write_verification_template
    from accounting.reader import read_submission

    bad_month = deposit(tmp_path / "m", A, 3)
    book = load_workbook(bad_month)
    book["基本信息"]["B9"] = "十三"  # the deposit month's row follows the seven fields of 基本信息
    book.save(bad_month)
    assert [(i.sheet, i.cell, i.code) for i in read_deposit(bad_month).issues] == [
        ("基本信息", "B9", "deposit-month-invalid")
    ]
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        f"供电单位,统一社会信用代码,年份,月份,用电量,单位\n国网,{A},2025,1,1,MWh\n国网,{A},2024,2,1,MWh\n",
        encoding="utf-8",
    )
    report = annual(workbook, 1000)
    with clocked(tmp_path / "s.db", ON_TIME) as store:
        assert [(i.cell, i.code) for i in next(ingest(store, [mixed])).issues] == [("C3", "grid-mixed")]
        # March deposited with 柴油 and output as well, which the annual report leaves out
        extra = deposit(tmp_path / "d", A, 3)
        book = load_workbook(extra)
        book["化石燃料"].append(["锅炉", "柴油", 3, 5, "t"])
        book.save(extra)
        list(ingest(store, [extra]))
        submission = read_submission(report)
        from accounting import calculate

        found = compare(annual_lines(submission, calculate(submission)), deposited(store, A, 2025), 1e-4)
        assert [(i.sheet, i.cell, i.code, i.value) for i in found] == [
            ("化石燃料", "", "deposit-line-absent", "锅炉 / 柴油 3月"),
            ("产品产量", "", "deposit-line-absent", "产品A 3月"),
        ]
        list(ingest(store, [workbook(fuel=[fuel_row("烟煤", 1, "t", 1)], info=POWER)]))
        sheet = write_verification_template(store, A, 2024, tmp_path / "v.xlsx")
        book = load_workbook(sheet)
        book["核查记录"]["C2"] = "Z99"
        book.save(sheet)
        filled = verify_workbook(sheet, {}, "甲", "2025-06-01")
        assert [(i.cell, i.code) for i in next(ingest(store, [filled])).issues] == [("C2", "verification-row-unknown")]


def test_the_chain_from_the_command_line(workbook: Any, tmp_path: Path) -> None:
    """The enterprise's and the verifier's workbooks, the store, and the three reports, by `tanhe`."""
    import json

    from openpyxl import load_workbook

    runner = CliRunner()
    db = str(tmp_path / "s.db")
    blank = tmp_path / "存证.xlsx"
    assert (
        runner.invoke(main, ["template", "--sector", "power", "--deposit", "--month", "3", "-o", str(blank)]).exit_code
        == 0
    )
    assert {"化石燃料", "电力热力", "产品产量", "证据"} <= set(load_workbook(blank).sheetnames)
    with clocked(tmp_path / "s.db", LATE) as store:
        list(ingest(store, [deposit(tmp_path / "a", A, 3)]))
        list(
            ingest(
                store,
                [
                    workbook(
                        fuel=[fuel_row("烟煤", 1000, "t", 1, ncv=20, ncv_unit="GJ/t", carbon_fraction=55)],
                        energy=[energy_row("购入电力", 100, "MWh", 1)],
                        info=POWER,
                    )
                ],
            )
        )
    review = runner.invoke(
        main,
        ["report", "deposits", "--db", db, "--year", "2025", "--month", "3", "--out", str(tmp_path / "r"), "--json"],
    )
    assert review.exit_code == 0, review.output
    assert [(s["uscc"], s["status"], s["days_late"]) for s in json.loads(review.output)["status"]] == [(A, "late", 1)]
    sheet = tmp_path / "核查表.xlsx"
    made = runner.invoke(
        main, ["template", "--verification", "--uscc", A, "--year", "2024", "--db", db, "-o", str(sheet)]
    )
    assert made.exit_code == 0, made.output
    verify_workbook(
        sheet, {"化石燃料!I2": ("不符合", None), "电力热力!C2": ("已更正", 120)}, "甲核查机构", "2025-06-20"
    )
    assert runner.invoke(main, ["db", "ingest", str(sheet), "--db", db]).exit_code == 0
    files = runner.invoke(
        main,
        [
            "report",
            "verification",
            "--db",
            db,
            "--uscc",
            A,
            "--year",
            "2024",
            "--out",
            str(tmp_path / "r"),
            "--lang",
            "zh,en",
        ],
    )
    assert files.exit_code == 0 and files.output.count("→") == 4, files.output
    from pypdf import PdfReader

    pdf = next((tmp_path / "r").glob("*核查报告.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "不符合" in text and "甲核查机构" in text and "化石燃料!I2" in text
    bodies = runner.invoke(
        main, ["report", "verifiers", "--db", db, "--year", "2024", "--json", "--out", str(tmp_path / "r")]
    )
    listed = json.loads(bodies.output)["bodies"]
    assert [(b["body"], b["findings"], b["adjusted_t"]) for b in listed] == [
        ("甲核查机构", 2, pytest.approx(VERIFIED - REPORTED))
    ]
    missing = runner.invoke(main, ["report", "verification", "--db", db, "--uscc", B, "--year", "2024"])
    assert missing.exit_code == 2 and "没有" in missing.output and "Traceback" not in missing.output


def test_a_verified_value_is_read_by_the_rule_of_every_number_cell(workbook: Any, tmp_path: Path) -> None:
    from accounting.chain.verification_sheet import write_verification_template

    report = workbook(fuel=[fuel_row("烟煤", 1000, "t", 1, ncv=20, ncv_unit="GJ/t")], info=POWER)
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [report]))
        blank = write_verification_template(store, A, 2024, tmp_path / "核查.xlsx")
        # TRUE read as 1 t before, 1e308 as a quantity; both now refused at their cell
        filled = verify_workbook(
            blank, {"化石燃料!D2": ("不符合", True), "化石燃料!F2": ("不符合", 1e308)}, "甲", "2025-07-01"
        )
        outcome = next(ingest(store, [filled]))
    assert outcome.status == "rejected"
    assert {(i.cell, i.code) for i in outcome.issues} == {("H2", "not-a-number"), ("H3", "number-out-of-range")}
