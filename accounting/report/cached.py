"""Cached values for the formulas tanhe writes, so that a workbook reads right without recalculation.

openpyxl saves a formula without its value; Excel and LibreOffice compute it on opening, but a
preview, pandas, calamine or a viewer shows a blank (tanhe itself calls that ``formula-no-value``
in a submission). :func:`cached_values` computes every formula of a workbook from the cells it
refers to, and :func:`save_with_values` saves the workbook with each value stored beside its
formula (``<c><f>…</f><v>…</v></c>``). Excel and LibreOffice still recalculate on opening.

The formulas are the small language the auditor workbook is written in: numbers, text in double
quotes, cell and range references (``'输入'!F5``, ``$E$7``, ``M2:M40``), ``+ - * /``, comparisons,
and ``SUM``, ``SUMIFS``, ``COUNTIF``, ``IF`` and ``ABS``. Anything else is an error of the writer
(:class:`ValueError`), not a value guessed. Each formula is turned into a Python expression once per
shape (its references relative to its own row), so a sheet of 200 000 alike rows compiles a few.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?(?P<c1>[A-Z]{1,3})\$?(?P<r1>\d+)
        (?::\$?(?P<c2>[A-Z]{1,3})\$?(?P<r2>\d+))?)
  | (?P<func>[A-Z]+)\(
  | (?P<op><=|>=|<>|[-+*/(),=<>])
    )""",
    re.VERBOSE,
)
_FUNCTIONS = {"SUM", "SUMIFS", "COUNTIF", "IF", "ABS"}
_CELL = re.compile(r"(?<![A-Za-z0-9_.])\$?([A-Z]{1,3})\$?(\d+)")  # a reference's column and row, for a formula's shape


class _Parser:
    """A formula as Python source over ``v(sheet, row, col)`` and ``rng(sheet, r1, c1, r2, c2)``,
    rows written as offsets from ``r`` (the formula's own row)."""

    def __init__(self, formula: str, sheet: str, row: int) -> None:
        self.tokens = self._tokens(formula)
        self.i = 0
        self.sheet, self.row = sheet, row

    @staticmethod
    def _tokens(text: str) -> list[tuple[str, Any]]:
        out, pos = [], 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                raise ValueError(f"cannot read formula at {text[pos : pos + 20]!r}")
            kind = next(k for k in ("num", "str", "ref", "func", "op") if m.group(k) is not None)
            out.append((kind, m))
            pos = m.end()
        return out

    def peek(self) -> str | None:
        if self.i >= len(self.tokens):
            return None
        kind, m = self.tokens[self.i]
        return m.group("op") if kind == "op" else kind

    def take(self, op: str | None = None) -> re.Match[str]:
        if self.i >= len(self.tokens):
            raise ValueError("formula ends early")
        kind, m = self.tokens[self.i]
        if op is not None and (kind != "op" or m.group("op") != op):
            raise ValueError(f"expected {op!r}")
        self.i += 1
        return m

    def source(self) -> str:
        out = self.comparison()
        if self.i != len(self.tokens):
            raise ValueError("formula has more after its end")
        return out

    def comparison(self) -> str:
        left = self.additive()
        op = self.peek()
        if op in ("=", "<=", ">=", "<", ">", "<>"):
            self.take()
            python = {"=": "==", "<>": "!="}.get(op, op)
            return f"_cmp({left}, {self.additive()}, {python!r})"
        return left

    def additive(self) -> str:
        return self.chain(("+", "-"), self.term)

    def term(self) -> str:
        return self.chain(("*", "/"), self.unary)

    def chain(self, ops: tuple[str, ...], operand: Callable[[], str]) -> str:
        """Operands joined by ``ops``, left to right (1-2-3 is (1-2)-3)."""
        out = operand()
        while self.peek() in ops:
            op = self.take().group("op")
            out = f"({out} {op} {operand()})"
        return out

    def unary(self) -> str:
        if self.peek() == "-":
            self.take()
            return f"(-{self.unary()})"
        if self.peek() == "+":
            self.take()
        return self.primary()

    def primary(self) -> str:
        kind = self.peek()
        if kind == "(":
            self.take()
            inner = self.comparison()
            self.take(")")
            return f"({inner})"
        m = self.take()
        if kind == "num":
            return repr(float(m.group("num")))
        if kind == "str":
            return repr(m.group("str")[1:-1].replace('""', '"'))
        if kind == "ref":
            return self.reference(m)
        if kind == "func":
            return self.function(m.group("func"))
        raise ValueError(f"unexpected {m.group(0).strip()!r}")

    def reference(self, m: re.Match[str]) -> str:
        sheet = m.group("sheet")
        sheet = sheet[1:-1].replace("''", "'") if sheet and sheet.startswith("'") else (sheet or self.sheet)
        r1, c1 = int(m.group("r1")) - self.row, column_index_from_string(m.group("c1"))
        if m.group("c2") is None:
            return f"v({sheet!r}, r + {r1}, {c1})"
        r2, c2 = int(m.group("r2")) - self.row, column_index_from_string(m.group("c2"))
        return f"rng({sheet!r}, r + {r1}, {c1}, r + {r2}, {c2})"

    def function(self, name: str) -> str:
        if name not in _FUNCTIONS:
            raise ValueError(f"function {name} is not one tanhe writes")
        args = []
        if self.peek() != ")":
            args.append(self.comparison())
            while self.peek() == ",":
                self.take()
                args.append(self.comparison())
        self.take(")")
        if name == "IF":
            condition, yes, no = args
            return f"(({yes}) if ({condition}) else ({no}))"
        return f"_{name}({', '.join(args)})"


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _cmp(a: Any, b: Any, op: str) -> bool:
    a, b = (0.0 if x is None else x for x in (a, b))
    if isinstance(a, str) or isinstance(b, str):
        a, b = str(a).lower(), str(b).lower()
    return bool({"==": a == b, "!=": a != b, "<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b}[op])


def _matches(value: Any, criterion: Any) -> bool:
    """SUMIFS/COUNTIF's test of one cell against a plain criterion (a number, or a text compared
    without case); tanhe writes no wildcards or operators in criteria."""
    if isinstance(criterion, str):
        return isinstance(value, str) and value.lower() == criterion.lower()
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value) == float(criterion)


def _SUM(*ranges: list[Any]) -> float:
    return sum(_number(x) for r in ranges for x in (r if isinstance(r, list) else [r]) if not isinstance(x, str))


def _SUMIFS(values: list[Any], *pairs: Any) -> float:
    tests = list(zip(pairs[0::2], pairs[1::2], strict=True))
    return sum(
        _number(x)
        for i, x in enumerate(values)
        if not isinstance(x, str) and all(_matches(cells[i], crit) for cells, crit in tests)
    )


def _COUNTIF(cells: list[Any], criterion: Any) -> int:
    return sum(_matches(x, criterion) for x in cells)


def _ABS(x: Any) -> float:
    return abs(_number(x))


class _Book:
    """The workbook's cells, every formula evaluated on demand and once."""

    def __init__(self, book: Workbook) -> None:
        self.cells: dict[str, dict[tuple[int, int], Any]] = {}
        self.formulas: dict[str, list[tuple[int, int]]] = {}  # a text from a submission ("=1+1") is no formula
        for sheet in book.worksheets:
            cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
            self.cells[sheet.title] = {(c.row, c.column): c.value for c in cells}
            self.formulas[sheet.title] = [(c.row, c.column) for c in cells if c.data_type == "f"]
        formula = {(name, r, c) for name, cells in self.formulas.items() for r, c in cells}
        self.is_formula = formula.__contains__
        self.values: dict[tuple[str, int, int], Any] = {}
        self.compiled: dict[tuple[str, str], Callable[..., Any]] = {}
        self.active: set[tuple[str, int, int]] = set()

    def v(self, sheet: str, row: int, col: int) -> Any:
        key = (sheet, row, col)
        if key in self.values:
            return self.values[key]
        value = self.cells[sheet].get((row, col))
        if self.is_formula(key):
            if key in self.active:
                raise ValueError(f"circular reference at {sheet}!{col}:{row}")
            self.active.add(key)
            try:
                value = self.formula(sheet, row, str(value))(row, self.v, self.rng)
            finally:
                self.active.discard(key)
            if isinstance(value, float) and value == 0.0:
                value = 0.0  # no -0.0
        self.values[key] = value
        return value

    def rng(self, sheet: str, r1: int, c1: int, r2: int, c2: int) -> list[Any]:
        return [self.v(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def formula(self, sheet: str, row: int, text: str) -> Callable[..., Any]:
        """The formula compiled once per shape: alike rows (=D2*E2, =D3*E3) share one function."""
        shape = (sheet, _CELL.sub(lambda m: f"{m[1]}[{int(m[2]) - row}]", text))
        if shape not in self.compiled:
            source = _Parser(text[1:], sheet, row).source()
            namespace = {"_cmp": _cmp, "_SUM": _SUM, "_SUMIFS": _SUMIFS, "_COUNTIF": _COUNTIF, "_ABS": _ABS}
            self.compiled[shape] = eval(f"lambda r, v, rng: {source}", namespace)
        return self.compiled[shape]


def cached_values(book: Workbook) -> dict[str, dict[str, Any]]:
    """sheet -> cell (``"D2"``) -> the value of its formula, for every formula of ``book``."""
    state = _Book(book)
    out: dict[str, dict[str, Any]] = {}
    for sheet, formulas in state.formulas.items():
        out[sheet] = {f"{get_column_letter(c)}{r}": state.v(sheet, r, c) for r, c in formulas}
    return out


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v\s*/>(</c>)', re.DOTALL)


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """sheet name -> the part holding it, from workbook.xml and its relationships."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        path = target[sheet.get(_REL)]
        parts[sheet.get("name", "")] = path.lstrip("/") if path.startswith("/") else str(PurePosixPath("xl") / path)
    return parts


def _with_values(xml: str, values: dict[str, Any]) -> str:
    def put(m: re.Match[str]) -> str:
        cell, attributes, formula, end = m.groups()
        value = values.get(cell)
        if value is None:
            return m.group(0)
        if isinstance(value, str):
            return f'<c r="{cell}"{attributes} t="str"><f>{formula}</f><v>{escape(value)}</v>{end}'
        if isinstance(value, bool):
            return f'<c r="{cell}"{attributes} t="b"><f>{formula}</f><v>{int(value)}</v>{end}'
        number = str(value) if isinstance(value, int) else repr(float(value))
        return f'<c r="{cell}"{attributes}><f>{formula}</f><v>{number}</v>{end}'

    return _FORMULA_CELL.sub(put, xml)


def save_with_values(book: Workbook, path: str | Path) -> None:
    """Save ``book`` to ``path`` with every formula's value cached beside it."""
    values = cached_values(book)
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain.xlsx"
        book.save(plain)
        with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            parts = {part: name for name, part in _sheet_parts(source).items()}
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename in parts and values.get(parts[item.filename]):
                    data = _with_values(data.decode("utf-8"), values[parts[item.filename]]).encode("utf-8")
                target.writestr(item, data)
