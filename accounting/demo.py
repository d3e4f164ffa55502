"""``tanhe demo``: the whole flow over the bundled samples, outputs under one folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from accounting.calc import calculate
from accounting.errors import AccountingError
from accounting.reader import read_submission
from accounting.report import Job, render_batch
from accounting.samples import SAMPLES, write_sample


def _write_text(path: Path, text: str) -> None:
    """Write to a temporary name beside ``path``, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def run_demo(out: Path) -> Iterator[str]:
    """Write each sample, calculate it, write its result JSON, render its three reports; yield a line per step."""
    samples = out / "demo" / "samples"
    results = out / "demo" / "results"
    samples.mkdir(parents=True, exist_ok=True)
    results.mkdir(parents=True, exist_ok=True)
    yield f"样例报送写入 {samples}"
    for name in SAMPLES:
        workbook = write_sample(name, samples / f"{name}.xlsx")
        result = calculate(read_submission(workbook))
        _write_text(results / f"{name}.json", result.to_json(lines=True) + "\n")
        e = result.enterprise
        yield (f"  {e['name']} {result.year}：{result.tco2e:,.1f} tCO2e，{result.energy['tce']:,.1f} tce"
               f"（方法 {result.method}）→ {results / (name + '.json')}")
    reports = out / "demo" / "reports"
    yield f"报告（排放报告、核查工作簿、信息披露）写入 {reports}，使用全部 CPU 核"
    jobs = [Job(str(samples / f"{name}.xlsx"), str(reports), langs=("zh", "en")) for name in SAMPLES]
    for file, outcome in render_batch(jobs):
        if isinstance(outcome, AccountingError):
            yield f"  {Path(file).name}：{outcome.message}"
        else:
            yield f"  {Path(file).name} → {len(outcome)} 个文件"
    yield "完成。"
