"""Encode the plan targets (shared/reference/targets) as the bundled catalogue factors/targets/.

Run from the repository: ``python tools/encode_targets.py ../shared/reference/targets``. Each row
keeps its document, clause and the exact quote; an ``id`` is added (T0001 …, in the reference's
order) so that reports and regulators can name a target. Nothing is changed or added.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

COLUMNS = [
    "id",
    "jurisdiction",
    "level",
    "document",
    "clause",
    "indicator_cn",
    "indicator_code",
    "base_year",
    "target_year",
    "value",
    "unit",
    "comparator",
    "commitment",
    "quote",
    "source_file",
]


def main(reference: str) -> None:
    source = Path(reference) / "plan_targets.csv"
    out = Path(__file__).resolve().parent.parent / "factors" / "targets" / "plan_targets.csv"
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for n, row in enumerate(rows, start=1):
            writer.writerow({"id": f"T{n:04d}", **{k: row[k].strip() for k in COLUMNS[1:]}})
    print(f"{len(rows)} targets → {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/targets")
