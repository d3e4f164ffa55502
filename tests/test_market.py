"""Allowances and compliance, worked by hand.

Power (factors/allocation-power): a unit's allowance = supplied electricity × supply benchmark ×
cooling × heat-supply × load corrections + supplied heat × heat benchmark. Benchmarks used below:
2020 300MW等级及以下 0.979 tCO2/MWh, coal heat 0.126 tCO2/GJ, gas 0.392 and 0.059; 2021 300MW等级以上
0.8218; 2022 gas 0.3901. Corrections: 空冷 (coal) 1.05; heat 1 − 0.22 H (coal), 1 − 0.6 H (gas); load
of a condensing conventional coal unit, 0.75 ≤ F < 0.80: 1.007 + 0.0016 × (80 − 100 F), F < 0.75:
1.015^(16 − 20 F).

Industry (factors/allocation-industry): 2024 allowance = verified direct emissions (fuel + process);
2025 pre-allocation = 70 % of the 2024 verified emissions. CCER (factors/market-rules): at most 5 %
of the emissions to cover. Roster: covered sectors at or above 26 000 tCO2e in R−2 or R−1.

Fuel rows below have every parameter measured, so their emissions are by hand:
Q × NCV × carbon per GJ × oxidation × 44/12; 10 000 t × 20 GJ/t × 0.03 tC/GJ × 100 % × 44/12 = 22 000 t.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from accounting import Store, ingest, verify
from accounting.cli import main
from accounting.errors import InvalidSubmission
from accounting.market.allocation import allocate, evaluate, power_unit
from accounting.market.compliance import compliance, settle, whole
from accounting.market.facts import Facts
from accounting.market.registry import read_registry, write_registry
from accounting.market.roster import roster
from accounting.market.rules import compliance_due, coverage
from accounting.uscc import complete
from accounting.workbook import write_submission
from tests.conftest import INFO, fuel_row


def unit(
    category: str,
    power: float,
    heat: float = 0.0,
    *,
    cooling: str = "水冷",
    load: float | None = 0.9,
    ratio: float = 0.0,
) -> dict[str, Any]:
    return {
        "unit": "1#",
        "category": category,
        "capacity_mw": 600,
        "cooling": cooling,
        "power_mwh": power,
        "heat_gj": heat,
        "load_factor": load,
        "heat_ratio": ratio,
    }


# -- power ------------------------------------------------------------------------------------------


def test_a_condensing_coal_unit_takes_every_coefficient() -> None:
    u = power_unit(unit("300MW等级以上常规燃煤机组", 3_000_000, cooling="空冷", load=0.78), 2021)
    # 0.75 ≤ 0.78 < 0.80: 1.007 + 0.0016 × (80 − 78) = 1.0102
    assert [u.term(k).value for k in ("benchmark_power", "cooling", "heat", "load")] == pytest.approx(
        [0.8218, 1.05, 1.0, 1.0102]
    )
    # 3 000 000 × 0.8218 = 2 465 400; × 1.05 = 2 588 670; × 1.0102 = 2 615 074.434
    assert u.power_part == pytest.approx(2_615_074.434, abs=1e-3)
    assert u.heat_part == 0 and u.allowance == pytest.approx(2_615_074.434, abs=1e-3)
    assert u.term("benchmark_power").source_id == "MEE-2023-1" and u.term("benchmark_power").confidence == "secondary"
    assert u.term("load").expression == "1.007+0.0016*(80-100*F)，F = 0.78"


def test_a_low_load_condensing_unit_and_the_load_bands() -> None:
    # F = 0.632: 1.015^(16 − 12.64) = exp(3.36 × ln 1.015) = exp(0.0500257)
    #   = 1 + 0.0500257 + 0.0012513 + 0.0000209 + 0.0000003 = 1.0512982
    low = power_unit(unit("300MW等级及以下常规燃煤机组", 1_000_000, load=0.632), 2020)
    assert low.term("load").value == pytest.approx(1.0512982, rel=1e-7)
    # 0.80 ≤ F < 0.85: 1 + 0.0014 × (85 − 82) = 1.0042; F ≥ 0.85: 1
    assert power_unit(unit("300MW等级及以下常规燃煤机组", 1, load=0.82), 2020).term("load").value == pytest.approx(
        1.0042
    )
    assert power_unit(unit("300MW等级及以下常规燃煤机组", 1, load=0.85), 2020).term("load").value == 1.0
    # a unit supplying heat is not condensing: its load correction is 1 whatever its load
    assert power_unit(unit("300MW等级及以下常规燃煤机组", 1, 10, load=0.5, ratio=0.1), 2020).term("load").value == 1.0
    # no load factor given for a condensing unit: the correction, hence the allowance, is missing
    blank = power_unit(unit("300MW等级及以下常规燃煤机组", 1_000_000, load=None), 2020)
    assert blank.allowance is None and blank.missing == ("load",)


def test_a_coal_chp_unit_with_its_heat() -> None:
    u = power_unit(unit("300MW等级及以下常规燃煤机组", 1_500_000, 2_000_000, load=0.7, ratio=0.2), 2020)
    # heat correction 1 − 0.22 × 0.2 = 0.956; 1 500 000 × 0.979 × 0.956 = 1 403 886
    assert u.term("heat").value == pytest.approx(0.956)
    assert u.power_part == pytest.approx(1_403_886.0)
    # 2 000 000 GJ × 0.126 = 252 000
    assert u.heat_part == pytest.approx(252_000.0) and u.allowance == pytest.approx(1_655_886.0)


def test_a_gas_unit() -> None:
    # 2020: 800 000 × 0.392 × (1 − 0.6 × 0.25 = 0.85) = 266 560; + 500 000 × 0.059 = 29 500; = 296 060
    u = power_unit(unit("燃气机组", 800_000, 500_000, cooling="空冷", load=0.6, ratio=0.25), 2020)
    assert [u.term(k).value for k in ("cooling", "heat", "load")] == pytest.approx([1.0, 0.85, 1.0])  # 空冷: coal only
    assert u.power_part == pytest.approx(266_560.0) and u.allowance == pytest.approx(296_060.0)
    # 2022: 800 000 × 0.3901 × 0.85 = 265 268; no heat benchmark after 2020 is bundled: the total is missing
    later = power_unit(unit("燃气机组", 800_000, 500_000, load=0.6, ratio=0.25), 2022)
    assert later.power_part == pytest.approx(265_268.0)
    assert later.heat_part is None and later.allowance is None and later.missing == ("benchmark_heat",)


def test_a_year_the_data_does_not_reach_is_missing_not_one() -> None:
    # no 2025 benchmark, and the corrections are bundled for 2019–2024 only: none of them is taken as 1
    u = power_unit(unit("300MW等级以上常规燃煤机组", 1_000_000, cooling="空冷", load=0.7), 2025)
    assert u.allowance is None and set(u.missing) == {"benchmark_power", "cooling", "heat", "load"}
    a = allocate(facts("power", 2025, units=(unit("300MW等级以上常规燃煤机组", 1_000_000, load=0.7),)))
    assert (
        a.final is None
        and ("note_missing_cooling", {"unit": "1#", "category": "300MW等级以上常规燃煤机组", "year": 2025}) in a.notes
    )
    blank = allocate(facts("power", 2020, units=(unit("300MW等级及以下常规燃煤机组", 1_000_000, load=None),)))
    assert [k for k, _ in blank.notes] == ["note_load_factor_blank", "note_no_previous_units"]


def facts(
    sector: str,
    year: int,
    basis: str = "verified",
    units: tuple[dict[str, Any], ...] = (),
    production: tuple[dict[str, Any], ...] = (),
    **by: float,
) -> Facts:
    cover = coverage(sector, year)
    categories = {
        "fuel_combustion": 0.0,
        "process": 0.0,
        "net_purchased_electricity": 0.0,
        "net_purchased_heat": 0.0,
        **by,
    }
    return Facts(
        "91620100MA7GX00036",
        "甲",
        "甘肃省",
        "兰州市",
        sector,
        year,
        basis,
        1,
        1 if basis == "verified" else None,
        categories,
        production,
        units,
        sum(categories.values()),
        cover.categories if cover else (),
    )


def test_a_plant_sums_its_units_and_preallocates_from_last_year() -> None:
    now = facts(
        "power",
        2020,
        units=(unit("300MW等级及以下常规燃煤机组", 1_500_000, 2_000_000, load=0.7, ratio=0.2),),
        fuel_combustion=1_600_000,
        net_purchased_electricity=2_000,
        process=9_000,
    )
    before = facts("power", 2019, units=(unit("300MW等级及以下常规燃煤机组", 1_000_000, load=0.9),))
    a = allocate(now, before)
    assert a.method == "power" and a.final == pytest.approx(1_655_886.0)
    # power covers fuel and purchased electricity, not the (excluded) process line: 1 602 000
    assert now.to_cover == 1_602_000
    assert a.balance == pytest.approx(1_655_886.0 - 1_602_000)
    # pre: 70 % × 1 000 000 × 0.979 (the 2020 benchmark, water-cooled, condensing, F = 0.9) = 685 300
    assert a.pre == pytest.approx(685_300.0)
    assert ("MEE-2020-3", "uncertain") in a.sources


# -- steel, cement, aluminium --------------------------------------------------------------------


def test_a_cement_plant_in_its_first_years() -> None:
    first = facts("cement", 2024, fuel_combustion=250_000, process=480_000, net_purchased_electricity=40_000)
    a = allocate(first)
    # 2024: the allowance is the verified direct emissions, 250 000 + 480 000; no pre-allocation
    assert a.method == "verified" and a.final == 730_000 and a.pre is None and a.balance == 0
    assert ("note_no_preallocation", {"year": 2024}) in a.notes
    second = facts("cement", 2025, fuel_combustion=260_000, process=500_000)
    b = allocate(second, first)
    # 2025: pre-allocation 70 % × 730 000 = 511 000; the intensity formula is not bundled: no final
    assert b.pre == pytest.approx(511_000.0) and b.final is None and b.method == "not_found"
    # a white-clinker-only line gets its verified emissions, 760 000
    white = facts(
        "cement",
        2025,
        production=({"product": "白色硅酸盐水泥熟料", "quantity": 300_000, "unit": "t"},),
        fuel_combustion=260_000,
        process=500_000,
    )
    assert allocate(white, first).final == 760_000
    # reported, not verified: computed all the same and said so
    assert allocate(facts("cement", 2024, "reported", fuel_combustion=1)).notes[0] == ("note_reported", {})


def test_a_sector_outside_the_market_has_no_allocation() -> None:
    assert allocate(facts("glass", 2025, fuel_combustion=90_000)).method == "not_covered"
    assert allocate(facts("cement", 2023, fuel_combustion=90_000)).method == "not_covered"  # covered from 2024


def test_correction_expressions_are_arithmetic_only() -> None:
    assert evaluate("1.015**(16-20*F)", {"F": 0.8}) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        evaluate("__import__('os').system('true')", {})


# -- compliance -----------------------------------------------------------------------------------


def test_ccer_below_at_and_above_the_cap() -> None:
    # 100 000 t to cover: CCER up to 5 000 t
    below = settle(100_000, 0, 97_000, 3_000, 0.05, passed=False)
    assert (below["ccer_accepted"], below["ccer_refused"], below["status"]) == (3_000, 0, "complied")
    at = settle(100_000, 0, 95_000, 5_000, 0.05, passed=False)
    assert (at["ccer_accepted"], at["ccer_refused"], at["shortfall"], at["status"]) == (5_000, 0, 0, "complied")
    above = settle(100_000, 0, 92_000, 8_000, 0.05, passed=False)
    assert (above["ccer_accepted"], above["ccer_refused"], above["covered"]) == (5_000, 3_000, 97_000)
    assert (above["shortfall"], above["projected"], above["status"]) == (3_000, 3_000, "at_risk")
    # holding 3 000 more it can still comply; after the deadline the shortfall is a failure
    assert settle(100_000, 3_000, 92_000, 8_000, 0.05, passed=False)["status"] == "on_track"
    assert settle(100_000, 3_000, 92_000, 8_000, 0.05, passed=True)["status"] == "not_complied"
    # 5 % of 453 865 t is 22 693.25 t: 22 693 whole tonnes may be offset
    odd = settle(453_865, 0, 417_557, 36_309, 0.05, passed=False)
    assert (odd["ccer_cap"], odd["ccer_refused"], odd["shortfall"]) == (22_693, 13_616, 13_615)


def test_emissions_to_cover_are_whole_tonnes_rounded_half_up() -> None:
    assert (whole(22_000.49), whole(22_000.5), whole(0.2)) == (22_000, 22_001, 0)


def test_the_deadline_is_data() -> None:
    assert compliance_due(2025).isoformat() == "2026-12-31"  # 12 months after the year's end


A, B, C = complete("91630100MA7MK0001"), complete("91630100MA7MK0002"), complete("91630100MA7MK0003")
D = complete("91630100MA7MK0004")


def cement(folder: Path, uscc: str, year: int, coal: float, sector: str = "水泥熟料") -> Path:
    """A plant burning ``coal`` t of coal, every parameter measured: 2.2 tCO2 per t (see the module)."""
    info = {**INFO, "uscc": uscc, "name": f"企业{uscc[-2:]}", "sector": sector, "year": year}
    return write_submission(
        folder / f"{uscc}_{year}.xlsx",
        info,
        {"fuel": [fuel_row("烟煤", coal, "t", "全年", ncv=20, ncv_unit="GJ/t", carbon_per_heat=0.03, oxidation=100)]},
    )


def test_the_compliance_rate_from_a_registry_export(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    # A 22 000 t, B 44 000 t, C 66 000 t, D (glass, not covered) 22 000 t
    files = [
        cement(tmp_path, A, 2025, 10_000),
        cement(tmp_path, B, 2025, 20_000),
        cement(tmp_path, C, 2025, 30_000),
        cement(tmp_path, D, 2025, 10_000, "平板玻璃"),
    ]
    # A has surrendered all; B has surrendered half and holds 10 000 (short 12 000 even then);
    # C offsets 4 800 t CCER, 1 500 over its cap of 3 300, and surrendered 61 200: 1 500 short, holds 2 000
    registry = write_registry(
        tmp_path / "registry.csv",
        2025,
        "2026-10-15",
        [(A, "企业01", 0, 22_000, 0), (B, "企业02", 10_000, 22_000, 0), (C, "企业03", 2_000, 61_200, 4_800)],
    )
    with Store(str(db)) as store:
        assert {o.status for o in ingest(store, [*files, registry])} == {"stored"}
        c = compliance(store, 2025, as_of=__import__("datetime").date(2026, 11, 30))
    e = c.enterprises.set_index("uscc")
    assert set(e.index) == {A, B, C}  # the glassworks is not covered
    assert e.to_cover.to_dict() == pytest.approx({A: 22_000, B: 44_000, C: 66_000})
    assert e.status.to_dict() == {A: "complied", B: "at_risk", C: "on_track"}
    assert (e.loc[C, "ccer_accepted"], e.loc[C, "ccer_refused"]) == pytest.approx((3_300, 1_500))
    assert (e.loc[B, "shortfall"], e.loc[B, "projected"]) == (22_000, 12_000)
    assert e.loc[C, "shortfall"] == pytest.approx(1_500)
    # 1 of 3 enterprises; tonnes (22 000 + 22 000 + 64 500) / 132 000 = 0.821970
    assert c.rate == pytest.approx(1 / 3)
    assert c.rate_tonnes == pytest.approx(108_500 / 132_000)
    # still to surrender 22 000 + 1 500; missing even after surrendering all held: B's 12 000 (C holds enough)
    assert list(c.at_risk.uscc) == [B] and c.to_surrender == pytest.approx(23_500)
    assert c.shortfall == pytest.approx(12_000)
    # the same day a year later the deadline has passed
    with Store(str(db), create=False) as store:
        late = compliance(store, 2025, as_of=__import__("datetime").date(2027, 1, 1)).enterprises.set_index("uscc")
        after = compliance(store, 2025, as_of=__import__("datetime").date(2027, 1, 1))
    assert late.status.to_dict() == {A: "complied", B: "not_complied", C: "not_complied"}
    assert after.shortfall == pytest.approx(23_500)  # after the deadline, what was not surrendered


def test_the_registry_export_is_checked_by_cell_and_versioned(tmp_path: Path) -> None:
    bad = tmp_path / "导出.csv"
    bad.write_text(
        "统一社会信用代码,履约年度,持有配额,已清缴配额,CCER抵销量,导出日期\n"
        f"{A},2025,-5,100,0,2026-10-15\n{A},2025,1,2,x,2026-10-15\nX,2025,1,1,1,2026/10/15\n"
        f"{B},2024,1,1,1,2026-10-15\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidSubmission) as raised:
        read_registry(bad, bad.read_bytes())
    found = {(i.cell, i.code) for i in raised.value.report.issues}
    assert found == {
        ("C2", "negative-quantity"),
        ("E3", "not-a-number"),
        ("A3", "registry-duplicate"),
        ("A4", "uscc-invalid"),
        ("F4", "date-invalid"),
        ("B5", "grid-mixed"),
    }
    done = CliRunner().invoke(main, ["validate", str(bad)])  # the regulator checks it before storing it
    assert done.exit_code == 1 and "导出!C2" in done.output and "registry-duplicate" in done.output
    db = tmp_path / "t.db"
    good = write_registry(tmp_path / "r.csv", 2025, "2026-10-15", [(A, "甲", 5, 6, 7)])
    with Store(str(db)) as store:
        assert [o.status for o in ingest(store, [bad])] == ["rejected"]
        assert [o.status for o in ingest(store, [good])] == ["stored"]
        assert verify(store) == []
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE holdings SET surrendered = 60")
    with Store(str(db), create=False) as store:
        assert [f.check for f in verify(store)] == ["digest"]


# -- roster ---------------------------------------------------------------------------------------


def test_the_roster_names_who_entered_and_who_left(tmp_path: Path) -> None:
    # the roster of 2026 looks at 2024 and 2025, that of 2025 at 2023 and 2024; threshold 26 000 t
    plan = {
        A: {2023: 20_000, 2024: 20_000, 2025: 20_000},  # 44 000 t every year: stays
        B: {2024: 10_000, 2025: 20_000},  # 22 000 t in 2024, 44 000 t in 2025: enters
        C: {2023: 20_000, 2024: 10_000, 2025: 10_000},  # 44 000 t in 2023, 22 000 t since: leaves
        D: {2024: 50_000, 2025: 50_000},
    }  # glass: not covered
    files = [
        cement(tmp_path, u, y, q, "平板玻璃" if u == D else "水泥熟料")
        for u, years in plan.items()
        for y, q in years.items()
    ]
    with Store(str(tmp_path / "t.db")) as store:
        assert {o.status for o in ingest(store, files)} == {"stored"}
        r = roster(store, 2026)
        previous = roster(store, 2025)
    assert set(r.listed.uscc) == {A, B} and set(previous.listed.uscc) == {A, C}
    assert list(r.entered.uscc) == [B]
    assert list(r.left.uscc) == [C] and list(r.left.reason) == ["below"]
    assert r.listed.set_index("uscc").loc[B, ["e2024", "e2025"]].tolist() == pytest.approx([22_000, 44_000])


# -- the commands and their reports -------------------------------------------------------------


def test_the_commands_write_reports_and_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    files = [
        cement(tmp_path, A, 2024, 20_000),
        cement(tmp_path, A, 2025, 20_000),
        write_registry(tmp_path / "r.csv", 2025, "2026-10-15", [(A, "企业01", 0, 30_000, 14_000)]),
    ]
    with Store(db) as store:
        list(ingest(store, files))
    run = CliRunner().invoke
    done = run(main, ["allowances", "--db", db, "--year", "2025", "--json"])
    assert done.exit_code == 0, done.output
    a = json.loads(done.output)["enterprises"][0]
    assert (a["pre"], a["final"], a["method"]) == (pytest.approx(0.7 * 44_000), None, "not_found")
    done = run(main, ["report", "compliance", "--db", db, "--year", "2025", "--as-of", "2026-11-30", "--json"])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.output)
    # 44 000 to cover; CCER 14 000 of which 2 200 accepted; 30 000 + 2 200 = 32 200 covered: 11 800 short
    assert summary["enterprises"][0]["ccer_refused"] == pytest.approx(11_800)
    assert summary["shortfall_tco2e"] == pytest.approx(11_800) and summary["rate"] == 0
    out = tmp_path / "out"
    for args in (
        ["allowances", "--year", "2025"],
        ["report", "compliance", "--year", "2025", "--lang", "zh,en"],
        ["report", "compliance", "--year", "2025", "--uscc", A],
        ["report", "roster", "--year", "2026"],
    ):
        done = run(main, [*args, "--db", db, "--out", str(out)])
        assert done.exit_code == 0, done.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 10 and all(n.endswith((".xlsx", ".pdf")) for n in names)
    book = load_workbook(next(out.glob("*配额清缴履约报告.xlsx")))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert "履约率（按单位）" in cells and "配额登记导出" in cells
    # an enterprise that did not report is refused by name, and no traceback
    done = run(main, ["allowances", "--db", db, "--year", "2025", "--uscc", B, "--json"])
    assert done.exit_code != 0 and B in done.output and "Traceback" not in done.output
    assert math.isclose(summary["ccer_cap"], 0.05)


def test_a_verifier_correcting_a_units_supply_changes_the_allocation(tmp_path: Path) -> None:
    """The sample power plant, as of 2020 (the year with every benchmark bundled): 1# supplies 1 400 000
    MWh and 1 777 000 GJ at H = 0.169, water-cooled; 2# is air-cooled and condensing at F = 0.632. The
    verifier corrects 2#'s supply to 1 200 000 MWh.

    1#: 1 400 000 × 0.979 × (1 − 0.22 × 0.169 = 0.96282) = 1 319 641.092; + 1 777 000 × 0.126 = 223 902
    2#: 1 200 000 × 0.979 × 1.05 × 1.0512982 = 1 233 540 × 1.0512982 = 1 296 818.38
    """
    from accounting.chain.verification_sheet import write_verification_template
    from accounting.market.render import allocations
    from accounting.samples import SAMPLES
    from accounting.template import write_template

    sample = SAMPLES["gansu-power"]()
    info = {**sample["info"], "year": 2020}
    path = write_template(tmp_path / "power_2020.xlsx", "power", info, sample["tables"])
    with Store(str(tmp_path / "t.db")) as store:
        assert [o.status for o in ingest(store, [path])] == ["stored"]
        reported = allocations(store, 2020)[0]
        assert reported.facts.basis == "reported"
        sheet = write_verification_template(store, info["uscc"], 2020, tmp_path / "核查.xlsx")
        book = load_workbook(sheet)
        for row in book["核查信息"].iter_rows(min_row=2):
            row[1].value = {
                "核查机构": "某核查机构",
                "核查员": "张三",
                "签字日期": "2021-05-01",
                "核查结论": "除所列项外符合指南",
            }.get(str(row[0].value), row[1].value)
        rows = book["核查记录"]
        for row in rows.iter_rows(min_row=2):
            if row[1].value == "机组信息" and "2#机组" in str(row[3].value) and "供电量" in str(row[3].value):
                row[7].value, row[8].value, row[9].value = 1_200_000, "已更正", "电能表抄表记录"
        book.save(sheet)
        outcome = list(ingest(store, [sheet]))
        assert [o.status for o in outcome] == ["stored"], outcome[0].message
        verified = allocations(store, 2020)[0]
    assert verified.facts.basis == "verified"
    one, two = verified.units
    assert two.power_mwh == 1_200_000 and two.allowance == pytest.approx(1_296_818.38, rel=1e-7)
    assert one.allowance == pytest.approx(1_319_641.092 + 223_902, rel=1e-9)
    assert verified.final == pytest.approx(1_543_543.092 + 1_296_818.38, rel=1e-7)
    assert reported.units[1].power_mwh != 1_200_000  # the reported allocation had the plant's own figure


def test_an_enterprises_statement_by_hand(tmp_path: Path) -> None:
    # A burns 10 000 t of coal: 22 000 t to cover, surrendered in full; no clinker reported, so no
    # allowance was found for it: pre-allocation and allowance are blank (a dash), not 0
    from accounting.market.documents import statement_document

    registry = write_registry(tmp_path / "registry.csv", 2025, "2026-10-15", [(A, "企业01", 0, 22_000, 0)])
    with Store(str(tmp_path / "t.db")) as store:
        list(ingest(store, [cement(tmp_path, A, 2025, 10_000), registry]))
        c = compliance(store, 2025, as_of=__import__("datetime").date(2026, 11, 30))
    fields = {label: value for label, value, _ in statement_document(c, A).section("position").fields}
    assert (fields["预分配（t）"], fields["核定配额（t）"]) == (None, None)
    assert (fields["应覆盖排放量（t）"], fields["持有配额（t）"], fields["已清缴（t）"]) == (22_000, 0, 22_000)
    assert (fields["CCER 上限（t）"], fields["已覆盖（t）"], fields["尚缺（t）"]) == (22_000 * 0.05, 22_000, 0)
