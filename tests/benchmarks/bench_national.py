"""Bench (g): the store and the regional report at national scale, on SQLite and on PostgreSQL.

``python tests/benchmarks/bench_national.py [N] [--workers W] [--backend sqlite|postgresql|both]``
(default 100 000 enterprises, 2 workers, both). As in bench (f), four real workbooks of 20 lines a
month are read, checked and calculated once; the N enterprises are built from those results (each
its own USCC, city, sector and bytes: 192 computed lines and 13 months each) and written by W
processes at once, each version one transaction as ``tanhe db ingest`` writes them, so the figure
is the store's (the calculation's own rate is bench (f)'s). Then, in a fresh process each, the
regional report's figures alone (``--json``: what the aggregation costs) and the report in xlsx +
pdf, with the time and the process's peak memory. PostgreSQL is a throwaway server started here
(``tools/postgres.py``), durable (fsync on) unlike the test suite's.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tools/ and the package from a checkout

from bench_store import workbook  # beside this file

from accounting import Store
from accounting.province import CITIES
from accounting.store.prepare import prepare
from accounting.store.record import Prepared
from accounting.uscc import complete

SECTORS = ("other", "cement", "power", "steel")


def variant(patterns: list[Prepared], i: int) -> Prepared:
    """Enterprise ``i``: a pattern with its own USCC, name, city, sector and bytes."""
    base = patterns[i % len(patterns)]
    uscc = complete(f"91{CITIES[i % 4][1]}MA{i:07d}")
    content = base.content + uscc.encode()
    sha = hashlib.sha256(content).hexdigest()
    record = dict(base.record, uscc=uscc, name=f"企业{i:06d}", city=CITIES[i % 4][0], sha256=sha, sector=SECTORS[i % 4])
    return dataclasses.replace(base, record=record, content=content, sha256=sha)


def write_share(db: str, patterns: list[Prepared], first: int, n: int, step: int) -> int:
    """Write enterprises first, first + step, … below n; return how many were stored."""
    stored = 0
    with Store(db) as store:
        for i in range(first, n, step):
            outcome = store.write(f"e{i}", partial(store.store_version, p=variant(patterns, i)))
            stored += outcome.status == "stored"
    return stored


REPORT = """
import json, resource, sys, time
from pathlib import Path
from accounting import Store
from accounting.region import render_region
db, out, formats = sys.argv[1], Path(sys.argv[2]), tuple(sys.argv[3].split(",")) if sys.argv[3] else ()
t0 = time.perf_counter()
with Store(db, create=False) as store:
    written, summary = render_region(store, 2025, out if formats else None, province="青海省", formats=formats)
took = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": took, "peak_mb": peak, "enterprises": len(summary["key_emitters"])}))
"""


def report(db: str, out: Path, formats: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", REPORT, db, str(out), formats], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(name: str, db: str, patterns: list[Prepared], n: int, workers: int, folder: Path) -> None:
    Store(db).close()  # the schema, before the workers race to make it
    lines = len(patterns[0].tables["lines"])
    context = multiprocessing.get_context("spawn")
    t0 = time.perf_counter()
    with context.Pool(workers) as pool:
        stored = sum(pool.starmap(write_share, [(db, patterns, k, n, workers) for k in range(workers)]))
    took = time.perf_counter() - t0
    assert stored == n, (stored, n)
    print(
        f"  {name}: store {n:,} enterprises ({n * lines:,} lines) on {workers} processes: {took:.0f} s, "
        f"{n / took:,.0f} enterprises/s, {n * lines / took:,.0f} lines/s"
    )
    figures = report(db, folder / "out", "")
    seconds, peak = figures["seconds"], figures["peak_mb"]
    print(f"  {name}: the regional report's figures (--json): {seconds:.1f} s, peak {peak:,.0f} MB")
    files = report(db, folder / "out", "xlsx,pdf")
    print(f"  {name}: the regional report, xlsx + pdf: {files['seconds']:.1f} s, peak {files['peak_mb']:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tanhe-national-"))
    patterns = [prepare(workbook(folder / f"w{i}.xlsx", i)) for i in range(4)]
    print(f"(g) national scale: {args.n:,} enterprises × 12 months, {args.workers} writing processes")
    if args.backend in ("sqlite", "both"):
        db = str(folder / "national.db")
        run("SQLite", db, patterns, args.n, args.workers, folder)
        print(f"  SQLite: store {Path(db).stat().st_size / 1e9:.1f} GB")
    if args.backend in ("postgresql", "both"):
        from tools.postgres import start, stop

        url, pg = start(durable=True)
        try:
            run("PostgreSQL", url, patterns, args.n, args.workers, folder)
        finally:
            stop(pg)


if __name__ == "__main__":
    main()
