"""The same submission in other units gives the same totals; the same input, the same bytes."""

import subprocess
import sys
from pathlib import Path

import pytest

from accounting import read_submission, write_sample
from tests.conftest import energy_row, fuel_row

IN_T = dict(
    fuel=[
        fuel_row("烟煤", 120, "t", ncv=21.35, ncv_unit="GJ/t"),
        fuel_row("天然气", 2.5, "万Nm3", month=2),
        fuel_row("柴油", 8, "吨", month="全年"),
    ],
    energy=[
        energy_row("购入电力", 5000, "MWh"),
        energy_row("购入热力", 800, "GJ"),
        energy_row("输出电力", 100, "MWh", month=3),
    ],
)
IN_OTHER_UNITS = dict(
    fuel=[
        fuel_row("烟煤", 120_000, "kg", ncv=21_350, ncv_unit="kJ/kg"),
        fuel_row("天然气", 25_000, "Nm3", month=2),
        fuel_row("柴油", 0.0008, "万吨", month="全年"),
    ],
    energy=[
        energy_row("购入电力", 500, "万千瓦时"),
        energy_row("购入热力", 800, "百万千焦"),
        energy_row("输出电力", 100_000, "kWh", month=3),
    ],
)


def test_units_do_not_change_totals(compute) -> None:
    a, b = compute(**IN_T), compute(**IN_OTHER_UNITS)
    assert b.by_category.values() == pytest.approx(a.by_category.values(), rel=1e-12)
    assert b.energy.tce == pytest.approx(a.energy.tce, rel=1e-12)
    assert b.tco2e == pytest.approx(a.tco2e, rel=1e-12)
    assert a.to_dict()["totals"] == b.to_dict()["totals"]


def test_same_submission_twice_gives_identical_json(tmp_path: Path) -> None:
    path = write_sample("qinghai-other", tmp_path / "q.xlsx")
    run = [sys.executable, "-m", "accounting", "calc", str(path), "--json", "--lines"]
    first = subprocess.run(run, capture_output=True, check=True).stdout
    second = subprocess.run(run, capture_output=True, check=True).stdout
    assert first == second and len(first) > 1000


def test_sample_reads_clean(tmp_path: Path) -> None:
    for name in ("qinghai-other", "gansu-chemicals"):
        assert read_submission(write_sample(name, tmp_path / f"{name}.xlsx")).issues == ()
