"""The CJK font of the PDF: the first family of the house list that fontconfig knows.

No CJK font at all is an error with a clear message, never a PDF of empty boxes. WeasyPrint
embeds a subset of each font; with HarfBuzz's subsetter (libharfbuzz-subset, installed by
``tools/setup-system.sh``) that takes milliseconds even for a 65 000-glyph CJK font, without it
seconds, so :func:`fast_subsetting` tells the benchmark which case it measured.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from accounting.errors import ReportError
from accounting.report.document import house

INSTALL_HINT = "运行 bash tools/setup-system.sh（安装 fonts-noto-cjk），或 apt-get install fonts-noto-cjk"


@dataclass(frozen=True)
class Face:
    family: str
    bold: bool


def _faces() -> list[Face]:
    """Every CJK face fontconfig knows (``fc-list :lang=zh``)."""
    if shutil.which("fc-list") is None:
        raise ReportError("找不到 fontconfig（fc-list），无法查找中文字体", expected=INSTALL_HINT)
    out = subprocess.run(
        ["fc-list", ":lang=zh", "family", "weight"], capture_output=True, text=True, check=False
    ).stdout
    faces = []
    for line in out.splitlines():
        # Noto Sans CJK SC,Noto Sans CJK SC Regular:weight=80
        families, _, props = line.partition(":")
        weight = props.rpartition("=")[2]
        bold = weight.isdigit() and int(weight) >= 200
        faces += [Face(family.strip(), bold) for family in families.split(",") if family.strip()]
    return faces


@cache
def cjk_family() -> str:
    """The CJK family the PDF is set in; :class:`ReportError` if the machine has none."""
    faces = _faces()
    known = {f.family for f in faces if not f.bold}
    for family in house()["font"]["pdf_families"]:
        if family in known:
            return str(family)
    if known:
        return sorted(known)[0]
    raise ReportError("本机没有中文字体（CJK），PDF 会显示为空白方框，已停止生成", expected=INSTALL_HINT)


def fast_subsetting() -> bool:
    """Whether WeasyPrint found HarfBuzz's subsetter (else it subsets with fontTools, slowly)."""
    try:
        from weasyprint.text.ffi import harfbuzz_subset
    except ImportError:  # pragma: no cover - older WeasyPrint
        return False
    return harfbuzz_subset is not None
