"""``tanhe demo``: the whole flow over the bundled samples, outputs under one folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from accounting.calc import calculate
from accounting.errors import AccountingError
from accounting.files import write_atomically
from accounting.reader import read_submission
from accounting.report import Job, render_batch
from accounting.samples import SAMPLES, write_sample


def _write_text(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")


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
        text = result.to_json(lines=True) + "\n"
        write_atomically(results / f"{name}.json", partial(_write_text, text=text))
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
    yield from _province(out / "demo")
    yield "完成。"


def _province(out: Path) -> Iterator[str]:
    """The regulator's part: a synthetic province into a fresh store, then the regional report."""
    from accounting.province import PROVINCE, YEARS, generate
    from accounting.region import render_region
    from accounting.store import Store

    folder = out / "province"
    yield f"示例省份（合成数据）写入 {folder}"
    submissions, corrections, statistics = generate(folder)
    db = out / "tanhe.db"
    db.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    with Store(str(db)) as store:
        # the originals first, the correction after them: it becomes version 2
        for batch in ([*submissions, statistics], corrections):
            for outcome in store.ingest(batch, jobs=os.cpu_count() or 1):
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
                if outcome.status == "rejected":
                    yield f"  {Path(outcome.file).name}：{outcome.message}"
        yield (f"入库 {db}：{counts.get('stored', 0)} 个文件（含一份更正版本与统计数据表），"
               f"拒收 {counts.get('rejected', 0)} 个")
        written, summary = render_region(store, YEARS[-1], out / "reports", province=PROVINCE, langs=("zh", "en"))
    statuses = [t["status"] for t in summary["targets"]]
    yield (f"  {PROVINCE} {YEARS[-1]}：{sum(r['tco2e'] for r in summary['regions'] if r['level'] == 'province'):,.0f} "
           f"tCO2e，重点排放单位 {len(summary['key_emitters'])} 家，目标进度正常 {statuses.count('on_track')} 项、"
           f"预警 {statuses.count('warning')} 项")
    for path in written:
        yield f"  → {path}"
