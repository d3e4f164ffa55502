"""English output is English: what tanhe writes in an English report or message has no Chinese in it,
except what somebody else wrote (the enterprise's own names, the submission's sheet names in a cell
reference, the titles of Chinese documents cited). The words tanhe puts together in Chinese (factor
names, formulas, the values of messages) go through accounting.glossary."""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from accounting import SAMPLES, calculate, read_submission, render_report, validate, write_sample
from accounting.glossary import english, english_whole
from accounting.issues import stored_message
from accounting.report.provenance import tanhe_version

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u4e00-\u9fff]+")
BAD = Path(__file__).parent / "data" / "bad"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def vocabulary() -> set[str]:
    """Every name the vocabularies give in English: these must never reach an English reader in Chinese."""
    names = {r["fuel"] for r in _rows(ROOT / "factors" / "fuel-2015" / "values.csv")}
    names |= {r["name"] for r in _rows(ROOT / "accounting" / "provinces.csv")}
    names |= {"购入电力", "输出电力", "购入热力", "输出热力", "购入绿电"}
    items = tomllib.loads((ROOT / "accounting" / "sector_items.toml").read_text(encoding="utf-8"))

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                names.add(node["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(items)
    return names


def written_by_others(submission: Path) -> set[str]:
    """The submission's own texts that are not vocabulary names, its sheet names, and the cited
    documents' titles, issuers and numbers (Chinese documents, cited as they are titled)."""
    known = vocabulary()
    book = load_workbook(submission, read_only=True)
    texts = set(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts |= {v for v in row if isinstance(v, str) and v.strip() not in known}
    for r in _rows(ROOT / "factors" / "sources.csv"):
        texts |= {r["title"], r["issuer"], r["document_no"]}
    return texts


def chinese_left(strings: list[str], allowed: set[str]) -> list[str]:
    """The strings holding a run of Chinese characters that is in none of ``allowed``."""
    return [s for s in strings if any(not any(run in a for a in allowed) for run in HAN.findall(s))]


def workbook_strings(path: Path) -> list[str]:
    book = load_workbook(path)
    found = list(book.sheetnames)
    for sheet in book.worksheets:
        found += [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    return found


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_english_reports_of_every_sample_hold_only_others_chinese(name: str, tmp_path: Path) -> None:
    submission = write_sample(name, tmp_path / f"{name}.xlsx")
    result = calculate(read_submission(submission))
    allowed = written_by_others(submission) | {result.enterprise.name}
    for kind in ("enterprise", "disclosure"):
        (path,) = render_report(kind, result, tmp_path / "out", formats=("xlsx",), langs=("en",))
        assert chinese_left(workbook_strings(path), allowed) == [], kind


def test_the_english_regional_report_holds_only_others_chinese(tmp_path: Path) -> None:
    """The regional report over the three 2025 samples of 青海 (their warnings read back from the store's
    Chinese): only the enterprises' and cities' names, and their cells, stay in Chinese."""
    from accounting import Store, ingest
    from accounting.market.render import render_roster
    from accounting.region import render_region

    names = ("qinghai-cement", "qinghai-aluminium", "qinghai-other")
    samples = [write_sample(n, tmp_path / f"{n}.xlsx") for n in names]
    # the plans cited (titles and words, quoted as written) and the statistics workbook's sheet names
    allowed = {r[k] for r in _rows(ROOT / "factors" / "targets" / "plan_targets.csv") for k in ("document", "quote")}
    allowed |= {"统计数据", "目标赋值", "重点单位名录"}
    for sample in samples:
        allowed |= written_by_others(sample)
    with Store(str(tmp_path / "s.db")) as store:
        assert [o.status for o in ingest(store, samples)] == ["stored"] * 3
        (path,), _ = render_region(store, 2025, tmp_path / "out", formats=("xlsx",), langs=("en",))
        (roster,), _ = render_roster(store, 2026, tmp_path / "out", formats=("xlsx",), langs=("en",))
    assert (path.name, roster.name) == ("all-regions_2025_regional-report.xlsx", "all-regions_2026_roster.xlsx")
    strings = workbook_strings(path)
    assert any("'Qinghai grid emission factor (2025)' is not published" in s for s in strings)  # from the store
    assert chinese_left(strings, allowed) == []
    # sectors by their English names, never the keys of the JSON
    assert {"Cement clinker", "Electrolytic aluminium", "Other"} <= set(strings)
    assert not {"cement", "aluminium", "other"} & set(strings)


def test_english_messages_of_the_bad_corpus_quote_only_the_workbook() -> None:
    """Every message validate gives in English, over one workbook per issue code: what it shows in
    Chinese is the workbook's own text (a cell it quotes is shown as typed, unless all of it is a
    name tanhe knows in English)."""
    for path in sorted(BAD.glob("*.xlsx")):
        allowed = written_by_others(path)
        for issue in validate(read_submission(path)).issues:
            quoted = {str(issue.value)} if issue.cell else set()
            assert chinese_left([issue.message("en")], allowed | quoted) == [], (path.name, issue.code)


def test_a_stored_message_is_worded_again_in_english() -> None:
    """The store keeps messages in Chinese; an English report reads them back by their code's Chinese
    wording into value and expectation, and words them in English (as stored where they do not read
    back)."""
    stored = "「甘肃 电网排放因子（2025 年度）」尚未发布或不适用，采用最近年度的数值：2023 年度的 0.4471 tCO2/MWh"
    assert stored_message("factor-year-substituted", "", "", stored, "en") == (
        "'Gansu grid emission factor (2025)' is not published or does not apply; the nearest year's value is used: "
        "2023, 0.4471 tCO2/MWh"
    )
    assert stored_message("factor-year-substituted", "", "", stored, "zh") == stored
    mismatch = "与月度存证不一致：年报为「53793.8 t」，12 月存证第 1 版为「51104.2 t」（消耗量）"
    assert stored_message("deposit-mismatch", "化石燃料", "D13", mismatch, "en") == (
        "Differs from the monthly deposit: the annual report has '53793.8 t', the deposit of month 12, version 1, "
        "has '51104.2 t' (quantity)"
    )
    assert stored_message("months-missing", "化石燃料", "B2", "wording of an older version", "en") == (
        "wording of an older version"
    )


def test_a_quoted_cell_is_put_into_english_only_when_all_of_it_is_a_known_name() -> None:
    assert english_whole("脱硫") == "desulphurisation"
    assert english_whole("硫（铁）铝酸盐水泥熟料") == "sulphoaluminate clinker"
    assert english_whole("排放设施、燃料品种、用途和月份") == "facility, fuel, use and month"
    assert english_whole("锅炉 / 烟煤 / 燃料") == "锅炉 / 烟煤 / 燃料"
    assert english_whole("天然气X") == "天然气X"


@pytest.mark.parametrize(
    ("chinese", "in_english"),
    [
        ("天然气 低位发热量", "natural gas net calorific value"),
        ("热力(当量值) 折标准煤系数", "heat (calorific value) coal-equivalent coefficient"),
        (
            "全国 电力排放因子（不含市场化交易的非化石能源电量）（2023）",
            "national electricity emission factor excluding market-traded non-fossil electricity (2023)",
        ),
        ("甘肃 电网排放因子（2023）", "Gansu grid emission factor (2023)"),
        ("硅酸盐水泥熟料 过程排放因子", "clinker process emission factor"),  # an alias of 熟料
        ("熟料产量×EF熟料", "clinker output × EF clinker"),
        ("M×纯度×煅烧比例×EF", "M × purity × calcination fraction × EF"),
        ("tCO2/万Nm3", "tCO2/10⁴ Nm3"),
        ("天然气（原料用途）", "natural gas (feedstock)"),
        ("纯度实测，煅烧比例未填按100%", "purity measured, calcination fraction blank taken as 100%"),
        ("2023 年度的 0.4471 tCO2/MWh", "2023, 0.4471 tCO2/MWh"),
        ("fuel-2015、grid-mee", "fuel-2015, grid-mee"),
        ("CO2回收利用", "CO2 recovered"),  # a vocabulary name with Latin letters in it, whole
        ("（碳酸盐使用），是否为「碳酸盐使用」？", " (carbonates), did you mean 'carbonates'?"),
        (
            "「水冷」、「空冷」，是否为「空冷」？",
            "'水冷', '空冷', did you mean '空冷'?",
        ),  # names only in Chinese, quoted
        ("低位发热量不可能超过 125 GJ/t", "net calorific value cannot exceed 125 GJ/t"),
        ("发电 power、水泥熟料 cement", "power, cement"),
        # a user's name joined to a vocabulary's: the name as written, the vocabulary's in English
        ("回转窑 / 烟煤", "回转窑 / bituminous coal"),
        ("1#燃煤锅炉 / 天然气 / 低位发热量", "1#燃煤锅炉 / natural gas / net calorific value"),
        # names and sentences stay as written, whole
        ("合成氨装置", "合成氨装置"),
        ("1#、2#机组锅炉", "1#、2#机组锅炉"),
        ("甘肃省 兰州市", "甘肃省 兰州市"),
        ("未实测元素碳含量，按发电设施指南高限值计算", "未实测元素碳含量，按发电设施指南高限值计算"),
    ],
)
def test_the_glossary_by_hand(chinese: str, in_english: str) -> None:
    assert english(chinese) == in_english


def test_the_command_lines_own_lines_have_both_languages_and_the_same_blanks() -> None:
    import string
    import tomllib

    lines = tomllib.loads((ROOT / "accounting" / "cli" / "lines.toml").read_text(encoding="utf-8"))
    assert len(lines) > 25
    for key, (zh, en) in lines.items():
        assert HAN.search(zh) or zh != en, key  # Chinese, or at least Chinese punctuation (、 ：)
        assert not HAN.search(en), key
        fields = {name for _, name, _, _ in string.Formatter().parse(zh) if name}
        assert fields == {name for _, name, _, _ in string.Formatter().parse(en) if name}, key


def test_with_tanhe_lang_en_the_command_line_speaks_english(tmp_path: Path) -> None:
    """TANHE_LANG=en: the commands' own lines, usage errors and a file that cannot be read, in English;
    only the enterprises' names (from the submissions) in Chinese."""
    from click.testing import CliRunner

    from accounting.cli import main

    runner = CliRunner()
    good = write_sample("qinghai-cement", tmp_path / "c.xlsx")
    names = {"青海示例水泥有限公司", "海东市"}
    db = str(tmp_path / "t.db")

    def run(*args: str) -> str:
        out = runner.invoke(main, list(args), env={"TANHE_LANG": "en"})
        return out.output

    outputs = {
        "template": run("template", "--sector", "cement", "-o", str(tmp_path / "t.xlsx")),
        "bad sector": run("template", "--sector", "foo", "-o", str(tmp_path / "x.xlsx")),
        "ingest": run("db", "ingest", str(good), str(tmp_path / "t.xlsx"), "--db", db),
        "again": run("db", "ingest", str(good), "--db", db),
        "list": run("db", "list", "--db", db),
        "history": run("db", "history", "91000000000000000X", "--db", db),
        "verify": run("db", "verify", "--db", db, "--no-recompute"),
        "missing": run("validate", str(tmp_path / "none.xlsx")),
        "calc missing": run("calc", str(tmp_path / "none.xlsx")),
    }
    assert "wrote the submission template of Cement clinker (version 1)" in outputs["template"]
    assert "sector 'foo' is not one of" in outputs["bad sector"]
    assert "1 stored, 0 unchanged, 1 refused" in outputs["ingest"]
    assert "t.xlsx: not stored (the submission has 4 errors, not calculated)" in outputs["ingest"]
    assert "Info lacks" in outputs["ingest"]  # the refused file's issues, in English
    assert "version 1, unchanged (the same as the latest)" in outputs["again"]
    assert outputs["list"].strip().endswith("1 submissions")
    assert outputs["history"].strip() == "no submission of 91000000000000000X in the store"
    assert outputs["verify"].startswith("verified: the log chain is whole")
    assert "the file does not exist" in outputs["missing"] and "the file does not exist" in outputs["calc missing"]
    for what, text in outputs.items():
        # the sector choices list the Chinese names beside the keys, for a user who types either
        left = [run for run in HAN.findall(text) if run not in names and what != "bad sector"]
        left = [
            r
            for r in left
            if not any(r in quoted for quoted in ("统一社会信用代码", "企业名称", "省份", "报告年度", "基本信息"))
        ]
        assert left == [], (what, text)


def test_an_error_reading_a_file_in_english() -> None:
    from accounting.cli.app import message_in
    from accounting.errors import UnreadableWorkbook

    error = UnreadableWorkbook("文件过大", file="报送.xlsx", found="300 字节", expected="不超过 256 字节")
    assert message_in(error, "zh") == "文件 报送.xlsx：文件过大（发现：300 字节；应为：不超过 256 字节）"
    english = "file 报送.xlsx: the file is too large (found: 300 bytes; expected: at most 256 bytes)"
    assert message_in(error, "en") == english
    sheet = UnreadableWorkbook("工作表无法读取", file="a.xlsx", sheet="化石燃料")
    assert message_in(sheet, "en") == "file a.xlsx, sheet '化石燃料': the sheet cannot be read"


def test_a_commands_lang_wins_over_tanhe_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    from accounting.cli.app import lang_of, say

    monkeypatch.setenv("TANHE_LANG", "en_GB.UTF-8")
    assert (lang_of(None), lang_of("zh"), lang_of("en")) == ("en", "zh", "en")
    assert say("listed", n=3) == "3 submissions" and say("listed", "zh", n=3) == "共 3 份"
    monkeypatch.setenv("TANHE_LANG", "zh_CN.UTF-8")
    assert lang_of(None) == "zh"
    monkeypatch.delenv("TANHE_LANG")
    assert lang_of(None) == "zh"


LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
# units, gases, symbols of formulas and the few Latin words a Chinese report is right to hold
LATIN_IN_CHINESE = {
    *("tCO2e", "tCO2", "tce", "kgce", "MWh", "kWh", "GJ", "TJ", "MJ", "MPa", "Nm3", "t", "kg", "kJ", "kcal"),
    *("CO2", "CH4", "N2O", "SF6", "CF4", "C2F6", "GWP", "SAR", "AR4", "AR5", "AR6", "IPCC", "GHG", "Protocol"),
    *("CaCO3", "MgCO3", "CaMg", "CaO", "MgO", "CO3", "EF", "EF_CF4", "EF_C2F6", "NCV", "CC", "OF", "AD", "M", "P"),
    *("NC", "S", "A", "V", "C", "tanhe"),
}


def latin_left(strings: list[str], allowed: set[str]) -> list[str]:
    """The Latin words (identifiers and units included) of ``strings`` that none of ``allowed`` holds."""
    cell = re.compile(r"[A-Z]{1,3}\d+")  # a cell reference (化石燃料!D4)
    words = {w for s in strings for w in LATIN.findall(s) if not cell.fullmatch(w)}
    return sorted(w for w in words if not any(w in a for a in allowed))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_chinese_reports_hold_no_english_words_but_names_units_and_identifiers(name: str, tmp_path: Path) -> None:
    """The Chinese enterprise and disclosure reports: every Latin word is a unit or symbol, an
    identifier a reader looks up (factor sets, methods, sources and their titles, issue codes), or the
    submission's own text; never a key of tanhe's (cement, residual) nor an English phrase."""
    from accounting import bundled

    submission = write_sample(name, tmp_path / f"{name}.xlsx")
    result = calculate(read_submission(submission))
    library = bundled()
    allowed = set(LATIN_IN_CHINESE) | set(library.sets) | set(library.methods) | written_by_others(submission)
    allowed |= vocabulary() | {c.name for c in result.citations}  # the library's names: Na2CO3 纯碱 分解排放因子
    allowed |= {r["source_id"] for r in _rows(ROOT / "factors" / "sources.csv")}
    allowed |= {r["code"] for r in _rows(ROOT / "accounting" / "issue_codes.csv")}
    allowed.add(tanhe_version())
    for kind in ("enterprise", "disclosure"):
        (path,) = render_report(kind, result, tmp_path / "out", formats=("xlsx",), langs=("zh",))
        assert latin_left(workbook_strings(path), allowed) == [], kind


def test_the_running_head_of_an_english_report_names_the_province_in_english() -> None:
    from accounting.report.document import Document, in_english

    region = Document("region", "en", "Regional report", "青海省 · 2025", "青海省", ())
    assert (in_english(region).subtitle, in_english(region).header) == ("Qinghai · 2025", "Qinghai")
    firm = Document("enterprise", "en", "Report", "示例青海水泥有限公司 · 2025", "示例青海水泥有限公司", ())
    assert in_english(firm) == firm  # a name stays as it is written
    assert in_english(replace(region, lang="zh")).header == "青海省"
