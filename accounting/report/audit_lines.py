"""The line sheets of the auditor workbook (化石燃料, 电力热力, 过程排放): a row per line, every
computed number a formula over 输入 and 因子 (:class:`Factors`).

A default parameter refers to its row of 因子; where the factor's unit differs from the line's
the conversion is written into the formula (``='因子'!$E$7*0.01`` for a percentage). Unit
conversions of the activity (a 万Nm3 to Nm3, steam tonnes to GJ by enthalpy) are visible
constants in their own column. A measured process factor is given by a formula over the
parameters entered for its process where one gives the engine's factor back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from accounting import schema, units
from accounting.report.audit_totals import header, put_formula, q
from accounting.report.tables import energy_type_name
from accounting.report.xlsx import Style, put
from accounting.result import Citation, Result


@dataclass
class Factors:
    """The 因子 sheet: a row per citation; references to a value, with its unit converted."""

    citations: list[Citation]
    first_row: int = 2

    def row(self, index: int) -> int:
        return self.first_row + index

    @property
    def c_to_co2(self) -> str:
        return f"{q('因子')}!$E${self.row(len(self.citations))}"

    @property
    def gj_per_tce(self) -> str:
        return f"{q('因子')}!$E${self.row(len(self.citations) + 1)}"

    def ref(self, value: float, unit: str, *, sets: tuple[str, ...] = (), key: str | None = None) -> str | None:
        """A formula term for ``value`` in ``unit`` from a cited factor, or None if none matches."""
        for i, c in enumerate(self.citations):
            if key is not None and c.key != key:
                continue
            if sets and not c.factor_set.startswith(sets):
                continue
            conv = conversion(c.unit, unit)
            if conv is not None and math.isclose(c.value * conv, value, rel_tol=1e-12, abs_tol=0.0):
                cell = f"{q('因子')}!$E${self.row(i)}"
                return cell if conv == 1 else f"{cell}*{conv:.12g}"
        return None


def conversion(source: str, target: str) -> float | None:
    if source == target:
        return 1.0
    try:
        return float(units.factor(source, target))
    except Exception:  # units that do not fit, or texts that are not units
        return None


def month_cell(month: int) -> Any:
    return "全年" if month == schema.ANNUAL else int(month)


def fuel_sheet(sheet: Worksheet, result: Result, factors: Factors, inputs: list[int], style: Style) -> tuple[int, int]:
    header(
        sheet,
        [
            "输入行",
            "燃料品种",
            "月份",
            "消耗量",
            "换算系数",
            "活动数据",
            "活动单位",
            "低位发热量",
            "单位热值含碳量",
            "元素碳含量",
            "碳氧化率",
            "热量（GJ）",
            "排放量（tCO2）",
            "折标系数",
            "能耗（tce）",
            "说明",
        ],
        style,
        widths=[7, 10, 6, 13, 9, 13, 8, 11, 11, 10, 9, 14, 14, 10, 13, 40],
    )
    n = len(result.fuel_lines)
    for i, (line, src) in enumerate(zip(result.fuel_lines.itertuples(), inputs, strict=True)):
        r = i + 2
        inp = q("输入")
        put(sheet, r, 1, src, "int")
        put(sheet, r, 2, line.fuel)
        put(sheet, r, 3, month_cell(line.month))
        put_formula(sheet, r, 4, f"={inp}!F{src}", "qty")
        put(sheet, r, 5, float(line.activity / line.quantity) if line.quantity else 1.0, "factor")
        put_formula(sheet, r, 6, f"=D{r}*E{r}", "qty")
        put(sheet, r, 7, line.activity_unit)
        fraction = not math.isnan(line.carbon_fraction) if isinstance(line.carbon_fraction, float) else False
        notes = [line.formula]
        ncv = (
            f"={inp}!H{src}"
            if line.ncv_measured
            else _default(
                factors, line.ncv, f"GJ/{line.activity_unit}", ("fuel",), f"{line.fuel}/ncv", notes, "低位发热量"
            )
        )
        put_formula(sheet, r, 8, ncv, "factor")
        if not fraction:
            cc = (
                f"={inp}!I{src}"
                if line.cc_measured
                else _default(factors, line.cc, "tC/GJ", (), None, notes, "单位热值含碳量")
            )
            put_formula(sheet, r, 9, cc, "factor")
        else:
            # as reported; on the air-dried or dry basis converted to as-received (GB/T 483)
            carbon = {
                "ad": f"={inp}!J{src}*(1-{inp}!M{src})/(1-{inp}!N{src})",
                "d": f"={inp}!J{src}*(1-{inp}!M{src})",
            }.get(line.carbon_basis, f"={inp}!J{src}")
            put_formula(sheet, r, 10, carbon, "factor")
        of = (
            f"={inp}!K{src}"
            if line.of_measured
            else _default(factors, line.of, "1", ("fuel",), f"{line.fuel}/of", notes, "碳氧化率")
        )
        put_formula(sheet, r, 11, of, "factor")
        put_formula(sheet, r, 12, f"=F{r}*H{r}")
        if line.use == "feedstock":
            put_formula(sheet, r, 13, f"=0*L{r}")
            notes.append("原料用途，不计燃烧排放")
        elif fraction:
            put_formula(sheet, r, 13, f"=F{r}*J{r}*K{r}*{factors.c_to_co2}")
        else:
            put_formula(sheet, r, 13, f"=L{r}*I{r}*K{r}*{factors.c_to_co2}")
        if line.tce_basis in ("实测低位发热量", "缺省低位发热量"):
            put_formula(sheet, r, 15, f"=L{r}/{factors.gj_per_tce}")
            notes.append(f"折标：{line.tce_basis} ÷ 29.307")
        else:
            per = float(line.tce / line.activity) if line.activity else 0.0
            coef = _default(factors, per, f"tce/{line.activity_unit}", ("coal-equivalent",), None, notes, "折标系数")
            put_formula(sheet, r, 14, coef, "factor")
            put_formula(sheet, r, 15, f"=F{r}*N{r}")
        put(sheet, r, 16, "；".join(notes))
    return 2, n + 1


def _default(
    factors: Factors, value: float, unit: str, sets: tuple[str, ...], key: str | None, notes: list[str], name: str
) -> str:
    """A formula giving a default parameter from 因子, or the value itself (noted) if no citation has it."""
    ref = factors.ref(float(value), unit, sets=sets, key=key) if key else None
    ref = ref or factors.ref(float(value), unit, sets=sets) or factors.ref(float(value), unit)
    if ref is None:
        notes.append(f"{name} 无对应引用，按数值写入")
        return f"={float(value)!r}"
    return f"={ref}"


def energy_sheet(
    sheet: Worksheet, result: Result, factors: Factors, inputs: list[int], lang: str, style: Style
) -> tuple[int, int]:
    header(
        sheet,
        [
            "输入行",
            "类型",
            "月份",
            "数量",
            "换算系数",
            "活动数据",
            "单位",
            "方向",
            "类别",
            "排放因子",
            "排放量 基于位置（tCO2）",
            "市场因子",
            "排放量 基于市场（tCO2）",
            "折标系数",
            "能耗（tce）",
            "说明",
        ],
        style,
        widths=[7, 12, 6, 12, 9, 12, 6, 6, 6, 10, 14, 10, 14, 10, 12, 30],
    )
    inp = q("输入")
    e = result.energy_lines
    for i, (line, src) in enumerate(zip(e.itertuples(), inputs, strict=True)):
        r = i + 2
        amount = line.mwh if line.is_electricity else line.heat_gj
        unit = "MWh" if line.is_electricity else "GJ"
        notes: list[str] = []
        put(sheet, r, 1, src, "int")
        put(sheet, r, 2, energy_type_name(line.type, lang))
        put(sheet, r, 3, month_cell(line.month))
        put_formula(sheet, r, 4, f"={inp}!D{src}", "qty")
        put(sheet, r, 5, float(amount / line.quantity) if line.quantity else 1.0, "factor")
        put_formula(sheet, r, 6, f"=D{r}*E{r}", "qty")
        put(sheet, r, 7, unit)
        put(sheet, r, 8, float(line.sign), "int")
        put(sheet, r, 9, "电力" if line.is_electricity else "热力")
        put_formula(sheet, r, 10, _default(factors, line.factor, f"tCO2/{unit}", (), None, notes, "排放因子"), "factor")
        put_formula(sheet, r, 11, f"=F{r}*H{r}*J{r}")
        signed = amount * line.sign
        market = float(line.tco2_market / signed) if signed else 0.0
        if line.is_green:
            put(sheet, r, 12, 0.0, "factor")
            notes.append("绿电：基于市场计零")
        elif math.isnan(market):
            notes.append("无基于市场的排放因子：基于市场的排放量缺省")
        else:
            put_formula(sheet, r, 12, _default(factors, market, f"tCO2/{unit}", (), None, notes, "市场因子"), "factor")
        put_formula(sheet, r, 13, f"=F{r}*H{r}*L{r}")
        per = float(line.tce / signed) if signed else 0.0
        put_formula(
            sheet, r, 14, _default(factors, per, f"tce/{unit}", ("coal-equivalent",), None, notes, "折标系数"), "factor"
        )
        put_formula(sheet, r, 15, f"=F{r}*H{r}*N{r}")
        put(sheet, r, 16, "；".join(notes))
    return 2, len(e) + 1


Entered = list[tuple[float, str, int]]  # parameters as entered: (value, unit, row of 输入)


def _parameters(result: Result, rows: list[int]) -> dict[tuple[str, int], Entered]:
    """The 过程排放 table as entered, by process and month, each row with its row in 输入."""
    out: dict[tuple[str, int], Entered] = {}
    for entered, row in zip(result.entered.get("process", pd.DataFrame()).itertuples(), rows, strict=True):
        out.setdefault((entered.process, int(entered.month)), []).append((float(entered.value), entered.unit, row))
    return out


def _of_line(parameters: dict[tuple[str, int], Entered], line: Any) -> Entered:
    """The parameters entered for ``line``'s process in its month and for the whole year, as entered."""
    months = {int(line.month), schema.ANNUAL}
    return sorted((e for m in months for e in parameters.get((line.process, m), [])), key=lambda e: e[2])


def _measured(entered: Entered, line: Any, factor: float, factors: Factors) -> str | None:
    """A formula giving a measured factor from the parameters entered for its process and month (or
    the whole year): a carbon content in % as C × 44/12 (生料×C×44/12, M×C×44/12), a rate in % as it
    is (Q×纯度), a purity in % times a cited factor (M×纯度×EF, the calcined fraction 100 %), or an
    anode's NC × (1 − S − A) × 44/12 (a consumption per tonne of product less the shares in % that
    are not carbon). Only a formula that gives the engine's factor back is written; None otherwise
    (then the value is written and said so)."""
    percent = [(value, row) for value, unit, row in entered if unit == "%"]
    for value, row in percent:
        cell = f"={q('输入')}!E{row}*0.01"
        if math.isclose(value * 0.01 * 44 / 12, factor, rel_tol=1e-12):
            return f"{cell}*{factors.c_to_co2}"
        if math.isclose(value * 0.01, factor, rel_tol=1e-12):
            return cell
        cited = factors.ref(factor / (value * 0.01), line.factor_unit, sets=("process",)) if value else None
        if cited is not None:
            return f"{cell}*{cited}"
    per_tonne = [(value, row) for value, unit, row in entered if unit == "t/t"]
    if len(per_tonne) != 1 or not percent:
        return None
    ((consumption, row),) = per_tonne
    if not math.isclose(consumption * (1 - sum(v for v, _ in percent) / 100) * 44 / 12, factor, rel_tol=1e-12):
        return None
    less = "".join(f"-{q('输入')}!E{r}*0.01" for _, r in percent)
    return f"={q('输入')}!E{row}*(1{less})*{factors.c_to_co2}"


def process_sheet(
    sheet: Worksheet, result: Result, factors: Factors, rows: dict[str, list[int]], style: Style
) -> tuple[int, int]:
    header(
        sheet,
        [
            "工序",
            "物料 / 参数",
            "气体",
            "月份",
            "活动数据",
            "单位",
            "排放因子",
            "因子单位",
            "来源",
            "计算式",
            "符号",
            "换算",
            "排放量（t 气体）",
            "计入",
            "GWP",
            "排放量（tCO2e）",
            "说明",
        ],
        style,
        widths=[14, 14, 6, 6, 13, 7, 11, 9, 14, 24, 6, 8, 14, 6, 6, 14, 30],
    )
    inp = q("输入")
    gwp = {c.key.split("/", 1)[1]: i for i, c in enumerate(factors.citations) if c.factor_set == "gwp"}
    p = result.process_lines
    parameters = _parameters(result, rows["parameters"])
    for i, (line, src) in enumerate(zip(p.itertuples(), rows["process"], strict=True)):
        r = i + 2
        notes: list[str] = []
        for col, value in enumerate((line.process, line.item, line.gas, month_cell(line.month)), start=1):
            put(sheet, r, col, value)
        put_formula(sheet, r, 5, f"={inp}!E{src}", "qty")
        put(sheet, r, 6, line.activity_unit)
        scale, factor = _process_scale(line)
        if line.basis.startswith("缺省") and scale != 0:
            put_formula(
                sheet,
                r,
                7,
                _default(factors, factor, line.factor_unit, ("process",), None, notes, "排放因子"),
                "factor",
            )
        elif (measured := _measured(_of_line(parameters, line), line, factor, factors)) is not None:
            put_formula(sheet, r, 7, measured, "factor")
        else:
            put(sheet, r, 7, factor, "factor")
            if line.basis == "化石燃料表":
                notes.append("由化石燃料表中该燃料（原料用途）的参数算得，见「化石燃料」")
            elif not line.basis.startswith("缺省"):
                notes.append("由多项实测参数算得，参数见「输入」过程参数")
        for col, value in ((8, line.factor_unit), (9, line.basis), (10, line.formula)):
            put(sheet, r, col, value)
        put(sheet, r, 11, float(line.sign), "int")
        put(sheet, r, 12, scale, "factor")
        put_formula(sheet, r, 13, f"=E{r}*G{r}*K{r}*L{r}")
        put(sheet, r, 14, 1 if line.counted else 0, "int")
        g = gwp.get(line.gas)
        put_formula(sheet, r, 15, f"={q('因子')}!$E${factors.row(g)}" if g is not None else "=1", "factor")
        put_formula(sheet, r, 16, f"=M{r}*O{r}*N{r}")
        put(sheet, r, 17, "；".join(notes))
    return 2, len(p) + 1


def _process_scale(line: Any) -> tuple[float, float]:
    """(unit scale, factor) so that t of gas = activity × factor × sign × scale.

    The scale is 1, or 0.001 where a factor in kg per unit gives tonnes; a term the engine
    computed otherwise (from several measured parameters) shows its effective factor.
    """
    product = line.activity * line.factor * line.sign
    if product and np.isfinite(product):
        ratio = line.t_gas / product
        for scale in (1.0, 0.001, 1000.0):
            if math.isclose(ratio, scale, rel_tol=1e-12):
                return scale, float(line.factor)
    effective = line.t_gas / (line.activity * line.sign) if line.activity else 0.0
    return 1.0, float(effective)
