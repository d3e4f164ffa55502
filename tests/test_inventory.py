"""The provincial inventory from an energy balance, worked by hand.

The balance: 原煤 100 万吨 into thermal power, 50 万吨 to industry of which 10 万吨 raw material, 5 万吨
to households; 天然气 1 亿Nm3 into heat supply; 电力 20 亿kWh brought in, 5 亿kWh sent out. 原煤 is
computed as 烟煤 (fuel-2015: 19.57 GJ/t, 0.0261 tC/GJ, 93 %), 天然气 389.31 GJ/万Nm3, 0.0153 tC/GJ,
99 %; 青海's grid factor of 2023 (MEE/NBS, the latest data year) 0.1796 tCO2/MWh.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from accounting import Store, ingest, verify
from accounting.cli import main
from accounting.errors import InvalidSubmission
from accounting.planning import render_inventory
from accounting.planning.inventory import USES, inventory, read_balance, write_balance
from tests.conftest import located
from tests.test_region import FEB, JAN, store  # noqa: F401 (the fixture)

COAL = 19.57 * 0.0261 * 0.93 * 44 / 12  # tCO2 per tonne of 烟煤
GAS = 389.31 * 0.0153 * 0.99 * 44 / 12  # tCO2 per 万Nm3
WIDTH = len(USES)


def row(fuel: str, unit: str, **amounts: float) -> tuple[object, ...]:
    return (fuel, unit, *(amounts.get(k) for k in USES))


ROWS = [
    row("原煤", "万吨", power=100, industry=50, feedstock=10, household=5),
    row("天然气", "亿Nm3", heat=1),
    row("电力", "亿千瓦时", imported=20, exported=5),
]


def balance(tmp_path: Path, rows: list[tuple[object, ...]] = ROWS, name: str = "b.xlsx") -> Path:
    return write_balance(tmp_path / name, "青海省", 2025, rows)


def test_the_inventory_by_hand(store: Store, tmp_path: Path) -> None:  # noqa: F811
    assert next(ingest(store, [balance(tmp_path)])).label == "青海省 2025 年能源平衡表"
    inv = inventory(store, "青海省", 2025)
    coal = inv.lines[inv.lines["fuel"] == "原煤"].set_index("use")["quantity"].to_dict()
    assert coal == {"power": 1_000_000.0, "industry": 400_000.0, "household": 50_000.0}  # 50 − 10 burnt in industry
    assert inv.combustion == pytest.approx(1_450_000 * COAL + 10_000 * GAS)
    assert (inv.electricity_net_mwh, inv.grid_factor, inv.grid_year) == (1_500_000.0, 0.1796, 2023)
    assert inv.electricity_tco2 == pytest.approx(1_500_000 * 0.1796)
    assert inv.total == pytest.approx(1_450_000 * COAL + 10_000 * GAS + 269_400)
    groups = inv.coverage.set_index("group")
    assert groups.loc["transformation", "inventory"] == pytest.approx(1_000_000 * COAL + 10_000 * GAS)
    # the stored enterprises (tests/test_region.py, both 其他): coal burnt, A 178.002 + 87.0874785, B 178.002
    assert groups.loc["industry", "stored"] == pytest.approx(2 * JAN + FEB)
    assert groups.loc["industry", "share"] == pytest.approx((2 * JAN + FEB) / (400_000 * COAL))
    assert groups.loc["transformation", "stored"] == 0.0
    assert verify(store) == []


def test_an_exporter_subtracts_what_it_sends_out(store: Store, tmp_path: Path) -> None:  # noqa: F811
    rows = [row("电力", "亿千瓦时", imported=5, exported=20), row("原煤", "万吨", power=1)]
    next(ingest(store, [balance(tmp_path, rows)]))
    inv = inventory(store, "青海省", 2025)
    assert inv.electricity_tco2 == pytest.approx(-1_500_000 * 0.1796)


def test_the_balance_names_every_problem_at_its_cell(tmp_path: Path) -> None:
    rows = [
        row("原煤", "亿Nm3", power=1),  # a solid in a volume
        row("泥炭", "万吨", power=1),  # not in the factor table
        row("电力", "亿千瓦时", power=3),  # electricity is only brought in and sent out
        row("天然气", "亿Nm3", imported=1),  # only electricity is
        row("柴油", "万吨", transport=-2),
        (*row("原煤", "万吨", power=1)[: 2 + WIDTH], "泥煤"),  # computed as an unknown fuel
    ]
    path = write_balance(tmp_path / "bad.xlsx", "", None, rows)
    with pytest.raises(InvalidSubmission) as caught:
        read_balance(path)
    assert located(caught.value.report.issues) == [
        ("基本信息", "B2", "value-missing"),
        ("基本信息", "B3", "value-missing"),
        ("能源平衡表", "B2", "unit-mismatch"),
        ("能源平衡表", "A3", "fuel-unknown"),
        ("能源平衡表", "C4", "cell-not-applicable"),
        ("能源平衡表", "M5", "cell-not-applicable"),
        ("能源平衡表", "I6", "negative-quantity"),
        ("能源平衡表", "O7", "fuel-unknown"),
    ]


def test_the_report_and_the_command_line(store: Store, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "模板.xlsx"
    assert CliRunner().invoke(main, ["template", "--balance", "-o", str(out)]).exit_code == 0
    with pytest.raises(InvalidSubmission) as blank:  # a blank template says neither region nor year
        read_balance(out)
    assert [c for _, _, c in located(blank.value.report.issues)] == ["value-missing", "value-missing"]
    next(ingest(store, [balance(tmp_path)]))
    written, summary = render_inventory(store, "青海省", 2025, tmp_path / "r", langs=("zh", "en"))
    assert sorted(p.name for p in written) == sorted(
        [f"青海省_2025_能源活动二氧化碳清单.{f}" for f in ("xlsx", "pdf")]
        + [f"青海省_2025_energy-co2-inventory.{f}" for f in ("xlsx", "pdf")]
    )
    result = CliRunner().invoke(
        main,
        [
            "report",
            "inventory",
            "--db",
            store.db,
            "--province",
            "青海省",
            "--year",
            "2025",
            "--format",
            "pdf",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output[result.output.index("{") :])
    assert printed["tco2"] == pytest.approx(summary["tco2"]) and printed["electricity"]["data_year"] == 2023
    assert [f["fuel"] for f in printed["fuels"]] == ["原煤", "天然气"]  # largest first
    missing = CliRunner().invoke(
        main, ["report", "inventory", "--db", store.db, "--province", "甘肃省", "--year", "2025"]
    )
    assert missing.exit_code == 2 and "没有甘肃省 2025 年的能源平衡表" in missing.output
