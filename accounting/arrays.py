"""Array helpers: do a per-value job once per distinct value, then spread it over the rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from accounting import units
from accounting.errors import UnitError


def frame(columns: dict[str, Any]) -> pd.DataFrame:
    """A DataFrame of numpy columns, text kept as object (no per-cell string inference)."""
    return pd.DataFrame(
        {
            k: pd.Series(v, dtype=object, copy=False) if isinstance(v, np.ndarray) and v.dtype == object else v
            for k, v in columns.items()
        },
        copy=False,
    )


@dataclass(frozen=True)
class Coded:
    """A column factorised once: per row the index of its value among ``uniques``."""

    inverse: np.ndarray
    uniques: Sequence[Any]

    @classmethod
    def of(cls, values: np.ndarray) -> Coded:
        codes, found = pd.factorize(values)  # hash-based; missing values (NaN, None) get code -1
        codes = codes.astype(np.int64, copy=False)
        uniques = list(found)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(uniques), codes)
            uniques.append(np.nan if values.dtype.kind == "f" else None)
        return cls(codes, uniques)

    def map(self, convert: Callable[[Any], Any], dtype: Any) -> np.ndarray:
        """``convert`` of each distinct value, spread back over the rows."""
        mapped = np.empty(len(self.uniques), dtype=dtype)
        mapped[:] = [convert(u) for u in self.uniques]
        return mapped[self.inverse]

    def pair(self, other: Coded) -> Coded:
        """The column of (self, other) value pairs, factorised."""
        combined = Coded.of(self.inverse * max(len(other.uniques), 1) + other.inverse)
        width = max(len(other.uniques), 1)
        pairs = [(self.uniques[c // width], other.uniques[c % width]) for c in combined.uniques]
        return Coded(combined.inverse, pairs)


def per_unique(
    values: np.ndarray, convert: Callable[..., Any], dtype: Any, other: np.ndarray | None = None
) -> np.ndarray:
    """``convert(value)``, or ``convert(value, other_value)``, once per distinct value or pair."""
    coded = Coded.of(values)
    if other is None:
        return coded.map(convert, dtype)
    return coded.pair(Coded.of(other)).map(lambda pair: convert(*pair), dtype)


def _conversion(unit: str, target: str) -> tuple[float, str]:
    """(factor, status) for one unit text into ``target``; status '' when all is well."""
    if not unit:
        return np.nan, "unit-missing"
    try:
        return units.factor(unit, target), ""
    except UnitError:
        pass
    if not units.fits(unit, unit):
        return np.nan, "unit-unknown"
    # A gas volume in plain cubic metres, where standard cubic metres are meant.
    if units.fits(target, "Nm3") and units.fits(unit, "m3"):
        return units.factor(unit, "m3") * units.factor("Nm3", target), "volume-assumed-standard"
    return np.nan, "unit-mismatch"


def conversions(unit_texts: Coded | np.ndarray, targets: Coded | str) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the factor from the row's unit into its target unit, and a status code.

    One pint conversion per distinct (unit, target) pair. Factor is NaN where the unit is
    missing, unknown or of another dimension; the status then names the issue code.
    """
    coded = unit_texts if isinstance(unit_texts, Coded) else Coded.of(unit_texts)
    if isinstance(targets, str):
        results = [_conversion(str(u), targets) for u in coded.uniques]
        inverse = coded.inverse
    else:
        paired = coded.pair(targets)
        results = [_conversion(str(u), str(t)) for u, t in paired.uniques]
        inverse = paired.inverse
    factor = np.array([r[0] for r in results], dtype=np.float64)
    status = np.array([r[1] for r in results], dtype=object)
    return factor[inverse], status[inverse]
