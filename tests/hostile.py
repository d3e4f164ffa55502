"""A corpus of hostile workbooks, built from the valid sample by rules (no binary files kept).

Each :class:`Case` is one way a package can lie to a reader: about where a sheet is, how big it
is, how it is encoded, how many strings it holds. ``refused`` cases must be refused with the words
given, before calamine allocates anything; ``read`` cases are unusual but honest and must read as
the original does. :func:`mutants` adds random damage from a seed (bytes, XML parts, cells).
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FUEL = "xl/worksheets/sheet3.xml"  # 化石燃料 in the valid sample
FAR = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "refused" or "read"
    said: str  # words the message must hold ("" for a read case)
    build: Callable[[dict[str, bytes]], dict[str, bytes]]  # parts in, parts out


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info.filename) for info in z.infolist()}


def write(parts: dict[str, bytes], path: Path) -> Path:
    path.write_bytes(_zip(parts))
    return path


def _sheet_rows(parts: dict[str, bytes], rows: bytes, part: str = FUEL) -> dict[str, bytes]:
    out = dict(parts)
    out[part] = out[part].replace(b"</sheetData>", rows + b"</sheetData>")
    return out


def _replace(part: str, old: bytes, new: bytes) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def build(parts: dict[str, bytes]) -> dict[str, bytes]:
        out = dict(parts)
        assert old in out[part], (part, old)
        out[part] = out[part].replace(old, new)
        return out

    return build


def _then(*steps: Callable[[dict[str, bytes]], dict[str, bytes]]) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def build(parts: dict[str, bytes]) -> dict[str, bytes]:
        for step in steps:
            parts = step(parts)
        return parts

    return build


def _far(parts: dict[str, bytes]) -> dict[str, bytes]:
    return _sheet_rows(parts, FAR)


def _utf16(parts: dict[str, bytes]) -> dict[str, bytes]:
    out = _far(parts)
    text = out[FUEL].decode("utf-8")
    out[FUEL] = ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16")
    return out


def _unnumbered(parts: dict[str, bytes]) -> dict[str, bytes]:
    # a last row, then 16 384 cells without r: calamine places them side by side to XFD
    return _sheet_rows(parts, b'<row r="1048576">' + b"<c><v>1</v></c>" * 16_384 + b"</row>")


def _unnumbered_rows(parts: dict[str, bytes]) -> dict[str, bytes]:
    # 500 000 rows without r after a wide cell: each ends a row, calamine counts on
    return _sheet_rows(
        parts, b'<row r="600"><c r="ZZ600"><v>1</v></c></row>' + b"<row/>" * 500_000 + b"<row><c><v>1</v></c></row>"
    )


def _shared_strings(parts: dict[str, bytes]) -> dict[str, bytes]:
    out = dict(parts)
    out["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4294967295">'
        b"<si><t>x</t></si></sst>"
    )
    return out


def _one_reference(parts: dict[str, bytes], cells: int = 12_500_000) -> dict[str, bytes]:
    # every cell at A1: a rectangle of one, but calamine collects each cell first
    return _sheet_rows(parts, b'<row r="1">' + b'<c r="A1"/>' * cells + b"</row>")


def _prefixed(parts: dict[str, bytes]) -> dict[str, bytes]:
    # honest, but with the prefix some .NET writers use on every element: calamine reads local names
    out = dict(parts)
    xml = out[FUEL]
    xml = re.sub(rb"<(/?)(worksheet|sheetData|row|c|v|is|t)(?=[\s>/])", rb"<\1x:\2", xml)
    out[FUEL] = xml.replace(
        b"<x:worksheet ", b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1
    )
    return out


def _local_header(parts: dict[str, bytes], offset: int) -> bytes:
    """The package with the central directory's offset of the fuel sheet's local header changed."""
    raw = bytearray(_zip(parts))
    name = FUEL.encode()
    at = 0
    while (at := raw.find(b"PK\x01\x02", at + 1)) != -1:
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + length] == name:
            struct.pack_into("<I", raw, at + 42, offset % 2**32)
            return bytes(raw)
    raise AssertionError("fuel sheet not in the central directory")


CASES = [
    Case("far-cell", "refused", "工作表范围过大", _far),
    Case(
        "junk-after-workbook",
        "refused",
        "工作表范围过大",
        _then(_far, lambda p: {**p, "xl/workbook.xml": p["xl/workbook.xml"] + b"<junk>&#0;</junk>"}),
    ),
    Case(
        "junk-in-relationships",
        "refused",
        "工作表范围过大",
        _then(_far, lambda p: {**p, "xl/_rels/workbook.xml.rels": p["xl/_rels/workbook.xml.rels"] + b"\x00junk"}),
    ),
    Case(
        "target-in-other-case",
        "refused",
        "工作表范围过大",
        _then(_far, _replace("xl/_rels/workbook.xml.rels", b"/xl/worksheets/sheet3.xml", b"/XL/Worksheets/SHEET3.XML")),
    ),
    Case(
        "two-sheets-one-name",
        "refused",
        "工作表范围过大",
        _then(
            _far,
            _replace("xl/workbook.xml", b'name="_tanhe"', b'name="\xe5\x8c\x96\xe7\x9f\xb3\xe7\x87\x83\xe6\x96\x99"'),
        ),
    ),
    Case("utf16-sheet", "refused", "字符编码不受支持", _utf16),
    Case("cells-without-r", "refused", "工作表范围过大", _unnumbered),
    Case("rows-without-r", "refused", "工作表范围过大", _unnumbered_rows),
    Case(
        "second-r",
        "refused",
        "工作表范围过大",
        lambda p: _sheet_rows(p, b'<row r="9"><c r="A9" r="XFD1048576"><v>1</v></c></row>'),
    ),
    Case(
        "single-quoted-r",
        "refused",
        "工作表范围过大",
        lambda p: _sheet_rows(p, b"<row r='9'><c r='XFD1048576'><v>1</v></c></row>"),
    ),
    Case(
        "lower-case-r",
        "refused",
        "工作表范围过大",
        lambda p: _sheet_rows(p, b'<row r="9"><c r="xfd1048576"><v>1</v></c></row>'),
    ),
    Case(
        "gt-in-attribute",
        "refused",
        "工作表范围过大",
        lambda p: _sheet_rows(p, b'<row r="9"><c r="A9" x=">" r="XFD1048576"><v>1</v></c></row>'),
    ),
    Case("prefixed-far", "refused", "工作表范围过大", _then(_far, _prefixed)),
    Case("unique-count", "refused", "共享字符串表", _shared_strings),
    Case("one-reference", "refused", "工作表范围过大", _one_reference),
    Case("prefixed", "read", "", _prefixed),
]


def build(case: Case, valid: Path, out: Path) -> Path:
    path = out / f"{case.name}.xlsx"
    write(case.build(_parts(valid)), path)
    return path


def broken_local_header(valid: Path, out: Path, offset: int) -> Path:
    path = out / f"local-header-{offset}.xlsx"
    path.write_bytes(_local_header(_parts(valid), offset))
    return path


def zip_encrypted(valid: Path, out: Path) -> Path:
    """The package with zip's own encryption flag set on every entry (zipfile then raises RuntimeError)."""
    raw = bytearray(valid.read_bytes())
    for signature, flags_at in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        at = -1
        while (at := raw.find(signature, at + 1)) != -1:
            struct.pack_into("<H", raw, at + flags_at, struct.unpack_from("<H", raw, at + flags_at)[0] | 1)
    path = out / "zip-encrypted.xlsx"
    path.write_bytes(bytes(raw))
    return path


def mutants(valid: Path, out: Path, seed: int, count: int) -> list[Path]:
    """``count`` damaged copies: a third byte-level, a third inside one XML part, a third in cells."""
    rng = random.Random(seed)
    raw = valid.read_bytes()
    parts = _parts(valid)
    xml_names = [n for n in parts if n.endswith((".xml", ".rels"))]
    made = []
    for i in range(count):
        path = out / f"mutant-{seed}-{i:03d}.xlsx"
        kind = i % 3
        if kind == 0:
            data = bytearray(raw)
            for _ in range(rng.randint(1, 8)):
                at = rng.randrange(len(data))
                data[at] = rng.randrange(256)
            path.write_bytes(bytes(data))
        else:
            name = rng.choice(xml_names) if kind == 1 else FUEL
            xml = bytearray(parts[name])
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(len(xml))
                if kind == 1:
                    xml[at : at + rng.randint(0, 20)] = rng.choice(
                        [b"<", b">", b'"', b"&", b"\x00", b"<c/>", b"</row>", b'r="XFD1048576"', b"\xff\xfe", b""]
                    )
                else:
                    m = re.compile(rb"<v>[^<]*</v>").search(xml, at)
                    if m:
                        xml[m.start() : m.end()] = (
                            b"<v>"
                            + rng.choice([b"1e308", b"inf", b"-0", b"NaN", b"9" * 400, b"", b"TRUE", b"\xef\xbc\x91"])
                            + b"</v>"
                        )
            write({**parts, name: bytes(xml)}, path)
        made.append(path)
    return made


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()
