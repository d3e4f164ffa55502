"""New-project assessment and the project ledger, worked by hand.

The project: a coking plant (化工, main product 焦炭) in 西宁市 whose design year burns 100 t of
bituminous coal at 20 GJ/t and buys 1000 MWh: 178.002 + 179.6 = 357.602 tCO2e and
2000 / 29.307 + 122.9 = 191.1430818 tce (tests/test_region.py), 10 000 t of coke: 19.114 kgce/t
against the 焦炭 benchmark of 110 kgce/t.

The store is the regional report's with the budgets of tests/test_budget.py: 西宁市 has 500 tCO2e and
200 tce for 2025 and used 444.6894785 tCO2e and 226.8580818 tce (the whole year stored): 55.3105
tCO2e left, no energy left. The province's energy intensity went from 1 to 0.818182 tce/万元
against a 13.5 % target: the pathway allows 0.865 × 110 万 = 951 500 tce in 2025 and 900 000 were
used: 51 500 tce of room.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accounting import Store, ingest, verify
from accounting.cli import main
from accounting.errors import InvalidSubmission
from accounting.planning import render_assessment, render_projects
from accounting.planning.assessment import assess
from accounting.planning.project_report import assessment_document
from accounting.planning.projects import read_project, write_project
from tests.conftest import INFO, energy_row, fuel_row, located
from tests.test_budget import BUDGETS, budget_file
from tests.test_region import A25, ELEC, JAN, TCE_A, TCE_B, store  # noqa: F401 (the fixture)

PROJECT_T, PROJECT_TCE = JAN + ELEC, TCE_B
TABLES = {
    "fuel": [fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t")],
    "energy": [energy_row("购入电力", 1000, "MWh", 1)],
    "production": [("焦炭", 1, 10000, "t")],
}
FIELDS = {"project_id": "P-1", "name": "焦化项目", "status": "planned", "product": "焦炭", "capacity": 12000}
OFFERS = [("旧焦炉", "", "关停", 150, 300, "关停承诺"), ("余热改造", "", "改造", 50, 0, "")]  # 200 tce, 300 tCO2


def project_file(tmp_path: Path, name: str = "p.xlsx", **changes: Any) -> Path:
    return write_project(
        tmp_path / name,
        "chemicals",
        {**INFO, "sector": "化工"},
        TABLES,
        FIELDS | changes,
        changes.pop("offers", OFFERS),
    )


def test_the_project_sheets_name_every_problem_at_its_cell(tmp_path: Path) -> None:
    path = write_project(
        tmp_path / "bad.xlsx",
        "chemicals",
        {**INFO, "sector": "化工"},
        TABLES,
        {"name": "焦化项目", "status": "规划中", "product": "焦炭", "capacity": -5, "start_year": "明年"},
        [("旧焦炉", "", "关停", -150, 300, ""), ("", "", "改造", 50, "很多", "")],
    )
    with pytest.raises(InvalidSubmission) as caught:
        read_project(path)
    assert located(caught.value.report.issues) == [
        ("项目", "B2", "value-missing"),  # 项目编号
        ("项目", "B4", "indicator-unknown"),  # 规划中 is not a status
        ("项目", "B6", "value-not-positive"),
        ("项目", "B7", "year-invalid"),
        ("替代来源", "D2", "negative-quantity"),
        ("替代来源", "A3", "value-missing"),
        ("替代来源", "E3", "not-a-number"),
    ]
    project = read_project(project_file(tmp_path))
    assert (project.project_id, project.status, project.capacity, project.start_year) == ("P-1", "planned", 12000, None)
    assert [(o.name, o.tce, o.tco2) for o in project.offers] == [("旧焦炉", 150, 300), ("余热改造", 50, 0)]
    assert not [i for i in project.submission.issues if i.code == "sheet-extra"]  # its own sheets are expected


def test_the_assessment_by_hand(store: Store, tmp_path: Path) -> None:  # noqa: F811
    next(ingest(store, [budget_file(tmp_path, BUDGETS)]))
    a = assess(read_project(project_file(tmp_path)), store)
    assert a.result.tco2e == pytest.approx(PROJECT_T) and a.result.energy.tce == pytest.approx(PROJECT_TCE)
    assert a.output == 10000 and a.kgce_t == pytest.approx(PROJECT_TCE / 10)  # 19.114 kgce/t
    assert (a.benchmark, a.benchmark_class, a.two_high) == (110.0, "at_benchmark", True)
    budgets = {e.measure: e for e in a.budgets}
    assert a.budget_year == 2025 and budgets["co2"].projected == pytest.approx(A25)
    assert a.budget_share(budgets["co2"]) == pytest.approx(PROJECT_T / (500 - A25))  # 6.47: six times what is left
    assert budgets["energy"].projected == pytest.approx(TCE_A) and a.budget_share(budgets["energy"]) is None
    [room] = a.headroom  # no CO2 statistics: the energy pathway only
    assert (room.indicator_code, room.year) == ("energy_intensity_gdp_reduction", 2025)
    assert room.allowed == pytest.approx(951_500.0) and room.headroom == pytest.approx(51_500.0)
    assert room.share == pytest.approx(PROJECT_TCE / 51_500.0)
    assert a.restriction is not None and (a.restriction.restricted, a.restriction.reason) == (None, "no_target")
    # 200 tce offered against 191.14 needed; 300 tCO2 against 357.602
    assert (a.required_tce, a.offered_tce, a.covers_energy) == (pytest.approx(PROJECT_TCE), 200.0, True)
    assert (a.required_tco2, a.offered_tco2, a.covers_co2) == (pytest.approx(PROJECT_T), 300.0, False)
    conclusion = assessment_document(a, "zh").section("conclusion").tables[0]
    assert [list(r) for r in conclusion.rows] == [
        ["能效水平", "达到标杆水平"],
        ["所在市（州）碳排放预算余量", "项目占 646.5%"],
        ["所在市（州）能耗预算余量", "无余量"],
        ["单位地区生产总值能耗下降路径余量", "项目占 0.4%"],
        ["所在市（州）缓批限批", "未判断（缺少目标或统计数据）"],
        ["替代来源 · 能耗（tce/年）", "满足"],
        ["替代来源 · 碳排放（tCO2/年）", "不足"],
    ]
    assert conclusion.marks == ("on_track", "warning", "warning", "", "", "on_track", "warning")


def test_without_a_store_the_project_alone_is_assessed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["report", "project", str(project_file(tmp_path)), "--out", str(tmp_path / "r"), "--format", "pdf", "--json"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert summary["tco2e"] == pytest.approx(PROJECT_T, abs=1e-6) and summary["budgets"] == []
    assert summary["restricted"] is None and summary["replacement"]["covers_co2"] is False
    assert (tmp_path / "r" / "P-1_项目评价.pdf").is_file()
    doc = assessment_document(assess(read_project(project_file(tmp_path))), "en")
    assert doc.section("impact").paragraphs == (
        "No store given (--db): budgets, pathway room and 缓批限批 not assessed.",
    )


def test_the_ledger_keeps_each_project_by_version(store: Store, tmp_path: Path) -> None:  # noqa: F811
    first = next(ingest(store, [project_file(tmp_path)]))
    assert (first.status, first.kind, first.version, first.label) == ("stored", "project", 1, "项目 P-1")
    started = project_file(tmp_path, "p2.xlsx", status="building", start_year=2026)
    assert next(ingest(store, [started])).version == 2
    other = project_file(tmp_path, "q.xlsx", project_id="P-2", status="existing")
    assert next(ingest(store, [other])).version == 1
    assert verify(store) == []
    files, summary = render_projects(store, tmp_path / "r", langs=("zh", "en"))
    assert [(p["project_id"], p["status"], p["version"]) for p in summary["projects"]] == [
        ("P-1", "building", 2),
        ("P-2", "existing", 1),
    ]
    assert summary["projects"][0]["tce"] == pytest.approx(PROJECT_TCE, abs=1e-6)
    assert sorted(p.name for p in files) == sorted(
        [
            "全部地区_项目台账.xlsx",
            "全部地区_项目台账.pdf",
            "all-regions_project-ledger.xlsx",
            "all-regions_project-ledger.pdf",
        ]
    )


def test_the_template_and_files_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "项目.xlsx"
    result = CliRunner().invoke(main, ["template", "--project", "--sector", "cement", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import openpyxl

    book = openpyxl.load_workbook(out)
    assert book.sheetnames[1:3] == ["项目", "替代来源"]
    assert [book["项目"].cell(r, 1).value for r in range(2, 9)] == [
        "项目编号",
        "项目名称",
        "项目状态",
        "主要产品",
        "设计产能（吨/年）",
        "计划投产年份",
        "申报日期",
    ]
    written, _ = render_assessment(project_file(tmp_path), tmp_path / "r", formats=("xlsx",), langs=("en",))
    assert [p.name for p in written] == ["P-1_project-assessment.xlsx"]


def test_the_room_under_a_pathway_mid_period_by_hand() -> None:
    """2023 of a 13.5 % cut from 2020 to 2025: the pathway is 0.865^0.6 = 0.916662 tce/万元; at
    105 亿元 it allows 962 495 tce, 950 000 were used: 12 495 tce of room. CO2: 1.2 t/万元 in 2020 and
    a 20 % cut: 1.2 × 0.8^0.6 = 1.049049 allows 1 101 501 t at 105 亿元; 1 200 000 were emitted: none."""
    import pandas as pd

    from accounting.planning.assessment import headroom

    stats = pd.DataFrame(
        [
            ("省", "", y, k, v, "")
            for y, k, v in (
                (2020, "gdp", 1e10),
                (2020, "energy_total", 1e6),
                (2020, "co2_total", 1.2e6),
                (2023, "gdp", 1.05e10),
                (2023, "energy_total", 0.95e6),
                (2023, "co2_total", 1.2e6),
            )
        ],
        columns=["region", "parent", "year", "indicator", "value", "source"],
    )
    assigned = pd.DataFrame(
        [
            ("省", "energy_intensity_gdp_reduction", 2020, 2025, 13.5, "文件"),
            ("省", "co2_intensity_gdp_reduction", 2020, 2025, 20.0, "文件"),
        ],
        columns=["jurisdiction", "indicator_code", "base_year", "target_year", "value", "source"],
    )
    energy, co2 = headroom(stats, assigned, "省", 1000.0, 5000.0)
    assert energy.year == 2023 and energy.allowed == pytest.approx(0.865**0.6 * 1.05e6)
    assert energy.headroom == pytest.approx(0.865**0.6 * 1.05e6 - 0.95e6)  # 12 495
    assert energy.share == pytest.approx(1000.0 / (0.865**0.6 * 1.05e6 - 0.95e6))
    assert co2.allowed == pytest.approx(1.2 * 0.8**0.6 * 1.05e6) and co2.share is None
