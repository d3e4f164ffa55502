"""The enterprise's commands: ``tanhe calc``, ``validate``, ``template`` and ``demo``.

Each reads a workbook through the public API of :mod:`accounting` and prints what it returns.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

import accounting as api
from accounting.cli.app import (
    EXIT_INVALID,
    QUIET,
    guarded,
    lang_of,
    library,
    main,
    method_options,
    open_store,
    options,
    say,
)


def calculated(path: str, method: str | None, factors: tuple[str, ...], **choices: Any) -> api.Result:
    return api.calculate(api.read_submission(path), method, options(**choices), library(factors))


@main.command()
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="输出 DESIGN 3.3 的结果 JSON")
@click.option("--lines", is_flag=True, help="JSON 中加入逐行计算轨迹")
@method_options
@guarded
def calc(path: str, as_json: bool, lines: bool, lang: str, **choices: Any) -> None:
    """核算一份报送工作簿的排放量与能耗。

    \b
    例 Example:
      tanhe calc submission.xlsx --json
      tanhe calc submission.xlsx --method provincial --factor-year 2022 --json --lines
    """
    result = calculated(path, **choices)
    if as_json or lines:
        click.echo(result.to_json(lines=lines, lang=lang))
    else:
        click.echo(summary(result, lang))


@main.command()
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出问题清单")
@click.option(
    "--annotate", "annotated", type=click.Path(dir_okay=False), help="另存一份标注了问题单元格（填色加批注）的副本"
)
@click.option("--db", "db_url", help="数据库：给出时，年报逐月与库中最新的月度存证对账")
@QUIET
@method_options
@guarded
def validate(
    path: str,
    as_json: bool,
    annotated: str | None,
    db_url: str | None,
    lang: str,
    quiet: bool,
    method: str | None,
    factors: tuple[str, ...],
    **choices: Any,
) -> None:
    """检查报送工作簿或月度存证表，逐个单元格列出全部问题（有错误时退出码为 1）。

    \b
    例 Example:
      tanhe validate submission.xlsx
      tanhe validate submission.xlsx --json --lang en
      tanhe validate submission.xlsx --annotate submission-批注.xlsx
      tanhe validate annual.xlsx --db tanhe.db       # 与月度存证对账
      tanhe validate 2025-03-存证.xlsx
      tanhe validate submission.xlsx --quiet     # 只有一行汇总；退出码同上
    """
    store = open_store(db_url) if db_url else None
    try:
        report = api.validate_file(path, method, options(**choices), library(factors), store)
    finally:
        if store is not None:
            store.close()
    if annotated:
        api.annotate(path, report, annotated, lang)
    if as_json:
        click.echo(api.strict_json(report.to_dict(lang), indent=2))
    else:
        if report.issues and not quiet:
            click.echo(report.render_text(lang))
        zh = lang != "en"
        counts = report.counts(lang)
        verdict = (
            ("可以核算" if report.valid else "请修改后重新报送")
            if zh
            else ("ready to calculate" if report.valid else "please correct and resubmit")
        )
        click.echo(f"{path}：{counts}，{verdict}" if zh else f"{path}: {counts}; {verdict}")
        if annotated:
            click.echo(f"批注副本：{annotated}" if zh else f"annotated copy: {annotated}")
    if not report.valid:
        sys.exit(EXIT_INVALID)


@main.command()
@click.option(
    "--sector",
    "-s",
    help="行业：发电 power、水泥熟料 cement、电解铝 aluminium、钢铁 steel、平板玻璃 glass、化工 chemicals、其他 other",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .xlsx 文件")
@click.option("--sample", is_flag=True, help="写出该行业的内置样例报送，而不是空白模板")
@click.option("--statistics", is_flag=True, help="写出区域统计数据表（GDP、工业增加值、能源消费、目标赋值、名录）")
@click.option("--budget", is_flag=True, help="写出碳排放与能耗预算表（各地区年度预算）")
@click.option("--balance", is_flag=True, help="写出能源平衡表（省级能源活动二氧化碳清单用）")
@click.option(
    "--project",
    is_flag=True,
    help="写出新建项目评价表：该行业的报送模板（设计年度）加「项目」「替代来源」两表，配合 --sector",
)
@click.option("--deposit", is_flag=True, help="写出月度存证表（一个月的关键参数与证据清单），配合 --month")
@click.option("--month", type=click.IntRange(1, 12), help="月度存证表的月份")
@click.option(
    "--verification", is_flag=True, help="写出核查表：库中一家单位某年度报送的全部参数，配合 --uscc --year --db"
)
@click.option("--uscc", help="核查表的统一社会信用代码")
@click.option("--year", type=int, help="核查表的报告年度")
@click.option("--db", "db_url", help="核查表取自的数据库")
@guarded
def template(
    sector: str | None,
    output: str,
    sample: bool,
    statistics: bool,
    budget: bool,
    balance: bool,
    project: bool,
    deposit: bool,
    month: int | None,
    verification: bool,
    uscc: str | None,
    year: int | None,
    db_url: str | None,
) -> None:
    """写出一个行业的报送模板（下拉列表、填写说明、版本标记）、月度存证表、核查表，或区域统计数据表、预算表。

    \b
    例 Example:
      tanhe template --sector cement -o 水泥报送.xlsx
      tanhe template --sector 化工 -o sample.xlsx --sample
      tanhe template --sector power --deposit --month 3 -o 2025-03-存证.xlsx
      tanhe template --verification --uscc 91630100MA7QH0004R --year 2025 --db tanhe.db -o 核查表.xlsx
      tanhe template --statistics -o 统计数据.xlsx
      tanhe template --budget -o 2026年度预算.xlsx
      tanhe template --project --sector cement -o 熟料项目.xlsx
      tanhe template --balance -o 2025能源平衡表.xlsx
    """
    if statistics:
        api.write_statistics(output)
        click.echo(say("wrote_statistics", path=output))
        return
    if balance:
        api.write_balance(output)
        click.echo(say("wrote_balance", path=output))
        return
    if budget:
        api.write_budget(output)
        click.echo(say("wrote_budget", path=output))
        return
    if verification:
        if not (uscc and year):
            raise click.UsageError(say("verification_needs"))
        with open_store(db_url) as store:
            api.write_verification_template(store, uscc.strip().upper(), year, output)
        click.echo(say("wrote_verification", uscc=uscc, year=year, path=output))
        return
    if not sector:
        raise click.UsageError(say("sector_needed"))
    key = sector if sector in api.SECTOR_ZH else api.SECTORS.get(sector.strip())
    if key is None:
        choices = say("separator").join(f"{zh} {en}" for zh, en in api.SECTORS.items())
        raise click.UsageError(say("sector_invalid", sector=sector, choices=choices))
    if project:
        api.write_project(output, key)
        click.echo(say("wrote_project", sector=api.sector_name(key, lang_of()), path=output))
        return
    if deposit:
        api.write_deposit_template(output, key, month=month)
        click.echo(say("wrote_deposit", sector=api.sector_name(key, lang_of()), path=output))
        return
    if sample:
        name = api.sample_for(key)
        if name is None:
            have = say("separator").join(
                sorted({api.sector_name(s, lang_of()) for s in map(api.sample_sector, api.SAMPLES)})
            )
            raise click.UsageError(say("no_sample", sector=api.sector_name(key, lang_of()), have=have))
        api.write_sample(name, output)
        click.echo(say("wrote_sample", name=name, path=output))
    else:
        api.write_template(output, key)
        click.echo(
            say("wrote_template", sector=api.sector_name(key, lang_of()), version=api.TEMPLATE_VERSION, path=output)
        )


def summary(result: api.Result, lang: str = "zh") -> str:
    """A few lines a person reads at the terminal."""
    e = result.enterprise
    zh = lang != "en"
    words = api.Labels(lang)  # the reports' words (templates/report/labels.toml)
    lines = [
        f"{e.name}（{e.uscc}）{result.year} 年  方法 {result.method}"
        if zh
        else f"{e.name} ({e.uscc}) {result.year}  method {result.method}",
        f"  {'排放总量' if zh else 'total'}  {result.tco2e:,.2f} tCO2e",
    ]
    for key, value in result.by_category.items():
        lines.append(f"    {words[f'cat.{key}']}  {value:,.2f}")
    gases = [f"{gas} {amount:,.3f} t" for gas, amount in result.by_gas.items() if amount and gas != "CO2"]
    if gases:
        lines.append(
            f"  {'按气体' if zh else 'by gas'}  CO2 {result.by_gas.CO2:,.2f} t；"
            + "；".join(gases)
            + f"（GWP {result.gwp_set}）"
        )
    lines.append(
        f"  {'综合能耗' if zh else 'energy'}  {result.energy.tce:,.2f} tce"
        f"（{'其中原料' if zh else 'feedstock'} {result.energy.tce_feedstock:,.2f}）"
    )
    for item in result.intensity:
        lines.append(f"  {item.name}  {item.value:.4f}")
    if result.not_official:
        lines.append(
            ("  非官方核实因子来源：" if zh else "  factors not verified official: ")
            + "、".join(sorted({c.source_id for c in result.not_official}))
        )
    for issue in result.issues:
        lines.append(f"  {'警告' if zh else 'warning'} {issue.sheet}!{issue.cell} [{issue.code}] {issue.message(lang)}")
    return "\n".join(lines)


@main.command()
@click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False), help="输出目录")
@guarded
def demo(out: str) -> None:
    """演示：样例报送的核算、结果 JSON 与三种报告；再生成一个示例省份，入库并出具区域碳达峰进展报告。

    \b
    例 Example:
      tanhe demo --out reports
    """
    for line in api.run_demo(Path(out)):
        click.echo(line)
