"""A CJK font for the PDF: found with fontconfig, prepared once, cached.

WeasyPrint embeds a subset of each font it uses, and subsetting a whole CJK font (65 000
glyphs) takes several seconds per face. So the first CJK font of the house list that the
machine has is cut once to the characters of GB 2312 plus Latin and punctuation, without
layout tables, its PostScript outlines turned into TrueType ones (which subset five times
faster), and cached under ``$TANHE_CACHE`` (default ``~/.cache/tanhe``); a report then
subsets that small font in a fraction of a second. Characters outside it fall back to the
system's own font of the same family, so nothing is lost, only slower.

No CJK font at all is an error with a clear message, never a PDF of empty boxes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from accounting.errors import ReportError
from accounting.report.document import house

PREPARED = 2  # bump when the preparation changes, so old cache files are not reused
INSTALL_HINT = ("请安装中文字体后重试：运行 make demo（项目的安装步骤会安装 fonts-noto-cjk），"
                "或 apt-get install fonts-noto-cjk")


@dataclass(frozen=True)
class Face:
    family: str
    file: Path
    index: int
    bold: bool


@dataclass(frozen=True)
class Fonts:
    """The prepared faces (regular, bold) and the system family to fall back on."""

    regular: Path | None  # None: the font could not be prepared; the family is used as installed
    bold: Path | None
    fallback: str


def cache_dir() -> Path:
    root = os.environ.get("TANHE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tanhe")
    return Path(root) / "fonts"


def _faces() -> list[Face]:
    """Every CJK face fontconfig knows (``fc-list :lang=zh``)."""
    if shutil.which("fc-list") is None:
        raise ReportError("找不到 fontconfig（fc-list），无法查找中文字体", expected=INSTALL_HINT)
    out = subprocess.run(["fc-list", ":lang=zh", "family", "file", "index", "weight"],
                         capture_output=True, text=True, check=False).stdout
    faces = []
    for line in out.splitlines():
        # /usr/share/fonts/…/NotoSansCJK-Regular.ttc: Noto Sans CJK SC,Noto Sans CJK SC Regular:index=2:weight=80
        path, _, rest = line.partition(": ")
        parts = rest.split(":")
        families = parts[0].split(",")
        props = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        weight = int(float(props.get("weight", "80")))
        for family in families:
            faces.append(Face(family.strip(), Path(path), int(props.get("index", "0")), weight >= 200))
    return faces


def _choose() -> tuple[Face, Face]:
    faces = _faces()
    if not faces:
        raise ReportError("本机没有中文字体（CJK），PDF 会显示为空白方框，已停止生成", expected=INSTALL_HINT)
    for family in [*house()["font"]["pdf_families"], *(f.family for f in faces)]:
        regular = [f for f in faces if f.family == family and not f.bold]
        if regular:
            bold = [f for f in faces if f.family == family and f.bold] or regular
            return regular[0], bold[0]
    raise ReportError("本机的中文字体都是粗体，无法排版正文", expected=INSTALL_HINT)  # pragma: no cover


def _charset() -> list[int]:
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | set(range(0x2000, 0x2300)) \
        | set(range(0x2460, 0x2500)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return sorted(chars)


def _prepare(face: Face) -> Path:
    """The face cut to GB 2312 + Latin, cached by file, index, size and mtime."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    stat = face.file.stat()
    name = f"{face.file.stem}-{face.index}-{stat.st_size}-{int(stat.st_mtime)}-v{PREPARED}"
    folder = cache_dir()
    if (folder / (name + ".ttf")).is_file():
        return folder / (name + ".ttf")
    font = TTFont(str(face.file), fontNumber=face.index, lazy=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "FFTM", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_charset())
    subsetter.subset(font)
    if "CFF " in font:
        _to_truetype(font)
    suffix = ".ttf"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=suffix)
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, folder / (name + suffix))
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return folder / (name + suffix)


def _to_truetype(font: Any) -> None:
    """Replace a font's CFF outlines by quadratic TrueType ones (max error 1 font unit)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


@cache
def fonts() -> Fonts:
    """The prepared CJK faces; prepares them on first use (a few seconds, once per machine)."""
    regular, bold = _choose()
    try:
        return Fonts(_prepare(regular), _prepare(bold) if bold != regular else _prepare(regular),
                     regular.family)
    except ReportError:
        raise
    except Exception:  # a font fontTools cannot cut: use the installed family as it is
        return Fonts(None, None, regular.family)
