"""Where reports go: file names from enterprise names that cannot leave the output folder, and
files written to a temporary name and renamed, so no reader ever sees half a report.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from accounting.errors import ReportError
from accounting.files import write_atomically

__all__ = ["safe_stem", "target", "write_atomically"]

_UNSAFE = re.compile(r"[^\w\-.（）()]+")
# File systems count a name's bytes (ext4: 255) or UTF-16 units (NTFS, exFAT: 255); a Chinese
# character is 3 bytes in UTF-8. A stem of at most 150 bytes leaves room for the report's name,
# a "-2" of a batch, the extension and the temporary name a file is written under.
MAX_STEM_BYTES = 150
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def scope_of(province: str | None, lang: str) -> str:
    """The scope a regulator's report file is named by: the province, or all regions in ``lang``."""
    return province or ("all-regions" if lang == "en" else "全部地区")


def safe_stem(*parts: object) -> str:
    """A file-name stem from text such as an enterprise name.

    Path separators, '..', control and shell characters become '_'; leading dots and blanks go;
    the result is never empty, never a name Windows reserves, and at most MAX_STEM_BYTES in UTF-8.
    A longer one is cut and ends in 8 characters of the SHA-256 of the whole text, so two long
    names that share a beginning still give two files.
    """
    whole = "_".join(str(p) for p in parts if str(p).strip())
    text = unicodedata.normalize("NFKC", whole)
    text = _UNSAFE.sub("_", text).replace("..", "_").strip("._ ") or "report"
    if text.split(".")[0].casefold() in _RESERVED:
        text = "_" + text
    if len(text.encode()) > MAX_STEM_BYTES:
        digest = hashlib.sha256(whole.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        cut = text.encode()[: MAX_STEM_BYTES - 9].decode("utf-8", "ignore").rstrip("._ ")
        text = f"{cut}_{digest}"
    return text


def target(folder: Path, name: str) -> Path:
    """``folder / name``, refused if it would fall outside ``folder``."""
    folder = folder.resolve()
    path = (folder / name).resolve()
    if path.parent != folder:
        raise ReportError("报告文件名会写到输出目录之外，已拒绝", found=name, expected=str(folder))
    return path
