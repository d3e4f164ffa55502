"""Reports: the enterprise report, the auditor workbook and the disclosure, in Excel and PDF.

The tiny submission ``tiny`` (青海, 其他, 2025, provincial method) and its numbers by hand, with
the defaults of NDRC 2015 表2.1 (烟煤 NCV 19.57 GJ/t, CC 0.0261 tC/GJ, OF 93 %), MEE/NBS 2025
公告47号 (青海 2023 0.1796, 全国 residual 0.6096 tCO2/MWh) and GB/T 2589-2020 (原煤 0.7143 kgce/kg,
电力 0.1229 kgce/kWh, 1 kgce = 29.307 MJ):

  January:  100 t 烟煤, NCV measured 20 GJ/t → 2000 GJ × 0.0261 × 0.93 × 44/12 = 178.002 tCO2,
            2000 / 29.307 = 68.2430… tce
  February:  50 t 烟煤, NCV default → 978.5 GJ × 0.0261 × 0.93 × 44/12 = 87.0874785 tCO2, 50 × 0.7143 = 35.715 tce
  January: 1000 MWh 购入电力 → 179.6 tCO2 (location), 609.6 tCO2 (market), 122.9 tce
  Total 178.002 + 87.0874785 + 179.6 = 444.6894785 tCO2e.
"""

from __future__ import annotations

import hashlib
import math
import re
import subprocess
from pathlib import Path
from typing import Any

import formulas
import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from accounting import SAMPLES, ReportError, calculate, read_submission, render_report, write_sample
from accounting.cli import main
from accounting.report import Job, render_batch
from accounting.report.chart import nice_step, stacked_extent
from accounting.report.document import Chart
from accounting.report.enterprise import enterprise_report
from accounting.report.output import safe_stem, target, write_atomically
from accounting.report.pdf import css_string, html
from tests.conftest import energy_row, fuel_row

FUEL_JAN, FUEL_FEB, ELEC = 178.002, 87.0874785, 179.6
TOTAL = FUEL_JAN + FUEL_FEB + ELEC


@pytest.fixture
def tiny(workbook: Any) -> Path:
    return workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)],
        energy=[energy_row("购入电力", 1000, "MWh", 1)],
    )


def same(actual: tuple[Any, ...], expected: tuple[Any, ...], rel: float = 1e-9) -> bool:
    """Texts equal and numbers within ``rel``, item by item."""
    return len(actual) == len(expected) and all(
        a == e if isinstance(e, str) else math.isclose(a, e, rel_tol=rel, abs_tol=1e-12)
        for a, e in zip(actual, expected, strict=True)
    )


def rows_of(sheet: Any) -> dict[str, tuple[Any, ...]]:
    """Each row of a sheet by the text of its first cell (the first such row)."""
    out: dict[str, tuple[Any, ...]] = {}
    for r in sheet.iter_rows(values_only=True):
        if r and r[0] is not None:
            out.setdefault(str(r[0]), r)
    return out


def test_enterprise_workbook_has_a_sheet_per_section_with_hand_numbers(tiny: Path, tmp_path: Path) -> None:
    result = calculate(read_submission(tiny))
    files = render_report("enterprise", result, tmp_path, formats=("xlsx",))
    book = openpyxl.load_workbook(files[0])
    assert book.sheetnames == [
        "封面",
        "企业信息与核算边界",
        "排放汇总",
        "化石燃料燃烧",
        "购入与输出的电力、热力",
        "工业生产过程排放",
        "产品产量与排放强度",
        "月度排放",
        "数据质量说明",
        "核算方法与排放因子",
        "声明",
    ]
    summary = rows_of(book["排放汇总"])
    assert summary["化石燃料燃烧"][1] == pytest.approx(FUEL_JAN + FUEL_FEB, rel=1e-9)
    assert summary["净购入电力"][1] == pytest.approx(ELEC, rel=1e-9)
    assert summary["合计"][1] == pytest.approx(TOTAL, rel=1e-9)
    assert summary["范围二（基于市场）"][1] == pytest.approx(609.6, rel=1e-9)
    fuel = rows_of(book["化石燃料燃烧"])["锅炉"]
    # quantity, unit, NCV = (2000 + 978.5) / 150, basis, CC, basis, OF, basis, tCO2, tce
    assert same(
        fuel[2:12],
        (
            150,
            "t",
            2978.5 / 150,
            "部分实测 1/2",
            0.0261,
            "缺省",
            0.93,
            "缺省",
            FUEL_JAN + FUEL_FEB,
            2000 / 29.307 + 35.715,
        ),
    ), fuel
    sheet = book["化石燃料燃烧"]
    numbers = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, float)]
    assert numbers and all(c.number_format != "General" for c in numbers)
    months = rows_of(book["月度排放"])
    assert months["1月"][-1] == pytest.approx(FUEL_JAN + ELEC, rel=1e-9)
    assert months["2月"][-1] == pytest.approx(FUEL_FEB, rel=1e-9)
    assert len(book["月度排放"]._charts) == 1


def test_enterprise_pdf_shows_the_numbers_in_chinese_glyphs(tiny: Path, tmp_path: Path) -> None:
    result = calculate(read_submission(tiny))
    pdf = render_report("enterprise", result, tmp_path, formats=("pdf",))[0]
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    for expected in (
        "2025年度温室气体排放报告",
        "测试企业",
        "444.69",
        "265.09",
        "357.60",
        "609.60",
        "法定代表人（签字）",
        "未经原文核对",
    ):
        assert expected in compact, expected
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("CJK" in name for name in fonts), fonts  # Noto Sans CJK SC, nothing else


def test_pdf_pages_take_the_orientation_of_what_they_hold(tmp_path: Path) -> None:
    """gansu-steel: the fuel table (more than 8 columns) and the electricity table after it share a
    landscape page; production, a narrow section after the landscape process table, starts a portrait
    page, and the monthly chart follows it there (not a page of its own)."""
    result = calculate(read_submission(write_sample("gansu-steel", tmp_path / "s.xlsx")))
    pdf = next(p for p in render_report("enterprise", result, tmp_path) if p.suffix == ".pdf")
    pages = [
        ("".join(page.extract_text().split()), float(page.mediabox.width) > float(page.mediabox.height))
        for page in PdfReader(pdf).pages
    ]

    def page_of(heading: str) -> int:
        return next(i for i, (text, _) in enumerate(pages) if heading in text)

    fuel = page_of("化石燃料燃烧排放设施")  # the heading and its table, not the category named before
    assert page_of("购入与输出的电力、热力") == fuel and pages[fuel][1]
    assert pages[page_of("工业生产过程排放")][1]
    production = page_of("产品产量与排放强度")
    assert not pages[production][1] and page_of("月度排放（tCO2e）") == production


def test_english_report(tiny: Path, tmp_path: Path) -> None:
    result = calculate(read_submission(tiny))
    pdf = render_report("enterprise", result, tmp_path, formats=("pdf",), langs=("en",))[0]
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Greenhouse Gas Emission Report 2025" in text and "Declaration" in text
    assert pdf.name.endswith("emission-report.pdf")


def evaluate(path: Path) -> dict[str, Any]:
    """Every cell of a workbook computed by the `formulas` package, independent of tanhe: 'SHEET!A1' -> value."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, value in solution.items():
        ref = str(key).split("]", 1)[-1].replace("'", "")
        cell = value.value[0][0] if hasattr(value, "value") else value
        out[ref.upper()] = cell
    return out


def check_sheet(path: Path) -> list[tuple[str, float, float]]:
    values = evaluate(path)
    book = openpyxl.load_workbook(path)
    checks = []
    for row in range(2, book["核对"].max_row + 1):
        label = book["核对"].cell(row=row, column=1).value
        checks.append((label, float(values[f"核对!B{row}"]), float(book["核对"].cell(row=row, column=3).value)))
    return checks


def test_audit_formulas_recompute_the_tiny_submission_by_hand(tiny: Path, tmp_path: Path) -> None:
    result = calculate(read_submission(tiny))
    path = render_report("audit", result, tmp_path)[0]
    book = openpyxl.load_workbook(path)
    fuel = book["化石燃料"]
    assert all(fuel.cell(row=r, column=13).data_type == "f" for r in (2, 3))  # tCO2 are formulas
    assert fuel["H2"].value.startswith("='输入'!")  # measured NCV from the inputs
    assert fuel["H3"].value.startswith("='因子'!")  # default NCV from the factors
    assert "'因子'!" in fuel["I3"].value and "'因子'!" in fuel["K3"].value
    values = evaluate(path)
    assert values["化石燃料!M2"] == pytest.approx(FUEL_JAN, rel=1e-12)
    assert values["化石燃料!M3"] == pytest.approx(FUEL_FEB, rel=1e-12)
    assert values["化石燃料!O3"] == pytest.approx(35.715, rel=1e-12)
    assert values["电力热力!M2"] == pytest.approx(609.6, rel=1e-12)
    head = {name: [c.value for c in book[name][1]] for name in ("因子", "化石燃料", "汇总", "核对")}
    assert head["因子"][:5] == ["编号", "因子集", "键", "名称", "数值"] and head["化石燃料"][0] == "输入行"
    assert head["汇总"] == ["项目", "数值", "单位", "公式说明"]
    assert head["核对"] == ["项目", "工作簿公式", "引擎结果", "差值", "相对差", "结论"]
    assert book["汇总"].column_dimensions["D"].width == 60  # the formula notes are read, not cut
    assert book["汇总"].freeze_panes == "A2" and book["化石燃料"].freeze_panes == "A2"  # headings stay in view
    units = {label: row[2] for label, row in rows_of(book["汇总"]).items()}
    for category in ("化石燃料燃烧", "工业生产过程", "净购入电力", "净购入热力"):
        assert units[f"排放量：{category}"] == "tCO2e"
    assert units["排放总量"] == "tCO2e" and units["综合能耗"] == "tce"
    assert book["汇总"]["B2"].number_format == "#,##0.000000"  # tonnes to the gram, as the engine rounds
    # the notes column spells out each category's formula, for a reader who does not open the cell
    summary_sheet = book["汇总"]
    assert summary_sheet["A2"].value == "排放量：化石燃料燃烧"
    assert summary_sheet["D2"].value == summary_sheet["B2"].value[1:]
    totals = rows_of(book["汇总"])
    row = list(totals).index("排放总量") + 1  # rows_of holds the heading row too
    assert totals["排放总量"][1] == "=SUM(B2:B5)" and values[f"汇总!B{row}"] == pytest.approx(TOTAL, rel=1e-12)
    for label, formula, engine in check_sheet(path):
        assert math.isclose(formula, engine, rel_tol=1e-9, abs_tol=1e-9), label


@pytest.mark.parametrize("name", SAMPLES)
def test_audit_formulas_equal_the_engine_for_every_sample(name: str, tmp_path: Path) -> None:
    result = calculate(read_submission(write_sample(name, tmp_path / f"{name}.xlsx")))
    path = render_report("audit", result, tmp_path)[0]
    checks = check_sheet(path)
    assert len(checks) >= 18  # 4 categories, total, CO2, 2 × scope 2, tce, 12 months …
    for label, formula, engine in checks:
        assert math.isclose(formula, engine, rel_tol=1e-9, abs_tol=1e-9), (label, formula, engine)
    # every figure of the result has its row, and no more: the gases that occur, both scope-2 figures
    # where there are both, each month with emissions, the whole-year lines, each product's intensity
    gases = [f"气体：{g}" for g, amount in result.by_gas.items() if amount or g == "CO2"]
    scope2 = ["范围二（基于位置）"] + (["范围二（基于市场）"] if result.scope2.market_based is not None else [])
    months = [f"月度排放：{m.month}月" for m in result.by_month] + (
        ["月度排放：全年（未分月）"] if result.annual_only else []
    )
    # every intensity the reports show but a power plant's own (tCO2/MWh of power supplied, split by
    # its 供热比), in the order 汇总 lists them: per product, per weight box, per 万元
    names = [i.name for i in result.intensity if i.name.startswith("tCO2e/")]
    order = [n for n in names if n.split()[0] not in ("tCO2e/重量箱", "tCO2e/万元")]
    order += [n for n in names if n.startswith("tCO2e/重量箱")] + [n for n in names if n.startswith("tCO2e/万元")]
    intensities = [f"排放强度：{n}" for n in order]
    assert {"qinghai-other": "排放强度：tCO2e/万元 工业增加值", "gansu-glass": "排放强度：tCO2e/重量箱 平板玻璃"}.get(
        name, intensities[0]
    ) in intensities
    expected = [
        *(f"排放量：{c}" for c in ("化石燃料燃烧", "工业生产过程", "净购入电力", "净购入热力")),
        "排放总量",
        *gases,
        *scope2,
        "综合能耗",
        *months,
        *intensities,
    ]
    assert [label for label, _, _ in checks] == expected
    book = openpyxl.load_workbook(path)
    cited = [c.value for c in book["因子"]["G"][1:] if c.value]
    assert len(cited) >= len(result.citations)
    # every formula carries its value, the one an independent engine computes from the formulas
    values = evaluate(path)
    stored = openpyxl.load_workbook(path, data_only=True)
    formulas_seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in (c for c in row if c.data_type == "f"):
                formulas_seen += 1
                cached = stored[sheet.title][cell.coordinate].value
                expected = values[f"{sheet.title}!{cell.coordinate}".upper()]
                where = f"{sheet.title}!{cell.coordinate} {cell.value}"
                if isinstance(expected, str):
                    assert cached == expected, where
                else:
                    assert cached == pytest.approx(float(expected), rel=1e-12, abs=1e-6), where  # sums in another order
    assert formulas_seen > 50


def test_the_audit_workbook_names_its_file_and_points_back_to_the_submissions_cells(tiny: Path, tmp_path: Path) -> None:
    digest = hashlib.sha256(tiny.read_bytes()).hexdigest()
    (path,) = render_report("audit", calculate(read_submission(tiny)), tmp_path)
    book = openpyxl.load_workbook(path)
    assert book["说明"]["A3"].value == f"报送文件 {tiny.name} · SHA-256 {digest}"
    submission = openpyxl.load_workbook(tiny)
    inputs = book["输入"]
    heads = [c.value for c in inputs[2]]
    quantity, where = heads.index("消耗量"), heads.index("报送单元格")
    pointed = []
    for row in inputs.iter_rows(min_row=3, max_row=4, values_only=True):
        sheet, cell = row[where].split("!")
        assert submission[sheet][cell].value == row[quantity]  # the cell named holds the quantity read
        pointed.append(row[where])
    assert pointed == ["化石燃料!D2", "化石燃料!D3"]  # 100 t in January, 50 t in February


def test_a_measured_raw_meal_carbon_is_a_formula_over_its_input(tmp_path: Path) -> None:
    """qinghai-cement enters 生料中非燃料碳含量 0.15 % (过程排放!D4): the factor is 0.15 × 0.01 × 44/12
    = 0.0055 tCO2/t, computed in the workbook from the entered cell, not typed."""
    sample = write_sample("qinghai-cement", tmp_path / "c.xlsx")
    (path,) = render_report("audit", calculate(read_submission(sample)), tmp_path)
    book = openpyxl.load_workbook(path)
    process = book["过程排放"]
    r = next(r for r in range(2, process.max_row + 1) if process.cell(r, 1).value == "生料中非燃料碳")
    formula = process.cell(r, 7).value
    source, percent, c_to_co2 = formula.split("*")
    assert source.startswith("='输入'!E") and percent == "0.01" and c_to_co2.startswith("'因子'!")
    assert book["因子"][c_to_co2.split("!")[1].replace("$", "")].value == "=44/12"
    entered = book["输入"][f"A{formula.split('!E')[1].split('*')[0]}"].row
    row = [c.value for c in book["输入"][entered]]
    assert row[:7] == [4, "生料中非燃料碳", "生料中非燃料碳含量", "全年", 0.15, "%", "过程排放!D4"]
    assert evaluate(path)[f"过程排放!G{r}"] == pytest.approx(0.15 / 100 * 44 / 12, rel=1e-12)


def test_a_measured_purity_times_a_cited_factor_is_a_formula(tmp_path: Path) -> None:
    """gansu-glass enters 纯碱纯度 99.2 %: the factor is 99.2 × 0.01 × 0.4152 (Na2CO3, process-cn) =
    0.4118784 tCO2/t, a formula over the entered cell and the cited factor's row."""
    sample = write_sample("gansu-glass", tmp_path / "g.xlsx")
    (path,) = render_report("audit", calculate(read_submission(sample)), tmp_path)
    book = openpyxl.load_workbook(path)
    process = book["过程排放"]
    r = next(r for r in range(2, process.max_row + 1) if process.cell(r, 2).value == "纯碱")
    source, percent, cited = process.cell(r, 7).value.split("*")
    entered = [c.value for c in book["输入"][int(source.split("!E")[1])]]
    assert entered[2:6] == ["纯碱纯度", "全年", 99.2, "%"] and percent == "0.01"
    factor_row = [c.value for c in book["因子"][int(cited.split("$")[-1])]]
    assert (factor_row[4], factor_row[5]) == (0.4152, "tCO2/t")
    assert evaluate(path)[f"过程排放!G{r}"] == pytest.approx(0.992 * 0.4152, rel=1e-12)


def test_an_anodes_net_carbon_is_a_formula_over_its_three_parameters(tmp_path: Path) -> None:
    """qinghai-aluminium enters 炭阳极净耗量 per month (t/t) and 炭阳极含硫量, 炭阳极灰分含量 for the year
    (%): each month's factor is NC × (1 − S/100 − A/100) × 44/12, a formula over those three cells."""
    sample = write_sample("qinghai-aluminium", tmp_path / "a.xlsx")
    (path,) = render_report("audit", calculate(read_submission(sample)), tmp_path)
    book = openpyxl.load_workbook(path)
    process, inputs = book["过程排放"], book["输入"]
    r = next(r for r in range(2, process.max_row + 1) if process.cell(r, 1).value == "阳极消耗")
    formula = process.cell(r, 7).value
    cells = [int(ref) for ref in re.findall(r"'输入'!E(\d+)", formula)]
    named = [(inputs.cell(c, 3).value, inputs.cell(c, 6).value) for c in cells]
    assert named == [("炭阳极净耗量", "t/t"), ("炭阳极含硫量", "%"), ("炭阳极灰分含量", "%")]
    nc, sulphur, ash = (float(inputs.cell(c, 5).value) for c in cells)
    assert evaluate(path)[f"过程排放!G{r}"] == pytest.approx(nc * (1 - sulphur / 100 - ash / 100) * 44 / 12, rel=1e-12)


def test_audit_intensity_per_wan_yuan_is_a_formula_over_the_entered_value(workbook: Any, tmp_path: Path) -> None:
    """工业增加值 2 亿元 = 20 000 万元 (row 2 of 经济指标, B2): the tiny submission's TOTAL ÷ 20 000."""
    path = workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)],
        energy=[energy_row("购入电力", 1000, "MWh", 1)],
        economics=[("工业增加值", 2, "亿元")],
    )
    (audit,) = render_report("audit", calculate(read_submission(path)), tmp_path)
    book = openpyxl.load_workbook(audit)
    entered = next(r for r in book["输入"].iter_rows(values_only=True) if r[1] == "工业增加值")
    assert entered[:6] == (2, "工业增加值", 2, "亿元", 10000, "经济指标!B2")
    labels = [c.value for c in book["汇总"]["A"]]
    row = labels.index("排放强度：tCO2e/万元 工业增加值") + 1
    assert evaluate(audit)[f"汇总!B{row}"] == pytest.approx(TOTAL / 20000, rel=1e-12)
    assert (book["汇总"][f"C{row}"].value, book["汇总"][f"D{row}"].value) == (
        "tCO2e/万元",
        "排放总量 ÷ 经济指标（万元）",
    )


def test_audit_flat_glass_intensity_per_weight_box_is_a_formula(tmp_path: Path) -> None:
    # a weight box (重量箱) is 50 kg of glass: 20 to the tonne, so per box is the intensity per tonne ÷ 20
    sample = write_sample("gansu-glass", tmp_path / "glass.xlsx")
    (audit,) = render_report("audit", calculate(read_submission(sample)), tmp_path)
    rows = rows_of(openpyxl.load_workbook(audit)["汇总"])
    label = "排放强度：tCO2e/重量箱 平板玻璃"
    assert rows[label][2:] == ("tCO2e/重量箱", "排放总量 ÷ (产量 × 20 重量箱/t)")
    values = evaluate(audit)
    per_box, per_tonne = (values[f"汇总!B{list(rows).index(k) + 1}"] for k in (label, "排放强度：tCO2e/t 平板玻璃"))
    assert per_box == pytest.approx(per_tonne / 20, rel=1e-12)


RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def test_libreoffice_recalculates_every_audit_workbook_to_the_values_stored(tmp_path: Path) -> None:
    """LibreOffice (headless, told to recalculate every formula on loading) saves each sample's auditor
    workbook again; every formula's value it computes is the value tanhe stored beside it."""
    books = []
    for name in SAMPLES:
        result = calculate(read_submission(write_sample(name, tmp_path / f"{name}.xlsx")))
        (path,) = render_report("audit", result, tmp_path / "audit")
        books.append(path.rename(tmp_path / "audit" / f"{name}.xlsx"))
    profile = tmp_path / "profile" / "user"
    profile.mkdir(parents=True)
    (profile / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD)
    command = ["soffice", f"-env:UserInstallation={profile.parent.as_uri()}", "--headless", "--convert-to", "xlsx"]
    subprocess.run([*command, "--outdir", str(tmp_path / "lo"), *map(str, books)], check=True, capture_output=True)
    compared = 0
    for path in books:
        ours = openpyxl.load_workbook(path, data_only=True)
        theirs = openpyxl.load_workbook(tmp_path / "lo" / path.name, data_only=True)
        for sheet in openpyxl.load_workbook(path).worksheets:
            for cell in (c for row in sheet.iter_rows() for c in row if c.data_type == "f"):
                stored, computed = ours[sheet.title][cell.coordinate].value, theirs[sheet.title][cell.coordinate].value
                where = (path.name, sheet.title, cell.coordinate, cell.value)
                if isinstance(stored, str):
                    assert computed == stored, where
                else:
                    assert computed == pytest.approx(stored, rel=1e-9, abs=1e-6), where
                compared += 1
    assert compared > 500


def test_disclosure_with_prior_year(workbook: Any, tiny: Path, tmp_path: Path) -> None:
    prior = workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t")],
        energy=[energy_row("购入电力", 1000, "MWh", 1)],
        info={"year": 2024},
    )
    files = api_disclosure(tiny, prior, tmp_path)
    book = openpyxl.load_workbook(next(f for f in files if f.name.endswith("信息披露.xlsx")))
    scopes = rows_of(book["排放量"])
    one = scopes["范围一（化石燃料燃烧 + 工业生产过程）"]
    # this year, prior year (January only: 178.002), change = 87.0874785 / 178.002
    assert one[1:4] == pytest.approx((FUEL_JAN + FUEL_FEB, FUEL_JAN, FUEL_FEB / FUEL_JAN), rel=1e-9)
    assert scopes["范围二（基于位置）"][1:4] == pytest.approx((ELEC, ELEC, 0.0), abs=1e-9)
    english = next(f for f in files if f.name.endswith("disclosure.pdf"))
    text = "".join(p.extract_text() for p in PdfReader(english).pages)
    assert "Scope 1" in text and "Market-based" in text.replace("market-based", "Market-based")


def api_disclosure(current: Path, prior: Path, out: Path) -> list[Path]:
    job = Job(str(current), str(out), ("disclosure",), ("xlsx", "pdf"), ("zh", "en"), prior=str(prior))
    ((_, written),) = render_batch([job], workers=1)
    assert isinstance(written, list)
    return written


def test_text_from_the_submission_is_never_a_formula_nor_markup(workbook: Any, tmp_path: Path) -> None:
    name = '=HYPERLINK("http://example.com","点击")<b>'
    path = workbook(fuel=[fuel_row("烟煤", 100, "t", 1)], info={"name": name})
    result = calculate(read_submission(path))
    for written in render_report("enterprise", result, tmp_path, formats=("xlsx",)):
        cell = openpyxl.load_workbook(written)["封面"]["B4"]
        assert cell.value == name and cell.data_type == "s"
    page = html(enterprise_report(result))
    assert "<b>" not in page.split("<body", 1)[1] and "&lt;b&gt;" in page
    audit = render_report("audit", result, tmp_path)[0]
    book = openpyxl.load_workbook(audit)
    assert not any(c.data_type == "f" and "HYPERLINK" in str(c.value) for s in book for r in s.iter_rows() for c in r)


def test_file_names_stay_in_the_output_folder(tmp_path: Path) -> None:
    assert "/" not in safe_stem("../../etc/passwd") and not safe_stem("../x").startswith(".")
    assert safe_stem("", "  ") == "report"
    assert len(safe_stem("长" * 500).encode()) <= 150
    assert target(tmp_path, safe_stem("../evil")).parent == tmp_path.resolve()
    with pytest.raises(ReportError):
        target(tmp_path, "../evil.pdf")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_text("old")

    def broken(tmp: str) -> None:
        Path(tmp).write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(path, broken)
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_css_strings_cannot_escape() -> None:
    assert css_string('a"; } body { x: "') == '"a\\22 ; } body { x: \\22 "'
    assert "<" not in css_string("</style>")


def test_no_cjk_font_stops_with_a_message(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accounting.report import fonts

    monkeypatch.setattr(fonts, "_faces", lambda: [])
    fonts.cjk_family.cache_clear()
    try:
        result = calculate(read_submission(tiny))
        with pytest.raises(ReportError, match="中文字体"):
            render_report("enterprise", result, tmp_path, formats=("pdf",))
        run = CliRunner().invoke(main, ["report", "enterprise", str(tiny), "--out", str(tmp_path), "--format", "pdf"])
        assert run.exit_code == 2 and "中文字体" in run.output and "Traceback" not in run.output
    finally:
        fonts.cjk_family.cache_clear()
    assert not list(tmp_path.glob("*.pdf"))


def test_cli_reports_and_exit_codes(tiny: Path, workbook: Any, tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["report", "enterprise", str(tiny), "--out", str(tmp_path), "--format", "xlsx"])
    assert run.exit_code == 0, run.output
    assert len(list(tmp_path.glob("*排放报告.xlsx"))) == 1
    bad = workbook(fuel=[fuel_row("烟煤", "很多", "t", 1)])
    assert CliRunner().invoke(main, ["report", "audit", str(bad), "--out", str(tmp_path)]).exit_code == 1
    run = CliRunner().invoke(main, ["report", "audit", str(tmp_path / "missing.xlsx"), "--out", str(tmp_path)])
    assert run.exit_code == 2 and "Traceback" not in run.output
    run = CliRunner().invoke(main, ["report", "enterprise", str(tiny), "--format", "docx"])
    assert run.exit_code == 2


def test_batch_goes_on_past_a_bad_file(tiny: Path, tmp_path: Path) -> None:
    jobs = [Job(str(tiny), str(tmp_path), ("audit",)), Job(str(tmp_path / "missing.xlsx"), str(tmp_path), ("audit",))]
    outcomes = dict(render_batch(jobs, workers=2))
    assert isinstance(outcomes[str(tiny)], list) and len(outcomes[str(tiny)]) == 1
    assert isinstance(outcomes[str(tmp_path / "missing.xlsx")], Exception)


def test_chart_scale() -> None:
    assert nice_step(1234) == 500  # 1234 / 5 = 246.8 → the next of 100, 200, 500
    assert nice_step(10) == 2
    chart = Chart("t", ("1月", "2月"), (("a", (10.0, 4.0)), ("b", (-5.0, 3.0))), "tCO2e")
    assert stacked_extent(chart) == (-5.0, 10.0)  # positives stack up (10; 7), negatives down (−5)


def test_audit_converts_an_air_dried_carbon_content_by_formula(workbook: Any, tmp_path: Path) -> None:
    # 1000 t at C_ad 60 %, M_ar 12 %, M_ad 2 %: C_ar = 60 × 88/98 %, × 93 % × 44/12 = 1837.2244898 t
    path = workbook(
        fuel=[fuel_row("烟煤", 1000, "t", 1, carbon_fraction=60, carbon_basis="空干基", moisture_ar=12, moisture_ad=2)]
    )
    result = calculate(read_submission(path))
    audit = render_report("audit", result, tmp_path)[0]
    book = openpyxl.load_workbook(audit)
    assert "'输入'!M" in book["化石燃料"]["J2"].value and "'输入'!N" in book["化石燃料"]["J2"].value
    values = evaluate(audit)
    assert values["化石燃料!J2"] == pytest.approx(0.60 * 88 / 98, rel=1e-12)
    assert values["化石燃料!M2"] == pytest.approx(1000 * 0.60 * 88 / 98 * 0.93 * 44 / 12, rel=1e-12)
    for label, formula, engine in check_sheet(audit):
        assert math.isclose(formula, engine, rel_tol=1e-9, abs_tol=1e-9), label


def test_audit_totals_say_each_rows_unit_and_how_it_is_formed(workbook: Any, tmp_path: Path) -> None:
    """汇总, row by row: a category, the total, a gas, scope 2 both ways, energy and a month in their
    units with the formula or its words beside them; a product's intensity per its unit; and 核对
    recomputing each row against the engine in live formulas."""
    path = workbook(
        fuel=[fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"), fuel_row("烟煤", 50, "t", 2)],
        energy=[energy_row("购入电力", 1000, "MWh", 1)],
        production=[("产品A", "全年", 200, "t")],
    )
    book = openpyxl.load_workbook(render_report("audit", calculate(read_submission(path)), tmp_path)[0])
    rows = {r[0]: r[1:] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    said = {label: (unit, note) for label, (formula, unit, note) in rows.items()}
    spelled = {label: note == formula[1:] for label, (formula, _unit, note) in rows.items()}
    assert said["排放总量"] == ("tCO2e", "四类之和")
    assert said["气体：CO2"] == ("t", "化石燃料、电力热力及过程排放中该气体之和")
    assert said["排放强度：tCO2e/t 产品A"] == ("tCO2e/t", "排放总量 ÷ 产量")
    total = list(rows).index("排放总量") + 2
    assert rows["排放强度：tCO2e/t 产品A"][0].startswith(f"=B{total}/'输入'!B")
    for label, unit in [
        ("排放量：化石燃料燃烧", "tCO2e"), ("排放量：净购入电力", "tCO2e"), ("范围二（基于位置）", "tCO2"),
        ("范围二（基于市场）", "tCO2"), ("综合能耗", "tce"), ("月度排放：1月", "tCO2e"),
    ]:  # fmt: skip
        assert (said[label][0], spelled[label]) == (unit, True), label
    check = book["核对"]
    assert [check.cell(row=2, column=c).value for c in (1, 4, 5, 6)] == [
        "排放量：化石燃料燃烧",
        "=B2-C2",
        "=IF(C2=0,ABS(D2),ABS(D2)/ABS(C2))",
        '=IF(E2<=1e-09,"一致","不一致")',
    ]
    assert (check["C2"].number_format, check["E2"].number_format) == ("#,##0.000000", "0.0E+00")


def test_audit_months_a_gap_a_month_of_nothing_and_the_whole_year(workbook: Any, tmp_path: Path) -> None:
    """汇总's months: January's coal (100 t at 20 GJ/t: 178.002 t), February's coal burnt as raw
    material (0 t: a month of nothing stays a row), no March, April's coal (50 t, defaults: 87.0874785 t)
    and the year's 1 000 MWh entered for the whole year (青海's 2023 factor 0.1796: 179.6 t)."""
    path = workbook(
        fuel=[
            fuel_row("烟煤", 100, "t", 1, ncv=20, ncv_unit="GJ/t"),
            fuel_row("烟煤", 10, "t", 2, use="原料"),
            fuel_row("烟煤", 50, "t", 4),
        ],
        energy=[energy_row("购入电力", 1000, "MWh", "全年")],
    )
    audit = render_report("audit", calculate(read_submission(path)), tmp_path)[0]
    book = openpyxl.load_workbook(audit)
    rows = rows_of(book["汇总"])
    months = {label: row for label, row in rows.items() if label.startswith("月度排放")}
    assert list(months) == ["月度排放：1月", "月度排放：2月", "月度排放：4月", "月度排放：全年（未分月）"]
    assert all(unit == "tCO2e" and note == formula[1:] for _, formula, unit, note in months.values())
    values = evaluate(audit)
    expected = [FUEL_JAN, 0.0, 50 * 19.57 * 0.0261 * 0.93 * 44 / 12, 1000 * 0.1796]
    for (label, _), tonnes in zip(months.items(), expected, strict=True):
        row = list(rows).index(label) + 1  # rows_of holds the heading row too
        assert values[f"汇总!B{row}"] == pytest.approx(tonnes, rel=1e-12, abs=1e-12), label
    # a line's quantity and its factors keep their digits: a format of their own
    fuel = book["化石燃料"]
    assert (fuel["D2"].number_format, fuel["H2"].number_format) == ("#,##0.######", "0.0#########")


def test_audit_keeps_the_co2_row_when_there_is_no_co2(workbook: Any, tmp_path: Path) -> None:
    # coal burnt only as raw material: no emissions at all, and still a CO2 row of 0 t to check
    path = workbook(fuel=[fuel_row("烟煤", 10, "t", 1, use="原料")])
    audit = render_report("audit", calculate(read_submission(path)), tmp_path)[0]
    rows = rows_of(openpyxl.load_workbook(audit)["汇总"])
    assert rows["气体：CO2"][2] == "t"
    assert evaluate(audit)[f"汇总!B{list(rows).index('气体：CO2') + 1}"] == 0
