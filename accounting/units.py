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

# What a unit text may cost. pint's parser is quadratic in the length of the text and evaluates
# numbers as Python integers (``10**10**10`` never ends; ``t/0`` divides by zero), so a unit text
# is checked for its shape before pint sees it. The longest unit of every tanhe table and template
# is 12 characters (吨标准煤/百万换算吨公里); a unit needs no number but an exponent (m**3, s^-1) and the 1 of 1/h,
# and one level of parentheses (kgCO2/(t·km)).
MAX_UNIT_CHARS = 40
MAX_UNIT_DEPTH = 3
MAX_EXPONENT_DIGITS = 2

_TOKEN = re.compile(r"(?P<name>[^\W\d]\w*|°\w*|%)|(?P<number>\d+(?:\.\d*)?)|(?P<op>\*\*|[*/^()-])")

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


def shape_problem(clean: str) -> str | None:
    """What keeps a normalised unit text from being a unit, before any arithmetic; None if nothing.

    A unit is names (t, 万kWh, 吨标准煤, °C, %) joined by ``*``, ``/`` and parentheses, each name
    raised at most to a small whole power (``**3``, ``^-1``); a number anywhere else is not part of
    a unit (``t/0``, ``10**400*t``), nor is any other character (``t!``, quotes).
    """
    if len(clean) > MAX_UNIT_CHARS:
        return f"不超过 {MAX_UNIT_CHARS} 个字符的计量单位"
    depth = 0
    previous = ""  # the kind of the token before: "", name, number, power, "-", "(", ")", op
    position = 0
    while position < len(clean):
        token = _TOKEN.match(clean, position)
        if token is None:
            return f"计量单位中不应有字符「{clean[position]}」"
        text, position = token.group(), token.end()
        if token.group("name"):
            if previous in ("name", "number", ")"):
                return "计量单位（名称之间用 * 或 / 连接）"
            previous = "name"
        elif text == "1" and previous in ("", "(", "op"):
            previous = "name"  # the 1 of 1/h
        elif token.group("number"):
            if previous not in ("power", "-") or not text.isdigit() or len(text) > MAX_EXPONENT_DIGITS:
                return f"不带数值的计量单位（数字只可作不超过 {MAX_EXPONENT_DIGITS} 位的整数指数，如 m**3）"
            previous = "number"
        elif text in ("**", "^"):
            if previous not in ("name", ")"):
                return "计量单位（指数应跟在单位名称之后）"
            previous = "power"
        elif text == "-":
            if previous != "power":
                return "计量单位（负号只可用于指数）"
            previous = "-"
        elif text == "(":
            depth += 1
            if depth > MAX_UNIT_DEPTH or previous in ("name", "number", ")"):
                return f"计量单位（括号不超过 {MAX_UNIT_DEPTH} 层，且前面应有 * 或 /）"
            previous = "("
        elif text == ")":
            depth -= 1
            if depth < 0 or previous not in ("name", "number", ")"):
                return "括号成对且不为空的计量单位"
            previous = ")"
        else:  # * or /
            if previous not in ("name", "number", ")"):
                return "计量单位（* 或 / 两边应有单位名称）"
            previous = "op"
    if depth or previous not in ("name", "number", ")"):
        return "完整的计量单位（括号成对，末尾不是运算符）"
    return None


@lru_cache(maxsize=4096)
def parse(text: str) -> Any:
    """The pint unit (a registry's Unit) a workbook's unit text names; :class:`UnitError` if none."""
    clean = normalise(text)
    if not clean:
        raise UnitError(found=text, expected="一个计量单位")
    if (problem := shape_problem(clean)) is not None:
        raise UnitError(found=text[:MAX_UNIT_CHARS] + ("…" if len(text) > MAX_UNIT_CHARS else ""), expected=problem)
    try:
        quantity = registry().parse_expression(clean)
    except (pint.PintError, SyntaxError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
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


# The spellings the templates ask for (template.py's notes), offered when a unit is not recognised.
OFFERED = (
    "千瓦时", "万千瓦时", "MWh", "GJ", "百万千焦", "t", "吨", "万吨", "kg", "Nm3", "万Nm3", "%",
    "tce", "kgce", "元", "万元", "亿元", "t/t", "kg/t", "MPa", "℃",
)  # fmt: skip
_NUMERALS = (("百万", 1e6), ("万", 1e4), ("亿", 1e8))


def suggestion(text: str, target: str) -> str:
    """'，是否为「万千瓦时」？' naming an offered spelling of a unit not recognised, or ''.

    A counting word before a unit that already has a prefix (万kWh, 万MWh) is the usual slip: the
    offered unit of the same size is named, or none (never a unit of another size). Otherwise the
    offered unit of ``target``'s kind that is spelled most alike, if any is alike enough."""
    import difflib
    import math

    kind = [u for u in OFFERED if fits(u, target)]
    for word, scale in _NUMERALS:
        if text.startswith(word) and fits(text[len(word) :].strip(), target):
            size = scale * factor(text[len(word) :].strip(), target)
            same = [u for u in kind if math.isclose(factor(u, target), size, rel_tol=1e-9)]
            return f"，是否为「{same[0]}」？" if same else ""  # never a unit of another size
    near = difflib.get_close_matches(text, kind, n=1, cutoff=0.5)
    return f"，是否为「{near[0]}」？" if near else ""
