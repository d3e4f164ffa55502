"""``tanhe report region`` and ``report budget``: the regional carbon-peak progress report and the
budget execution report, from the store."""

from __future__ import annotations

from pathlib import Path

import click

import accounting as api
from accounting.cli.app import (
    DB,
    FORMATS,
    LANGS,
    OUT,
    done,
    formats_and_langs,
    guarded,
    library,
    open_store,
    report,
)

FACTORS = click.option(
    "--factors",
    "factors",
    multiple=True,
    type=click.Path(file_okay=False),
    help="另加的因子集目录（与 factors/ 同结构），可重复",
)


@report.command("region")
@DB
@click.option("--year", "-y", type=int, required=True, help="报告年度")
@click.option("--province", "-p", help="省份（缺省为库中全部省份）")
@click.option("--city", help="只报告该市（州）的企业与目标")
@OUT
@FORMATS
@LANGS
@click.option(
    "--scenario",
    help="情景：年增速（%），如 gdp=5.5,energy=2,co2=2:-1（起:止 表示逐年线性变化到 2035 年）",
)
@click.option("--json", "as_json", is_flag=True, help="同时输出 JSON：{year, regions, sectors, targets, key_emitters}")
@guarded
def report_region(
    db_url: str | None,
    year: int,
    province: str | None,
    city: str | None,
    out: str,
    formats: str,
    langs: str,
    scenario: str | None,
    as_json: bool,
) -> None:
    """区域碳达峰进展报告：分地区、分行业、月度与季度、规划目标评估与路径、峰值预测、重点排放单位、能效标杆、数据质量。

    \b
    例 Example:
      tanhe report region --db tanhe.db --year 2025 --province 青海省 --out reports
      tanhe report region --db tanhe.db --year 2025 --json --format pdf
      tanhe report region --db tanhe.db --year 2025 --scenario gdp=5.5,energy=2,co2=2:-1
    """
    given = api.parse_scenario(scenario) if scenario else None
    with open_store(db_url) as store:
        written, summary = api.render_region(
            store,
            year,
            Path(out),
            province=province,
            city=city,
            scenario=given,
            **formats_and_langs(formats, langs),
        )
    done(written, summary if as_json else None)


@report.command("budget")
@DB
@click.option("--year", "-y", type=int, required=True, help="预算年度")
@click.option("--month", "-m", type=click.IntRange(1, 12), help="统计截至的月份（缺省为库中该年度最新的月份）")
@click.option("--province", "-p", help="省份（缺省为预算表中全部地区）")
@OUT
@FORMATS
@LANGS
@FACTORS
@click.option("--json", "as_json", is_flag=True, help="同时输出 JSON：{year, month, budgets, restrictions, rules}")
@guarded
def report_budget(
    db_url: str | None,
    year: int,
    month: int | None,
    province: str | None,
    out: str,
    formats: str,
    langs: str,
    factors: tuple[str, ...],
    as_json: bool,
) -> None:
    """碳排放与能耗预算执行报告：各地区已用预算、全年预计、预警等级，各市（州）能耗强度进度与缓批限批。

    \b
    例 Example:
      tanhe report budget --db tanhe.db --year 2025 --month 9 --province 青海省 --out reports
      tanhe report budget --db tanhe.db --year 2025 --json --format pdf
    """
    with open_store(db_url) as store:
        written, summary = api.render_budget(
            store,
            year,
            Path(out),
            month=month,
            province=province,
            library=library(factors),
            **formats_and_langs(formats, langs),
        )
    done(written, summary if as_json else None)


@report.command("project")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--db", "db_url", help="数据库：对照其中的预算、统计数据与缓批限批（不填则只评价项目本身）")
@OUT
@FORMATS
@LANGS
@FACTORS
@click.option("--json", "as_json", is_flag=True, help="同时输出 JSON：排放量、能耗、能效、预算与路径余量、替代")
@guarded
def report_project(
    workbook: str, db_url: str | None, out: str, formats: str, langs: str, factors: tuple[str, ...], as_json: bool
) -> None:
    """新建项目碳排放与节能评价：年排放量与能耗、单位产品能耗对标、占所在市（州）预算余量与全省强度路径余量、缓批限批、替代来源是否足够。

    \b
    例 Example:
      tanhe report project 熟料项目.xlsx --db tanhe.db --out reports
      tanhe report project 熟料项目.xlsx --json --format pdf --lang zh,en
    """
    chosen = formats_and_langs(formats, langs)
    lib = library(factors)
    if db_url:
        with open_store(db_url) as store:
            written, summary = api.render_assessment(
                Path(workbook), Path(out), store=store, formats=chosen["formats"], langs=chosen["langs"], library=lib
            )
    else:
        written, summary = api.render_assessment(
            Path(workbook), Path(out), formats=chosen["formats"], langs=chosen["langs"], library=lib
        )
    done(written, summary if as_json else None)


@report.command("projects")
@DB
@click.option("--province", "-p", help="省份（缺省为库中全部）")
@OUT
@FORMATS
@LANGS
@click.option("--json", "as_json", is_flag=True, help="同时输出 JSON：{projects}")
@guarded
def report_projects(
    db_url: str | None, province: str | None, out: str, formats: str, langs: str, as_json: bool
) -> None:
    """「两高」项目台账：库中每个项目（拟建、在建、存量）的最新版本、状态、产能、设计年排放量与能耗。

    \b
    例 Example:
      tanhe db ingest 熟料项目.xlsx --db tanhe.db
      tanhe report projects --db tanhe.db --province 青海省 --out reports
    """
    with open_store(db_url) as store:
        written, summary = api.render_projects(store, Path(out), province=province, **formats_and_langs(formats, langs))
    done(written, summary if as_json else None)


@report.command("inventory")
@DB
@click.option("--province", "-p", required=True, help="省份（能源平衡表的地区）")
@click.option("--year", "-y", type=int, required=True, help="年度")
@OUT
@FORMATS
@LANGS
@FACTORS
@click.option(
    "--json", "as_json", is_flag=True, help="同时输出 JSON：{region, year, tco2, electricity, fuels, coverage}"
)
@guarded
def report_inventory(
    db_url: str | None,
    province: str,
    year: int,
    out: str,
    formats: str,
    langs: str,
    factors: tuple[str, ...],
    as_json: bool,
) -> None:
    """省级能源活动二氧化碳排放清单：按能源平衡表计算化石燃料燃烧和净调入电力的排放，并与入库单位对比覆盖率。

    \b
    例 Example:
      tanhe template --balance -o 2025能源平衡表.xlsx
      tanhe db ingest 2025能源平衡表.xlsx --db tanhe.db
      tanhe report inventory --db tanhe.db --province 青海省 --year 2025 --out reports
    """
    with open_store(db_url) as store:
        written, summary = api.render_inventory(
            store, province, year, Path(out), library=library(factors), **formats_and_langs(formats, langs)
        )
    done(written, summary if as_json else None)
