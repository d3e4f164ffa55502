"""What one calculation carries along: the method, its factor sets, options, issues and citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from accounting import units
from accounting.factors import FactorSet, Library, Method
from accounting.issues import Issue, IssueList
from accounting.result import Citation
from accounting.submission import SheetTable, Submission

ElectricityBasis = Literal["calorific", "equivalent"]


@dataclass(frozen=True)
class Options:
    """Choices a user may make beyond the method.

    ``electricity_basis``: 当量值 ("calorific", GB/T 2589 default) or 等价值 ("equivalent");
    the latter needs ``coal_rate``, the year's thermal-power coal consumption as a unit text
    ("300.7 gce/kWh"), which tanhe does not ship. ``factor_year`` pins the data year of the
    MEE/NBS grid factor instead of the report year's (or, unpublished, the nearest one's). ``jump_factor``:
    a month whose quantity is more than this many times the previous month's, or less than its
    inverse, is flagged (month-jump).
    """

    electricity_basis: ElectricityBasis = "calorific"
    coal_rate: str | None = None
    factor_year: int | None = None
    gwp_set: str | None = None
    jump_factor: float = 3.0


@dataclass
class Context:
    library: Library
    method: Method
    submission: Submission
    options: Options
    issues: IssueList = field(default_factory=IssueList)
    cited: dict[tuple[str, str], Citation] = field(default_factory=dict)

    def set(self, set_id: str) -> FactorSet:
        return self.library.set(set_id)

    def cite(
        self, factor_set: str, key: str, value: float, unit: str, source_id: str, confidence: str, name: str
    ) -> None:
        """Record a factor as used, once; reports list these with their sources."""
        if (factor_set, key) not in self.cited:
            self.cited[factor_set, key] = Citation(factor_set, key, name or key, value, unit, source_id, confidence)

    def flag(
        self, code: str, table: SheetTable, key: str, position: int | np.integer, value: object = "", expected: str = ""
    ) -> None:
        """An issue at the cell of column ``key`` in the row at ``position`` of ``table``."""
        self.issues.append(Issue(code, table.name, table.cells(key, np.array([position]))[0], value, expected))

    def report_units(self, table: SheetTable, key: str, status: np.ndarray, target: np.ndarray) -> None:
        """An issue per row whose unit in column ``key`` has a non-blank conversion status."""
        values = table.data[key].to_numpy(object)  # the reader gives every column, blank where absent
        for i in np.flatnonzero(status != ""):
            code = str(status[i])
            if code == "unit-missing" and key == "unit":
                continue  # the reader has reported the blank required cell
            expected = str(target[i])
            if code == "unit-unknown":
                expected += units.suggestion(str(values[i]), expected)
            self.flag(code, table, key, i, values[i], expected)

    @property
    def gwp_set(self) -> str:
        return self.options.gwp_set or self.method.gwp_set
