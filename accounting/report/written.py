"""Documents written as files: each language's document in each format, under names the caller gives."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from accounting.report.document import Document
from accounting.report.output import target


def write_documents(
    docs: Mapping[str, Document], out: Path, stem_of: Callable[[str], str], formats: Iterable[str]
) -> list[Path]:
    """Each document (by language) in each format into ``out``, named ``stem_of(lang)``.``fmt``."""
    from accounting.report.pdf import write_pdf
    from accounting.report.xlsx import write_xlsx

    written = []
    for lang, doc in docs.items():
        for fmt in formats:
            path = target(out, f"{stem_of(lang)}.{fmt}")
            written.append(write_xlsx(doc, path) if fmt == "xlsx" else write_pdf(doc, path))
    return written
