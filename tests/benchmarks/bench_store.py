"""Bench (f): a province of N enterprises × 12 months × 20 lines into the store, then the regional report.

``python tests/benchmarks/bench_store.py [N]`` (default 10 000). Reading and calculating a workbook is
timed on real files (20 lines a month: 12 fuel lines, 4 electricity and heat, 4 production); the
store then takes N enterprises built from those results, each with its own USCC, city and bytes,
one transaction each, as ``tanhe db ingest`` writes them. The report is timed from the store,
cold (a new process would read the same), in xlsx and pdf. Peak memory is the process's maximum RSS.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import resource
import sys
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path

from accounting import Store, ingest
from accounting.market.registry import write_registry
from accounting.market.render import render_allocation, render_compliance, render_roster
from accounting.planning import render_budget, render_inventory
from accounting.planning.budgets import write_budget
from accounting.planning.inventory import write_balance
from accounting.province import CITIES
from accounting.region import render_region
from accounting.store.prepare import prepare
from accounting.template import write_template
from accounting.uscc import complete

BATCH = 200  # real workbooks ingested end to end
FUELS = [("烟煤", "t", 1200.0), ("天然气", "万Nm3", 8.0), ("柴油", "t", 30.0)]


def workbook(path: Path, n: int, uscc: str = complete("91630100MA7BM0001")) -> Path:
    fuel = [
        (f"锅炉{k}", name, m, q * (1 + 0.01 * k + 0.001 * n), unit, None, None, None, None, None, "燃料")
        for m in range(1, 13)
        for k in range(4)
        for name, unit, q in FUELS
    ]
    energy = [
        (kind, m, 400.0 + k, "MWh", None, None)
        for m in range(1, 13)
        for k, kind in enumerate(("购入电力", "购入电力", "购入热力", "输出电力"))
    ]
    energy = [(e[0], e[1], e[2], "GJ" if e[0] == "购入热力" else "MWh", None, None) for e in energy]
    production = [(f"产品{k}", m, 1000.0 + k, "t") for m in range(1, 13) for k in range(4)]
    info = {
        "uscc": uscc,
        "name": "基准企业",
        "province": "青海省",
        "city": "西宁市",
        "region_code": "630100",
        "sector": "其他",
        "year": 2025,
    }
    return write_template(path, "other", info, {"fuel": fuel[:144], "energy": energy, "production": production})


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tanhe-bench-"))
    files = [workbook(folder / f"w{i}.xlsx", i) for i in range(4)]
    t0 = time.perf_counter()
    patterns = [prepare(f) for f in files]
    per_file = (time.perf_counter() - t0) / 4
    lines = len(patterns[0].tables["lines"])
    print(
        f"read + check + calculate one workbook of {lines} lines: {per_file * 1000:.0f} ms "
        f"(→ {per_file * n / 60:.1f} min for {n:,} on one core)"
    )
    batch = [workbook(folder / f"b{i}.xlsx", i, complete(f"91630100MA7C{i:05d}")) for i in range(BATCH)]
    jobs = os.cpu_count() or 1
    with Store(str(folder / "batch.db")) as store:
        t0 = time.perf_counter()
        assert {o.status for o in ingest(store, batch, jobs=jobs)} == {"stored"}
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        assert {o.status for o in ingest(store, batch, jobs=jobs)} == {"unchanged"}
        again = time.perf_counter() - t0
    print(
        f"tanhe db ingest's path, {BATCH} workbooks on {jobs} processes: {first:.1f} s ({BATCH / first:.0f} files/s); "
        f"the same folder again (nothing new, nothing recalculated): {again:.2f} s"
    )
    store = Store(str(folder / "bench.db"))
    t0 = time.perf_counter()
    for i in range(n):
        base = patterns[i % len(patterns)]
        uscc = complete(f"91{CITIES[i % 4][1]}MA7B{i:05d}")
        content = base.content + uscc.encode()
        sha = hashlib.sha256(content).hexdigest()
        record = dict(
            base.record,
            uscc=uscc,
            name=f"基准企业{i:05d}",
            city=CITIES[i % 4][0],
            sha256=sha,
            sector=("other", "cement", "power", "steel")[i % 4],
        )
        p = dataclasses.replace(base, record=record, content=content, sha256=sha)
        outcome = store.write(f"e{i}", partial(store.store_version, p=p))
        assert outcome.status == "stored", outcome
    took = time.perf_counter() - t0
    print(f"store {n:,} enterprises × {lines} lines ({n * lines:,} lines): {took:.1f} s, {n / took:,.0f} files/s")
    store.close()
    t0 = time.perf_counter()
    with Store(str(folder / "bench.db")) as cold:
        written, summary = render_region(cold, 2025, folder / "out", province="青海省")
    report = time.perf_counter() - t0
    size = (folder / "bench.db").stat().st_size / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"regional report from the store (xlsx + pdf): {report:.1f} s; store {size:,.0f} MB; peak RSS {peak:,.0f} MB")
    print(
        f"  {len(summary['key_emitters'])} key emitters, {len(summary['regions'])} regions; {[p.name for p in written]}"
    )
    market(folder, n)
    planning(folder, n)


def planning(folder: Path, n: int) -> None:
    """The planning tools over the same store: a budget for the province and its four cities, the
    budget report through September; an energy balance, the provincial inventory with its coverage."""
    rows = [("青海省", "", 2025, "碳排放预算", 1e6, "万吨", "基准")]
    rows += [(city, "青海省", 2025, "能耗预算", 1e5, "万吨标准煤", "基准") for city, _ in CITIES]
    coal = ("原煤", "万吨", 950, 120, 5, 700, 40, 3, None, 6, 10, 80, None, None)
    files = [write_budget(folder / "budget.xlsx", rows), write_balance(folder / "balance.xlsx", "青海省", 2025, [coal])]
    with Store(str(folder / "bench.db"), create=False) as store:
        assert [o.status for o in ingest(store, files)] == ["stored", "stored"]
    timings = {}
    for name, run in (
        ("budget", lambda s: render_budget(s, 2025, folder / "out", month=9, province="青海省")),
        ("inventory", lambda s: render_inventory(s, "青海省", 2025, folder / "out")),
    ):
        t0 = time.perf_counter()
        with Store(str(folder / "bench.db"), create=False) as cold:
            run(cold)
        timings[name] = time.perf_counter() - t0
    print(
        f"planning, {n:,} enterprises: " + "; ".join(f"{k} report (xlsx + pdf) {v:.1f} s" for k, v in timings.items())
    )


def market(folder: Path, n: int) -> None:
    """The market's end over the same store: a registry export of every covered enterprise, then the
    allocation, the compliance report and the roster, each from a cold store."""
    with Store(str(folder / "bench.db"), create=False) as store:
        covered = store.latest([2025])
        covered = covered[covered.sector.isin(("cement", "power", "steel"))]
        rows = [(u, "", 1000.0, 2000.0 if k % 3 else 0.0, 50.0) for k, u in enumerate(covered.uscc)]
        export = write_registry(folder / "registry.csv", 2025, "2026-10-15", rows)
        t0 = time.perf_counter()
        assert [o.status for o in ingest(store, [export])] == ["stored"]
        took = time.perf_counter() - t0
    timings = {}
    for name, run in (
        ("allocation", lambda s: render_allocation(s, 2025, folder / "out", province="青海省")),
        (
            "compliance",
            lambda s: render_compliance(s, 2025, folder / "out", province="青海省", as_of=date(2026, 11, 30)),
        ),
        ("roster", lambda s: render_roster(s, 2026, folder / "out", province="青海省")),
    ):
        t0 = time.perf_counter()
        with Store(str(folder / "bench.db"), create=False) as cold:
            run(cold)
        timings[name] = time.perf_counter() - t0
    print(
        f"market, {len(rows):,} covered enterprises of {n:,}: registry export ingested {took:.2f} s; "
        + "; ".join(f"{k} (xlsx + pdf) {v:.1f} s" for k, v in timings.items())
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
