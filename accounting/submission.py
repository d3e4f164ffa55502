"""What a submission workbook holds once read: typed tables that remember their cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from accounting.arrays import Coded
from accounting.issues import Issue
from accounting.schema import Sheet


def column_letter(index: int) -> str:
    """Excel's name of the column at 0-based ``index``: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class SheetTable:
    """One table sheet: ``data`` has a column per schema key found, plus ``row`` (Excel's row number).

    Number columns are float64 (NaN for blank or unreadable), ``month`` is int (0 = 全年,
    -1 = unreadable), text and unit columns are str ('' for blank).
    """

    schema: Sheet
    name: str
    letters: dict[str, str]
    data: pd.DataFrame  # never changed once read: what is derived from it may be kept
    _coded: dict[str, Coded] = field(default_factory=dict, repr=False, compare=False)

    def coded(self, key: str) -> Coded:
        """Column ``key`` factorised, once per table: the checks and the calculation ask for the
        same columns again and again, and hashing 200 000 texts is most of what they would cost."""
        found = self._coded.get(key)
        if found is None:
            column = self.data[key]
            found = self._coded[key] = Coded.of(column.to_numpy(object if column.dtype == object else None))
        return found

    def cells(self, key: str, positions: np.ndarray | None = None) -> list[str]:
        """Excel addresses of column ``key`` at the given row positions (all rows if None)."""
        rows = self.data["row"].to_numpy()
        if positions is not None:
            rows = rows[positions]
        letter = self.letters.get(key, "")
        return [f"{letter}{r}" for r in rows]

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Submission:
    """A read submission: enterprise information, its tables, and what reading found wrong."""

    file: str
    info: dict[str, Any]
    info_cells: dict[str, str]
    info_sheet: str
    tables: dict[str, SheetTable]
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    sha256: str = ""  # of the file's bytes

    def table(self, key: str) -> SheetTable | None:
        return self.tables.get(key)

    @property
    def year(self) -> int:
        return int(self.info["year"])

    @property
    def sector(self) -> str:
        return str(self.info.get("sector", "other"))

    @property
    def province(self) -> str:
        return str(self.info.get("province", ""))
