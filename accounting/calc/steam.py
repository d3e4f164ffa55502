"""Heat carried by steam: enthalpy from the GB/T 32151.34 tables, heat over 20 °C feed water.

Heat (GJ) = mass (t) × (h (kJ/kg) − h_feedwater (kJ/kg)) / 1000, with h_feedwater = 83.74 kJ/kg
(2015-batch guidelines). h is the saturated-steam enthalpy at the pressure when no temperature is
given, else the superheated-table enthalpy at (pressure, temperature), interpolated linearly
between table rows and never across the liquid/vapour boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accounting.factors import FactorSet


class SteamStateError(ValueError):
    """The state cannot be looked up; ``code`` is the issue code to report."""

    def __init__(self, code: str, expected: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.expected = expected


@dataclass(frozen=True)
class SteamTables:
    sat_pressure: np.ndarray  # MPa
    sat_enthalpy: np.ndarray  # kJ/kg
    pressures: np.ndarray  # MPa, grid rows of the superheated table
    temperatures: np.ndarray  # °C, grid columns
    enthalpy: np.ndarray  # kJ/kg, [pressure, temperature]
    vapour: np.ndarray  # bool, [pressure, temperature]
    uncertain: bool

    @classmethod
    def from_set(cls, factor_set: FactorSet) -> SteamTables:
        sat = factor_set.table("saturated").sort_values("pressure")
        sup = factor_set.table("superheated")
        grid = sup.pivot(index="pressure", columns="temperature", values="enthalpy").sort_index()
        phase = sup.pivot(index="pressure", columns="temperature", values="phase").loc[grid.index, grid.columns]
        uncertain = bool((sat.confidence == "uncertain").any() or (sup.confidence == "uncertain").any())
        return cls(
            sat.pressure.to_numpy(float),
            sat.enthalpy.to_numpy(float),
            grid.index.to_numpy(float),
            grid.columns.to_numpy(float),
            grid.to_numpy(float),
            (phase == "vapour").to_numpy(),
            uncertain,
        )

    def saturated(self, pressure: float) -> float:
        """Enthalpy of saturated steam at ``pressure`` MPa (absolute), kJ/kg."""
        low, high = self.sat_pressure[0], self.sat_pressure[-1]
        if not low <= pressure <= high:
            raise SteamStateError("steam-out-of-table", f"{low}–{high} MPa")
        return float(np.interp(pressure, self.sat_pressure, self.sat_enthalpy))

    def superheated(self, pressure: float, temperature: float) -> float:
        """Enthalpy at ``pressure`` MPa and ``temperature`` °C from the superheated table, kJ/kg."""
        p, t = self.pressures, self.temperatures
        if not (p[0] <= pressure <= p[-1] and t[0] <= temperature <= t[-1]):
            raise SteamStateError("steam-out-of-table", f"{p[0]}–{p[-1]} MPa, {t[0]}–{t[-1]} ℃")
        i = min(int(np.searchsorted(p, pressure, side="right")) - 1, len(p) - 2)
        j = min(int(np.searchsorted(t, temperature, side="right")) - 1, len(t) - 2)
        corners = self.vapour[i : i + 2, j : j + 2]
        if not corners.any():
            # the table's liquid region: at this pressure and temperature water does not boil
            raise SteamStateError(
                "parameter-impossible",
                "该温度低于此压力下的饱和温度，是水而不是蒸汽；请核对压力（MPa，绝对压力）与温度，饱和蒸汽请将温度留空",
            )
        if not corners.all():
            raise SteamStateError("steam-state-ambiguous")
        wp = (pressure - p[i]) / (p[i + 1] - p[i])
        wt = (temperature - t[j]) / (t[j + 1] - t[j])
        h = self.enthalpy[i : i + 2, j : j + 2]
        at_low_p = h[0, 0] + wt * (h[0, 1] - h[0, 0])
        at_high_p = h[1, 0] + wt * (h[1, 1] - h[1, 0])
        return float(at_low_p + wp * (at_high_p - at_low_p))

    def enthalpy_at(self, pressure: float, temperature: float) -> float:
        """Superheated when a temperature is given, saturated when it is NaN."""
        return self.saturated(pressure) if np.isnan(temperature) else self.superheated(pressure, temperature)
