"""The one unit registry of tanhe, and conversions between unit texts.

The registry is pint's default registry extended with ``units.txt`` (Chinese names, 万/亿,
standard coal, standard cubic metres), built once on first use. Everything else in the
package converts through :func:`factor`, which is cached per (from, to) pair: a column of
200 000 rows in three distinct units costs three pint calls, never one per row.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pint

from accounting.errors import UnitError

DEFINITIONS = Path(__file__).with_name("units.txt")

# Spellings seen in workbooks that pint cannot read as written, and what they mean.
_SPELLINGS = [
    (re.compile(r"10\^?4\s*"), "万"),
    (re.compile(r"10\^?8\s*"), "亿"),
    (re.compile(r"[³]"), "3"),
    (re.compile(r"[²]"), "2"),
    (re.compile(r"[·•]"), ""),
    (re.compile(r"\bkcal\b"), "千卡"),
    (re.compile(r"^T$"), "t"),
    (re.compile(r"\bNM3\b|\bnm3\b"), "Nm3"),
]


@cache
def registry() -> pint.UnitRegistry:
    """The registry: pint's defaults plus ``units.txt``, built on first call."""
    ureg: pint.UnitRegistry = pint.UnitRegistry(cache_folder=":auto:", autoconvert_offset_to_baseunit=True)
    ureg.load_definitions(str(DEFINITIONS))
    return ureg


def normalise(text: str) -> str:
    """A unit text as pint reads it: NFKC (full-width to ASCII, 10⁴ to 104), spellings mended."""
    text = text.replace("⁴", "^4").replace("⁸", "^8")
    text = unicodedata.normalize("NFKC", str(text)).strip()
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return text.replace(" ", "")


@lru_cache(maxsize=4096)
def parse(text: str) -> Any:
    """The pint unit (a registry's Unit) a workbook's unit text names; :class:`UnitError` if none."""
    clean = normalise(text)
    if not clean:
        raise UnitError(found=text, expected="一个计量单位")
    try:
        quantity = registry().parse_expression(clean)
    except (pint.PintError, SyntaxError, TypeError, ValueError, AttributeError) as exc:
        raise UnitError(found=text, expected="可识别的计量单位") from exc
    if not isinstance(quantity, pint.Quantity) or quantity.magnitude != 1:
        # "3 t" or a bare number is not a unit
        raise UnitError(found=text, expected="不带数值的计量单位")
    return quantity.units


@lru_cache(maxsize=4096)
def factor(from_unit: str, to_unit: str) -> float:
    """The number that turns a value in ``from_unit`` into ``to_unit``.

    Raises :class:`UnitError` when the units do not share a dimension
    (electricity in tonnes), naming both.
    """
    source, target = parse(from_unit), parse(to_unit)
    try:
        return float(registry().Quantity(1.0, source).to(target).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(found=from_unit, expected=f"可换算为 {to_unit} 的单位") from exc


def fits(from_unit: str, to_unit: str) -> bool:
    """Whether a value in ``from_unit`` can be expressed in ``to_unit``."""
    try:
        factor(from_unit, to_unit)
    except UnitError:
        return False
    return True
