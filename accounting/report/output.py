"""Where reports go: file names from enterprise names that cannot leave the output folder, and
files written to a temporary name and renamed, so no reader ever sees half a report.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from accounting.errors import ReportError
from accounting.files import write_atomically

__all__ = ["safe_stem", "target", "write_atomically"]

_UNSAFE = re.compile(r"[^\w\-.（）()]+")
MAX_STEM = 120


def safe_stem(*parts: object) -> str:
    """A file-name stem from text such as an enterprise name.

    Path separators, '..', control and shell characters become '_'; leading dots and blanks go;
    the result is never empty and at most MAX_STEM characters.
    """
    text = "_".join(str(p) for p in parts if str(p).strip())
    text = unicodedata.normalize("NFKC", text)
    text = _UNSAFE.sub("_", text).replace("..", "_").strip("._ ")
    return text[:MAX_STEM].rstrip("._ ") or "report"


def target(folder: Path, name: str) -> Path:
    """``folder / name``, refused if it would fall outside ``folder``."""
    folder = folder.resolve()
    path = (folder / name).resolve()
    if path.parent != folder:
        raise ReportError("报告文件名会写到输出目录之外，已拒绝", found=name, expected=str(folder))
    return path
