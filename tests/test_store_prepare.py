"""What a file hands the store (``prepare``), by hand: a submission's row and its tables (lines,
months, products, issues) before any store is touched, and which kind each file is taken for.

These are the rows the regional report, the monthly review and ``db verify`` read back; each field
below is worked out from the factors, not from the program (README, Mutation testing: the
campaign over ``store/prepare.py``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from accounting import Store, ingest, load_library
from accounting.calc import Options
from accounting.chain.verification_sheet import write_verification_template
from accounting.errors import InvalidSubmission
from accounting.factors import default_root, read_table
from accounting.market.registry import write_registry
from accounting.planning.budgets import write_budget
from accounting.planning.inventory import write_balance
from accounting.statistics import DATA, write_statistics
from accounting.store.prepare import prepare
from tests.conftest import INFO, energy_row, fuel_row
from tests.test_chain import deposit, verify_workbook
from tests.test_project import project_file
from tests.test_store_calculation import electricity, library_folder

C = 44 / 12
# fuel-2015: 烟煤 19.57 GJ/t, 0.0261 tC/GJ, oxidation 93 %; GB/T 2589-2020 0.7143 tce/t, 29.307 GJ/tce
JAN_COAL = 100 * 20 * 0.0261 * 0.93 * C  # 100 t at a measured 20 GJ/t = 178.002 t
DEC_COAL = 50 * 19.57 * 0.0261 * 0.93 * C  # 50 t, every parameter a default = 87.0874785 t
JAN_TCE, DEC_TCE = 100 * 20 / 29.307, 50 * 0.7143
# the cement method (cn-ets) takes the national grid factor of the ETS guideline, 2022's 0.5703 t/MWh
# (2025's not published: the nearest year, said by a warning), and 0.6096 t/MWh market-based
ELEC, ELEC_MARKET, ELEC_TCE = 1000 * 0.5703, 1000 * 0.6096, 1000 * 0.1229
CLINKER, SUBSTITUTE = 1000 * 0.535, -100 * 0.48  # process-cn: clinker 0.535 t/t, 电石渣 deducts 0.48 t/t


def cement(workbook: Any) -> Path:
    """January's coal with its NCV measured, December's without; February's electricity; January's
    clinker and a substitute raw material; no city."""
    return workbook(
        info={"sector": "水泥熟料", "city": ""},
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 12, source="窑炉")],
        energy=[energy_row("购入电力", 1000, "MWh", 2)],
        production=[("熟料", 1, 1000, "t")],
        process=[("非碳酸盐替代原料", "电石渣", 1, 100, "t")],
    )


def test_a_submission_row_by_hand(workbook: Any) -> None:
    path = cement(workbook)
    p = prepare(path)
    assert (p.kind, p.file, p.sha256) == ("submission", str(path), hashlib.sha256(path.read_bytes()).hexdigest())
    r = p.record
    assert {k: r[k] for k in ("uscc", "year", "sha256", "file_name", "name", "province", "city", "sector")} == {
        "uscc": INFO["uscc"],
        "year": 2025,
        "sha256": p.sha256,
        "file_name": path.name,
        "name": INFO["name"],
        "province": "青海省",
        "city": "",  # none given: an empty text, not None
        "sector": "cement",
    }
    assert r["method"] == "cn-ets"
    totals = {
        "tco2e": JAN_COAL + DEC_COAL + ELEC + CLINKER + SUBSTITUTE,
        "tco2": JAN_COAL + DEC_COAL + ELEC + CLINKER + SUBSTITUTE,
        "fuel_combustion": JAN_COAL + DEC_COAL,
        "process": CLINKER + SUBSTITUTE,
        "electricity": ELEC,
        "heat": 0.0,
        "scope2_location": ELEC,
        "scope2_market": ELEC_MARKET,
        "tce": JAN_TCE + DEC_TCE + ELEC_TCE,
        "tce_feedstock": 0.0,
    }
    assert {k: r[k] for k in totals} == pytest.approx(totals, rel=1e-12)
    assert all(type(r[k]) is float for k in totals)
    # 2 coal lines × 3 parameters, one measured; months 1, 2 and 12; the warnings are those of the
    # issues table below: 2 energy without production (December, February), 2 uncertain defaults (the
    # grid's, 电石渣's), 2 factors of a nearer year, 5 monthly series with months missing
    assert (r["parameters"], r["defaults"], r["months"], r["warnings"]) == (6, 5, 3, 11)
    assert json.loads(r["result"])["totals"]["tco2e"] == pytest.approx(totals["tco2e"])
    assert list(p.extra) == ["reconcile"]  # what the store needs to reconcile it with the month's deposits


def test_a_submissions_tables_by_hand(workbook: Any) -> None:
    t = prepare(cement(workbook)).tables
    approx = pytest.approx
    # (seq, kind, row, name, item, month, quantity, unit, tCO2e, tce, basis of NCV/carbon/oxidation)
    assert t["lines"] == [
        (0, "fuel", 2, "锅炉", "烟煤", 1, 100.0, "t", approx(JAN_COAL), approx(JAN_TCE), "MDD"),
        (1, "fuel", 3, "窑炉", "烟煤", 12, 50.0, "t", approx(DEC_COAL), approx(DEC_TCE), "DDD"),
        (2, "energy", 2, "purchased_electricity", "", 2, 1000.0, "MWh", approx(ELEC), approx(ELEC_TCE), ""),
        (3, "process", None, "熟料煅烧", "熟料", 1, 1000.0, "t", approx(CLINKER), 0.0, "缺省"),
        (4, "process", None, "非碳酸盐替代原料", "电石渣", 1, 100.0, "t", approx(SUBSTITUTE), 0.0, "缺省"),
    ]
    # month 0 (reported for the whole year only) is always there, here empty
    assert t["months"] == [
        (0, 0.0, 0.0),
        (1, approx(JAN_COAL + CLINKER + SUBSTITUTE), approx(JAN_TCE)),
        (2, approx(ELEC), approx(ELEC_TCE)),
        (12, approx(DEC_COAL), approx(DEC_TCE)),
    ]
    assert t["products"] == [("熟料", 1000.0, "t")]
    issues = [(code, severity, sheet, cell) for code, severity, sheet, cell, _ in t["issues"]]
    assert issues == [
        ("energy-without-production", "warning", "化石燃料", "D3"),
        ("energy-without-production", "warning", "电力热力", "C2"),
        ("factor-uncertain", "warning", "", ""),  # about a factor, not a cell: empty texts
        ("factor-uncertain", "warning", "", ""),
        ("factor-year-substituted", "warning", "", ""),
        ("factor-year-substituted", "warning", "", ""),
        ("months-missing", "warning", "产品产量", "A2"),
        ("months-missing", "warning", "化石燃料", "B2"),
        ("months-missing", "warning", "化石燃料", "B3"),
        ("months-missing", "warning", "电力热力", "A2"),
        ("months-missing", "warning", "过程排放", "B2"),
    ]
    assert t["issues"][1][4] == "2 月有能源消耗，但未填报产品产量"  # the message, in Chinese


def test_electricity_only_has_no_fuel_parameters_and_its_city(workbook: Any) -> None:
    # no fuel line: no parameter and no default; January and December reported: 2 months (the edges)
    path = workbook(energy=[energy_row("购入电力", 100, "MWh", 1), energy_row("购入电力", 300, "MWh", 12)])
    p = prepare(path)
    r = p.record
    # warnings: no product at all, two factors of a nearer year, the months between missing
    assert (r["parameters"], r["defaults"], r["months"], r["warnings"]) == (0, 0, 2, 4)
    assert r["city"] == "西宁市"
    assert (r["method"], r["tco2e"]) == ("provincial", pytest.approx(400 * 0.1796))  # 青海's grid factor of 2023
    assert p.tables["issues"][0][:4] == (
        "energy-without-production",
        "warning",
        "产品产量",
        "",  # about the sheet, no cell: an empty text
    )


def test_a_submission_is_calculated_with_the_method_and_options_given(workbook: Any) -> None:
    path = cement(workbook)
    # 青海's 2023 grid factor, 0.1796 t/MWh, instead of the ETS guideline's national 0.5703
    provincial = prepare(path, method="provincial").record
    assert (provincial["method"], provincial["electricity"]) == ("provincial", pytest.approx(1000 * 0.1796))
    # 等价值: 1 000 MWh at the year's 300.7 gce/kWh of thermal power = 300.7 tce, not 122.9
    options = Options(electricity_basis="equivalent", coal_rate="300.7 gce/kWh")
    assert prepare(path, options=options).record["tce"] == pytest.approx(JAN_TCE + DEC_TCE + 300.7)


def test_a_submission_and_a_project_are_calculated_with_the_factor_library_given(workbook: Any, tmp_path: Path) -> None:
    # tests/test_store_calculation.py's folder: one grid set of 1.0 tCO2/MWh for a method of its own
    library = load_library(library_folder(tmp_path, 1.0))
    r = prepare(electricity(workbook), method="test-grid", library=library).record
    assert (r["method"], r["tco2e"]) == ("test-grid", pytest.approx(1000 * 1.0))
    project = prepare(project_file(tmp_path), method="test-grid", library=library).record
    assert project["tco2e"] == pytest.approx(JAN_COAL + 1000 * 1.0)


def test_a_missing_market_figure_is_stored_as_absent(workbook: Any, tmp_path: Path) -> None:
    # tests/test_energy_flows.py: the bundled factors without the residual mix, so no market-based factor
    root = tmp_path / "factors"
    shutil.copytree(default_root(), root)
    values = read_table(root / "grid-mee" / "values.csv")
    values[values.variant != "residual"].to_csv(root / "grid-mee" / "values.csv", index=False)
    path = workbook(energy=[energy_row("购入电力", 1000, "MWh")], info={"year": 2023})
    r = prepare(path, library=load_library(root=root)).record
    assert (r["scope2_location"], r["scope2_market"]) == (pytest.approx(1000 * 0.1796), None)  # absent, not 0


def test_the_stored_calculation_names_options_and_factor_sets(workbook: Any) -> None:
    options = Options(electricity_basis="equivalent", coal_rate="300.7 gce/kWh")
    r = prepare(cement(workbook), options=options).record
    calculation = json.loads(r["calculation"])
    assert calculation["options"]["electricity_basis"] == "equivalent"
    assert sorted(calculation["factor_sets"]) == [
        "coal-equivalent-gbt2589",
        "fuel-2015",
        "grid-ets",
        "gwp",
        "heat-default",
        "process-cn",
        "steam-gbt32151",
    ]
    assert all(len(f) == 64 for f in calculation["factor_sets"].values())
    assert r["calculation"] == json.dumps(calculation, ensure_ascii=False, sort_keys=True)  # canonical: by key


def test_each_kind_of_file_is_taken_for_what_it_is(workbook: Any, tmp_path: Path) -> None:
    uscc = INFO["uscc"]
    grid = tmp_path / "grid.csv"
    grid.write_text(f"供电单位,统一社会信用代码,年份,月份,用电量,单位\n国网,{uscc},2025,1,10,MWh\n", encoding="utf-8")
    registry = write_registry(tmp_path / "registry.csv", 2025, "2026-10-15", [(uscc, "企业01", 0, 100, 0)])
    budget = write_budget(tmp_path / "预算.xlsx", [("青海省", "", 2025, "碳排放预算", 0.1, "万吨", "文件")])
    balance = write_balance(tmp_path / "平衡表.xlsx", "青海省", 2025, [("原煤", "万吨", 100)])
    statistics = write_statistics(
        tmp_path / "统计.xlsx", {DATA: [("青海省", "", 2020, "地区生产总值（不变价）", 3006, "亿元", "")]}
    )
    project = project_file(tmp_path)
    month = deposit(tmp_path / "deposits", uscc, 3)
    report = workbook(fuel=[fuel_row("烟煤", 100, "t", 1)])
    with Store(str(tmp_path / "s.db")) as store:
        list(ingest(store, [report]))
        blank = write_verification_template(store, uscc, 2025, tmp_path / "核查.xlsx")
    verification = verify_workbook(blank, {}, "甲核查机构", "2026-03-01")
    files = {
        "grid": grid,
        "registry": registry,
        "budget": budget,
        "balance": balance,
        "statistics": statistics,
        "project": project,
        "deposit": month,
        "verification": verification,
        "submission": report,
    }
    prepared = {}
    for kind, path in files.items():
        p = prepared[kind] = prepare(path)
        assert (p.kind, p.file, p.content) == (kind, str(path), path.read_bytes()), kind
        assert p.sha256 == hashlib.sha256(path.read_bytes()).hexdigest(), kind
    assert prepared["statistics"].record == {"sha256": prepared["statistics"].sha256, "file_name": "统计.xlsx"}
    assert [row[:4] for row in prepared["statistics"].tables["statistics"]] == [("青海省", "", 2020, "gdp")]


def test_a_refused_statistics_workbook_names_its_file(tmp_path: Path) -> None:
    bad = write_statistics(tmp_path / "坏.xlsx", {DATA: [("青海省", "", 2020, "人口", 3006, "亿元", "")]})
    with pytest.raises(InvalidSubmission) as refused:
        prepare(bad)
    assert (refused.value.report.file, refused.value.file) == (str(bad), str(bad))


def test_a_deposit_and_a_project_are_calculated_with_the_method_and_options_given(tmp_path: Path) -> None:
    # the deposit's 1 000 MWh and the project's: at the ETS guideline's 0.5703 t/MWh instead of 青海's 0.1796
    month = deposit(tmp_path / "deposits", INFO["uscc"], 3)
    grid = 1000 * (0.5703 - 0.1796)
    assert prepare(month, method="cn-ets").record["tco2e"] - prepare(month).record["tco2e"] == pytest.approx(grid)
    project = project_file(tmp_path)  # tests/test_project.py: 357.602 tCO2e, 191.1430818 tce by hand
    assert prepare(project).record["tco2e"] == pytest.approx(JAN_COAL + 1000 * 0.1796)
    assert prepare(project, method="cn-ets").record["tco2e"] == pytest.approx(JAN_COAL + 1000 * 0.5703)
    options = Options(electricity_basis="equivalent", coal_rate="300.7 gce/kWh")
    assert prepare(project, options=options).record["tce"] == pytest.approx(JAN_TCE + 300.7)
