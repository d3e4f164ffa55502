"""The precision policy (templates/report/precision.toml): what a reader is shown of each kind of value,
and a region's totals in 万吨 in the PDF while the workbook keeps tonnes. Every text below is written
by hand from the policy's places, not from tanhe's output."""

from __future__ import annotations

import math

import pytest

from accounting.report.document import Chart, Column, Document, Section, Table, in_print_units, text_of


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (20_775_550.214, "t", "20,775,550.21"),  # an enterprise's tonnes: to the hundredth
        (20_775_550.214, "total", "20,775,550.21"),  # unscaled, a total prints like tonnes
        (1.4304719, "intensity", "1.430"),  # tce/万元: three decimals, trailing zero kept
        (1234.56789, "intensity", "1,234.568"),  # kgce/t
        (0.0123400, "factor", "0.01234"),  # a parameter as entered: trailing zeros dropped
        (2.0, "factor", "2.0"),
        (0.1234567891, "factor", "0.123457"),  # at most six places
        (1234.5, "qty", "1,234.50"),
        (0.12345, "pct", "12.35%"),
        (25.0, "gwp", "25"),
        (1234567.4, "tonnes", "1,234,567"),
        (7, "int", "7"),
        (math.nan, "total", "—"),
        (None, "intensity", "—"),
    ],
)
def test_each_kind_prints_at_its_precision(value: float, kind: str, text: str) -> None:
    assert text_of(value, kind) == text


def _doc(lang: str) -> Document:
    heading = {"zh": "排放量（tCO2e）", "en": "Emissions (tCO2e)"}[lang]
    regions = Table(
        (Column("地区"), Column(heading, "total"), Column("强度", "intensity"), Column("企业排放（tCO2e）", "t")),
        (("青海省", 20_775_550.214, 1.4304719, 12_345.0), ("西宁市", None, 0.5, 1.0)),
        total=("合计", 20_775_550.214, None, None),
    )
    by_sector = Table(
        (Column("地区"), Column("电解铝", "total"), Column("水泥", "total")),
        (("西宁市", 4_136_826.88, 0.0),),
        caption="各市（州）分行业排放量（tCO2e）",
    )
    chart = Chart("各市（州）分行业排放量（tCO2e）", ("西宁市",), (("电解铝", (4_136_826.88,)),), "tCO2e", kind="total")
    cover = Section(
        "cover",
        "封面",
        fields=(("温室气体排放总量（tCO2e）", 20_775_550.214, "total"), ("单位数", 20, "int")),
        tables=(regions, by_sector),
        chart=chart,
    )
    return Document("region", lang, "报告", "青海省", "青海省", (cover,))


def test_a_region_total_prints_in_wan_tonnes_in_chinese() -> None:
    (section,) = in_print_units(_doc("zh")).sections
    assert section.field_cells() == [("温室气体排放总量（万tCO2e）", "2,077.56"), ("单位数", "20")]
    regions, by_sector = section.tables
    assert [c.label for c in regions.columns] == ["地区", "排放量（万tCO2e）", "强度", "企业排放（tCO2e）"]
    assert regions.cells() == [
        ["青海省", "2,077.56", "1.430", "12,345.00"],  # the enterprise column stays in tonnes
        ["西宁市", "—", "0.500", "1.00"],
    ]
    assert regions.total_cells() == ["合计", "2,077.56", "—", "—"]
    # sector columns name no unit: the caption's is the one scaled, once
    assert by_sector.caption == "各市（州）分行业排放量（万tCO2e）"
    assert [c.label for c in by_sector.columns] == ["地区", "电解铝", "水泥"]
    assert by_sector.cells() == [["西宁市", "413.68", "0.00"]]
    assert section.chart is not None
    assert (section.chart.title, section.chart.unit) == ("各市（州）分行业排放量（万tCO2e）", "万tCO2e")
    assert section.chart.series == (("电解铝", (pytest.approx(413.682688),)),)


def test_a_region_total_prints_in_thousand_tonnes_in_english() -> None:
    (section,) = in_print_units(_doc("en")).sections
    regions = section.tables[0]
    assert regions.columns[1].label == "Emissions (ktCO2e)"
    assert regions.cells()[0][1] == "20,775.55"
    assert section.chart is not None and section.chart.unit == "ktCO2e"


def test_a_scaled_value_without_a_unit_is_a_mistake_of_the_builder() -> None:
    table = Table((Column("地区"), Column("电解铝", "total")), (("西宁市", 1.0),), caption="各市分行业排放量")
    doc = Document("region", "zh", "报告", "青海省", "青海省", (Section("s", "s", tables=(table,)),))
    with pytest.raises(ValueError, match="各市分行业排放量"):
        in_print_units(doc)


def test_a_document_without_scaled_kinds_prints_as_built() -> None:
    table = Table((Column("排放量（tCO2e）", "t"),), ((12_345.678,),))
    doc = Document("enterprise", "zh", "报告", "甲", "甲", (Section("s", "s", tables=(table,)),))
    assert in_print_units(doc) == doc
