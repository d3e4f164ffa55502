"""A look inside an .xlsx package before calamine loads it: resource limits and formula cells.

calamine turns each sheet into one dense rectangle, so a few bytes of hostile XML (a cell at
XFD1048576, a part that inflates to gigabytes, a shared-string table that declares four billion
entries) could exhaust memory, and calamine then aborts the whole process. :func:`inspect` streams
every part of the package once, counting the bytes it really inflates to, and bounds the sheet
calamine would build from it before calamine sees the file.

Which part calamine reads as which sheet depends on workbook.xml, its relationships, letter case
and duplicates, all of which a hostile file can bend. So the bound does not depend on them: every
part is sized as if it were a sheet. A part written the way Excel, WPS, LibreOffice and openpyxl
write sheets (each ``<c r="B12" ...>`` and ``<row r="12" ...>`` naming its place, up to column Z
and row 399 999, no prefix) is bounded by counting its cells; any other part (cells or rows without
``r``, a second ``r``, a prefix, a wide or deep reference) is read once more, tag by tag, placing
every cell where calamine places it. On the way the inspection finds formula cells saved without a
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
# Per sheet: the rectangle calamine allocates and Python then holds (about 50 bytes a cell: 600 MB),
# and the cells it collects first. The 200 000-line benchmark is 2.2 M; a year of monthly lines of
# the largest enterprise is far below.
MAX_CELLS = 12_000_000
MAX_PARTS = 10_000
MAX_EXACT = 256 * 1024 * 1024  # a part that needs the tag-by-tag reading is read whole: up to this
CHUNK = 1 << 20
_TAIL = 512  # longer than any plain cell or row tag: a tag starting in the tail is looked at in the next window
_PLAIN_ROWS = 399_999  # a plain reference names at most this row and column Z: 399 999 × 26 ≤ MAX_CELLS
_MAX_POSITION = 2**32  # calamine keeps positions in 32 bits; a longer number wraps to anything below

_ATTRS = rb"""(?:\s+(?!r\s*=)[^\s=<>"']+="[^"]*")*\s*/?>"""  # more attributes, none of them r, then the end
_ROW_NUMBER = rb"(?:[1-3]\d{5}|[1-9]\d{0,4})"  # 1 … 399 999
# a cell or row start tag that is not plain (see the module's text); plain ones are only counted
_ODD_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]?' + _ROW_NUMBER + b'"' + _ATTRS + b")")
_ODD_ROW = re.compile(rb'<row(?=[\s/>])(?! r="' + _ROW_NUMBER + b'"' + _ATTRS + b")")
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # calamine matches local names: <x:c> is a cell
_PLAIN_CELL = b"<c r="
# the exact reading: start tags of cells and rows and end tags of rows, any prefix, quotes respected
_TAG = re.compile(rb"""<(/?)(?:[^\s<>/:!?]+:)?(c|row)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)(\d*)")
_SST = re.compile(rb"""<(?:[^\s<>/:!?]+:)?sst(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_UNIQUE = re.compile(rb"""(?:^|\s)uniqueCount\s*=\s*["'](\d+)""")
_DECLARATION = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([^"']+)""")
# encodings in which every tag is written in the bytes of ASCII, so the byte patterns above see it
_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"gbk", b"gb2312", b"gb18030", b"big5"}
_ENCODING_FAMILIES = (b"iso-8859-", b"windows-125", b"cp125")

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')
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


@dataclass
class _Part:
    """What one pass over a part found."""

    filename: str
    sheet: str | None  # the sheet's name, where workbook.xml names this part
    size: int = 0
    plain_cells: int = 0
    odd: bool = False
    formula: bool = False
    unique_count: int = 0
    carry: bytes = b""


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> sheet name, from workbook.xml and its relationships, where they can be read.

    Only for messages: the bounds do not depend on it (see the module's text)."""
    try:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, OSError, ValueError, RuntimeError, zipfile.BadZipFile, zlib.error):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", NS)}
    parts: dict[str, str] = {}
    for sheet in book.iterfind("m:sheets/m:sheet", NS):
        target = targets.get(sheet.get(f"{{{NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts.setdefault(path, sheet.get("name", ""))
    return parts


def inspect(path: str, label: str) -> Inspection:
    """Stream every part of the package; raise :class:`UnreadableWorkbook` past a limit."""
    found = Inspection()
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise UnreadableWorkbook("工作簿结构异常（部件过多）", file=label)
            if any(info.flag_bits & 0x1 for info in infos):  # zip's own encryption, not Excel's
                raise UnreadableWorkbook("工作簿的压缩包已加密，请去除密码后再报送", file=label)
            names = _sheet_parts(z)
            total = 0
            for info in infos:
                part = _Part(info.filename, names.get(info.filename))
                total = _stream(z, info, part, total, label)
                _bound(z, info, part, label)
                if part.formula and info.filename in names and (bare := _bare_formulas(z, info)):
                    found.formulas_without_value[part.sheet or info.filename] = bare
    except UnreadableWorkbook:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError, RuntimeError) as exc:
        raise UnreadableWorkbook("工作簿已损坏或不完整", file=label) from exc
    return found


def _stream(z: zipfile.ZipFile, info: zipfile.ZipInfo, part: _Part, total: int, label: str) -> int:
    """Inflate one part, counting bytes, plain cells, and whether anything in it is not plain."""
    tail = b""  # the end of the window before: a tag cut by a chunk's end is looked at whole in the next
    with z.open(info) as fh:
        while chunk := fh.read(CHUNK):
            if part.size == 0:
                _check_encoding(chunk, part, label)
            total += len(chunk)
            part.size += len(chunk)
            if total > MAX_INFLATED:
                raise UnreadableWorkbook(
                    "工作簿解压后过大", file=label, expected=f"解压后不超过 {MAX_INFLATED // 2**20} MB"
                )
            # the carry is shorter than the counted text, so no plain cell is counted twice
            counted = part.carry + chunk
            part.plain_cells += counted.count(_PLAIN_CELL)
            part.carry = counted[-len(_PLAIN_CELL) + 1 :]
            window = tail + chunk
            part.odd = part.odd or _odd(window, len(window) - _TAIL)
            # a prefixed formula sits in a prefixed cell, which makes the part odd: no need to look for ":f" before
            part.formula = part.formula or b"<f" in window or (part.odd and b":f" in window)
            if not part.unique_count and b"sst" in window and (sst := _SST.search(window)):
                part.unique_count = 1 + max((int(n) for n in _UNIQUE.findall(sst.group(1))), default=0)
            tail = window[-_TAIL:]
    part.odd = part.odd or _odd(tail, len(tail))
    return total


def _odd(window: bytes, before: int) -> bool:
    """Whether a cell or row tag that starts before ``before`` is not plain (or has a prefix)."""
    return any(
        (m := pattern.search(window)) is not None and m.start() < before for pattern in (_ODD_CELL, _ODD_ROW, _PREFIXED)
    )


def _check_encoding(head: bytes, part: _Part, label: str) -> None:
    """Refuse a part calamine might decode into tags the byte patterns cannot see (UTF-16, UTF-32)."""
    start = head[:4].lstrip(b"\xef\xbb\xbf")
    declared = _DECLARATION.match(head.lstrip(b"\xef\xbb\xbf")[:200])
    encoding = declared.group(1).lower() if declared else b"utf-8"
    wide = head[:2] in (b"\xff\xfe", b"\xfe\xff") or (b"<" in start and b"\x00" in start)
    if wide or not (encoding in _ENCODINGS or encoding.startswith(_ENCODING_FAMILIES)):
        raise UnreadableWorkbook(
            _what("工作簿部件的字符编码不受支持", part),
            file=label,
            sheet=part.sheet,
            found=encoding.decode("ascii", "replace") if declared else "UTF-16/UTF-32",
            expected="UTF-8（Excel、WPS 保存的编码）",
        )


def _bound(z: zipfile.ZipFile, info: zipfile.ZipInfo, part: _Part, label: str) -> None:
    """Refuse a part whose sheet, if calamine read it as one, would pass :data:`MAX_CELLS`."""
    if part.unique_count and (part.unique_count - 1) * 5 > part.size:
        # calamine reserves room for uniqueCount strings before reading one; each takes 5 bytes at least
        raise UnreadableWorkbook(
            "工作簿已损坏（共享字符串表声明的数量多于其内容）",
            file=label,
            found=f"{part.unique_count - 1} 个",
            expected=f"不超过 {part.size // 5} 个",
        )
    if not part.odd:
        rows, columns, cells = min(_PLAIN_ROWS, part.plain_cells), 26, part.plain_cells
    elif part.size > MAX_EXACT:
        raise UnreadableWorkbook(
            _what("工作表结构不规范且过大", part),
            file=label,
            sheet=part.sheet,
            found=f"{part.size // 2**20} MB",
            expected=f"不规范的工作表不超过 {MAX_EXACT // 2**20} MB（用 Excel 或 WPS 另存可规范）",
        )
    else:
        with z.open(info) as fh:
            rows, columns, cells = _place(fh.read())
    if cells > MAX_CELLS or (part.odd and rows * columns > MAX_CELLS):
        found = f"{rows} 行 × {columns} 列" if rows * columns > MAX_CELLS else f"{cells} 个单元格"
        raise UnreadableWorkbook(
            _what("工作表范围过大", part),
            file=label,
            sheet=part.sheet,
            found=found,
            expected=f"不超过 {MAX_CELLS:,} 个单元格",
        )


def _what(reason: str, part: _Part) -> str:
    """The reason, naming the part where no sheet of workbook.xml names it."""
    return reason if part.sheet else f"{reason}（部件 {part.filename}）"


def _position(value: bytes) -> tuple[int, int] | None:
    """(row, column), 1-based, of a reference as calamine reads it (column 0: none); None if it cannot."""
    ref = _REF.fullmatch(value)
    if ref is None or not ref.group(2):
        return None
    column = 0
    for ch in ref.group(1).upper()[:8]:  # eight letters already pass 2**32
        column = min(column * 26 + ch - 64, _MAX_POSITION)
    digits = ref.group(2)
    return (int(digits) if len(digits) <= 10 else _MAX_POSITION), column


def _place(xml: bytes) -> tuple[int, int, int]:
    """Rows, columns and cells of the sheet calamine builds from ``xml``, tag by tag.

    A row's ``r`` moves to that row, the end of a row to the next; a cell's ``r`` places it, a cell
    without one goes right of the one before. Where a tag holds two ``r`` the larger counts: the
    bound must hold whichever calamine takes."""
    row = column = 0  # the next cell's place without an r, 0-based
    max_row = max_column = -1
    cells = 0
    for tag in _TAG.finditer(xml):
        end, name, attrs = tag.groups()
        places = [p for v in _R.findall(attrs) if (p := _position(v[0] or v[1])) is not None]
        if end:
            if name == b"row":
                row, column = row + 1, 0
            continue
        if name == b"row":
            if places:
                row = max(r for r, _ in places) - 1
            if attrs.rstrip().endswith(b"/"):
                row, column = row + 1, 0
            continue
        cells += 1
        if cells > MAX_CELLS:
            break
        at = (row, column)
        if places:
            at = (max(r for r, _ in places) - 1, max(c for _, c in places) - 1)
            column = at[1]
        column += 1
        max_row, max_column = max(max_row, at[0]), max(max_column, at[1])
    return max_row + 1, max_column + 1, cells


_BUILTIN_PERCENT = {"9", "10"}  # 0% and 0.00%, the built-in number formats of ECMA-376 18.8.30
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, an escaped character, [colour] or [condition]


def percent_cells(path: str, wanted: dict[str, set[str]]) -> dict[str, set[str]]:
    """Per sheet of ``wanted``, its cells in the given columns whose number format shows a percentage ("J5").

    calamine gives the value stored, 0.98 for a cell Excel shows as 98 %; the style says which.
    Empty when the workbook has no percent format (nearly always), without reading any sheet."""
    with zipfile.ZipFile(path) as z:
        styles = _percent_styles(z)
        if not styles:
            return {}
        parts = {name: part for part, name in _sheet_parts(z).items()}
        return {sheet: _styled(z, parts[sheet], letters, styles) for sheet, letters in wanted.items() if sheet in parts}


def _styled(z: zipfile.ZipFile, part: str, letters: set[str], styles: set[str]) -> set[str]:
    """Cells of ``part`` in columns ``letters`` whose style is one of ``styles``."""
    columns = b"|".join(re.escape(letter.encode()) for letter in sorted(letters))
    cell = re.compile(
        rb'<(?:\w+:)?c\s[^>]*?\br="((?:'
        + columns
        + rb')\d+)"[^>]*?\bs="(\d+)"|<(?:\w+:)?c\s[^>]*?\bs="(\d+)"[^>]*?\br="((?:'
        + columns
        + rb')\d+)"'
    )
    found: set[str] = set()
    carry = b""
    with z.open(part) as fh:
        while True:
            chunk = fh.read(CHUNK)
            buffer = carry + chunk
            if chunk:  # a tag cut at the chunk's end waits for the next
                cut = buffer.rfind(b"<")
                buffer, carry = (buffer[:cut], buffer[cut:]) if cut > 0 else (b"", buffer)
            for ref, style, style2, ref2 in cell.findall(buffer):
                if (style or style2).decode() in styles:
                    found.add((ref or ref2).decode())
            if not chunk:
                return found


def _percent_styles(z: zipfile.ZipFile) -> set[str]:
    """Indexes (as text) of the cell formats whose number format is a percentage."""
    try:
        root = ElementTree.fromstring(z.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return set()
    percent = set(_BUILTIN_PERCENT)
    for fmt in root.iterfind("m:numFmts/m:numFmt", NS):
        if "%" in _QUOTED.sub("", fmt.get("formatCode", "")):
            percent.add(fmt.get("numFmtId", ""))
    return {str(i) for i, xf in enumerate(root.iterfind("m:cellXfs/m:xf", NS)) if xf.get("numFmtId", "0") in percent}


def _bare_formulas(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[tuple[str, str]]:
    """(cell, formula text) of each cell with a formula and no saved value, a row at a time."""
    out: list[tuple[str, str]] = []
    carry = b""
    with z.open(info) as fh:
        while True:
            chunk = fh.read(CHUNK)
            buffer = carry + chunk
            # whole rows now, the row begun at the end with the next chunk (or all of it at the end)
            cut = buffer.rfind(b"<row") if chunk else len(buffer)
            if cut <= 0 and len(buffer) < 16 * CHUNK and chunk:
                carry = buffer
                continue
            cut = cut if cut > 0 else len(buffer)
            _bare_in(buffer[:cut], out)
            carry = buffer[cut:]
            if not chunk:
                return out


def _bare_in(xml: bytes, out: list[tuple[str, str]]) -> None:
    for attrs, inner in _CELL.findall(xml):
        if not inner or b"f" not in inner:
            continue
        f = _F.search(inner)
        if f is None or _V.search(inner):
            continue
        ref = _CELL_REF.search(attrs)
        text = (f.group(1) or b"").decode("utf-8", "replace")
        out.append((ref.group(1).decode() if ref else "", "=" + text if text else "(共享公式)"))
