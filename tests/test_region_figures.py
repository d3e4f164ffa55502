"""The figures of the regional report's data quality, benchmarks and monthly series, the counts the
store derives, and the CLI summary, each by hand (the regional JSON's are in tests/test_region.py)."""

from __future__ import annotations

import dataclasses
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


def product(uscc: str, sector: str, name: str, tonnes: float, tce: float) -> dict[str, object]:
    """A stored product row of one enterprise (in city "c"), its output in tonnes."""
    return {
        "uscc": uscc,
        "name": uscc.lower(),
        "city": "c",
        "sector": sector,
        "product": name,
        "quantity": tonnes,
        "unit": "t",
        "tce": tce,
    }


def test_unit_product_energy_against_the_benchmark() -> None:
    # clinker benchmark 100 kgce/t (factors/benchmarks): 9 000 tce over 100 000 t = 90 kgce/t, at the
    # benchmark; 12 000 tce = 120 kgce/t, not
    products = pd.DataFrame(
        [product("G", "cement", "熟料", 100_000.0, 9_000.0), product("H", "cement", "熟料", 100_000.0, 12_000.0)]
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


ROSTER_COLUMNS = ["uscc", "name", "city", "sector"]


def with_roster(subs: pd.DataFrame, roster: list[str]) -> d.RegionData:
    data = region(subs)
    data.roster = pd.DataFrame([{"uscc": u, "name": u, "city": "c", "sector": "other"} for u in roster])
    return data


def test_missing_submissions_against_the_roster_else_last_year() -> None:
    subs = frame(
        [
            {"uscc": "A", "year": 2024, "tco2e": 1.0},
            {"uscc": "B", "year": 2024, "tco2e": 1.0},
            {"uscc": "A", "year": 2025, "tco2e": 1.0},
        ]
    )
    missing = d.quality(region(subs))["missing"]  # no roster: who submitted last year and not this one
    assert missing[["uscc", "basis"]].values.tolist() == [["B", "prior"]]
    missing = d.quality(with_roster(subs, ["A", "C"]))["missing"]  # the roster decides: C, not B
    assert missing[["uscc", "basis"]].values.tolist() == [["C", "roster"]]
    assert list(missing.columns) == [*ROSTER_COLUMNS, "basis"]


def test_incomplete_months_revisions_and_the_30_percent_boundary() -> None:
    subs = frame(
        [
            {"uscc": "FULL", "year": 2025, "tco2e": 130.0, "months": 12},
            {"uscc": "ELEVEN", "year": 2025, "tco2e": 1.0, "months": 11, "version": 2, "received": "r2"},
            {"uscc": "THREE", "year": 2025, "tco2e": 1.0, "months": 3},
            {"uscc": "FULL", "year": 2024, "tco2e": 100.0},
        ]
    )
    q = d.quality(region(subs))
    assert q["months"][["uscc", "months"]].values.tolist() == [["THREE", 3], ["ELEVEN", 11]]  # fewest first
    assert q["revised"][["uscc", "version", "received"]].values.tolist() == [["ELEVEN", 2, "r2"]]
    assert q["jumps"].empty  # +30 % exactly is not "more than 30 %"


def test_the_most_frequent_fifteen_warnings() -> None:
    data = region(frame([{"uscc": "A", "year": 2025, "tco2e": 1.0}]))
    data.warnings = pd.DataFrame({"code": [f"w{i}" for i in range(20)], "count": range(20, 0, -1)})
    assert d.quality(data)["warnings"]["code"].tolist() == [f"w{i}" for i in range(15)]


def test_enterprises_with_last_year_and_the_change() -> None:
    subs = frame(
        [
            {"uscc": "GROW", "year": 2024, "tco2e": 1.0},
            {"uscc": "GROW", "year": 2025, "tco2e": 3.0},
            {"uscc": "ZERO", "year": 2024, "tco2e": 0.0},
            {"uscc": "ZERO", "year": 2025, "tco2e": 2.0},
            {"uscc": "NEW", "year": 2025, "tco2e": 5.0},
        ]
    )
    listed = d.enterprises(region(subs)).set_index("uscc")
    assert listed.index.tolist() == ["NEW", "GROW", "ZERO"]  # largest first
    assert listed.loc["GROW", "prior_tco2e"] == 1.0 and listed.loc["GROW", "change"] == pytest.approx(2.0)
    assert pd.isna(listed.loc["ZERO", "change"])  # from nothing: no percentage
    assert pd.isna(listed.loc["NEW", "prior_tco2e"]) and pd.isna(listed.loc["NEW", "change"])


def test_a_month_of_one_year_only_is_zero_in_the_other() -> None:
    months = pd.DataFrame([{"year": 2025, "month": 3, "tco2e": 7.0, "tce": 2.0}])
    series = d.monthly(region(frame([]), months=months)).set_index("month")
    assert series.loc[3, "tco2e"] == 7.0 and series.loc[3, "tce"] == 2.0
    assert series.loc[3, "prior_tco2e"] == 0.0 and series.loc[3, "prior_tce"] == 0.0
    assert series.drop(index=3).to_numpy().sum() == 0.0


def test_benchmark_boundary_tonne_unit_and_no_output() -> None:
    # clinker 标杆 100 kgce/t: exactly 100 meets it; 吨 is t; a product of 0 t has no unit energy, one of
    # half a tonne has one (0.04 tce: 80 kgce/t)
    rows = [
        ("AT", 100_000.0, "吨", 10_000.0),
        ("NONE", 0.0, "t", 50.0),
        ("HALF", 0.5, "t", 0.04),
    ]
    products = pd.DataFrame(
        [
            {
                "uscc": u,
                "name": u,
                "city": "c",
                "sector": "cement",
                "product": "熟料",
                "quantity": q,
                "unit": unit,
                "tce": tce,
            }
            for u, q, unit, tce in rows
        ]
    )
    detail, summary = d.benchmarks(region(frame([]), products=products))
    assert detail[["uscc", "kgce_t", "at_benchmark"]].values.tolist() == [
        ["AT", 100.0, True],
        ["HALF", pytest.approx(80.0), True],
    ]
    assert summary.set_index("product").loc["熟料", ["enterprises", "share"]].tolist() == [2, 1.0]


def test_a_target_is_measured_on_one_basis_for_both_years() -> None:
    """Statistics with GDP (100 and 110 亿元) but energy for the base year only: the pair comes from the store
    (500 tce over 1 000 000 万元 in 2020; 600 + 60 over 1 100 000 in 2025), never a statistic beside a
    stored figure; with 2025's energy in the statistics too (90 万tce), from the statistics."""
    subs = frame(
        [
            {"uscc": "X", "year": 2020, "tco2e": 1.0, "tce": 500.0, "province": "P"},
            {"uscc": "X", "year": 2025, "tco2e": 1.0, "tce": 600.0, "province": "P"},
            {"uscc": "Y", "year": 2025, "tco2e": 1.0, "tce": 60.0, "province": "P"},
        ]
    )
    data = region(subs)
    rows = [(2020, "gdp", 1e10), (2025, "gdp", 1.1e10), (2020, "energy_total", 1e6)]
    data.statistics = pd.DataFrame([{"region": "P", "year": y, "indicator": k, "value": v} for y, k, v in rows])
    code = "energy_intensity_gdp_reduction"
    base, current, basis = d.measure_pair(data, code, "P", 2020)
    assert (base, current, basis) == (pytest.approx(500 / 1e6), pytest.approx(660 / 1.1e6), "store")
    extra = pd.DataFrame([{"region": "P", "year": 2025, "indicator": "energy_total", "value": 0.9e6}])
    data.statistics = pd.concat([data.statistics, extra], ignore_index=True)
    base, current, basis = d.measure_pair(data, code, "P", 2020)
    assert (base, current, basis) == (pytest.approx(1.0), pytest.approx(0.9 / 1.1), "statistics")


def test_a_targets_path_reads_its_data_on_the_targets_basis() -> None:
    """The case above with a target assigned to P (−13.5 % energy per GDP, 2020–2025): evaluated on the
    store, and its path's data are the stored figures too (500 / 10^6 in 2020, 660 / 1.1 × 10^6 in 2025),
    not the statistics' 1.0 of 2020 beside nothing in 2025."""
    subs = frame(
        [
            {"uscc": "X", "year": 2020, "tco2e": 1.0, "tce": 500.0, "province": "P"},
            {"uscc": "X", "year": 2025, "tco2e": 1.0, "tce": 600.0, "province": "P"},
            {"uscc": "Y", "year": 2025, "tco2e": 1.0, "tce": 60.0, "province": "P"},
        ]
    )
    months = pd.DataFrame([{"year": 2025, "city": "c", "sector": "other", "month": 1, "tco2e": 2.0, "tce": 660.0}])
    products = pd.DataFrame(columns=["uscc", "name", "city", "sector", "product", "quantity", "unit", "tce"])
    data = region(subs, months, products)
    rows = [(2020, "gdp", 1e10), (2025, "gdp", 1.1e10), (2020, "energy_total", 1e6)]
    data.statistics = pd.DataFrame([{"region": "P", "year": y, "indicator": k, "value": v} for y, k, v in rows])
    target = {"indicator_code": "energy_intensity_gdp_reduction", "base_year": 2020, "target_year": 2025}
    data.assigned = pd.DataFrame([{"jurisdiction": "P", **target, "value": 13.5, "source": "演示"}])
    data.roster = pd.DataFrame(columns=["uscc", "name", "city", "sector"])
    data.regions = [("P", "")]
    f = d.figures(data)
    [e] = f.evaluations
    assert (e.basis, e.base_value, e.current) == ("store", pytest.approx(0.0005), pytest.approx(0.0006))
    [path] = f.trajectories
    assert path.data == (pytest.approx(0.0005), None, None, None, None, pytest.approx(0.0006))


def test_the_store_measure_of_a_region_sums_its_own_enterprises() -> None:
    subs = frame(
        [
            {"uscc": "Q1", "year": 2025, "tco2e": 10.0, "tco2": 10.0, "province": "青海省", "city": "西宁市"},
            {"uscc": "Q2", "year": 2025, "tco2e": 20.0, "tco2": 20.0, "province": "青海省", "city": "海东市"},
            {"uscc": "G1", "year": 2025, "tco2e": 40.0, "tco2": 40.0, "province": "甘肃省", "city": "兰州市"},
        ]
    )
    data = region(subs)
    data.statistics = pd.DataFrame(
        [{"region": r, "year": 2025, "indicator": "gdp", "value": 1e4} for r in ("青海省", "西宁市")]
    )
    # the stored tCO2 over GDP ÷ 10 000 (MEASURES: per 万元): the province 30 t, its city 西宁市 10 t, 甘肃 not counted
    assert d.measure(data, "co2_intensity_gdp_reduction", "青海省", 2025, "store") == pytest.approx(30.0)
    assert d.measure(data, "co2_intensity_gdp_reduction", "西宁市", 2025, "store") == pytest.approx(10.0)


def test_totals_by_city_share_change_and_a_city_of_last_year_only() -> None:
    subs = frame(
        [
            {"uscc": "A", "year": 2025, "tco2e": 30.0, "tce": 3.0, "city": "西宁市"},
            {"uscc": "B", "year": 2025, "tco2e": 10.0, "tce": 1.0, "city": "海东市"},
            {"uscc": "A", "year": 2024, "tco2e": 20.0, "tce": 2.0, "city": "西宁市"},
            {"uscc": "C", "year": 2024, "tco2e": 20.0, "tce": 2.0, "city": "海西州"},
        ]
    )
    cities = d.totals_by(region(subs), "city")
    assert cities["city"].tolist() == ["西宁市", "海东市", "海西州"]  # largest first; 海西州 reported nothing this year
    c = cities.set_index("city")
    assert c.loc["西宁市", "share"] == pytest.approx(0.75) and c.loc["海东市", "share"] == pytest.approx(0.25)
    assert c.loc["西宁市", "change"] == pytest.approx(0.5) and c.loc["海西州", "change"] == pytest.approx(-1.0)
    # each city's contribution to the change of the whole: (30 − 20) / 40, (10 − 0) / 40, (0 − 20) / 40
    assert c["contribution"].to_dict() == pytest.approx({"西宁市": 0.25, "海东市": 0.25, "海西州": -0.5})
    assert (c.loc["海西州", "tco2e"], c.loc["海西州", "prior_tco2e"], c.loc["海西州", "enterprises"]) == (0, 20, 0)
    # no year before stored: no change and no contribution to show (blank, not an infinity)
    first = d.totals_by(region(subs[subs["year"] == 2025]), "city").set_index("city")
    assert first["contribution"].isna().all() and first["change"].isna().all()
    assert first["share"].to_dict() == pytest.approx({"西宁市": 0.75, "海东市": 0.25})


def test_months_of_each_year_and_the_quarters() -> None:
    months = pd.DataFrame(
        [
            {"year": 2025, "month": 3, "tco2e": 5.0, "tce": 1.0},
            {"year": 2025, "month": 4, "tco2e": 7.0, "tce": 1.0},
            {"year": 2024, "month": 4, "tco2e": 2.0, "tce": 1.0},
        ]
    )
    series = d.monthly(region(frame([]), months=months)).set_index("month")
    assert series.loc[3, "prior_tco2e"] == 0.0 and series.loc[4, "prior_tco2e"] == 2.0  # March 2024: nothing
    quarters = d.quarterly(series.reset_index()).set_index("quarter")
    assert quarters.loc[1, "tco2e"] == 5.0 and quarters.loc[2, "tco2e"] == 7.0  # March in Q1, April in Q2
    assert quarters.loc[2, "change"] == pytest.approx(2.5) and pd.isna(quarters.loc[1, "change"])


def test_the_defaults_share_of_a_single_parameter() -> None:
    subs = frame([{"uscc": "X", "year": 2025, "tco2e": 1.0, "parameters": 1, "defaults": 1}])
    assert d.quality(region(subs))["defaults"]["share"].tolist() == [1.0]


def test_benchmarks_farthest_first_across_products() -> None:
    # clinker 100 kgce/t and coke 110 kgce/t: 120 is 1.2 × its benchmark, 121 only 1.1 ×
    coke, clinker = product("K", "chemicals", "焦炭", 1000.0, 121.0), product("G", "cement", "熟料", 1000.0, 120.0)
    products = pd.DataFrame([coke, clinker])
    detail, _ = d.benchmarks(region(frame([]), products=products))
    assert detail["uscc"].tolist() == ["G", "K"]


def test_the_regional_json_carries_each_figure_once_under_its_name() -> None:
    # DESIGN 3.2: {year, province, regions (provinces, then cities), sectors, targets, key_emitters}, and
    # tanhe's trajectories and peak;
    # a region or sector without an enterprise is left out; tonnes to six decimals
    from accounting.region.report import to_json

    empty = pd.DataFrame()
    provinces = pd.DataFrame([{"province": "青海省", "enterprises": 2, "tco2e": 31000.1234567, "tce": 12400.0000004}])
    cities = pd.DataFrame(
        [
            {"city": "西宁市", "enterprises": 1, "tco2e": 30000.0, "tce": 12000.0},
            {"city": "海东市", "enterprises": 1, "tco2e": 1000.1234567, "tce": 400.0000004},
            {"city": "海北州", "enterprises": 0, "tco2e": 0.0, "tce": 0.0},
        ]
    )
    sectors = pd.DataFrame(
        [
            {"sector": "cement", "enterprises": 1, "tco2e": 30000.0},
            {"sector": "other", "enterprises": 1, "tco2e": 1000.1234567},
            {"sector": "steel", "enterprises": 0, "tco2e": 0.0},
        ]
    )
    emitters = pd.DataFrame([{"uscc": "BIG", "name": "大厂", "tco2e": 30000.0000004}])
    data = dataclasses.replace(region(frame([])), province="青海省")
    figures = d.Figures(data, [], provinces, cities, sectors, empty, empty, emitters, empty, empty, {})
    assert to_json(figures) == {
        "year": 2025,
        "province": "青海省",
        "regions": [
            {"region": "青海省", "level": "province", "tco2e": 31000.123457, "tce": 12400.0},
            {"region": "西宁市", "level": "city", "tco2e": 30000.0, "tce": 12000.0},
            {"region": "海东市", "level": "city", "tco2e": 1000.123457, "tce": 400.0},
        ],
        "sectors": [{"sector": "cement", "tco2e": 30000.0}, {"sector": "other", "tco2e": 1000.123457}],
        "targets": [],
        "key_emitters": [{"uscc": "BIG", "name": "大厂", "tco2e": 30000.0}],
        "trajectories": [],  # tanhe's extension: every evaluated target's course, and the peak of CO2
        "peak": None,
    }


def emitter(uscc: str, name: str, sector: str, tco2e: float, prior: float | None, **more: Any) -> dict[str, Any]:
    """A row of the lists' frames: in 西宁市, energy half the tonnes; no prior year is NaN, as the store gives it."""
    nan = float("nan")
    change = nan if prior is None else (tco2e - prior) / prior
    row = {"uscc": uscc, "name": name, "city": "西宁市", "sector": sector, "tco2e": tco2e, "tce": tco2e / 2}
    return row | {"prior_tco2e": nan if prior is None else prior, "change": change} | more


def test_the_key_emitters_list_by_hand_in_both_languages(monkeypatch: Any) -> None:
    from accounting.region import lists
    from accounting.report.document import Labels

    emitters = pd.DataFrame(
        [emitter("BIG", "大厂", "cement", 40000.0, 32000.0), emitter("NEW", "新厂", "steel", 30000.0, None)]
    )
    zh = lists.emitters_section(Labels("zh"), emitters)
    (table,) = zh.tables
    assert [c.kind for c in table.columns] == ["text", "text", "text", "text", "t", "t", "t", "pct"]
    # 40 000 against 32 000 t is +25 %; a new emitter has no prior year: a dash, not NaN
    assert table.rows == (
        ("BIG", "大厂", "西宁市", "水泥熟料", 40000.0, 20000.0, 32000.0, 0.25),
        ("NEW", "新厂", "西宁市", "钢铁", 30000.0, 15000.0, None, None),
    )
    assert table.total == ("合计", "2", None, None, 70000.0, 35000.0, None, None)
    assert table.limit is None and "26000" in zh.paragraphs[0].replace(" ", "").replace(",", "")
    en = lists.emitters_section(Labels("en"), emitters)
    assert [r[3] for r in en.tables[0].rows] == ["Cement clinker", "Iron and steel"]
    assert en.tables[0].total[0] == "Total"
    # the PDF prints the first PRINTED rows and says how many more the workbook has
    monkeypatch.setattr(lists, "PRINTED", 1)
    cut = lists.emitters_section(Labels("zh"), emitters).tables[0]
    assert (cut.limit, cut.more) == (1, "另有 1 行未在此列出，完整名单见 Excel 版同名工作表。")
    assert len(cut.rows) == 2  # the workbook keeps both
    monkeypatch.setattr(lists, "PRINTED", 2)  # exactly as many rows as printed: nothing cut
    assert lists.emitters_section(Labels("zh"), emitters).tables[0].limit is None


def test_the_roll_of_all_enterprises_by_hand() -> None:
    from accounting.region import lists
    from accounting.report.document import Labels

    rows = [emitter("A", "甲", "other", 100.0, 80.0, version=2), emitter("B", "乙", "unknown", 50.0, None, version=1)]
    listed = pd.DataFrame(rows)
    (table,) = lists.enterprises_section(Labels("zh"), listed).tables
    assert [c.kind for c in table.columns] == ["text", "text", "text", "text", "int", "t", "t", "t", "pct"]
    assert table.rows == (
        ("A", "甲", "西宁市", "其他", 2, 100.0, 50.0, 80.0, 0.25),
        ("B", "乙", "西宁市", "unknown", 1, 50.0, 25.0, None, None),  # a key without a name stays a key
    )
    assert table.total == ("合计", "2", None, None, None, 150.0, 75.0, None, None)


def test_the_benchmark_lists_by_hand() -> None:
    from accounting.region import lists
    from accounting.report.document import Labels

    summary = pd.DataFrame([{"product": "熟料", "benchmark": 100.0, "enterprises": 2, "at_benchmark": 1, "share": 0.5}])
    detail = pd.DataFrame(
        [
            {"uscc": "H", "name": "乙", "product": "熟料", "quantity": 100000.0, "kgce_t": 120.0, "value": 100.0,
             "at_benchmark": False},
            {"uscc": "G", "name": "甲", "product": "熟料", "quantity": 100000.0, "kgce_t": 90.0, "value": 100.0,
             "at_benchmark": True},
        ]
    )  # fmt: skip
    section = lists.benchmarks_section(Labels("zh"), detail, summary)
    head, body = section.tables
    assert section.key == "benchmarks"
    assert [c.kind for c in head.columns] == ["text", "intensity", "int", "int", "pct"]
    assert head.rows == (("熟料", 100.0, 2, 1, 0.5),)
    assert [c.kind for c in body.columns] == ["text", "text", "text", "qty", "intensity", "intensity", "text"]
    assert body.rows == (
        ("H", "乙", "熟料", 100000.0, 120.0, 100.0, "未达标杆"),
        ("G", "甲", "熟料", 100000.0, 90.0, 100.0, "达到标杆"),
    )


def test_the_quality_section_by_hand() -> None:
    from accounting.region import lists
    from accounting.report.document import Labels

    data = region(frame([{"uscc": "A", "year": 2025, "tco2e": 1.0}, {"uscc": "B", "year": 2025, "tco2e": 2.0}]))
    q = {
        "missing": pd.DataFrame([{"uscc": "C", "name": "丙", "city": "海东市", "sector": "cement"}]),
        "months": pd.DataFrame([{"uscc": "A", "name": "甲", "city": "西宁市", "months": 11}]),
        "defaults": pd.DataFrame(
            [
                {"sector": "cement", "enterprises": 2, "parameters": 30, "defaults": 6, "share": 0.2},
                {"sector": "other", "enterprises": 1, "parameters": 0, "defaults": 0, "share": float("nan")},
            ]
        ),
        "jumps": pd.DataFrame([{"uscc": "B", "name": "乙", "tco2e_prior": 100.0, "tco2e": 200.0, "change": 1.0}]),
        "revised": pd.DataFrame([{"uscc": "B", "name": "乙", "version": 2, "received": "2026-03-01T08:00:00"}]),
        "reconciled": pd.DataFrame(
            [
                {
                    "uscc": "A",
                    "name": "甲",
                    "code": "deposit-mismatch",
                    "sheet": "化石燃料",
                    "cell": "D4",
                    "message": "与存证不符",
                },
                {
                    "uscc": "B",
                    "name": "乙",
                    "code": "deposit-line-absent",
                    "sheet": "电力热力",
                    "cell": "",
                    "message": "缺月份",
                },
            ]
        ),
        "warnings": pd.DataFrame(
            [
                {
                    "code": "months-missing",
                    "message": "缺月",
                    "enterprises": ("甲", "乙", "丙", "丁"),
                    "count": 4,
                    "cell": "B2",
                }
            ]
        ),
    }
    section = lists.quality_section(Labels("zh"), data, q)
    # no roster given: last year's submitters are the expected ones; 6 of 30 parameters by default
    assert [(v, k) for _, v, k in section.fields] == [
        (2, "int"),
        (1, "int"),
        ("上一年度已报送的单位（未提供名录）", "text"),
        (pytest.approx(0.2), "pct"),
    ]
    missing, months, defaults, jumps, revised, reconciled, warnings = section.tables
    assert missing.rows == (("C", "丙", "海东市", "水泥熟料"),)
    assert months.rows == (("A", "甲", "西宁市", 11),)
    assert defaults.rows == (("水泥熟料", 2, 30, 6, 0.2), ("其他", 1, 0, 0, None))
    assert jumps.rows == (("B", "乙", 100.0, 200.0, 1.0),) and "30%" in jumps.caption
    assert revised.rows == (("B", "乙", 2, "2026-03-01T08:00:00"),)
    assert reconciled.rows == (("A", "甲", "化石燃料!D4", "与存证不符"), ("B", "乙", "电力热力", "缺月份"))
    assert warnings.rows == (
        ("months-missing", "缺月", "甲、乙、丙及另外 1 家", 4),
    )  # was "等 1 家": read as one in all
    # what frames them: each table's caption, the kinds its columns print as
    assert [t.caption for t in section.tables] == [
        "应报未报单位",
        "月度数据不全的单位（报送月份少于 12 个）",
        "分行业缺省值使用情况",
        "排放量同比变化超过 ±30% 的单位（按变化幅度由大到小；阈值见 factors/region-rules）",
        "本年度有更正版本的报送",
        "年报与月度存证不一致之处",
        "核算警告（前 15 类）",
    ]
    assert defaults.note.startswith("燃料参数指每条燃料记录的低位发热量")
    assert [[c.kind for c in t.columns] for t in section.tables] == [
        ["text", "text", "text", "text"],
        ["text", "text", "text", "int"],
        ["text", "int", "int", "int", "pct"],
        ["text", "text", "t", "t", "pct"],
        ["text", "text", "int", "text"],
        ["text", "text", "text", "text"],
        ["text", "text", "text", "int"],
    ]
    assert section.key == "quality" and section.title == "数据质量"
    # in English the stored messages are worded again by their code, with the cell they name
    english = lists.quality_section(Labels("en"), data, q)
    assert english.tables[0].rows == (("C", "丙", "海东市", "Cement clinker"),)
    assert english.tables[2].rows[0][0] == "Cement clinker"


def test_the_quality_section_with_a_roster_and_a_single_parameter() -> None:
    """A roster given: it is what the submissions are expected against. One fuel parameter, by default:
    100 % of the parameters are defaults."""
    from dataclasses import replace

    from accounting.region import lists
    from accounting.report.document import Labels

    data = replace(region(frame([{"uscc": "A", "year": 2025, "tco2e": 1.0}])), roster=pd.DataFrame([{"uscc": "A"}]))
    empty = pd.DataFrame(columns=["uscc", "name", "city", "sector", "months", "tco2e_prior", "tco2e", "change"])
    q = {key: empty for key in ("missing", "months", "jumps", "revised", "reconciled", "warnings")}
    q["defaults"] = pd.DataFrame([{"sector": "other", "enterprises": 1, "parameters": 1, "defaults": 1, "share": 1.0}])
    fields = {label: value for label, value, _ in lists.quality_section(Labels("zh"), data, q).fields}
    assert list(fields.values())[2:] == ["统计数据表「重点单位名录」", pytest.approx(1.0)]
