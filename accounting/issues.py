"""Issues found in a submission, each located, coded and worded; and the report that holds them.

Codes form a closed catalogue (:data:`CATALOGUE`): tests and other tools rely on them, so a code
is never renamed. Each entry gives the severity and the message in Chinese and English; the
message templates take the issue's ``value`` and ``expected``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    "sheet-missing": ("error", "缺少工作表「{expected}」", "Sheet '{expected}' is missing"),
    "sheet-extra": ("warning", "工作表「{value}」不属于报送模板，已忽略", "Sheet '{value}' is not part of the template and was ignored"),
    "column-missing": ("error", "缺少必填列「{expected}」", "Required column '{expected}' is missing"),
    "column-extra": ("warning", "列「{value}」不属于模板，已忽略", "Column '{value}' is not part of the template and was ignored"),
    "info-missing": ("error", "基本信息缺少「{expected}」", "Info lacks '{expected}'"),
    "year-invalid": ("error", "报告年度「{value}」无效，应为四位年份", "Report year '{value}' is not a four-digit year"),
    "sector-unknown": ("error", "行业「{value}」不在可选范围：{expected}", "Sector '{value}' is not one of: {expected}"),
    "value-missing": ("error", "必填数值为空", "A required value is blank"),
    "not-a-number": ("error", "「{value}」不是数值", "'{value}' is not a number"),
    "negative-quantity": ("error", "数量「{value}」为负数", "Quantity '{value}' is negative"),
    "month-invalid": ("error", "月份「{value}」无效，应为 1–12 或「全年」", "Month '{value}' is not 1–12 or 'Year'"),
    "fuel-unknown": ("error", "燃料品种「{value}」不在缺省值表中{expected}", "Fuel '{value}' is not in the default table{expected}"),
    "fuel-use-unknown": ("error", "用途「{value}」无效，应为「燃料」或「原料」", "Use '{value}' is not 'fuel' or 'feedstock'"),
    "energy-type-unknown": ("error", "类型「{value}」无效，应为：{expected}", "Type '{value}' is not one of: {expected}"),
    "unit-unknown": ("error", "单位「{value}」无法识别", "Unit '{value}' is not recognised"),
    "unit-mismatch": ("error", "单位「{value}」与该项不符，应可换算为 {expected}", "Unit '{value}' does not fit this item; expected a unit convertible to {expected}"),
    "unit-missing": ("error", "单位为空", "Unit is blank"),
    "ncv-unit-assumed": ("warning", "低位发热量未填单位，按 {expected} 计", "NCV unit is blank; taken as {expected}"),
    "volume-assumed-standard": ("warning", "气体体积单位「{value}」按标准状况（0 ℃、101.325 kPa）计", "Gas volume unit '{value}' taken at the standard state (0 °C, 101.325 kPa)"),
    "carbon-fraction-not-mass": ("error", "元素碳含量只适用于按质量计量的燃料，本行单位为「{value}」", "Carbon mass fraction applies only to fuels measured by mass; this row is in '{value}'"),
    "steam-pressure-missing": ("error", "以质量计的蒸汽须填写蒸汽压力（MPa）", "Steam given by mass needs its pressure (MPa)"),
    "steam-state-ambiguous": ("error", "蒸汽状态点 {value} 靠近饱和线，无法插值，请按饱和蒸汽填报（温度留空）", "Steam state {value} lies at the saturation line; report it as saturated (leave temperature blank)"),
    "steam-out-of-table": ("error", "蒸汽参数 {value} 超出焓值表范围 {expected}", "Steam state {value} is outside the enthalpy table {expected}"),
    "factor-missing": ("error", "无可用的排放因子：{value}", "No factor available: {value}"),
    "factor-uncertain": ("warning", "使用了置信度为「待核实」的缺省值：{value}", "An uncertain default was used: {value}"),
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem at one place: ``cell`` as Excel names it (D7), or blank for a whole sheet."""

    code: str
    sheet: str = ""
    cell: str = ""
    value: Any = ""
    expected: str = ""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"issue code {self.code!r} is not in the catalogue")

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code][0]

    def message(self, lang: str = "zh") -> str:
        template = CATALOGUE[self.code][2 if lang == "en" else 1]
        return template.format(value=self.value, expected=self.expected)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        value = self.value if isinstance(self.value, (int, float, str)) else str(self.value)
        return {"code": self.code, "severity": self.severity, "sheet": self.sheet,
                "cell": self.cell, "value": value, "expected": self.expected,
                "message": self.message(lang)}


@dataclass(frozen=True)
class Report:
    """Every issue of one submission, in the order sheets and rows were read."""

    file: str
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"file": self.file, "valid": self.valid,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "issues": [i.to_dict(lang) for i in self.issues]}

    def render_text(self, lang: str = "zh") -> str:
        """One line an issue: where, severity, message."""
        label = {"error": "错误", "warning": "警告"} if lang != "en" else {"error": "error", "warning": "warning"}
        lines = []
        for i in self.issues:
            where = "!".join(p for p in (i.sheet, i.cell) if p)
            lines.append(f"{self.file}:{where}: {label[i.severity]} [{i.code}] {i.message(lang)}")
        return "\n".join(lines)
