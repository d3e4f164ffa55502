"""``tanhe demo``: the whole flow over the bundled samples, outputs under one folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

from accounting.calc import calculate
from accounting.errors import AccountingError
from accounting.files import write_atomically
from accounting.reader import read_submission
from accounting.report import Job, render_batch
from accounting.samples import SAMPLES, write_sample
from accounting.store.ingest import ingest


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
        yield (
            f"  {e.name} {result.year}：{result.tco2e:,.1f} tCO2e，{result.energy.tce:,.1f} tce"
            f"（方法 {result.method}）→ {results / (name + '.json')}"
        )
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
    """The regulator's part: a synthetic province into a fresh store, each file when it would arrive,
    its monitoring chain (deposits, the grid's electricity, verifications), then the reports."""
    from accounting.chain import demo as chain
    from accounting.chain.render import render_evaluation, render_review, render_verification
    from accounting.market import demo as market_demo
    from accounting.market.render import render_allocation, render_compliance, render_roster
    from accounting.planning import render_assessment, render_budget, render_inventory, render_projects
    from accounting.planning.demo import balance_workbook, budget_workbook, project_workbooks
    from accounting.province import PROVINCE, YEARS, generate
    from accounting.region import render_region
    from accounting.store import Store

    folder = out / "province"
    last = YEARS[-1]
    yield f"示例省份（合成数据）写入 {folder}"
    submissions, corrections, statistics = generate(folder)
    earlier = [p for p in submissions if not p.stem.endswith(f"_{last}")]
    annual = [p for p in submissions if p.stem.endswith(f"_{last}")]
    db = out / "tanhe.db"
    db.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    jobs = os.cpu_count() or 1
    with Store(str(db)) as store:

        def stored(paths: list[Path], when: str) -> Iterator[str]:
            store.clock = lambda: when
            for outcome in ingest(store, paths, jobs=jobs):
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
                if outcome.status == "rejected":
                    yield f"  {Path(outcome.file).name}：{outcome.message}"

        yield from stored([*earlier, statistics], f"{last}-01-15T02:00:00+00:00")
        budget = budget_workbook(store, last, folder / "budgets")  # set from last year's use
        yield from stored([budget], f"{last}-01-20T02:00:00+00:00")
        deposited = list(chain.deposits(folder / "deposits"))
        for path, when in deposited:  # each month's deposit when it arrives
            yield from stored([path], when)
        yield from stored([chain.grid_export(folder)], f"{last + 1}-01-20T02:00:00+00:00")
        yield from stored(annual, f"{last + 1}-03-20T02:00:00+00:00")
        yield from stored(corrections, f"{last + 1}-04-10T02:00:00+00:00")  # after the originals: version 2
        for path, when in chain.verifications(store, folder / "verifications"):
            yield from stored([path], when)
        yield from stored(
            [market_demo.registry_export(store, last, folder / "registry", PROVINCE)],
            f"{last + 1}-11-20T08:00:00+00:00",
        )
        projects = project_workbooks(folder / "projects", last + 1)
        yield from stored(projects, f"{last + 1}-11-25T08:00:00+00:00")
        yield from stored([balance_workbook(folder / "balance", last)], f"{last + 1}-11-26T08:00:00+00:00")
        yield (
            f"入库 {db}：{counts.get('stored', 0)} 个文件（报送含一份更正版本、统计数据表、预算表、"
            f"两个项目评价表、能源平衡表、{len(deposited)} 份月度存证、电网用电数据、核查、配额登记导出），"
            f"拒收 {counts.get('rejected', 0)} 个"
        )
        reports = out / "reports"
        written, summary = render_region(store, last, reports, province=PROVINCE, langs=("zh", "en"))
        review, review_summary = render_review(store, last, 3, reports, province=PROVINCE, langs=("zh", "en"))
        flagged = chain.verifications_with_findings(store, last)
        verification = render_verification(store, flagged, last, reports, langs=("zh", "en"))
        evaluation, _ = render_evaluation(store, last, reports, province=PROVINCE, langs=("zh", "en"))
        allocation, _ = render_allocation(store, YEARS[-2], reports, province=PROVINCE, langs=("zh", "en"))
        as_of = date(last + 1, 11, 30)
        complied, compliance = render_compliance(
            store, last, reports, province=PROVINCE, as_of=as_of, langs=("zh", "en")
        )
        short = next(e["uscc"] for e in compliance["enterprises"] if e["status"] == "at_risk")
        statement, _ = render_compliance(store, last, reports, uscc=short, as_of=as_of, langs=("zh", "en"))
        listed, roster = render_roster(store, last + 1, reports, province=PROVINCE, langs=("zh", "en"))
        budgeted, budgets = render_budget(store, last, reports, month=9, province=PROVINCE, langs=("zh", "en"))
        assessed = []
        for path in projects:
            files, assessment = render_assessment(path, reports, store=store, langs=("zh", "en"))
            assessed += files
            a = assessment
            yield (
                f"  项目 {a['project_id']}：{a['tco2e']:,.0f} tCO2e/年，{a['tce']:,.0f} tce/年，"
                f"替代{'满足' if a['replacement']['covers_energy'] else '不足'}"
                f"{'，所在市（州）缓批限批' if a['restricted'] else ''}"
            )
        ledger, _ = render_projects(store, reports, province=PROVINCE, langs=("zh", "en"))
        inventoried, inventory = render_inventory(store, PROVINCE, last, reports, langs=("zh", "en"))
        covered = {c["group"]: c["share"] for c in inventory["coverage"]}
        yield (
            f"  {PROVINCE} {last} 年能源活动 CO2（能源平衡表）：{inventory['tco2'] / 1e4:,.0f} 万吨，"
            f"入库单位覆盖火力发电与供热 {covered['transformation']:.0%}、工业 {covered['industry']:.0%}"
        )
    statuses = [t["status"] for t in summary["targets"]]
    yield (
        f"  {PROVINCE} {last}：{sum(r['tco2e'] for r in summary['regions'] if r['level'] == 'province'):,.0f} "
        f"tCO2e，重点排放单位 {len(summary['key_emitters'])} 家，目标进度正常 {statuses.count('on_track')} 项、"
        f"预警 {statuses.count('warning')} 项"
    )
    late = [s for s in review_summary["status"] if s["status"] != "on_time"]
    grid = [g for g in review_summary["grid"] if g["flag"]]
    yield (
        f"  {last} 年 3 月存证：{len(review_summary['status'])} 家应存证，逾期或未存证 {len(late)} 家；"
        f"与电网用电量不符 {len(grid)} 家"
    )
    yield (
        f"  {last} 年度履约（截至 {as_of}）：应履约 {compliance['obligated']} 家，"
        f"已履约 {compliance['complied']} 家，配额不足 {compliance['at_risk']} 家，"
        f"尚待清缴 {compliance['to_surrender_tco2e']:,.0f} t，缺口 {compliance['shortfall_tco2e']:,.0f} t；"
        f"{last + 1} 年度名录 {len(roster['listed'])} 家"
    )
    levels = [b["level"] for b in budgets["budgets"]]
    held = [r["city"] for r in budgets["restrictions"] if r["restricted"]]
    yield (
        f"  {last} 年 1—9 月预算执行：{len(levels)} 项预算，一级预警 {levels.count(1)} 项、二级 {levels.count(2)} 项；"
        f"缓批限批 {'、'.join(held) or '无'}"
    )
    for path in [
        *written,
        *review,
        *verification,
        *evaluation,
        *allocation,
        *complied,
        *statement,
        *listed,
        *budgeted,
        *assessed,
        *ledger,
        *inventoried,
    ]:
        yield f"  → {path}"
