"""Array helpers: do a per-value job once per distinct value, then spread it over the rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from accounting import units
from accounting.errors import UnitError


def distinct(*columns: np.ndarray) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Per row, the index of its combination of values; and the distinct combinations."""
    inverse = np.zeros(len(columns[0]), dtype=np.int64)
    uniques_per_column = []
    for column in columns:
        codes, uniques = pd.factorize(pd.Series(column, dtype=object), use_na_sentinel=False)
        inverse = inverse * max(len(uniques), 1) + codes
        uniques_per_column.append(uniques)
    combos, inverse = np.unique(inverse, return_inverse=True)
    keys = []
    for combo in combos.tolist():
        key = []
        for uniques in reversed(uniques_per_column):
            combo, code = divmod(combo, max(len(uniques), 1))
            key.append(uniques[code])
        keys.append(tuple(reversed(key)))
    return inverse.reshape(-1), keys


def per_unique(values: np.ndarray, convert: Callable[..., Any], dtype: Any, *more: np.ndarray) -> np.ndarray:
    """``convert`` applied once per distinct value (or tuple of values), spread over the rows."""
    inverse, keys = distinct(values, *more)
    mapped = np.empty(len(keys), dtype=dtype)
    mapped[:] = [convert(*key) for key in keys]
    return mapped[inverse]


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


def conversions(unit_texts: np.ndarray, targets: np.ndarray | str) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the factor from the row's unit into its target unit, and a status code.

    One pint conversion per distinct (unit, target) pair. Factor is NaN where the unit is
    missing, unknown or of another dimension; the status then names the issue code.
    """
    if isinstance(targets, str):
        targets = np.full(len(unit_texts), targets, dtype=object)
    inverse, keys = distinct(unit_texts, targets)
    results = [_conversion(str(unit), str(target)) for unit, target in keys]
    factor = np.array([r[0] for r in results], dtype=np.float64)
    status = np.array([r[1] for r in results], dtype=object)
    return factor[inverse], status[inverse]
