"""The regional report: aggregates, pathways, gaps and statuses by hand, and the report files.

Enterprises (the tiny submission of tests/test_report.py and its January-only variant):
  A 西宁市 2025: 178.002 + 87.0874785 + 179.6 = 444.6894785 tCO2e
  B 海东市 2025: 178.002 + 179.6 = 357.602
  A 西宁市 2024: 357.602
  青海省 2025 = 802.2914785, 2024 = 357.602, change = 444.6894785 / 357.602;
  contributions: 西宁 87.0874785 / 357.602, 海东 357.602 / 357.602 = 1.
Statistics: energy 100 万tce and GDP 100 亿元 in 2020; 90 万tce and 110 亿元 in 2025, so the intensity
goes from 1 to 0.8181… tce/万元: an 18.1818…% reduction against a 13.5% target: on track, 4.6818… ahead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from accounting import Store, ingest
from accounting.cli import main
from accounting.errors import StoreError
from accounting.region import data as d
from accounting.region import lists, render_region
from accounting.report.chart import label_lines, progress_svg
from accounting.report.document import Chart, Column, Document, Section, Table, text_of
from accounting.report.xlsx import write_xlsx
from accounting.statistics import ASSIGNED, DATA, write_statistics
from accounting.targets import base_year_of, evaluate_reduction, evaluate_share, for_jurisdictions
from accounting.uscc import complete
from tests.conftest import energy_row, fuel_row

JAN, FEB, ELEC = 178.002, 87.0874785, 179.6
A25, B25, A24 = JAN + FEB + ELEC, JAN + ELEC, JAN + ELEC
# energy by GB/T 2589-2020 (原煤 0.7143 kgce/kg, 电力 0.1229 kgce/kWh, 1 kgce = 29.307 MJ):
# A: 2000 GJ / 29.307 = 68.2430818 + 50 t × 0.7143 + 1000 MWh × 0.1229 = 226.8580818 tce; B: 191.1430818
TCE_A, TCE_B = 2000 / 29.307 + 35.715 + 122.9, 2000 / 29.307 + 122.9
A, B = "91630100MA7QH0001G", "91630200MA7QH0002Q"


def test_reduction_pathway_by_hand() -> None:
    # −13.5 % from 2020 to 2025; in 2023 the intensity is 0.92 of 2020's
    e = evaluate_reduction(13.5, 2020, 2025, 2023, 1.0, 0.92)
    assert e["actual"] == pytest.approx(8.0)
    assert e["required"] == pytest.approx(8.333708, abs=1e-6)  # 1 − 0.865^(3/5) = 1 − exp(0.6 ln 0.865)
    assert e["gap"] == pytest.approx(0.333708, abs=1e-6)
    assert e["needed_rate"] == pytest.approx(3.035192, abs=1e-6)  # 1 − (0.865 / 0.92)^(1/2)
    assert e["status"] == "lagging"  # 3.04 % a year needed ≤ 2 × 2.86 % (1 − 0.865^(1/5))
    assert evaluate_reduction(13.5, 2020, 2025, 2023, 1.0, 0.90)["status"] == "on_track"
    assert evaluate_reduction(13.5, 2020, 2025, 2023, 1.0, 1.01)["status"] == "warning"  # no progress
    # (0.865 / 0.97)^(1/2) = 0.944327 → 5.567 % a year, below 2 × 2.8589 = 5.7178 %: lagging, not warning
    assert evaluate_reduction(13.5, 2020, 2025, 2023, 1.0, 0.97)["status"] == "lagging"
    assert evaluate_reduction(13.5, 2020, 2025, 2024, 1.0, 0.97)["status"] == "warning"  # 1 year left: 10.8 %
    assert evaluate_reduction(13.5, 2020, 2025, 2025, 1.0, 0.87)["status"] == "warning"  # target year, missed
    # only the ratio counts: base 2.0 and now 1.84 is the 0.92 above
    scaled = evaluate_reduction(13.5, 2020, 2025, 2023, 2.0, 1.84)
    assert (scaled["actual"], scaled["needed_rate"]) == (pytest.approx(8.0), pytest.approx(3.035192, abs=1e-6))
    assert evaluate_reduction(13.5, 2020, 2025, 2023, 1.0, 1.0)["status"] == "warning"  # no progress at all
    # no progress in 2021 is a warning although 1 − 0.865^(1/4) = 3.56 % a year would still do (≤ 5.72 %)
    assert evaluate_reduction(13.5, 2020, 2025, 2021, 1.0, 1.0)["status"] == "warning"
    # one year left, 10.5 % achieved of 10.954314 % due (1 − 0.865^(4/5)); 1 − 0.865/0.895 = 3.352 % a year is
    # needed, within 2 × 2.8589 %: lagging
    last = evaluate_reduction(13.5, 2020, 2025, 2024, 1.0, 0.895)
    assert (last["required"], last["needed_rate"], last["status"]) == (
        pytest.approx(10.954314, abs=1e-6),
        pytest.approx(3.351955, abs=1e-6),
        "lagging",
    )


def test_reduction_status_at_its_edges_by_hand() -> None:
    # the plan's rate 1 − 0.865^(1/5) = 2.858854 % a year; twice it, 5.717709 %, is the headroom
    # reached exactly in the target year (0.865 of the base): on track, not missed by a rounding
    assert evaluate_reduction(13.5, 2020, 2025, 2025, 1.0, 0.865)["status"] == "on_track"
    # half a point achieved in 2021 where 2.86 are due: 1 − (0.865 / 0.995)^(1/4) = 3.44 % a year is
    # needed, within the headroom: lagging (a little progress is not none)
    little = evaluate_reduction(13.5, 2020, 2025, 2021, 1.0, 0.995)
    assert (little["actual"], little["status"]) == (pytest.approx(0.5), "lagging")
    # 2023 at 0.97366: 1 − (0.865 / 0.97366)^(1/2) = 5.745 % a year needed, just beyond 5.7177 %: warning
    edge = evaluate_reduction(13.5, 2020, 2025, 2023, 1.0, 0.97366)
    assert (edge["needed_rate"], edge["status"]) == (pytest.approx(5.745002, abs=1e-6), "warning")


def test_share_pathway_by_hand() -> None:
    # 46.5 % in 2020 to 52.2 % in 2025: the line stands at 46.5 + 5.7 × 3/5 = 49.92 in 2023
    e = evaluate_share(52.2, +1, 2020, 2025, 2023, 46.5, 49.0)
    assert (e["required"], e["gap"], e["status"]) == (pytest.approx(49.92), pytest.approx(0.92), "lagging")
    assert (e["actual"], e["needed_rate"]) == (49.0, None)
    assert evaluate_share(52.2, +1, 2020, 2025, 2023, 46.5, 50.0)["status"] == "on_track"
    assert evaluate_share(52.2, +1, 2020, 2025, 2023, 46.5, 46.0)["status"] == "warning"
    assert evaluate_share(10.0, -1, 2020, 2025, 2023, 20.0, 13.0)["status"] == "on_track"  # coal: 14 allowed
    # 40 % to 50 %: the line stands at exactly 46 in 2023; on it is on track; no progress at all is a
    # warning, a little progress (half a point) lagging
    assert evaluate_share(50.0, +1, 2020, 2025, 2023, 40.0, 46.0)["status"] == "on_track"
    assert evaluate_share(50.0, +1, 2020, 2025, 2023, 40.0, 40.0)["status"] == "warning"
    assert evaluate_share(50.0, +1, 2020, 2025, 2023, 40.0, 40.5)["status"] == "lagging"


def test_catalogue_merges_repeats_and_takes_assigned_values() -> None:
    assigned = pd.DataFrame(
        [("青海省", "energy_intensity_gdp_reduction", 2020, 2025, 13.5, "下达文件")],
        columns=["jurisdiction", "indicator_code", "base_year", "target_year", "value", "source"],
    )
    rows = for_jurisdictions(["青海省"], assigned)
    energy = rows[rows["indicator_code"] == "energy_intensity_gdp_reduction"]
    assert energy["value"].tolist() == [13.5] and energy["ids"].tolist() == ["T1139、T1828"]
    share = rows[(rows["indicator_code"] == "non_fossil_share_energy") & (rows["target_year"] == 2025)]
    assert share["ids"].tolist() == ["T1142、T1178、T1831、T1867"]  # one target, stated four times


def test_assigned_values_fill_blank_targets_and_add_new_ones() -> None:
    assigned = pd.DataFrame(
        [
            ("青海省", "co2_intensity_gdp_reduction", 2021, 2025, 18.0, "下达文件甲"),
            ("西宁市", "energy_intensity_gdp_reduction", 2020, 2025, 14.0, "市目标文件"),
            ("海东市", "energy_intensity_gdp_reduction", None, 2025, 13.0, "市目标文件"),
        ],
        columns=["jurisdiction", "indicator_code", "base_year", "target_year", "value", "source"],
    )
    rows = for_jurisdictions(["青海省", "西宁市", "海东市"], assigned)

    def one(jurisdiction: str, code: str) -> pd.Series:
        found = rows[
            (rows["jurisdiction"] == jurisdiction) & (rows["indicator_code"] == code) & (rows["target_year"] == 2025)
        ]
        assert len(found) == 1
        return found.iloc[0]

    # the plan's 完成国家下达 (T1140, T1829: no value, no base year) takes the assigned value and base year
    co2 = one("青海省", "co2_intensity_gdp_reduction")
    assert (co2["value"], co2["base_year"], co2["assigned_by"], co2["ids"]) == (
        18.0,
        2021,
        "下达文件甲",
        "T1140、T1829",
    )
    assert base_year_of(co2) == (2021, True)  # stated by the assignment
    share = one("青海省", "non_fossil_share_energy")
    assert base_year_of(share) == (2020, False)  # the plan states none: the start of its five-year period
    # 西宁市 has no target in the catalogue: the assigned one is added as such
    city = one("西宁市", "energy_intensity_gdp_reduction")
    assert (
        city["value"],
        city["base_year"],
        city["target_year"],
        city["commitment"],
        city["assigned_by"],
        city["ids"],
    ) == (14.0, 2020, 2025, "下达", "市目标文件", "赋值")
    assert (city["unit"], base_year_of(city)) == ("percent", (2020, True))  # a reduction in percent, as the catalogue's
    # an assignment without its base year: the start of its five-year period, not stated
    east = one("海东市", "energy_intensity_gdp_reduction")
    assert (east["value"], east["unit"], base_year_of(east)) == (13.0, "percent", (2020, False))


def test_assignments_in_any_order_and_without_a_base_year() -> None:
    # one for a province outside the report first (passed over, the rest still read), a city's new
    # target, then the province's blank 完成国家下达 target filled without a base year
    assigned = pd.DataFrame(
        [
            ("甘肃省", "co2_intensity_gdp_reduction", 2020, 2025, 17.0, "别省文件"),
            ("西宁市", "energy_intensity_gdp_reduction", 2020, 2025, 14.0, "市目标文件"),
            ("青海省", "co2_intensity_gdp_reduction", None, 2025, 18.0, "下达文件甲"),
        ],
        columns=["jurisdiction", "indicator_code", "base_year", "target_year", "value", "source"],
    )
    rows = for_jurisdictions(["青海省", "西宁市"], assigned).set_index(
        ["jurisdiction", "indicator_code", "target_year"]
    )
    assert "甘肃省" not in rows.index.get_level_values(0)
    co2 = rows.loc[("青海省", "co2_intensity_gdp_reduction", 2025)]
    assert (co2["value"], co2["assigned_by"], base_year_of(co2)) == (18.0, "下达文件甲", (2020, False))
    city = rows.loc[("西宁市", "energy_intensity_gdp_reduction", 2025)]
    # a target the plans do not hold cites no document, clause or words of them
    assert (city["document"], city["clause"], city["quote"], city["indicator_cn"]) == ("", "", "", "")


@pytest.fixture
def store(workbook: Any, tmp_path: Path) -> Store:
    tiny = [fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)]
    january = tiny[:1]
    elec = [energy_row("购入电力", 1000, "MWh", 1)]
    files = [
        workbook(fuel=tiny, energy=elec, info={"uscc": A, "city": "西宁市"}),
        workbook(
            fuel=january, energy=elec, info={"uscc": B, "city": "海东市", "region_code": "630200", "name": "海东示例"}
        ),
        workbook(fuel=january, energy=elec, info={"uscc": A, "city": "西宁市", "year": 2024}),
        write_statistics(
            tmp_path / "统计.xlsx",
            {
                DATA: [
                    ("青海省", "", 2020, "能源消费总量", 100, "万吨标准煤", ""),
                    ("青海省", "", 2020, "地区生产总值（不变价）", 100, "亿元", ""),
                    ("青海省", "", 2025, "能源消费总量", 90, "万吨标准煤", ""),
                    ("青海省", "", 2025, "地区生产总值（不变价）", 110, "亿元", ""),
                ],
                ASSIGNED: [("青海省", "energy_intensity_gdp_reduction", 2020, 2025, 13.5, "演示")],
            },
        ),
    ]
    s = Store(str(tmp_path / "s.db"))
    assert [o.status for o in ingest(s, files)] == ["stored"] * 4
    return s


def test_aggregates_by_hand(store: Store) -> None:
    data = d.load(store, 2025, "青海省")
    cities = d.totals_by(data, "city").set_index("city")
    assert cities.loc["西宁市", "tco2e"] == pytest.approx(A25) and cities.loc["海东市", "tco2e"] == pytest.approx(B25)
    assert cities.loc["西宁市", "contribution"] == pytest.approx(FEB / A24)
    assert cities.loc["海东市", "contribution"] == pytest.approx(1.0)
    province = d.totals_by(data, "province").set_index("province").loc["青海省"]
    assert province["tco2e"] == pytest.approx(A25 + B25) and province["change"] == pytest.approx(
        (A25 + B25 - A24) / A24
    )
    months = d.monthly(data).set_index("month")
    assert months.loc[1, "tco2e"] == pytest.approx(2 * (JAN + ELEC)) and months.loc[2, "tco2e"] == pytest.approx(FEB)
    assert months.loc[1, "prior_tco2e"] == pytest.approx(A24)
    quarters = d.quarterly(d.monthly(data)).set_index("quarter")
    assert quarters.loc[1, "tco2e"] == pytest.approx(A25 + B25) and quarters.loc[2, "tco2e"] == 0
    quality = d.quality(data)
    assert quality["missing"].empty and quality["months"]["months"].tolist() == [1, 2]  # B: January; A: two months


def test_targets_by_hand(store: Store) -> None:
    evaluations = {(e.indicator_code, e.value): e for e in d.evaluate(d.load(store, 2025, "青海省"))}
    energy = evaluations[("energy_intensity_gdp_reduction", 13.5)]
    assert energy.base_value == pytest.approx(1.0) and energy.current == pytest.approx(90 / 110)
    assert energy.actual == pytest.approx(100 * (1 - 90 / 110)) and energy.gap == pytest.approx(13.5 - 100 * 2 / 11)
    assert energy.status == "on_track" and energy.assigned_by == "演示"
    co2 = next(e for e in evaluations.values() if e.indicator_code == "co2_intensity_gdp_reduction")
    assert co2.status == "" and co2.reason == "no_value"  # 完成国家下达, and none assigned
    assert {k: co2.to_dict()[k] for k in ("base_year", "target_year", "status", "reason", "actual")} == {
        "base_year": 2020,
        "target_year": 2025,
        "status": "not_evaluated",
        "reason": "no_value",
        "actual": None,
    }
    # the JSON a user reads: 1 − (90/110) = 18.181818 % achieved against 13.5 % due by 2025
    assert {k: v for k, v in energy.to_dict().items() if k in ("value", "actual", "required", "gap", "status")} == {
        "value": 13.5,
        "actual": 18.181818,
        "required": 13.5,
        "gap": -4.681818,
        "status": "on_track",
    }


def test_base_and_current_on_one_basis(store: Store) -> None:
    """Without the 2025 energy statistic, 2025 energy could only come from the two stored
    enterprises (a sliver of the province) while 2020 comes from the statistics: never paired. The
    store has no 2020 submissions, so the target has no data; with energy statistics for neither
    year, nothing changes (no store for 2020)."""
    data = d.load(store, 2025, "青海省")
    stats = data.statistics
    data.statistics = stats[~((stats["indicator"] == "energy_total") & (stats["year"] == 2025))]
    assert d.measure(data, "energy_intensity_gdp_reduction", "青海省", 2025) is None
    stored = d.measure(data, "energy_intensity_gdp_reduction", "青海省", 2025, "store")
    assert stored == pytest.approx(data.now["tce"].sum() / (110e8 / 1e4))  # tce per 万元 of 110 亿元
    assert d.measure_pair(data, "energy_intensity_gdp_reduction", "青海省", 2020) == (1.0, None, "statistics")
    energy = next(e for e in d.evaluate(data) if e.indicator_code == "energy_intensity_gdp_reduction")
    assert energy.status == "" and energy.reason == "no_data"


def test_key_emitters_threshold() -> None:
    subs = pd.DataFrame(
        {
            "uscc": ["X", "Y"],
            "name": ["x", "y"],
            "city": ["c", "c"],
            "sector": ["other"] * 2,
            "tco2e": [26000.0, 25999.99],
            "tce": [1.0, 1.0],
            "year": [2025, 2025],
            "version": [1, 2],
        }
    )
    data = d.RegionData(
        2025, None, subs, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    )
    listed = d.enterprises(data)
    assert listed["uscc"].tolist() == ["X", "Y"] and listed["version"].tolist() == [1, 2]
    assert d.key_emitters(listed)["uscc"].tolist() == ["X"]


def test_report_files_and_json(store: Store, tmp_path: Path) -> None:
    written, summary = render_region(store, 2025, tmp_path / "out", province="青海省", langs=("zh", "en"))
    assert sorted(p.name for p in written) == sorted(
        [
            "青海省_2025_区域碳达峰进展报告.xlsx",
            "青海省_2025_区域碳达峰进展报告.pdf",
            "青海省_2025_regional-report.xlsx",
            "青海省_2025_regional-report.pdf",
        ]
    )
    assert summary["regions"][0] == {
        "region": "青海省",
        "level": "province",
        "tco2e": pytest.approx(A25 + B25),
        "tce": pytest.approx(TCE_A + TCE_B, abs=1e-6),
    }
    assert set(summary) >= {"year", "regions", "sectors", "targets", "key_emitters"}
    assert {"jurisdiction", "indicator_code", "target_year", "value", "actual", "status"} <= set(summary["targets"][0])
    book = openpyxl.load_workbook(written[0] if written[0].suffix == ".xlsx" else written[1])
    assert "规划目标进展" in book.sheetnames and "数据质量" in book.sheetnames
    # both enterprises emit far below 26 000 t, so no list selects them: the roll of all still names them
    listed = {row[0]: row for row in book["报送单位名单"].iter_rows(values_only=True) if row[0] in (A, B)}
    assert set(listed) == {A, B}
    assert (listed[A][5], listed[B][5]) == (pytest.approx(A25), pytest.approx(B25))
    pdf = next(p for p in written if p.name == "青海省_2025_区域碳达峰进展报告.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "单位地区生产总值能耗下降" in text and "进度正常" in text and "西宁市" in text


def test_cli_report_region_json(store: Store) -> None:
    result = CliRunner().invoke(
        main,
        [
            "report",
            "region",
            "--db",
            store.db,
            "--year",
            "2025",
            "--format",
            "xlsx",
            "--out",
            str(Path(store.db).parent / "r"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["year"] == 2025 and [s["sector"] for s in out["sectors"]] == ["other"]
    assert out["sectors"][0]["tco2e"] == pytest.approx(A25 + B25, abs=1e-6)


def test_pdf_cuts_long_lists_and_colours_statuses(store: Store, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(lists, "PRINTED", 1)  # the months-missing list has two rows: B (1 month), A (2)
    written, _ = render_region(store, 2025, tmp_path, province="青海省")
    pdf = next(p for p in written if p.suffix == ".pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "单位工业增加值能耗下降（力争）" in text  # T1160: 力争下降14.5%
    assert "另有 1 行未在此列出" in text and A not in text.split("月度数据不全")[1].split("分行业")[0]
    book = openpyxl.load_workbook(next(p for p in written if p.suffix == ".xlsx"))
    quality = [c for row in book["数据质量"].iter_rows(values_only=True) for c in row]
    assert A in quality and B in quality  # the workbook keeps every row
    targets = book["规划目标进展"]
    status = next(row[-1] for row in targets.iter_rows() if row[-1].value == "进度正常")
    assert status.fill.fgColor.rgb.endswith("E3F1EA") and status.font.b


def test_totals_print_in_wan_tonnes_and_the_workbook_keeps_tonnes(store: Store, tmp_path: Path) -> None:
    """The precision policy: 802.29 t for the province is 0.08 万tCO2e in the Chinese PDF and 0.80 ktCO2e
    in the English one; the workbook keeps 802.2914785 t under a tCO2e heading."""
    written, _ = render_region(store, 2025, tmp_path, province="青海省", langs=("zh", "en"))
    pdfs = {"en" if "regional" in p.name else "zh": p for p in written if p.suffix == ".pdf"}
    text = {lang: "".join("".join(pg.extract_text().split()) for pg in PdfReader(p).pages) for lang, p in pdfs.items()}
    assert "温室气体排放总量（万tCO2e）0.08" in text["zh"] and "排放量（万tCO2e）" in text["zh"]
    assert "Totalemissions(ktCO2e)0.80" in text["en"]
    assert "802.29" not in text["zh"].split("重点排放单位")[0]  # no total in tonnes before the enterprise lists
    book = openpyxl.load_workbook(next(p for p in written if p.suffix == ".xlsx" and "regional" not in p.name))
    sheet = book["分地区"]
    head = next(row for row in sheet.iter_rows() if row[0].value == "地区")
    assert head[3].value == "排放量（tCO2e）"
    province = next(row for row in sheet.iter_rows() if row[0].value == "青海省")
    assert province[3].value == pytest.approx(A25 + B25) and province[3].number_format == "#,##0.00"


def test_report_of_a_year_not_stored_says_so(store: Store) -> None:
    with pytest.raises(StoreError, match=r"没有青海省2023年度的报送.*2024、2025"):
        d.load(store, 2023, "青海省")
    with pytest.raises(StoreError, match=r"没有甘肃省的报送.*库中的省份：青海省"):
        d.load(store, 2025, "甘肃省")


def test_what_a_report_of_nothing_stored_names(store: Store, workbook: Any, tmp_path: Path) -> None:
    """Each refusal names what the store has: its years without a province, no city by that name, and an
    empty store's 无; a store of two provinces lists both, and its report of all regions has each
    province with its cities."""
    with pytest.raises(StoreError, match=r"中没有2023年度的报送.*（已入库的年度：2024、2025）"):
        d.load(store, 2023)
    with pytest.raises(StoreError, match=r"中没有青海省海北州的报送"):
        d.load(store, 2025, "青海省", "海北州")
    with pytest.raises(StoreError, match=r"中没有海北州的报送"):
        d.load(store, 2025, None, "海北州")
    empty = Store(str(tmp_path / "empty.db"))
    with pytest.raises(StoreError, match=r"（库中的省份：无）"):
        d.load(empty, 2025, "青海省")
    with pytest.raises(StoreError, match=r"（已入库的年度：无）"):
        d.load(empty, 2025)
    fuel = [fuel_row("烟煤", 10, "t")]
    gansu = {"uscc": complete("91620100MA7QH0003"), "province": "甘肃省", "city": "兰州市", "region_code": "620100"}
    two = Store(str(tmp_path / "two.db"))
    files = [workbook(fuel=fuel, info={"uscc": A}), workbook(fuel=fuel, info=gansu)]
    assert [o.status for o in ingest(two, files)] == ["stored", "stored"]
    with pytest.raises(StoreError, match=r"没有四川省的报送.*（库中的省份：甘肃省、青海省）"):
        d.load(two, 2025, "四川省")
    assert d.load(two, 2025).regions == [("甘肃省", ""), ("兰州市", "甘肃省"), ("青海省", ""), ("西宁市", "青海省")]


@pytest.mark.parametrize(("value", "text"), [(-0.00004, "0.00%"), (-0.0001, "-0.01%"), (0.0, "0.00%")])
def test_no_negative_zero(value: float, text: str) -> None:
    assert text_of(value, "pct") == text


def test_progress_chart_geometry_by_hand() -> None:
    """Values from −5 to 20: step 5 (25 / 5), axis −5…20 over 680 − 236 − 24 = 420 px from x = 236,
    so 0 sits at 236 + 5 / 25 × 420 = 320; a −5 achieved bar spans 236 to 320 (84 wide), in row 2
    (top 24 + 26) from y = 50 + 8, 26 − 16 = 10 high; the tick at 8 is at 236 + 13 / 25 × 420 = 454.4."""
    chart = Chart(
        "t",
        ("a", "b"),
        (("目标值", (10.0, 20.0)), ("已完成", (15.0, -5.0)), ("进度要求", (8.0, 20.0))),
        "%",
        marks=("on_track", "warning"),
    )
    svg = str(progress_svg(chart, {"on_track": ["0B6E4F", "E3F1EA"], "warning": ["B42318", "FDE8E7"]}))
    assert '<rect x="236.0" y="58.0" width="84.0" height="10.0" fill="#B42318">' in svg
    assert '<line x1="454.4" x2="454.4"' in svg and ">-5%</text>" in svg and ">20%</text>" in svg


def test_progress_chart_labels_wrap_at_a_space() -> None:
    lines = label_lines("青海省 Energy per unit of industrial value added, reduction 2025", 224)
    assert lines == ["青海省 Energy per unit of industrial value", "added, reduction 2025"]


def test_long_lists_get_a_filter(tmp_path: Path) -> None:
    """Rows start under the caption (row 4) and the header (row 5): 25 rows end at row 30."""
    rows = tuple((f"E{i}", float(i)) for i in range(25))
    table = Table((Column("代码"), Column("排放量", "t")), rows, caption="名单")
    doc = Document("region", "zh", "t", "s", "h", (Section("list", "名单", tables=(table,)),))
    sheet = openpyxl.load_workbook(write_xlsx(doc, tmp_path / "f.xlsx"))["名单"]
    assert sheet.auto_filter.ref == "A5:B30" and sheet["A5"].value == "代码" and sheet["A30"].value == "E24"


def test_region_json_every_figure_by_hand(store: Store) -> None:
    done = CliRunner().invoke(
        main,
        [
            "report",
            "region",
            "--db",
            store.db,
            "--year",
            "2025",
            "--format",
            "xlsx",
            "--out",
            str(Path(store.db).parent / "r"),
            "--json",
        ],
    )
    assert done.exit_code == 0, done.output
    out = json.loads(done.output)
    regions = {(r["region"], r["level"]): (r["tco2e"], r["tce"]) for r in out["regions"]}
    assert regions == {
        ("青海省", "province"): (pytest.approx(A25 + B25, abs=1e-6), pytest.approx(TCE_A + TCE_B, abs=1e-6)),
        ("西宁市", "city"): (pytest.approx(A25, abs=1e-6), pytest.approx(TCE_A, abs=1e-6)),
        ("海东市", "city"): (pytest.approx(B25, abs=1e-6), pytest.approx(TCE_B, abs=1e-6)),
    }
    assert out["sectors"] == [{"sector": "other", "tco2e": pytest.approx(A25 + B25, abs=1e-6)}]
    assert out["key_emitters"] == []  # both far below 26 000 t


def test_region_json_rounds_each_emitter_to_the_microtonne(store: Store) -> None:
    from dataclasses import replace

    from accounting.region.report import to_json

    figures = d.figures(d.load(store, 2025, "青海省"))
    emitters = pd.DataFrame([{"uscc": A, "name": "甲", "city": "西宁市", "sector": "other", "tco2e": 30000.12345678}])
    out = to_json(replace(figures, emitters=emitters))
    assert out["key_emitters"] == [{"uscc": A, "name": "甲", "tco2e": 30000.123457}]


def _share_data(year: int, shares: dict[int, float]) -> d.RegionData:
    """青海省 with non-fossil energy of ``shares[year]`` % of a total of 100 in each year given."""
    stats = pd.DataFrame(
        [
            {"region": "青海省", "year": y, "indicator": indicator, "value": value}
            for y, share in shares.items()
            for indicator, value in (("energy_non_fossil", share), ("energy_total", 100.0))
        ],
        columns=["region", "year", "indicator", "value"],
    )
    empty = pd.DataFrame(columns=["uscc", "year", "province", "city", "tce", "tco2"])
    return d.RegionData(
        year,
        "青海省",
        empty,
        pd.DataFrame(),
        pd.DataFrame(),
        pd.DataFrame(),
        stats,
        pd.DataFrame(),
        pd.DataFrame(),
        [("青海省", "")],
    )


def _one(evaluations: list[Any], code: str, target_year: int) -> Any:
    (found,) = [e for e in evaluations if e.indicator_code == code and e.target_year == target_year]
    return found


def test_share_targets_evaluated_from_the_statistics_by_hand() -> None:
    # 青海省 non-fossil share 52.2 % in 2025 (T1142…), base 2020 inferred: 45 % then.
    # 2024 at 50 %: the line from 45 to 52.2 stands at 45 + 7.2 × 4/5 = 50.76 → 0.76 points behind, lagging
    e = _one(d.evaluate(_share_data(2024, {2020: 45.0, 2024: 50.0})), "non_fossil_share_energy", 2025)
    assert (e.base_value, e.current, e.actual) == pytest.approx((45.0, 50.0, 50.0))
    assert e.required == pytest.approx(50.76) and e.gap == pytest.approx(0.76)
    assert e.status == "lagging" and e.basis == "statistics;inferred_base"
    # 2025, the target year, at 51 %: behind with no year left, a warning
    evaluations = d.evaluate(_share_data(2025, {2020: 45.0, 2025: 51.0}))
    e = _one(evaluations, "non_fossil_share_energy", 2025)
    assert e.required == pytest.approx(52.2) and e.gap == pytest.approx(1.2) and e.status == "warning"
    # the 2030 target's period starts in 2025: not evaluated in its base year
    assert _one(evaluations, "non_fossil_share_energy", 2030).reason == "before_period"
    assert _one(evaluations, "energy_intensity_gdp_reduction", 2025).reason == "no_value"  # assigned from above
    stated = [e for e in evaluations if e.indicator_code == "industrial_va_energy_intensity_reduction"]
    assert [e.value for e in stated] == [12.5, 14.5]  # two plans, two values
    assert {(e.reason, e.basis) for e in stated} == {("no_data", "statistics")}  # base year stated: no suffix
    # 2026: the 2025 target's period is over
    assert _one(d.evaluate(_share_data(2026, {})), "non_fossil_share_energy", 2025).reason == "after_period"


def test_load_lists_the_regions_and_the_warnings(store: Store) -> None:
    data = d.load(store, 2025, "青海省")
    assert data.regions == [("青海省", ""), ("海东市", "青海省"), ("西宁市", "青海省")]
    counts = data.warnings["count"].tolist()
    assert counts and counts == sorted(counts, reverse=True)  # the most frequent first
    stored = store.frame("select severity, count(*) as n from issues group by severity")
    assert sum(counts) == int(stored.set_index("severity").loc["warning", "n"]) - _warnings_of_2024(store)


def _warnings_of_2024(store: Store) -> int:
    frame = store.frame(
        "select count(*) as n from issues join submissions s on s.id = issues.submission_id "
        "where s.year = 2024 and issues.severity = 'warning'"
    )
    return int(frame["n"].iloc[0])


def test_warnings_name_the_enterprises_they_are_about(store: Store) -> None:
    # 测试企业 (A) burnt coal in January and February, 海东示例 (B) in January only; both bought
    # electricity in January alone and reported no production
    rows = {(r.code, r.message): (r.count, r.enterprises) for r in d.load(store, 2025, "青海省").warnings.itertuples()}
    assert rows[("energy-without-production", "本年度有能源消耗，但未填报产品产量")] == (2, ("测试企业", "海东示例"))
    coal = "「锅炉 / 烟煤」按月填报，但缺少 {} 月的数据"
    assert rows[("months-missing", coal.format("3、4、5、6、7、8、9、10、11、12"))] == (1, ("测试企业",))
    assert rows[("months-missing", coal.format("2、3、4、5、6、7、8、9、10、11、12"))] == (1, ("海东示例",))


def test_a_warning_about_many_enterprises_names_three_and_counts_the_rest() -> None:
    from accounting.region.lists import concerned
    from accounting.report.document import Labels

    names = ("甲", "乙", "丙", "丁", "戊")
    assert concerned(Labels("zh"), names) == "甲、乙、丙及另外 2 家"  # "等 2 家" read as two in all
    assert concerned(Labels("en"), names[:3]) == "甲, 乙, 丙"
    assert concerned(Labels("en"), names) == "甲, 乙, 丙 and 2 more"


def test_the_cover_by_hand_in_both_languages(store: Store) -> None:
    from datetime import date
    from importlib.metadata import version

    from accounting.region.report import build

    tanhe = version("tanhe")

    figures = d.figures(d.load(store, 2025, "青海省"))
    zh, en = (build(figures, lang, today=date(2026, 1, 5)) for lang in ("zh", "en"))
    assert (zh.kind, zh.lang, zh.subtitle, zh.header) == ("region", "zh", "青海省", "青海省 · 2025")
    assert zh.meta == {"generated": "2026-01-05", "version": tanhe}
    values = [(value, kind) for _, value, kind in zh.sections[0].fields]
    assert values == [
        ("青海省", "text"),
        ("2025", "text"),
        (2, "int"),
        (pytest.approx(A25 + B25), "total"),
        (pytest.approx(TCE_A + TCE_B), "total"),
        (pytest.approx((A25 + B25 - A24) / A24), "pct"),  # against A's 2024, the only one stored
        (0, "int"),  # both far below 26 000 t
        ("进度正常 1 项，滞后 0 项，预警 0 项", "text"),  # energy intensity on track; the others not evaluated
        ("2026-01-05", "text"),
        (f"tanhe {tanhe}", "text"),
    ]
    assert zh.sections[0].key == "cover" and "2025 年" in zh.sections[0].paragraphs[0]
    assert en.sections[0].fields[7][1] == "1 on track, 0 lagging, 0 warning"
    assert [s.key for s in zh.sections] == [s.key for s in en.sections]


def test_the_regional_document_section_by_section(store: Store) -> None:
    """What frames the figures: the sections in order with their keys and titles, each table's
    caption and note, the charts' titles, units, kinds and the table each draws from."""
    from datetime import date

    from accounting.region.report import build

    doc = build(d.figures(d.load(store, 2025, "青海省")), "zh", today=date(2026, 1, 5))
    assert doc.title == "2025年度区域碳达峰进展报告" and doc.kind == "region"
    assert [(s.key, s.title) for s in doc.sections[1:5]] == [
        ("targets", "规划目标进展"),
        ("regions", "分地区"),
        ("sectors", "分行业"),
        ("months", "月度与季度"),
    ]
    assert [s.key for s in doc.sections] == [
        *("cover", "targets", "regions", "sectors", "months"),
        *("key_emitters", "benchmarks", "quality", "enterprises", "path-1", "basis"),
    ]
    targets, regions, sectors, months = doc.sections[1:5]
    assert targets.paragraphs[0].startswith("逐项评估所辖地区碳达峰实施方案中可由数据度量的目标")
    assert [t.caption for t in targets.tables] == ["已评估的目标", "未能评估的目标"]
    assert targets.tables[0].note.startswith("强度单位：能耗为 tce/万元")
    assert targets.chart is not None
    assert (targets.chart.title, targets.chart.unit) == ("目标值、已完成与本年度进度要求（%）", "%")
    assert targets.chart.categories == ("青海省 单位地区生产总值能耗下降 2025",)
    assert [name for name, _ in targets.chart.series] == ["目标值", "已完成", "进度要求"]
    assert regions.tables[0].note.startswith("同比变化按各年度全部报送单位计")
    assert regions.tables[1].caption == "各市（州）分行业排放量（tCO2e）"
    assert regions.chart is not None
    assert (regions.chart.title, regions.chart.unit, regions.chart.kind, regions.chart.table) == (
        "各市（州）分行业排放量（tCO2e）",
        "tCO2e",
        "total",
        1,
    )
    assert regions.chart.categories == ("西宁市", "海东市")
    assert regions.chart.series == (("其他", (pytest.approx(A25), pytest.approx(B25))),)
    assert sectors.tables[0].total is not None and sectors.tables[0].total[0] == "合计"
    assert [t.caption for t in months.tables] == [
        "各月分行业排放量（tCO2e）",
        "各月合计与上年同期",
        "各季度合计与上年同期",
    ]
    assert months.tables[2].note.startswith("「仅全年填报」为企业只按全年填写")
    assert months.chart is not None
    assert (months.chart.title, months.chart.unit, months.chart.kind, months.chart.table) == (
        "各月分行业排放量（tCO2e）",
        "tCO2e",
        "total",
        0,
    )
    assert [kind for _, _, kind in doc.sections[0].fields][3:5] == ["total", "total"]


def test_a_year_with_no_year_before_has_no_change(workbook: Any, tmp_path: Path) -> None:
    with Store(str(tmp_path / "s.db")) as store:
        path = workbook(
            fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t")], info={"uscc": A, "city": "西宁市"}
        )
        assert [o.status for o in ingest(store, [path])] == ["stored"], [o.message for o in ingest(store, [path])]
        from accounting.region.report import build

        cover = build(d.figures(d.load(store, 2025, "青海省")), "zh").sections[0]
        change = next(value for label, value, _ in cover.fields if label == "同比变化")
        assert change is None


def test_a_province_report_leaves_out_another_province_and_labels_the_whole_year(workbook: Any, tmp_path: Path) -> None:
    """Two provinces in the store: the report of 青海省 holds only its enterprise. Its 100 t of coal
    entered for the whole year (月份 全年) is the months table's 仅全年填报 row."""
    qinghai = workbook(
        fuel=[fuel_row("烟煤", 100, "t", "全年", ncv=20, ncv_unit="GJ/t")], info={"uscc": A, "city": "西宁市"}
    )
    gansu = workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t")],
        info={"uscc": B, "province": "甘肃省", "city": "兰州市"},
    )
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, [qinghai, gansu])] == ["stored"] * 2
        written, summary = render_region(store, 2025, tmp_path / "out", province="青海省", formats=("xlsx",))
        from accounting.region.report import build

        months = build(d.figures(d.load(store, 2025, "青海省")), "zh").sections[4]
    assert [r["region"] for r in summary["regions"]] == ["青海省", "西宁市"]
    roll = [row[0] for row in openpyxl.load_workbook(written[0])["报送单位名单"].iter_rows(values_only=True)]
    assert A in roll and B not in roll
    whole_year = 100 * 20 * 0.0261 * 0.93 * 44 / 12  # 烟煤 at the measured 20 GJ/t: 178.002 t
    assert months.tables[1].rows[0][:2] == ("仅全年填报", pytest.approx(whole_year))


def test_a_city_without_a_sector_shows_zero_for_it(workbook: Any, tmp_path: Path) -> None:
    """西宁's enterprise is 其他, 海东's 水泥熟料: each city's row has 0 under the other's sector, in the
    table and the chart (sectors in the order of their keys: cement, other)."""
    coal = [fuel_row("烟煤", 100, "t", m, ncv=20, ncv_unit="GJ/t") for m in range(1, 13)]
    one = 100 * 20 * 0.0261 * 0.93 * 44 / 12  # a month's 100 t of 烟煤 at 20 GJ/t: 178.002 t
    files = [
        workbook(fuel=coal, info={"uscc": A, "city": "西宁市"}),
        workbook(fuel=coal[:6], info={"uscc": B, "city": "海东市", "sector": "水泥熟料"}),
    ]
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, files)] == ["stored"] * 2
        from accounting.region.report import build

        regions = build(d.figures(d.load(store, 2025, "青海省")), "zh").sections[2]
    by_sector = regions.tables[1]
    assert [c.label for c in by_sector.columns] == ["地区", "水泥熟料", "其他"]
    assert by_sector.rows == (("西宁市", 0.0, pytest.approx(12 * one)), ("海东市", pytest.approx(6 * one), 0.0))
    assert regions.chart is not None
    assert regions.chart.series == (
        ("水泥熟料", (0.0, pytest.approx(6 * one))),
        ("其他", (pytest.approx(12 * one), 0.0)),
    )


def test_the_targets_and_regions_sections_by_hand(store: Store) -> None:
    from accounting.region.report import build

    doc = build(d.figures(d.load(store, 2025, "青海省")), "zh")
    targets, regions = doc.sections[1], doc.sections[2]
    done, rest = targets.tables
    assert [c.kind for c in done.columns] == [
        *("text", "text", "text", "text", "pct", "intensity", "intensity", "pct", "pct", "qty", "pct", "text")
    ]
    # energy per GDP: 1.0 → 90/110 tce/万元 is 18.2 % down against 13.5 % due by 2025, the target year:
    # 4.68 points ahead, nothing left to do each year
    assert done.rows == (
        (
            *("青海省", "单位地区生产总值能耗下降", "2020", "2025", pytest.approx(0.135), 1.0),
            *(pytest.approx(90 / 110), pytest.approx(1 - 90 / 110), pytest.approx(0.135)),
            *(pytest.approx(13.5 - 100 * 2 / 11), None, "进度正常"),
        ),
    )
    assert done.marks == ("on_track",) and targets.chart is not None and targets.chart.marks == ("on_track",)
    assert [c.kind for c in rest.columns] == ["text", "text", "text", "pct", "text", "text"]
    assert [(r[1], r[2], r[3]) for r in rest.rows] == [
        ("单位地区生产总值二氧化碳排放下降", "2025", None),  # assigned from above, no value given
        ("非化石能源消费比重", "2025", pytest.approx(0.522)),
        ("非化石能源消费比重", "2030", pytest.approx(0.55)),
        ("单位工业增加值能耗下降", "2025", pytest.approx(0.125)),
        ("单位工业增加值能耗下降（力争）", "2025", pytest.approx(0.145)),
    ]
    assert rest.rows[0][4] == "目标值由上级下达，未在统计数据表「目标赋值」中填写"
    table, by_sector = regions.tables
    assert [(r[0], r[1], r[2], r[3]) for r in table.rows] == [
        ("青海省", "省", 2, pytest.approx(A25 + B25)),
        ("西宁市", "市（州）", 1, pytest.approx(A25)),
        ("海东市", "市（州）", 1, pytest.approx(B25)),
    ]
    assert by_sector.rows == (("西宁市", pytest.approx(A25)), ("海东市", pytest.approx(B25)))


def test_the_sectors_and_months_sections_by_hand(store: Store) -> None:
    from accounting.region.report import build

    doc = build(d.figures(d.load(store, 2025, "青海省")), "zh")
    sectors, months = doc.sections[3], doc.sections[4]
    change = (A25 + B25 - A24) / A24
    (table,) = sectors.tables
    assert table.rows == (("其他", 2, pytest.approx(A25 + B25), pytest.approx(TCE_A + TCE_B), pytest.approx(A24),
                           pytest.approx(change), pytest.approx(change), 1.0),)  # fmt: skip
    assert table.total == ("合计", 2, pytest.approx(A25 + B25), pytest.approx(TCE_A + TCE_B), pytest.approx(A24),
                           None, None, None)  # fmt: skip
    # January: A and B each JAN + ELEC (each 2 000 GJ of coal and 1 000 MWh: TCE_B tce); February: A's
    # 50 t of coal, 35.715 tce; 2024: A's January only
    by_sector, totals, quarters = months.tables
    assert [(c.label, c.kind) for c in by_sector.columns] == [("月份", "text"), ("其他", "total")]
    assert by_sector.rows == (
        ("1月", pytest.approx(2 * (JAN + ELEC))),
        ("2月", pytest.approx(FEB)),
        *((f"{m}月", 0.0) for m in range(3, 13)),
    )
    assert months.chart is not None and months.chart.series == (
        ("其他", (pytest.approx(2 * (JAN + ELEC)), pytest.approx(FEB), *[0.0] * 10)),
    )
    assert totals.rows[:2] == (
        (
            "1月",
            pytest.approx(2 * (JAN + ELEC)),
            pytest.approx(2 * TCE_B),
            pytest.approx(A24),
            pytest.approx(TCE_B),
            1.0,
        ),
        ("2月", pytest.approx(FEB), pytest.approx(35.715), 0.0, 0.0, None),
    )
    assert len(totals.rows) == 12 and totals.rows[11] == ("12月", 0.0, 0.0, 0.0, 0.0, None)
    assert quarters.rows == (
        ("第1季度", pytest.approx(A25 + B25), pytest.approx(TCE_A + TCE_B), pytest.approx(A24), pytest.approx(TCE_B),
         pytest.approx(change)),
        *((f"第{q}季度", 0.0, 0.0, 0.0, 0.0, None) for q in (2, 3, 4)),
    )  # fmt: skip


def test_the_basis_cites_each_target_and_names_what_was_assigned(store: Store) -> None:
    from accounting.region.report import build

    basis = build(d.figures(d.load(store, 2025, "青海省")), "zh").sections[-1]
    assert basis.key == "basis"
    (cited,) = basis.tables
    assert [c.label for c in cited.columns] == ["目标编号", "地区", "文件", "原文"]
    plan = "青海省碳达峰实施方案"
    assert cited.rows[:3] == (
        ("T1139、T1828", "青海省", plan, "单位生产总值能源消耗和单位生产总值二氧化碳排放确保完成国家下达指标"),
        ("T1140、T1829", "青海省", plan, "单位生产总值能源消耗和单位生产总值二氧化碳排放确保完成国家下达指标"),
        ("T1142、T1178、T1831、T1867", "青海省", plan, "非化石能源占能源消费总量比重达52.2%"),
    )
    # the one value assigned in the statistics workbook (13.5 % by 演示) is said, after the three rules
    assigned = basis.paragraphs[3:]
    assert len(assigned) == 1 and all(w in assigned[0] for w in ("青海省", "单位地区生产总值能耗下降", "13.5", "演示"))


def test_the_regional_files_are_named_by_scope_year_and_language(store: Store, tmp_path: Path) -> None:
    written, summary = render_region(store, 2025, tmp_path, formats=("xlsx",), langs=("zh", "en"))
    assert [p.name for p in written] == [
        "全部地区_2025_区域碳达峰进展报告.xlsx",
        "all-regions_2025_regional-report.xlsx",
    ]
    assert openpyxl.load_workbook(written[1]).sheetnames[0] == "Cover"  # a workbook, in English
    assert summary["year"] == 2025 and summary["province"] is None
    nothing, same = render_region(store, 2025, None)  # the figures alone
    assert nothing == [] and same == summary


def test_a_province_too_large_for_one_query_is_read_in_parts(store: Store, monkeypatch: Any) -> None:
    """A query binds at most so many ids (SQLite 32 766): children are read ID_CHUNK ids at a time.
    With one id a query, the three versions' months still add up to A25 + B25 + A24 by hand."""
    from accounting.store import store as store_module

    monkeypatch.setattr(store_module, "ID_CHUNK", 1)
    ids = store.latest()["id"]
    months = store.children("months", ids)
    assert len(ids) == 3 and months["tco2e"].sum() == pytest.approx(A25 + B25 + A24)
    assert sorted(months["month"].tolist()) == [0, 0, 0, 1, 1, 1, 2]  # January for each, February for A 2025


@pytest.mark.parametrize("chunk", [20_000, 1])
def test_month_sums_are_added_in_the_database_by_year_city_sector_and_month(
    store: Store, monkeypatch: Any, chunk: int
) -> None:
    """The regional report's months come summed from the database (in parts when the ids are many):
    西宁 2025 = A's January (JAN + ELEC) and February (FEB), 海东 2025 = B's January, 西宁 2024 = A's."""
    from accounting.store import store as store_module

    monkeypatch.setattr(store_module, "ID_CHUNK", chunk)
    sums = store.month_sums(store.latest()["id"], by=("year", "city"))
    sums = sums[(sums["tco2e"] != 0) | (sums["month"] != 0)].set_index(["year", "city", "month"])["tco2e"]
    assert sums.to_dict() == pytest.approx(
        {
            (2024, "西宁市", 1): JAN + ELEC,
            (2025, "海东市", 1): JAN + ELEC,
            (2025, "西宁市", 1): JAN + ELEC,
            (2025, "西宁市", 2): FEB,
        }
    )
    assert list(sums.index) == sorted(sums.index)
    by_year = store.month_sums(store.latest()["id"], by=("year",)).set_index(["year", "month"])["tco2e"]
    assert by_year[2025, 1] == pytest.approx(2 * (JAN + ELEC))  # A and B (two parts when a part is one id)
    assert by_year[2025, 2] == pytest.approx(FEB) and by_year[2024, 1] == pytest.approx(JAN + ELEC)
    nothing = store.month_sums([], by=("year",))
    assert list(nothing.columns) == ["year", "month", "tco2e", "tce"] and nothing.empty


def test_a_city_report_holds_the_city_alone(store: Store) -> None:
    """西宁市: enterprise A only (2025: A25, 2024: A24); no province row; another city is absent."""
    data = d.load(store, 2025, "青海省", "西宁市")
    assert data.regions == [("西宁市", "青海省")] and data.top == "西宁市"
    assert list(data.now["uscc"]) == [A] and float(data.before["tco2e"].sum()) == pytest.approx(A24)
    _, summary = render_region(store, 2025, None, province="青海省", city="西宁市")
    assert summary["city"] == "西宁市"
    assert summary["regions"] == [
        {"region": "西宁市", "level": "city", "tco2e": pytest.approx(A25), "tce": pytest.approx(TCE_A)}
    ]
    assert list(d.figures(data).enterprises["uscc"]) == [A]
    with pytest.raises(StoreError, match="海西州"):
        d.load(store, 2025, "青海省", "海西州")
