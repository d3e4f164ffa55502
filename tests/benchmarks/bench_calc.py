"""Benchmark of the engine (``make bench``): not a test, a measurement printed for the README.

Generates (once, cached under reports/bench/) a 200 000-line submission: 160 000 fuel lines over
40 fuels, sources, months and units, with measured parameters on a third of them, and 40 000
electricity and heat lines. Reports:

(a) calculation throughput, lines per second, once read (best of 5);
(b) wall time of ``tanhe calc F --json`` as a process, divided by the time pandas with the
    calamine engine takes only to read the same workbook (best of 3 each).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from accounting import calculate, read_submission
from accounting.workbook import write_submission

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "reports" / "bench"
LINES = 200_000
INFO = {"uscc": "91350100M000100Y43", "name": "基准测试企业", "province": "甘肃省", "city": "兰州市",
        "sector": "其他", "year": 2025}
FUELS = [("烟煤", "t"), ("烟煤", "吨"), ("无烟煤", "t"), ("焦炭", "kg"), ("柴油", "t"), ("汽油", "t"),
         ("燃料油", "t"), ("天然气", "万Nm3"), ("天然气", "Nm3"), ("液化石油气", "t"), ("焦炉煤气", "万Nm3"),
         ("高炉煤气", "万Nm3"), ("石油焦", "t"), ("褐煤", "万吨")]
ENERGY = [("购入电力", "MWh"), ("购入电力", "万千瓦时"), ("输出电力", "kWh"), ("购入热力", "GJ"),
          ("输出热力", "百万千焦"), ("购入绿电", "MWh")]


def workbook() -> Path:
    path = OUT / f"submission-{LINES}.xlsx"
    if path.exists():
        return path
    n_fuel = LINES * 4 // 5
    cycle = itertools.cycle(FUELS)
    fuel = []
    for i in range(n_fuel):
        name, unit = next(cycle)
        measured = i % 3 == 0 and unit in ("t", "吨")
        fuel.append((f"设施{i % 97}", name, i % 12 + 1, 10.0 + i % 50, unit,
                     20.5 if measured else None, "GJ/t" if measured else None,
                     0.026 if measured else None, None, 95 if measured else None, "原料" if i % 41 == 0 else "燃料"))
    energy_cycle = itertools.cycle(ENERGY)
    energy = []
    for i in range(LINES - n_fuel):
        kind, unit = next(energy_cycle)
        energy.append((kind, i % 12 + 1, 100.0 + i % 30, unit, None, None))
    print(f"writing {path} ({LINES} lines) ...", flush=True)
    return write_submission(path, INFO, {"fuel": fuel, "energy": energy})


def best(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    path = workbook()
    submission = read_submission(path)
    lines = sum(len(t) for t in submission.tables.values())
    calculate(submission)  # warm: factor sets loaded, unit conversions cached
    t_calc = best(lambda: calculate(submission), 5)
    t_read = best(lambda: read_submission(path), 3)
    t_pandas = best(lambda: pd.read_excel(path, sheet_name=None, engine="calamine"), 3)
    env = dict(os.environ)
    command = [sys.executable, "-m", "accounting", "calc", str(path), "--json"]
    t_cli = best(lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env), 3)
    print(f"lines                          {lines}")
    print(f"(a) calculation, once read     {t_calc * 1000:8.1f} ms  = {lines / t_calc / 1e6:.2f} million lines/s")
    print(f"    tanhe read_submission      {t_read * 1000:8.1f} ms")
    print(f"    pandas read_excel calamine {t_pandas * 1000:8.1f} ms")
    print(f"(b) tanhe calc --json (process){t_cli * 1000:8.1f} ms  = {t_cli / t_pandas:.2f} × pandas read")


if __name__ == "__main__":
    main()
