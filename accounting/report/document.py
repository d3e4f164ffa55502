"""The report model both renderers draw: a document of sections, each with fields, tables and a chart.

The content builders (``enterprise``, ``disclosure``) turn a :class:`~accounting.Result` into a
:class:`Document`; the Excel writer puts each section on a sheet of its own, the PDF template
puts them one after another. So both carry the same content, and the layout of a report is
defined once, here and in the builders. How many digits a reader sees is the precision policy
(``templates/report/precision.toml``, :func:`precision`): per kind of value, the Excel format and
the text the PDF prints; a region's totals are printed in 万吨 (:func:`in_print_units`) while the
workbook keeps tonnes.
"""

from __future__ import annotations

import math
import numbers
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from accounting.factors import default_root


@dataclass(frozen=True)
class Precision:
    """How a reader is shown one kind of value (``templates/report/precision.toml``)."""

    xlsx: str  # the Excel number format; the cell keeps the whole value
    places: int  # decimals the PDF prints
    thousands: bool = False
    trim: bool = False  # trailing zeros dropped: a parameter as entered
    percent: bool = False  # a fraction printed as a percent
    in_print: dict[str, tuple[float, str]] = field(default_factory=dict)  # lang -> (scale, unit prefix) in the PDF

    def text(self, value: float) -> str:
        grouping = "," if self.thousands else ""
        text = f"{value:.{self.places}%}" if self.percent else f"{value:{grouping}.{self.places}f}"
        if self.trim and "." in text:
            text = text.rstrip("0")
            text += "0" if text.endswith(".") else ""
        return text


@cache
def precision() -> dict[str, Precision]:
    """The precision policy, per kind of value (a key of ``precision.toml``; "text" is text)."""
    with open(templates_root() / "report" / "precision.toml", "rb") as fh:
        data = tomllib.load(fh)
    policy = {
        kind: Precision(
            xlsx=spec["xlsx"],
            places=spec["places"],
            thousands=spec.get("thousands", False),
            trim=spec.get("trim", False),
            percent=spec.get("percent", False),
            in_print={lang: (float(p["scale"]), p["prefix"]) for lang, p in spec.get("print", {}).items()},
        )
        for kind, spec in data.items()
    }
    policy["text"] = Precision(xlsx="@", places=0)
    return policy


BLANK = "—"


def text_of(value: Any, kind: str) -> str:
    """How the PDF prints ``value`` of ``kind``: blank and NaN as a dash, numbers by the precision policy."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return BLANK
    if kind == "text" or isinstance(value, str):
        return str(value)
    text = precision()[kind].text(float(value))
    return text[1:] if text.startswith("-") and not any(d in text for d in "123456789") else text  # no "-0.00%"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # a key of the precision policy
    width: float = 12.0  # Excel column width in characters; the PDF shares it out proportionally
    literal: bool = False  # a name or reference, printed as written in every language (never translated)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""
    total: tuple[Any, ...] | None = None  # a last row set in bold (a sum, in the sheet a formula)
    note: str = ""
    limit: int | None = None  # the PDF prints the first rows only; the workbook has them all
    more: str = ""  # the line the PDF prints in place of the rows past ``limit``
    marks: tuple[str, ...] = ()  # per row, a key of house colour.status for its last cell ("" for none)

    def cells(self) -> list[list[str]]:
        """The rows as the PDF prints them."""
        shown = self.rows if self.limit is None else self.rows[: self.limit]
        return [[text_of(v, c.kind) for v, c in zip(row, self.columns, strict=True)] for row in shown]

    @property
    def cut(self) -> bool:
        return self.limit is not None and len(self.rows) > self.limit

    def total_cells(self) -> list[str]:
        assert self.total is not None
        return [text_of(v, c.kind) for v, c in zip(self.total, self.columns, strict=True)]


@dataclass(frozen=True)
class Chart:
    """Bars by category (months), one stacked series per emission category, in ``unit``.

    With ``line`` it is a line chart instead: each series a line over the categories (years).
    With ``marks`` (a key of house colour.status per category) it is a progress chart instead:
    a horizontal row per category, the series being (target, achieved, required); the achieved bar
    takes its category's status colour, the target is the pale bar behind it and the required
    value a tick across it.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str
    table: int = 0  # the section's table holding the data (the Excel chart refers to its cells)
    marks: tuple[str, ...] = ()
    kind: str = "t"  # of the values, a key of the precision policy (a scaled kind is scaled in the PDF)
    line: bool = False  # lines over the categories (years) instead of bars; NaN leaves a gap


@dataclass(frozen=True)
class Section:
    key: str  # stable, for tests and anchors
    title: str  # also the sheet name (at most 31 characters)
    fields: tuple[tuple[str, Any, str], ...] = ()  # (label, value, kind)
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    chart: Chart | None = None
    signature: tuple[str, ...] = ()  # labels of blank lines to sign on
    # printed on landscape pages: None as its tables need it (more than 8 columns), or as the builder says
    wide: bool | None = None

    def field_cells(self) -> list[tuple[str, str]]:
        return [(label, text_of(value, kind)) for label, value, kind in self.fields]


@dataclass(frozen=True)
class Document:
    kind: str  # enterprise | disclosure
    lang: str
    title: str
    subtitle: str
    header: str  # the running head of PDF pages
    sections: tuple[Section, ...]
    meta: dict[str, str] = field(default_factory=dict)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def in_english(doc: Document) -> Document:
    """``doc`` with the Chinese words tanhe wrote put into English (:func:`accounting.glossary.english`):
    every text but the literal columns (cell references, document titles), the running head too."""
    if doc.lang != "en":
        return doc
    from accounting.glossary import english

    def text(value: Any) -> Any:
        return english(value) if isinstance(value, str) else value

    def row(values: tuple[Any, ...], columns: tuple[Column, ...]) -> tuple[Any, ...]:
        return tuple(v if c.literal else text(v) for v, c in zip(values, columns, strict=True))

    def table(t: Table) -> Table:
        return replace(
            t,
            rows=tuple(row(r, t.columns) for r in t.rows),
            total=row(t.total, t.columns) if t.total is not None else None,
            caption=text(t.caption),
            note=text(t.note),
            more=text(t.more),
        )

    def chart(c: Chart | None) -> Chart | None:
        if c is None:
            return None
        return replace(
            c,
            categories=tuple(text(x) for x in c.categories),
            series=tuple((text(name), values) for name, values in c.series),
        )

    def section(s: Section) -> Section:
        return replace(
            s,
            fields=tuple((label, text(value), kind) for label, value, kind in s.fields),
            paragraphs=tuple(text(p) for p in s.paragraphs),
            tables=tuple(table(t) for t in s.tables),
            chart=chart(s.chart),
        )

    # the running head and subtitle name a region (青海省 · 2025 → Qinghai · 2025); a name stays as written
    return replace(
        doc, subtitle=text(doc.subtitle), header=text(doc.header), sections=tuple(section(s) for s in doc.sections)
    )


_UNIT = re.compile(r"([（(])(t[A-Za-z0-9]*)([）)])\s*$")  # the unit a heading ends with: （tCO2e）, (tce)


def _prefixed(text: str, prefix: str) -> str | None:
    """``text`` with ``prefix`` put before the unit it ends with (（tCO2e） -> （万tCO2e）); None if it has none."""
    if not _UNIT.search(text):
        return None
    return _UNIT.sub(lambda m: f"{m[1]}{prefix}{m[2]}{m[3]}", text)


def _number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def in_print_units(doc: Document) -> Document:
    """``doc`` as its PDF prints it: the values of a kind the precision policy scales in the document's
    language (a region's totals: 万吨 in Chinese, kt in English) multiplied, and the unit of their
    column heading, field label or chart prefixed. A scaled column whose heading names no unit takes
    it from the table's caption; one that has neither is a mistake of the builder (ValueError)."""
    scaled = {kind: p.in_print[doc.lang] for kind, p in precision().items() if doc.lang in p.in_print}
    if not scaled:
        return doc

    def unit(text: str, prefix: str) -> str:
        out = _prefixed(text, prefix)
        if out is None:
            raise ValueError(f"a scaled value without a unit in {text!r}")
        return out

    def values(row: tuple[Any, ...], columns: tuple[Column, ...]) -> tuple[Any, ...]:
        return tuple(
            v * scaled[c.kind][0] if c.kind in scaled and _number(v) else v for v, c in zip(row, columns, strict=True)
        )

    def table(t: Table) -> Table:
        if not any(c.kind in scaled for c in t.columns):
            return t
        columns, caption = [], t.caption
        for c in t.columns:
            heading = _prefixed(c.label, scaled[c.kind][1]) if c.kind in scaled else c.label
            if heading is None:  # a sector's column: the unit is the caption's, 各市（州）分行业排放量（tCO2e）
                heading, caption = c.label, unit(t.caption, scaled[c.kind][1])
            columns.append(replace(c, label=heading))
        return replace(
            t,
            columns=tuple(columns),
            caption=caption,
            rows=tuple(values(r, t.columns) for r in t.rows),
            total=values(t.total, t.columns) if t.total is not None else None,
        )

    def chart(c: Chart | None) -> Chart | None:
        if c is None or c.kind not in scaled:
            return c
        scale, prefix = scaled[c.kind]
        return replace(
            c,
            title=unit(c.title, prefix),
            unit=prefix + c.unit,
            series=tuple((name, tuple(v * scale for v in vs)) for name, vs in c.series),
        )

    def section(s: Section) -> Section:
        return replace(
            s,
            fields=tuple(
                (unit(label, scaled[kind][1]), value * scaled[kind][0], kind)
                if kind in scaled and _number(value)
                else (label, value, kind)
                for label, value, kind in s.fields
            ),
            tables=tuple(table(t) for t in s.tables),
            chart=chart(s.chart),
        )

    return replace(doc, sections=tuple(section(s) for s in doc.sections))


def templates_root() -> Path:
    """The bundled ``templates/`` folder: the wheel's copy beside the package, or the checkout's."""
    packaged = Path(__file__).resolve().parent.parent / "_templates"
    return packaged if packaged.is_dir() else default_root().parent / "templates"


@cache
def house() -> dict[str, Any]:
    """The house style (templates/report/house.toml)."""
    with open(templates_root() / "report" / "house.toml", "rb") as fh:
        return tomllib.load(fh)


@cache
def _labels() -> dict[str, list[str]]:
    with open(templates_root() / "report" / "labels.toml", "rb") as fh:
        data = tomllib.load(fh)
    flat: dict[str, list[str]] = {}
    for group, entries in data.items():
        for key, pair in entries.items():
            flat[f"{group}.{key}"] = pair
    return flat


class Labels:
    """Report wording in one language: ``L["fuel.title"]``; Chinese unless ``lang == "en"``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._index = 1 if lang == "en" else 0

    def __getitem__(self, key: str) -> str:
        return _labels()[key][self._index]

    def __call__(self, key: str, **values: Any) -> str:
        return self[key].format(**values)

    def terms(self, text: str) -> str:
        """A text the calculation wrote ('纯度实测，煅烧比例未填按100%') in the report's language."""
        if self.lang != "en":
            return text
        from accounting.glossary import english

        return english(text)

    def literal(self, key: str, width: float = 12.0) -> Column:
        """A text column printed as written in every language: names, cell references, document titles."""
        return Column(self[key], "text", width, literal=True)

    def columns(self, *specs: tuple[str, str, float] | tuple[str, str]) -> tuple[Column, ...]:
        """Columns from (label key, kind[, width])."""
        return tuple(Column(self[s[0]], s[1], float(s[2]) if len(s) > 2 else 12.0) for s in specs)


def rows(records: Sequence[Sequence[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(r) for r in records)
