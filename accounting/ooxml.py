"""A look inside an .xlsx package before calamine loads it: resource limits and formula cells.

calamine turns each sheet into one dense rectangle, so a few bytes of hostile XML (a cell at
XFD1048576, a part that inflates to gigabytes) could exhaust memory. :func:`inspect` streams
every part once, counting the bytes it really inflates to and estimating each sheet's rectangle,
and refuses the file before calamine sees it. On the way it finds formula cells saved without a
computed value (written by a program, never opened in Excel), which calamine reads as blank.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree import ElementTree

from accounting.errors import UnreadableWorkbook

MAX_INFLATED = 1024 * 1024 * 1024  # all parts together; the 200 000-line benchmark inflates to ~60 MB
MAX_CELLS = 30_000_000  # per sheet rectangle (rows × columns); 200 000 lines × 11 columns is 2.2 M
MAX_PARTS = 10_000
CHUNK = 1 << 20

# one pass finds cells from column AA on (a normal sheet has none) and rows or cells from row
# 1 000 000 on; wide cells of any row trigger a full count of the rows
_FAR = re.compile(rb'r="(?:([A-Z]{2,3})\d|[A-Z]?+(\d{7,}))')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_ROOT = re.compile(rb"(?:\s|<\?[^>]*\?>)*<(\w+:)?worksheet\b")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_F = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_V = re.compile(rb"<(?:\w+:)?v>([^<]+)</(?:\w+:)?v>")

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass
class Inspection:
    """What the package holds: per sheet name, the formula cells without a value (cell, formula)."""

    formulas_without_value: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name inside the zip, from workbook.xml and its relationships."""
    try:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}  # not the usual layout: calamine will say what is wrong
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", NS)}
    parts = {}
    for sheet in book.iterfind("m:sheets/m:sheet", NS):
        target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = path
    return parts


def inspect(path: str, label: str) -> Inspection:
    """Stream every part of the package; raise :class:`UnreadableWorkbook` past a limit."""
    found = Inspection()
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise UnreadableWorkbook("工作簿结构异常（部件过多）", file=label)
            sheets = {part: name for name, part in _sheet_parts(z).items()}
            total = 0
            for info in infos:
                total = _stream(z, info, sheets.get(info.filename), total, found, label)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise UnreadableWorkbook("工作簿已损坏或不完整", file=label) from exc
    return found


def _stream(
    z: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str | None, total: int, found: Inspection, label: str
) -> int:
    """Inflate one part, counting bytes; for a sheet, size its rectangle and find bare formulas."""
    max_col = 26
    deepest = 0
    tail = b""
    has_formula = False
    marker = b"<f"  # the start of a formula element (or of a rare <filterColumn>: only costs a closer look)
    with z.open(info) as fh:
        while chunk := fh.read(CHUNK):
            total += len(chunk)
            if total > MAX_INFLATED:
                raise UnreadableWorkbook(
                    "工作簿解压后过大", file=label, expected=f"解压后不超过 {MAX_INFLATED // 2**20} MB"
                )
            if sheet is None:
                continue
            if not tail and (root := _ROOT.match(chunk)) and root.group(1):
                marker = b"<" + root.group(1) + b"f"  # the sheet's elements carry a prefix, as in <x:f>
            window = tail + chunk
            for letters, digits in _FAR.findall(window):
                if letters:
                    max_col = max(max_col, _column_number(letters))
                else:
                    deepest = max(deepest, int(digits))
            has_formula = has_formula or marker in window
            tail = window[-4096:]
    if sheet is None:
        return total
    # Rows come in order, so the last ones give the height; rows out of order are caught where it
    # matters: from row 1 000 000 on (any width), or anywhere once a wide column was seen.
    rows = [int(r) for r in _ROW.findall(tail)]
    max_row = max(max(rows, default=0), deepest)
    if max_col > 26:
        with z.open(info) as fh:
            max_row = max(max_row, max((int(r) for r in _ROW.findall(fh.read())), default=0))
    if max_row * max_col > MAX_CELLS:
        raise UnreadableWorkbook(
            "工作表范围过大",
            file=label,
            sheet=sheet,
            found=f"{max_row} 行 × {max_col} 列",
            expected=f"不超过 {MAX_CELLS:,} 个单元格",
        )
    if has_formula:
        # the chunks before the first formula were not kept: inflate the sheet again, now whole
        with z.open(info) as fh:
            bare = _bare_formulas(fh.read())
        if bare:
            found.formulas_without_value[sheet] = bare
    return total


def _bare_formulas(xml: bytes) -> list[tuple[str, str]]:
    """(cell, formula text) of each cell with a formula and no saved value."""
    out = []
    for attrs, inner in _CELL.findall(xml):
        if not inner or b"f" not in inner:
            continue
        f = _F.search(inner)
        if f is None or _V.search(inner):
            continue
        ref = _REF.search(attrs)
        text = (f.group(1) or b"").decode("utf-8", "replace")
        out.append((ref.group(1).decode() if ref else "", "=" + text if text else "(共享公式)"))
    return out
