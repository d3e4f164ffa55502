"""The figures of the regional report's data quality, benchmarks and monthly series, the counts the
store derives, and the CLI summary, each by hand (the regional JSON's are in tests/test_region.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from accounting import Store, ingest
from accounting.cli import main
from accounting.region import data as d
from accounting.uscc import complete
from accounting.workbook import write_submission
from tests.conftest import INFO, energy_row, fuel_row


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    base = {
        "name": "n",
        "city": "c",
        "sector": "other",
        "version": 1,
        "tce": 1.0,
        "months": 12,
        "parameters": 0,
        "defaults": 0,
        "received": "",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def region(
    subs: pd.DataFrame, months: pd.DataFrame | None = None, products: pd.DataFrame | None = None
) -> d.RegionData:
    empty = pd.DataFrame()
    return d.RegionData(
        2025,
        None,
        subs,
        months if months is not None else empty,
        products if products is not None else empty,
        pd.DataFrame(columns=["code", "count"]),
        empty,
        empty,
        empty,
    )


def test_a_jump_beyond_30_percent_is_flagged_and_one_within_is_not() -> None:
    subs = frame(
        [
            {"uscc": "UP", "year": 2024, "tco2e": 100.0},
            {"uscc": "UP", "year": 2025, "tco2e": 131.0},
            {"uscc": "FLAT", "year": 2024, "tco2e": 100.0},
            {"uscc": "FLAT", "year": 2025, "tco2e": 129.0},
            {"uscc": "DOWN", "year": 2024, "tco2e": 100.0},
            {"uscc": "DOWN", "year": 2025, "tco2e": 60.0},
        ]
    )
    jumps = d.quality(region(subs))["jumps"]
    assert jumps["uscc"].tolist() == ["DOWN", "UP"]  # −40 %, +31 %: the larger change first; FLAT +29 % not
    assert jumps["change"].tolist() == pytest.approx([-0.40, 0.31])


def test_the_defaults_share_by_sector() -> None:
    subs = frame(
        [
            {"uscc": "X", "year": 2025, "tco2e": 1.0, "parameters": 6, "defaults": 5},
            {"uscc": "Y", "year": 2025, "tco2e": 1.0, "parameters": 3, "defaults": 0},
        ]
    )
    share = d.quality(region(subs))["defaults"].set_index("sector").loc["other"]
    assert (share["parameters"], share["defaults"], share["share"]) == (9, 5, pytest.approx(5 / 9))


def test_unit_product_energy_against_the_benchmark() -> None:
    # clinker benchmark 100 kgce/t (factors/benchmarks): 9 000 tce over 100 000 t = 90 kgce/t, at the
    # benchmark; 12 000 tce = 120 kgce/t, not
    products = pd.DataFrame(
        [
            {
                "uscc": "G",
                "name": "g",
                "city": "c",
                "sector": "cement",
                "product": "熟料",
                "quantity": 100_000.0,
                "unit": "t",
                "tce": 9_000.0,
            },
            {
                "uscc": "H",
                "name": "h",
                "city": "c",
                "sector": "cement",
                "product": "熟料",
                "quantity": 100_000.0,
                "unit": "t",
                "tce": 12_000.0,
            },
        ]
    )
    detail, summary = d.benchmarks(region(frame([]), products=products))
    assert detail.set_index("uscc")["kgce_t"].to_dict() == pytest.approx({"G": 90.0, "H": 120.0})
    assert detail.set_index("uscc")["at_benchmark"].to_dict() == {"G": True, "H": False}
    assert detail["uscc"].tolist() == ["H", "G"]  # farthest from the benchmark first
    row = summary.set_index("product").loc["熟料"]
    assert (row["enterprises"], row["at_benchmark"], row["benchmark"], row["share"]) == (2, 1, 100, 0.5)


def test_december_is_in_the_monthly_series_and_the_stored_counts(tmp_path: Path) -> None:
    """A December-only plant: 100 t coal, NCV 20 GJ/t, carbon 0.03 tC/GJ, oxidation 100 %, all
    measured → 2 000 × 0.03 × 44/12 = 220 tCO2; a January line with only NCV measured beside it:
    the stored parameters 6 (2 lines × 3), defaults 2 (its carbon and oxidation)."""
    info = {**INFO, "uscc": complete("91630100MA7DC0001")}
    path = write_submission(
        tmp_path / "dec.xlsx",
        info,
        {
            "fuel": [
                fuel_row("烟煤", 100, "t", 12, ncv=20, ncv_unit="GJ/t", carbon_per_heat=0.03, oxidation=100),
                fuel_row("烟煤", 1, "t", 1, ncv=20, ncv_unit="GJ/t"),
            ],
            "energy": [energy_row("购入电力", 0, "MWh", 1)],
        },
    )
    with Store(str(tmp_path / "t.db")) as store:
        assert [o.status for o in ingest(store, [path])] == ["stored"]
        latest = store.latest([2025]).iloc[0]
        series = d.monthly(d.load(store, 2025)).set_index("month")
    assert (latest["parameters"], latest["defaults"]) == (6, 2)
    assert series.loc[12, "tco2e"] == pytest.approx(220.0)
    assert list(series.index) == list(range(13))


def test_the_calc_summary_shows_every_category(workbook: Any) -> None:
    """The tiny submission of tests/test_report.py: fuel 178.002 + 87.0874785, electricity 179.6."""
    tiny = [fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)]
    path = workbook(fuel=tiny, energy=[energy_row("购入电力", 1000, "MWh", 1)])
    done = CliRunner().invoke(main, ["calc", str(path)])
    lines = [line.split() for line in done.output.splitlines()]
    assert ["排放总量", "444.69", "tCO2e"] in lines
    for category, value in (
        ("化石燃料燃烧", "265.09"),
        ("工业生产过程", "0.00"),
        ("净购入电力", "179.60"),
        ("净购入热力", "0.00"),
    ):
        assert [category, value] in lines, category
    assert ["综合能耗", "226.86", "tce（其中原料", "0.00）"] in lines
