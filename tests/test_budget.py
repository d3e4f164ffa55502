"""Budgets: execution, projection, warning levels and 缓批限批, worked by hand.

The store is the regional report's (tests/test_region.py): A (西宁市) reports 2025 with January
JAN + ELEC = 357.602 tCO2e and February FEB, and 2024 with January 357.602 only; B (海东市)
reports 2025 with January 357.602 and nothing for 2024. The rules are factors/budget-rules:
level 1 at a projection ≥ 1.00 × budget; level 2 at ≥ 0.95 × budget or a pace (used share ÷
months/12) ≥ 1.10; level 3 otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from accounting import Store, ingest, verify
from accounting.cli import main
from accounting.errors import InvalidSubmission, StoreError
from accounting.planning import render_budget
from accounting.planning.budget_report import build
from accounting.planning.budgets import budget_rows, write_budget
from accounting.planning.execution import budget_figures, execute, level_of, project, restrictions, rules
from accounting.uscc import complete
from tests.conftest import located
from tests.test_chain import deposit
from tests.test_region import ELEC, FEB, JAN, TCE_B, A, B, store  # noqa: F401 (the fixture)

JAN_A = JAN + ELEC  # = A's and B's January, and A's whole 2024
SOURCE = "测试下达文件"


def budget_file(tmp_path: Path, rows: list[tuple[Any, ...]], name: str = "预算.xlsx") -> Path:
    return write_budget(tmp_path / name, [(*r[:3], *r[3:6], SOURCE) for r in rows])


BUDGETS = [
    ("青海省", "", 2025, "碳排放预算", 0.1, "万吨"),  # 1000 t
    ("西宁市", "青海省", 2025, "碳排放预算", 500, "吨"),
    ("海东市", "青海省", 2025, "碳排放预算", 300, "t"),
    ("西宁市", "青海省", 2025, "能耗预算", 0.02, "万吨标准煤"),  # 200 tce
    ("城东区", "西宁市", 2025, "碳排放预算", 100, "吨"),  # a county: the store does not know counties
]


def test_projection_by_hand() -> None:
    assert project(600.0, 9, 700.0, 1000.0) == (pytest.approx(600 * 1000 / 700), "profile")
    assert project(600.0, 9, 0.0, 0.0) == (pytest.approx(800.0), "linear")  # nothing last year: 600 × 12 / 9
    assert project(600.0, 3, 0.0, 1000.0) == (pytest.approx(2400.0), "linear")  # last year had no such months
    assert project(600.0, 12, 500.0, 1000.0) == (600.0, "actual")


def test_warning_levels_by_hand() -> None:
    r = rules()
    assert r == {"level1_projected": 1.0, "level2_projected": 0.95, "level2_pace": 1.10}
    assert level_of(1000.0, 1000.0, 10.0, 9, r) == 1  # the projection reaches the budget
    assert level_of(1000.0, 999.0, 10.0, 9, r) == 2  # within 5 %
    assert level_of(1000.0, 949.0, 10.0, 9, r) == 3
    # pace: (830 / 1000) ÷ (9 / 12) = 1.1067 ≥ 1.10; (820 / 1000) ÷ 0.75 = 1.0933 < 1.10
    assert level_of(1000.0, 900.0, 830.0, 9, r) == 2
    assert level_of(1000.0, 900.0, 820.0, 9, r) == 3


def _use() -> pd.DataFrame:
    """Monthly use: X (城一) in 2025 months 1–3 and a whole-year line, and all of 2024; Y (城二) 2025 only."""
    rows = [("X", 2025, m, "省", "城一", t, c) for m, t, c in ((1, 100, 10), (2, 110, 11), (3, 120, 12), (0, 50, 0))]
    rows += [("X", 2024, m, "省", "城一", 90.0, 9.0) for m in range(1, 13)] + [("X", 2024, 0, "省", "城一", 40.0, 0.0)]
    rows += [("Y", 2025, m, "省", "城二", 200.0, 20.0) for m in (1, 2, 3)]
    return pd.DataFrame(rows, columns=["uscc", "year", "month", "province", "city", "tco2e", "tce"])


def _rows(*budgets: tuple[str, str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [(n, region, parent, measure, value, SOURCE) for n, (region, parent, measure, value) in enumerate(budgets, 2)],
        columns=["row", "region", "parent", "measure", "value", "source"],
    )


def test_execution_by_hand() -> None:
    rows = _rows(
        ("省", "", "co2", 5000.0),
        ("城一", "省", "co2", 1400.0),
        ("城二", "省", "co2", 2000.0),
        ("城一", "省", "energy", 100.0),
        ("城三", "省", "co2", 10.0),
    )
    out = {(e.region, e.measure): e for e in execute(rows, _use(), 2025, 3, rules())}
    # 城一: 100 + 110 + 120 = 330 (the whole-year line waits for December); last year 270 of 1120
    one = out["城一", "co2"]
    assert (one.used, one.prior_to_month, one.prior_total, one.method) == (330.0, 270.0, 1120.0, "profile")
    assert one.projected == pytest.approx(330 * 1120 / 270)  # 1368.9: 97.8 % of 1400, level 2
    assert (one.level, one.monthly, one.enterprises) == (2, (100.0, 110.0, 120.0), 1)
    assert one.remaining == pytest.approx(1070.0) and one.used_share == pytest.approx(330 / 1400)
    # 城二: nothing last year, linear: 600 × 12 / 3 = 2400 over 2000, level 1
    two = out["城二", "co2"]
    assert (two.used, two.projected, two.method, two.level, two.prior_total) == (600.0, 2400.0, "linear", 1, None)
    # the province: 930, at the profile of what it has of last year: 930 × 1120 / 270 = 3857.8, pace 0.744
    province = out["省", "co2"]
    assert province.projected == pytest.approx(930 * 1120 / 270) and province.level == 3
    assert province.enterprises == 2
    # 城一's energy: 33 tce, last year 27 of 108: 132 over 100
    energy = out["城一", "energy"]
    assert (energy.used, energy.projected, energy.level) == (33.0, pytest.approx(132.0), 1)
    # no stored enterprise: no figures, no level
    three = out["城三", "co2"]
    assert (three.used, three.level, three.enterprises, three.method) == (None, None, 0, "")
    # through December the whole-year line counts and the projection is the year itself
    december = {(e.region, e.measure): e for e in execute(rows, _use(), 2025, 12, rules())}["城一", "co2"]
    assert (december.used, december.projected, december.method) == (380.0, 380.0, "actual")


def test_restrictions_by_hand() -> None:
    """Base 2020: 100 亿元 and 100 万tce, 1 tce/万元. 2023: 甲 120 亿元 and 115 万tce, 0.958333: 4.1667 %
    achieved against 1 − 0.865^(3/5) = 8.3338 % required, lagging (the two years left need 4.99 % a
    year, under twice the plan's 2.86 %): held back. 乙 100 万tce: 16.67 %, on track."""
    stats = pd.DataFrame(
        [
            (city, "省", year, indicator, value, "")
            for city, later in (("甲", 1.15e6), ("乙", 1.0e6))
            for year, indicator, value in (
                (2020, "gdp", 1e10),
                (2020, "energy_total", 1e6),
                (2023, "gdp", 1.2e10),
                (2023, "energy_total", later),
            )
        ],
        columns=["region", "parent", "year", "indicator", "value", "source"],
    )
    assigned = pd.DataFrame(
        [
            (city, "energy_intensity_gdp_reduction", 2020, 2025, 13.5, "分解文件")
            for city in ("甲", "乙", "丁")  # 丁 has a target and no statistics
        ],
        columns=["jurisdiction", "indicator_code", "base_year", "target_year", "value", "source"],
    )
    found = {x.city: x for x in restrictions(["甲", "乙", "丙", "丁"], stats, assigned, 2024)}
    a = found["甲"]
    assert a.restricted is True and a.evaluation is not None and a.evaluation.status == "lagging"
    assert a.evaluation.year == 2023  # the latest year of the statistics, not the budget's
    assert a.evaluation.actual == pytest.approx(100 * (1 - 1.15 / 1.2))
    assert a.evaluation.required == pytest.approx(100 * (1 - 0.865**0.6))
    assert a.evaluation.needed_rate == pytest.approx(100 * (1 - (0.865 / (1.15 / 1.2)) ** 0.5))
    b = found["乙"]
    assert b.restricted is False and b.evaluation is not None and b.evaluation.status == "on_track"
    assert (found["丙"].restricted, found["丙"].reason) == (None, "no_target")
    assert (found["丁"].restricted, found["丁"].reason) == (None, "no_data")


def test_the_budget_workbook_names_every_problem_at_its_cell(tmp_path: Path) -> None:
    path = budget_file(
        tmp_path,
        [
            ("青海省", "", 2025, "碳排放预算", 5500, "万吨"),
            ("西宁市", "青海省", 2024, "能耗预算", -3, "万吨标准煤"),  # another year; a negative budget
            ("海东市", "青海省", 2025, "碳", 3, "万吨"),  # not a kind of budget
            ("海西州", "青海省", 2025, "能耗预算", 3, "万吨"),  # tonnes are not energy
            ("", "青海省", 2025, "碳排放", 3, "万吨"),  # no region
            ("青海省", "", 2025, "carbon budget", 1, "万吨"),  # the first row again
            ("海南州", "青海省", "二〇二五", "能耗预算", "很多", "万吨标准煤"),
        ],
    )
    with pytest.raises(InvalidSubmission) as caught:
        budget_rows(path)
    assert located(caught.value.report.issues) == [
        ("预算", "C3", "year-mixed"),
        ("预算", "E3", "value-not-positive"),
        ("预算", "D4", "indicator-unknown"),
        ("预算", "F5", "unit-mismatch"),
        ("预算", "A6", "value-missing"),
        ("预算", "A7", "row-duplicate"),
        ("预算", "C8", "year-invalid"),
        ("预算", "E8", "not-a-number"),
    ]
    year, rows = budget_rows(budget_file(tmp_path, BUDGETS[:4], "ok.xlsx"))
    assert year == 2025
    assert [(r[1], r[3], r[4]) for r in rows] == [
        ("青海省", "co2", pytest.approx(1000.0)),
        ("西宁市", "co2", 500.0),
        ("海东市", "co2", 300.0),
        ("西宁市", "energy", pytest.approx(200.0)),
    ]
    with pytest.raises(InvalidSubmission) as empty:
        budget_rows(budget_file(tmp_path, [], "empty.xlsx"))
    assert located(empty.value.report.issues) == [("预算", "A2", "value-missing")]


def test_budgets_are_versioned_and_logged_like_submissions(store: Store, tmp_path: Path) -> None:  # noqa: F811
    first = next(ingest(store, [budget_file(tmp_path, BUDGETS)]))
    assert (first.status, first.kind, first.version, first.label) == (
        "stored",
        "budget",
        1,
        "2025 年度碳排放与能耗预算",
    )
    revised = budget_file(tmp_path, [*BUDGETS[:2], ("海东市", "青海省", 2025, "碳排放预算", 5000, "吨")], "调整.xlsx")
    again = next(ingest(store, [revised]))
    assert (again.status, again.version) == ("stored", 2)
    assert next(ingest(store, [revised])).status == "unchanged"
    entries = [json.loads(e) for e in store.log()["entry"]]
    assert [(e["action"], e["year"], e["version"]) for e in entries if e["action"] == "budget"] == [
        ("budget", 2025, 1),
        ("budget", 2025, 2),
    ]
    assert verify(store) == []
    f = budget_figures(store, 2025, 1)
    assert (f.budget_file, f.budget_version) == ("调整.xlsx", 2)  # the latest version counts
    assert {(e.region, e.measure): e.budget for e in f.executions}[("海东市", "co2")] == 5000.0
    # the first budget made current again: a third version with its bytes, logged as restored
    back = store.restore(1, kind="budget", year=2025)
    assert (back.status, back.version) == ("stored", 3)
    assert {(e.region, e.measure): e.budget for e in budget_figures(store, 2025, 1).executions}[
        ("海东市", "co2")
    ] == 300
    assert json.loads(store.log()["entry"].iloc[-1])["restored_from"] == 1
    assert verify(store) == []


def test_execution_from_the_store_by_hand(store: Store, tmp_path: Path) -> None:  # noqa: F811
    ingest_all = list(ingest(store, [budget_file(tmp_path, BUDGETS)]))
    assert ingest_all[0].status == "stored"
    f = budget_figures(store, 2025, 1, "青海省")
    out = {(e.region, e.measure): e for e in f.executions}
    # 西宁市 (A): 357.602 in January, last year's January the whole of last year: projected 357.602 of
    # 500, but the pace (357.602 / 500) ÷ (1 / 12) = 8.58: level 2
    xining = out["西宁市", "co2"]
    assert (xining.used, xining.projected, xining.method, xining.level) == (
        pytest.approx(JAN_A),
        pytest.approx(JAN_A),
        "profile",
        2,
    )
    # 海东市 (B): nothing of 2024, linear: 357.602 × 12 = 4291.2 over 300: level 1
    haidong = out["海东市", "co2"]
    assert (haidong.projected, haidong.method, haidong.level) == (pytest.approx(JAN_A * 12), "linear", 1)
    # the province: both, at A's profile (its only 2024 data): 715.204 of 1000
    assert out["青海省", "co2"].used == pytest.approx(2 * JAN_A) and out["青海省", "co2"].level == 2
    # 西宁市's energy: January 191.143 tce of 200, projected the same at last year's profile: 95.6 %, level 2
    assert out["西宁市", "energy"].projected == pytest.approx(TCE_B) and out["西宁市", "energy"].level == 2
    assert out["城东区", "co2"].level is None
    # through February: A's 444.69 at last year's profile (357.602 of 357.602): 88.9 %, pace 5.3, level 2
    february = {(e.region, e.measure): e for e in budget_figures(store, 2025, 2).executions}["西宁市", "co2"]
    assert february.used == pytest.approx(JAN + FEB + ELEC) and february.monthly == pytest.approx((JAN_A, FEB))
    # the store has the annual reports of 2025: by default through December
    assert budget_figures(store, 2025).month == 12


def test_a_deposit_counts_until_the_annual_report_is_stored(store: Store, tmp_path: Path) -> None:  # noqa: F811
    c = complete("91630100MA7CH0003")
    ingest_all = [budget_file(tmp_path, BUDGETS), deposit(tmp_path / "d", c, 1), deposit(tmp_path / "e", A, 1)]
    assert [o.status for o in ingest(store, ingest_all)] == ["stored"] * 3
    deposits = store.newest("deposit").set_index("uscc")["tco2e"]
    xining = {(e.region, e.measure): e for e in budget_figures(store, 2025, 1).executions}["西宁市", "co2"]
    # C's January deposit counts (C has no annual report); A's does not (its annual report is stored)
    assert xining.used == pytest.approx(JAN_A + deposits[c]) and xining.enterprises == 2


def test_no_budget_or_no_data_is_said(store: Store, tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(StoreError, match="没有 2026 年度的预算"):
        budget_figures(store, 2026)
    next(ingest(store, [budget_file(tmp_path, [("青海省", "", 2026, "碳排放预算", 1, "万吨")], "b26.xlsx")]))
    with pytest.raises(StoreError, match="没有 2026 年的月度数据"):
        budget_figures(store, 2026)
    next(ingest(store, [budget_file(tmp_path, BUDGETS, "b25.xlsx")]))
    with pytest.raises(StoreError, match="甘肃省"):
        budget_figures(store, 2025, 1, "甘肃省")


def test_the_report_files_json_and_command_line(store: Store, tmp_path: Path) -> None:  # noqa: F811
    next(ingest(store, [budget_file(tmp_path, BUDGETS)]))
    written, summary = render_budget(store, 2025, tmp_path / "r", month=1, province="青海省", langs=("zh", "en"))
    assert sorted(p.name for p in written) == sorted(
        [
            "青海省_2025_01月_预算执行报告.xlsx",
            "青海省_2025_01月_预算执行报告.pdf",
            "青海省_2025_01_budget-report.xlsx",
            "青海省_2025_01_budget-report.pdf",
        ]
    )
    book = openpyxl.load_workbook(tmp_path / "r" / "青海省_2025_01月_预算执行报告.xlsx")
    sheet = book["预算执行与预警"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "一级预警" in cells and "海东市" in cells
    result = CliRunner().invoke(
        main,
        ["report", "budget", "--db", store.db, "--year", "2025", "--month", "1", "--format", "pdf", "--json"],
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output[result.output.index("{") :])
    assert printed == json.loads(json.dumps(summary)) | {"province": None}
    haidong = next(b for b in printed["budgets"] if b["region"] == "海东市")
    assert (haidong["level"], haidong["method"], haidong["unit"]) == (1, "linear", "tCO2e")
    assert haidong["projected"] == pytest.approx(JAN_A * 12, abs=1e-6)


def test_the_document_in_both_languages(store: Store, tmp_path: Path) -> None:  # noqa: F811
    next(ingest(store, [budget_file(tmp_path, BUDGETS)]))
    f = budget_figures(store, 2025, 1, "青海省")
    zh, en = build(f, "zh"), build(f, "en")
    cover = dict((label, value) for label, value, _ in zh.section("cover").fields)
    assert cover["预警等级"] == "一级 1 项，二级 3 项，三级 0 项，无数据 1 项"
    assert cover["统计截至"] == "2025年1月" and cover["预算表"] == "预算.xlsx（第 1 版）"
    progress = zh.section("execution").tables[0]
    assert [r[0] for r in progress.rows] == ["青海省", "西宁市", "海东市", "西宁市"]  # the county has no data
    assert progress.marks == ("lagging", "lagging", "warning", "lagging")
    assert en.section("execution").tables[1].rows[2][-1] == "Level 1"
    assert [s.key for s in en.sections] == ["cover", "execution", "months", "restrictions", "basis"]
    # neither city has a target: unjudged, not cleared
    held = zh.section("restrictions").tables[0]
    assert [(r[0], r[-1]) for r in held.rows] == [
        (city, "无能耗强度下降目标（目标库与「目标赋值」均无）") for city in ("西宁市", "海东市")
    ]
    assert held.marks == ("", "")


def test_the_template_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "预算.xlsx"
    result = CliRunner().invoke(main, ["template", "--budget", "-o", str(out)])
    assert result.exit_code == 0 and "预算表" in result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["说明", "预算", "_lists", "_tanhe"]
    assert [c.value.split("\n")[0] for c in book["预算"][1]] == [
        "地区",
        "上级地区",
        "年份",
        "预算类别",
        "数值",
        "单位",
        "依据",
    ]


def test_the_rules_are_data_a_department_can_replace(store: Store, tmp_path: Path) -> None:  # noqa: F811
    """A folder with its own budget-rules (level 1 from 60 % of the budget): 西宁市's 357.602 of 500
    (71.5 %) becomes level 1 through the same command."""
    import shutil

    from accounting.factors import default_root

    own = tmp_path / "本省规则" / "budget-rules"
    shutil.copytree(default_root() / "budget-rules", own)
    values = (own / "values.csv").read_text(encoding="utf-8").replace("level1_projected,1.00", "level1_projected,0.60")
    (own / "values.csv").write_text(values, encoding="utf-8")
    next(ingest(store, [budget_file(tmp_path, BUDGETS)]))
    args = ["report", "budget", "--db", store.db, "--year", "2025", "--month", "1", "--format", "pdf", "--json"]
    plain = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    strict = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b"), "--factors", str(own.parent)])
    assert plain.exit_code == 0 and strict.exit_code == 0, strict.output

    def xining(output: str) -> Any:
        found = json.loads(output[output.index("{") :])
        return next(b for b in found["budgets"] if (b["region"], b["measure"]) == ("西宁市", "co2")), found["rules"]

    (before, _), (after, rules_used) = xining(plain.output), xining(strict.output)
    assert (before["level"], after["level"], rules_used["level1_projected"]) == (2, 1, 0.6)
