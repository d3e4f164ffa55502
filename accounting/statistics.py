"""The regulator's statistics workbook: regional statistics, target values assigned from above, the roster.

Three sheets, each a plain table from row 2 (``tanhe template --statistics`` writes it):

- 统计数据: region, its province (blank for a province), year, indicator, value, unit, source. GDP
  and value added at constant prices; energy in tonnes of standard coal; CO2 from the inventory.
  Values are kept in base units (元, tce, t) whatever unit the cell names.
- 目标赋值: the values a plan leaves to the level above (完成国家下达): jurisdiction, indicator code,
  base year, target year, value (percent), and the document that assigned it.
- 重点单位名录: the enterprises expected to submit (USCC, name, city, sector), for the list of
  those who have not.

Every problem is reported by sheet and cell, all at once, as for a submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from accounting import plainbook as pb
from accounting import units
from accounting.errors import InvalidSubmission, UnitError
from accounting.issues import Issue, ValidationReport
from accounting.reader import Opened, open_workbook
from accounting.targets import EVALUABLE
from accounting.uscc import check_character

MARKER = "tanhe.statistics/1"
DATA, ASSIGNED, ROSTER = "统计数据", "目标赋值", "重点单位名录"

# key: (中文, English, base unit, usual unit)
INDICATORS: dict[str, tuple[str, str, str, str]] = {
    "gdp": ("地区生产总值（不变价）", "GDP at constant prices", "元", "亿元"),
    "industrial_va": ("工业增加值（不变价）", "Industrial value added at constant prices", "元", "亿元"),
    "energy_total": ("能源消费总量", "Total energy consumption", "tce", "万吨标准煤"),
    "energy_industry": ("规模以上工业能源消费量", "Energy use of industry above designated size", "tce", "万吨标准煤"),
    "energy_non_fossil": ("非化石能源消费量", "Non-fossil energy consumption", "tce", "万吨标准煤"),
    "coal": ("煤炭消费量（折标准煤）", "Coal consumption (coal equivalent)", "tce", "万吨标准煤"),
    "co2_total": ("二氧化碳排放量（清单）", "CO2 emissions (inventory)", "t", "万吨"),
}
ASSIGNABLE = EVALUABLE  # a value assigned from above is for a target the regional report can evaluate

COLUMNS = {
    DATA: [
        ("地区", "Region", 14),
        ("所属省份", "Province (blank for a province)", 14),
        ("年份", "Year", 8),
        ("指标", "Indicator", 26),
        ("数值", "Value", 14),
        ("单位", "Unit", 12),
        ("来源", "Source", 36),
    ],
    ASSIGNED: [
        ("地区", "Jurisdiction", 14),
        ("指标代码", "Indicator code", 36),
        ("基年", "Base year", 8),
        ("目标年", "Target year", 8),
        ("目标值（%）", "Value (%)", 10),
        ("依据", "Assigned by", 44),
    ],
    ROSTER: [("统一社会信用代码", "USCC", 22), ("单位名称", "Name", 30), ("城市", "City", 12), ("行业", "Sector", 12)],
}
GUIDE = [
    "碳核 tanhe 区域统计数据表：与企业报送一起用 tanhe db ingest 入库，供 tanhe report region 评估规划目标。",
    "「统计数据」每行一个地区、年份、指标。地区生产总值和工业增加值填不变价，并在「来源」中注明价格基年。",
    "单位可用 亿元、万元、万吨标准煤、万吨 等，入库时统一换算。请至少填写基年（如 2020 年）和评估年度。",
    "「目标赋值」填写规划中写明「完成国家（省）下达」而未给数值的目标，数值为百分数，依据写下达文件。",
    "「重点单位名录」列出应当报送的单位，用于统计未报送名单；不填时以上一年度已报送的单位为准。",
]


def statistic(s: pd.DataFrame, region: str, year: int, indicator: str) -> float | None:
    """One value of the stored 统计数据 (``s``: :meth:`Store.statistics`'s frame), or None."""
    hit = s[(s["region"] == region) & (s["year"] == year) & (s["indicator"] == indicator)]
    return float(hit["value"].iloc[0]) if len(hit) else None


def _indicator(text: str) -> str | None:
    for key, (zh, en, _, _) in INDICATORS.items():
        if text in (key, zh, en) or text == zh.split("（")[0]:
            return key
    return None


def statistics_rows(path: str | Path, opened: Opened | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the three tables, values in base units; raises InvalidSubmission listing every problem."""
    label = str(path)
    book, _ = opened or open_workbook(Path(path))
    issues: list[Issue] = []
    data: list[tuple[Any, ...]] = []
    seen: dict[tuple[str, int, str], int] = {}
    for n, (region, parent, year, indicator, value, unit, source) in pb.body(book, DATA, label, len(COLUMNS[DATA])):
        place = {c: pb.cell(i, n) for i, c in enumerate("ABCDEFG", start=1)}
        if not pb.text(region):
            issues.append(Issue("value-missing", DATA, place["A"]))
        y = pb.year(year, DATA, place["C"], issues)
        key = _indicator(pb.text(indicator))
        if key is None:
            issues.append(
                Issue(
                    "indicator-unknown",
                    DATA,
                    place["D"],
                    pb.text(indicator),
                    "、".join(zh for zh, *_ in INDICATORS.values()),
                )
            )
        number = pb.number(value, DATA, place["E"], issues)
        scale = None
        if key is not None:
            base, usual = INDICATORS[key][2], INDICATORS[key][3]
            try:
                scale = units.factor(pb.text(unit) or usual, base)
            except UnitError:
                issues.append(Issue("unit-mismatch", DATA, place["F"], pb.text(unit), usual))
        if None in (y, key, number, scale) or not pb.text(region):
            continue
        assert y is not None and key is not None and number is not None and scale is not None
        ident = (pb.text(region), y, key)
        if ident in seen:
            issues.append(Issue("row-duplicate", DATA, place["A"], expected=str(seen[ident])))
            continue
        seen[ident] = n
        data.append((pb.text(region), pb.text(parent), y, key, number * scale, pb.text(source)))
    assigned: list[tuple[Any, ...]] = []
    for n, (region, code, base, target, value, source) in pb.body(book, ASSIGNED, label, len(COLUMNS[ASSIGNED])):
        ok = bool(pb.text(region))
        if not ok:
            issues.append(Issue("value-missing", ASSIGNED, pb.cell(1, n)))
        if pb.text(code) not in ASSIGNABLE:
            issues.append(Issue("indicator-unknown", ASSIGNED, pb.cell(2, n), pb.text(code), "、".join(ASSIGNABLE)))
            ok = False
        b = pb.year(base, ASSIGNED, pb.cell(3, n), issues, required=False)
        t = pb.year(target, ASSIGNED, pb.cell(4, n), issues)
        v = pb.number(value, ASSIGNED, pb.cell(5, n), issues)
        if ok and t is not None and v is not None:
            assigned.append((pb.text(region), pb.text(code), b, t, v, pb.text(source)))
    roster: list[tuple[Any, ...]] = []
    for n, (uscc, name, city, sector) in pb.body(book, ROSTER, label, len(COLUMNS[ROSTER])):
        code = pb.text(uscc).upper()
        if len(code) != 18 or check_character(code[:17]) != code[17]:
            issues.append(Issue("uscc-invalid", ROSTER, pb.cell(1, n), code, "18 位且校验位正确"))
            continue
        roster.append((code, pb.text(name), pb.text(city), pb.text(sector)))
    if DATA not in book.sheet_names:
        issues.append(Issue("sheet-missing", DATA, expected=DATA))
    report = ValidationReport(label, tuple(issues))
    if not report.valid:
        raise InvalidSubmission(report, file=label)
    return {"statistics": sorted(data), "assigned": sorted(assigned, key=str), "roster": sorted(roster)}


def write_statistics(path: str | Path, tables: Mapping[str, Iterable[Sequence[Any]]] | None = None) -> Path:
    """The statistics workbook, blank or filled with rows by sheet name (统计数据, 目标赋值, 重点单位名录)."""
    return pb.write_book(
        Path(path),
        "碳核 tanhe 区域统计数据表 Regional statistics workbook",
        GUIDE,
        COLUMNS,
        tables or {},
        [(DATA, "D", [zh for zh, *_ in INDICATORS.values()]), (ASSIGNED, "B", list(ASSIGNABLE))],
        MARKER,
        ["指标 Indicators：", *(f"{zh}（{usual}） {en}" for zh, en, _, usual in INDICATORS.values())],
    )
