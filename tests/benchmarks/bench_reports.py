"""`make bench` (e): reports. The enterprise PDF of each bundled sample (bar: under 2 s), the
Excel report and the auditor workbook, and a batch of every report of every sample on one core
against every core (``tanhe report`` and ``tanhe demo`` render batches on every core).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path

from bench_calc import best  # the same timing rule as (a)–(d); run as a script beside it

from accounting import SAMPLES, calculate, read_submission, render_report, write_sample
from accounting.report import Job, render_batch
from accounting.report.fonts import cjk_family, fast_subsetting

OUT = Path("reports/bench/reports")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"(e) reports (font {cjk_family()}, HarfBuzz subsetting: {'yes' if fast_subsetting() else 'no'})")
    files = [write_sample(name, OUT / f"{name}.xlsx") for name in SAMPLES]
    render_report("enterprise", calculate(read_submission(files[0])), OUT, formats=("pdf",))  # warm up
    worst = 0.0
    for name, path in zip(SAMPLES, files, strict=True):
        result = calculate(read_submission(path))
        pdf = best(partial(render_report, "enterprise", result, OUT, formats=("pdf",)), 3)
        xlsx = best(partial(render_report, "enterprise", result, OUT, formats=("xlsx",)), 3)
        audit = best(partial(render_report, "audit", result, OUT), 3)
        worst = max(worst, pdf)
        print(
            f"    {name:<20} enterprise PDF {pdf * 1000:7.0f} ms   Excel {xlsx * 1000:5.0f} ms   "
            f"audit workbook {audit * 1000:5.0f} ms"
        )
    print(f"    slowest enterprise PDF {worst * 1000:.0f} ms (bar: under 2 s)")
    cores = os.cpu_count() or 1
    timings = {}
    for workers in sorted({1, cores}):
        folder = Path(tempfile.mkdtemp(dir=OUT))
        jobs = [Job(str(p), str(folder), langs=("zh", "en")) for p in files]
        start = time.perf_counter()
        written = sum(len(o) for _, o in render_batch(jobs, workers) if isinstance(o, list))
        timings[workers] = time.perf_counter() - start
        shutil.rmtree(folder)
        print(
            f"    batch, {len(files)} samples × all reports ({written} files), {workers} process(es): "
            f"{timings[workers]:6.2f} s"
        )
    if cores > 1:
        print(f"    speed-up on {cores} cores: {timings[1] / timings[cores]:.2f} ×")


if __name__ == "__main__":
    main()
