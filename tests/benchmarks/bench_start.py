"""Benchmark (g): what a command costs before it does anything, and `tanhe validate` on a sample.

Run: python tests/benchmarks/bench_start.py. Each figure is the best of 7 runs of a fresh
process, so it holds for any machine as a ratio: `tanhe --help` against `python -c "import pandas"`
(goal: at most 1; a command that needs no table should not pay for pandas), and `tanhe validate`
on the bundled qinghai-cement sample against the same.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from goals import goal  # beside this file

from accounting.samples import write_sample

RUNS = 7


def fresh(*argv: str) -> float:
    """Best wall time of ``argv`` run in a new interpreter, seconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, *argv], check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sample = write_sample("qinghai-cement", Path(folder) / "cement.xlsx")
        python = fresh("-c", "pass")
        pandas = fresh("-c", "import pandas")
        helps = fresh("-m", "accounting", "--help")
        validate = fresh("-m", "accounting", "validate", str(sample))
    print(f"(g) python alone                  {python * 1000:7.0f} ms")
    print(f"    python -c 'import pandas'     {pandas * 1000:7.0f} ms")
    print(
        f"    tanhe --help                  {helps * 1000:7.0f} ms  = {helps / pandas:.2f} × import pandas "
        f"{goal(helps / pandas, 1, '≤ 1')}"
    )
    print(f"    tanhe validate (cement)       {validate * 1000:7.0f} ms  = {validate / pandas:.2f} × import pandas")


if __name__ == "__main__":
    main()
