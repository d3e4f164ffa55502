"""CSV files other systems export (a grid company's electricity, a registry's holdings): decoded as
Excel in Chinese Windows saves them (UTF-8 with or without BOM, else GB 18030), their columns found
by Chinese or English header, every cell named as Excel shows the file (sheet = the file's name,
A1 = the first header)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from accounting import schema
from accounting.errors import InvalidSubmission, UnreadableWorkbook
from accounting.issues import Issue, ValidationReport
from accounting.submission import column_letter

Columns = Sequence[tuple[str, str, str]]  # (key, Chinese header, English header)


def decode(content: bytes, label: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableWorkbook("不是 UTF-8 或 GB 18030 编码的 CSV 文件", file=label)


def headers(content: bytes) -> list[str]:
    """The first row's headers, folded; [] when the file cannot be decoded or is empty."""
    try:
        text = decode(content, "")
    except UnreadableWorkbook:
        return []
    first = next(csv.reader(io.StringIO(text)), [])
    return [schema.fold(h) for h in first]


@dataclass(frozen=True)
class CsvTable:
    label: str  # the file, as messages name it
    sheet: str  # the file's name without suffix, as Excel names its one sheet
    at: dict[str, int]  # column key -> position
    body: list[list[str]]  # the rows after the header

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(Excel row number, stripped values by key) of every row that is not blank."""
        width = max(self.at.values(), default=-1) + 1
        for number, row in enumerate(self.body, start=2):
            row = row + [""] * (width - len(row))
            if any(c.strip() for c in row):
                yield number, {key: row[i].strip() for key, i in self.at.items()}

    def cell(self, key: str, number: int) -> str:
        return f"{column_letter(self.at[key])}{number}"


def read_csv(path: Path, content: bytes, columns: Columns, optional: Sequence[str] = ()) -> CsvTable:
    """The file's table; InvalidSubmission naming each required column that is missing."""
    label = str(path)
    rows = list(csv.reader(io.StringIO(decode(content, label))))
    if not rows:
        raise UnreadableWorkbook("文件为空", file=label)
    names = {schema.fold(n): key for key, zh, en in columns for n in (zh, en)}
    at: dict[str, int] = {}
    for i, header in enumerate(rows[0]):
        found = names.get(schema.fold(header))
        if found and found not in at:
            at[found] = i
    missing = [
        Issue("column-missing", path.stem, "", expected=f"{zh} [{en}]")
        for key, zh, en in columns
        if key not in at and key not in optional
    ]
    if missing:
        raise InvalidSubmission(ValidationReport(label, tuple(missing)), file=label)
    return CsvTable(label, path.stem, at, rows[1:])


def integer(text: str) -> int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None
