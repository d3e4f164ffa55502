"""What a cell holds, by the rules every reader of tanhe applies: a number (a plain numeral or a
number cell, within :data:`MAX_MAGNITUDE`), a month (1–12 or the whole year), a text (trimmed, at
most :data:`MAX_TEXT` characters), each problem an :class:`~accounting.issues.Issue` at its cell.
A column is read at once (:func:`typed_column`); a single cell by :func:`number_of`."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from accounting import schema
from accounting.arrays import Coded, per_unique
from accounting.issues import Issue

# Beyond any quantity one enterprise can report in any unit tanhe reads (the world's primary energy
# of a year is about 6e20 J), and small enough that every product of the calculation stays finite.
MAX_MAGNITUDE = 1e20
MAX_SHOWN = 60  # characters of a cell's text repeated in a message
# A text cell (a name, a fuel, a unit, a note) holds at most this many characters. The longest
# registered enterprise names run to about 60; laying out a PDF line grows with the square of an
# unbroken word's length (a 5 000-letter name took 8 s, 20 000 letters minutes).
MAX_TEXT = 200
NUMERAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def blank_column(column: schema.Column, n: int) -> np.ndarray:
    if column.kind == "number":
        return np.full(n, np.nan)
    if column.kind == "month":
        return np.full(n, -1, dtype=np.int64)  # unknown: no month-based check or sum takes it
    return np.full(n, "", dtype=object)


@dataclass(frozen=True)
class Place:
    """Where a column's values sit: the cell of position i is ``letter + rows[i]``."""

    sheet: str
    letter: str
    rows: np.ndarray

    def cell(self, i: int | np.integer) -> str:
        return f"{self.letter}{self.rows[i]}"


def typed_column(
    column: schema.Column, values: np.ndarray, place: Place, issues: list[Issue], coded: dict[str, Coded]
) -> np.ndarray:
    blank = values == ""
    if column.kind == "number":
        numbers, out = numbers_of(values, blank)
        for i in np.flatnonzero(np.isnan(numbers) & ~blank & ~out):
            issues.append(Issue("not-a-number", place.sheet, place.cell(i), shown(values[i])))
        for i in np.flatnonzero(out):
            issues.append(
                Issue("number-out-of-range", place.sheet, place.cell(i), shown(values[i]), f"{MAX_MAGNITUDE:g}")
            )
        if column.required:
            for i in np.flatnonzero(blank):
                issues.append(Issue("value-missing", place.sheet, place.cell(i)))
        return numbers
    if column.kind == "month":
        return months_of(values, place, issues)
    raw = Coded.of(values)  # one pass over the column; the rest is per distinct value
    cleaned = Coded.of(np.array([text_of(v) for v in raw.uniques], dtype=object))  # " 烟煤" is 烟煤 too
    coded[column.key] = Coded(cleaned.inverse[raw.inverse], cleaned.uniques)
    text = coded[column.key].map(lambda v: v, object)
    for i in np.flatnonzero(coded[column.key].map(lambda v: len(v) > MAX_TEXT, bool)):
        issues.append(Issue("text-too-long", place.sheet, place.cell(i), shown(text[i]), str(MAX_TEXT)))
    if column.required:
        missing = "unit-missing" if column.kind == "unit" else "value-missing"
        for i in np.flatnonzero(text == ""):
            issues.append(Issue(missing, place.sheet, place.cell(i)))
    return text


def numbers_of(values: np.ndarray, blank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(floats, out of range): NaN for blank and for what is not a number, both reported by the caller.

    One rule whatever the rest of the column holds: a number cell is read; a text cell only if it is
    a plain numeral (full-width digits included: ＮＦＫＣ makes them ASCII); TRUE/FALSE, dates and
    numerals with separators (1,234 is a thousand or one and a quarter) are not numbers. A number
    that is not finite, or beyond :data:`MAX_MAGNITUDE`, is out of range.
    """
    numbers = np.full(len(values), np.nan)
    given = values[~blank]
    if pd.api.types.infer_dtype(given, skipna=False) in ("floating", "integer", "mixed-integer-float", "empty"):
        numbers[~blank] = given.astype(np.float64)  # calamine gives floats: the fast path, no bool among them
    else:
        numbers[~blank] = [number_in(v) for v in given]
    with np.errstate(invalid="ignore"):
        out = np.isinf(numbers) | (np.abs(numbers) > MAX_MAGNITUDE)
    numbers[out] = np.nan
    return numbers, out


def number_of(value: Any) -> tuple[float | None, str]:
    """One cell by the rule of every number cell: (the number, "") or (None, the issue code)."""
    number = number_in(value)
    if number != number:
        return None, "not-a-number"
    if math.isinf(number) or abs(number) > MAX_MAGNITUDE:
        return None, "number-out-of-range"
    return number, ""


def number_in(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return np.nan  # TRUE/FALSE, a date, a time
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        return float(text) if NUMERAL.fullmatch(text) else np.nan
    return float(value)


def shown(value: Any) -> str:
    """A cell's value as the user typed or saw it: TRUE, not True; 1e+308, not a 309-digit number."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:g}"
    return text_of(value)[:MAX_SHOWN] + ("…" if len(text_of(value)) > MAX_SHOWN else "")


def months_of(values: np.ndarray, place: Place, issues: list[Issue]) -> np.ndarray:
    months = per_unique(values, month_in, np.int64)
    for i in np.flatnonzero(months < 0):
        code = "value-missing" if values[i] == "" else "month-invalid"
        issues.append(Issue(code, place.sheet, place.cell(i), values[i]))
    return months


def month_in(value: Any) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() and 1 <= value <= 12 else -1
    text = schema.fold(value)
    if text in schema.ANNUAL_NAMES:
        return schema.ANNUAL
    text = text.removesuffix("月")
    return int(text) if text.isdigit() and 1 <= int(text) <= 12 else -1


def text_of(value: Any) -> str:
    """A cell as trimmed text: 5.0 -> '5', a date as ISO."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
