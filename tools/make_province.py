"""Generate the demo province (submissions of 21 enterprises over 2021, 2024, 2025 and the statistics
workbook) from a seed: ``python tools/make_province.py --seed 2025 --out reports/demo/province``.

``tanhe demo`` does the same; this script is for making a province without the rest of the demo.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from accounting.province import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, default=Path("reports/demo/province"))
    args = parser.parse_args()
    submissions, corrections, statistics = generate(args.out, args.seed)
    print(f"{len(submissions)} submissions, {len(corrections)} corrections and {statistics} written under {args.out}")


if __name__ == "__main__":
    main()
