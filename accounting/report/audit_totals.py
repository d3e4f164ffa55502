"""The auditor workbook's 汇总 (totals as formulas over the line sheets) and 核对 (each total against
the engine's value), and the few cell helpers every sheet of the workbook writes with.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from accounting import schema, units
from accounting.report.xlsx import Style, put
from accounting.result import Result

TOLERANCE = 1e-9
F, E, P = "化石燃料", "电力热力", "过程排放"


def q(sheet: str) -> str:
    """A sheet name as a formula writes it."""
    return "'" + sheet.replace("'", "''") + "'"


def header(sheet: Worksheet, labels: list[str], style: Style, row: int = 1, widths: list[float] | None = None) -> None:
    for col, label in enumerate(labels, start=1):
        style.head(sheet, row, col, label)
        sheet.column_dimensions[get_column_letter(col)].width = widths[col - 1] if widths else 13
    sheet.freeze_panes = f"A{row + 1}"


def put_formula(sheet: Worksheet, row: int, col: int, text: str, kind: str = "t") -> None:
    cell = sheet.cell(row=row, column=col, value=text)
    cell.number_format = {"t": "#,##0.000000", "factor": "0.0#########", "qty": "#,##0.######"}[kind]


def _sum(sheet: str, column: str, span: tuple[int, int]) -> str:
    first, last = span
    return f"SUM({q(sheet)}!{column}{first}:{column}{last})" if last >= first else "0"


def _sumif(sheet: str, span: tuple[int, int], value_col: str, *criteria: tuple[str, str]) -> str:
    first, last = span
    if last < first:
        return "0"
    rng = f"{q(sheet)}!{value_col}{first}:{value_col}{last}"
    conds = ",".join(f"{q(sheet)}!{col}{first}:{col}{last},{crit}" for col, crit in criteria)
    return f"SUMIFS({rng},{conds})"


def totals_sheet(
    sheet: Worksheet,
    result: Result,
    inputs: dict[str, list[int]],
    fuel: tuple[int, int],
    energy: tuple[int, int],
    process: tuple[int, int],
    style: Style,
) -> list[tuple[str, str, float]]:
    """Totals as formulas; returns (item, cell, the engine's value) for the 核对 sheet."""
    header(sheet, ["项目", "数值", "单位", "公式说明"], style, widths=[34, 18, 10, 60])
    items: list[tuple[str, str, str, float, str]] = []  # label, formula, unit, engine value, note
    cats = {
        "fuel_combustion": ("化石燃料燃烧", _sum(F, "M", fuel)),
        "process": ("工业生产过程", _sum(P, "P", process)),
        "net_purchased_electricity": ("净购入电力", _sumif(E, energy, "K", ("I", '"电力"'))),
        "net_purchased_heat": ("净购入热力", _sumif(E, energy, "K", ("I", '"热力"'))),
    }
    for key, amount in result.by_category.items():
        label, formula = cats[key]
        items.append((f"排放量：{label}", f"={formula}", "tCO2e", amount, formula))
    first_cat = 2
    items.append(("排放总量", f"=SUM(B{first_cat}:B{first_cat + 3})", "tCO2e", result.tco2e, "四类之和"))
    co2 = f"B{first_cat}+B{first_cat + 2}+B{first_cat + 3}+" + _sumif(P, process, "M", ("C", '"CO2"'), ("N", "1"))
    for gas, amount in result.by_gas.items():
        formula = co2 if gas == "CO2" else _sumif(P, process, "M", ("C", f'"{gas}"'), ("N", "1"))
        if amount or gas == "CO2":
            items.append((f"气体：{gas}", f"={formula}", "t", amount, "化石燃料、电力热力及过程排放中该气体之和"))
    location = float(result.scope2.location_based or 0.0)  # never absent; only the market-based figure can be
    items.append(("范围二（基于位置）", f"={_sum(E, 'K', energy)}", "tCO2", location, ""))
    if (market := result.scope2.market_based) is not None:  # absent where no market-based factor exists
        items.append(("范围二（基于市场）", f"={_sum(E, 'M', energy)}", "tCO2", market, ""))
    items.append(("综合能耗", f"={_sum(F, 'O', fuel)}+{_sum(E, 'O', energy)}", "tce", result.energy.tce, ""))
    months = {m.month: m.tco2e for m in result.by_month}
    for month in [*range(1, 13), schema.ANNUAL]:
        value = result.annual_only if month == schema.ANNUAL else months.get(month)
        if value is None or (month == schema.ANNUAL and not value):
            continue
        crit = '"全年"' if month == schema.ANNUAL else str(month)
        formula = "+".join(
            (
                _sumif(F, fuel, "M", ("C", crit)),
                _sumif(E, energy, "K", ("C", crit)),
                _sumif(P, process, "P", ("D", crit)),
            )
        )
        items.append(
            (
                f"月度排放：{'全年（未分月）' if month == schema.ANNUAL else f'{month}月'}",
                f"={formula}",
                "tCO2e",
                value,
                "",
            )
        )
    total_row = first_cat + 4
    intensity = {i.name: i.value for i in result.intensity}
    inp = q("输入")
    for product, row in zip(result.production, inputs["production"], strict=True):
        name = f"tCO2e/{product.unit} {product.product}"
        if name in intensity and product.quantity:
            items.append((f"排放强度：{name}", f"=B{total_row}/{inp}!B{row}", f"tCO2e/{product.unit}", intensity[name],
                          "排放总量 ÷ 产量"))  # fmt: skip
    for product, row in zip(result.production, inputs["production"], strict=True):  # 平板玻璃: per weight box
        name = f"tCO2e/重量箱 {product.product}"
        if name in intensity and product.quantity and units.fits(product.unit, "重量箱"):
            box = float(units.factor(product.unit, "重量箱"))
            items.append((f"排放强度：{name}", f"=B{total_row}/({inp}!B{row}*{box!r})", "tCO2e/重量箱",
                          intensity[name], f"排放总量 ÷ (产量 × {box:g} 重量箱/{product.unit})"))  # fmt: skip
    economics = result.entered.get("economics")
    if economics is not None:
        for (_, line), row in zip(economics.iterrows(), inputs["economics"], strict=True):
            name = f"tCO2e/万元 {line['indicator']}"
            if name in intensity and line["value"]:
                items.append((f"排放强度：{name}", f"=B{total_row}/({inp}!C{row}*{inp}!E{row})", "tCO2e/万元",
                              intensity[name], "排放总量 ÷ 经济指标（万元）"))  # fmt: skip
    checks = []
    for r, (label, formula, unit, value, note) in enumerate(items, start=2):
        put(sheet, r, 1, label).font = style.body
        put_formula(sheet, r, 2, formula)
        put(sheet, r, 3, unit)
        put(sheet, r, 4, note or formula.lstrip("="))
        checks.append((label, f"{q('汇总')}!B{r}", float(value)))
    return checks


def check_sheet(sheet: Worksheet, checks: list[tuple[str, str, float]], style: Style) -> None:
    header(sheet, ["项目", "工作簿公式", "引擎结果", "差值", "相对差", "结论"], style, widths=[34, 18, 18, 14, 12, 10])
    for r, (label, cell, value) in enumerate(checks, start=2):
        put(sheet, r, 1, label)
        put_formula(sheet, r, 2, f"={cell}")
        put(sheet, r, 3, value, "t")
        sheet.cell(row=r, column=3).number_format = "#,##0.000000"
        put_formula(sheet, r, 4, f"=B{r}-C{r}")
        put_formula(sheet, r, 5, f"=IF(C{r}=0,ABS(D{r}),ABS(D{r})/ABS(C{r}))", "factor")
        sheet.cell(row=r, column=5).number_format = "0.0E+00"
        sheet.cell(row=r, column=6, value=f'=IF(E{r}<={TOLERANCE:g},"一致","不一致")')
