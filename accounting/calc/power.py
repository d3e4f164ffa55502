"""The power sector: desulphurisation limestone × CaCO3 content × EF_CaCO3 (outside the 发电设施
guideline: methods may exclude it), and the 供热比 that splits a facility's emissions into the
intensities of the power and of the heat it supplies."""

from __future__ import annotations

import numpy as np

from accounting.calc.terms import ASSUMED, Inputs, Terms
from accounting.issues import Issue
from accounting.result import Intensity


def power(terms: Terms) -> None:
    inp = terms.inputs
    if inp.given("脱硫", "石灰石"):
        content = inp.rate("脱硫", "石灰石碳酸钙含量", 1.0, ASSUMED)
        terms.add(
            "脱硫",
            "石灰石",
            "CO2",
            inp.amount("脱硫", "石灰石"),
            "t",
            content.value * terms.default("carbonate/石灰石"),
            "tCO2/t",
            "碳酸钙含量" + content.basis,
            "M×CaCO3含量×EF",
        )
    if inp.output("供热量").any() and not inp.given("机组运行", "供热比"):
        terms.ctx.issues.append(Issue("heat-ratio-missing"))


def power_intensities(inputs: Inputs, facility_tco2: float) -> tuple[Intensity, ...]:
    """tCO2/MWh of power supplied and tCO2/GJ of heat supplied, the facility's emissions split by 供热比."""
    supplied = float(inputs.output("供电量").sum())
    heat = float(inputs.output("供热量").sum())
    ratio = float(inputs.rate("机组运行", "供热比", 0.0 if heat == 0 else np.nan).value[0])
    out = []
    if supplied and not np.isnan(ratio):
        out.append(Intensity("tCO2/MWh 供电量", "供电量", facility_tco2 * (1 - ratio) / supplied))
    if heat and not np.isnan(ratio):
        out.append(Intensity("tCO2/GJ 供热量", "供热量", facility_tco2 * ratio / heat))
    return tuple(out)
