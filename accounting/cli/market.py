"""The market's commands: ``tanhe allowances``, ``tanhe report compliance | roster``.

Thin like the others: each calls :mod:`accounting.market.render` and prints what it returns.
(Registry exports are stored by ``tanhe db ingest``, as every other file.)
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

import accounting as api
from accounting.cli.app import DB, FORMATS, LANGS, OUT, done, formats_and_langs, guarded, main, open_store, report


@main.command("allowances")
@DB
@click.option("--year", "-y", type=int, required=True, help="配额年度")
@click.option("--province", "-p", help="省份（缺省为库中全部）")
@click.option("--uscc", help="只核定这一家单位")
@OUT
@FORMATS
@LANGS
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：各单位预分配、核定配额、机组及每个系数的来源")
@guarded
def allowances(
    db_url: str | None,
    year: int,
    province: str | None,
    uscc: str | None,
    out: str,
    formats: str,
    langs: str,
    as_json: bool,
) -> None:
    """配额核定：按国家分配方案，以经核查（无核查时为报送并标明）的数据计算各单位的预分配与核定配额，每个基准值与修正系数注明来源。

    \b
    例 Example:
      tanhe allowances --db tanhe.db --year 2024 --out reports
      tanhe allowances --db tanhe.db --year 2024 --uscc 91620100MA7GX00036 --json
    """
    with open_store(db_url) as store:
        written, summary = api.render_allocation(
            store,
            year,
            None if as_json else Path(out),
            province=province,
            uscc=uscc.strip().upper() if uscc else None,
            **formats_and_langs(formats, langs),
        )
    done(written, summary if as_json else None)


@report.command("compliance")
@DB
@click.option("--year", "-y", type=int, required=True, help="履约年度（所清缴排放量的年度）")
@click.option("--province", "-p", help="省份（缺省为库中全部）")
@click.option("--uscc", help="只出这一家单位的履约情况说明")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="截至日期（缺省为今天）")
@OUT
@FORMATS
@LANGS
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：履约率、风险单位、缺口，各单位清缴与 CCER")
@guarded
def report_compliance(
    db_url: str | None,
    year: int,
    province: str | None,
    uscc: str | None,
    as_of: datetime.datetime | None,
    out: str,
    formats: str,
    langs: str,
    as_json: bool,
) -> None:
    """配额清缴履约报告：各单位应覆盖排放量，核定、持有、已清缴配额与 CCER（超限不抵销），缺口与状态；履约率、风险单位。

    \b
    例 Example:
      tanhe report compliance --db tanhe.db --year 2025 --out reports --lang zh,en
      tanhe report compliance --db tanhe.db --year 2025 --uscc 91620100MA7GX00036
    """
    with open_store(db_url) as store:
        written, summary = api.render_compliance(
            store,
            year,
            None if as_json else Path(out),
            province=province,
            uscc=uscc.strip().upper() if uscc else None,
            as_of=as_of.date() if as_of else None,
            **formats_and_langs(formats, langs),
        )
    done(written, summary if as_json else None)


@report.command("roster")
@DB
@click.option("--year", "-y", type=int, required=True, help="名录年度")
@click.option("--province", "-p", help="省份（缺省为库中全部）")
@OUT
@FORMATS
@LANGS
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：名录、新纳入、移出")
@guarded
def report_roster(
    db_url: str | None, year: int, province: str | None, out: str, formats: str, langs: str, as_json: bool
) -> None:
    """重点排放单位名录：覆盖行业中前两年任一年排放量达到门槛的单位，及与上一年度名录相比新纳入和移出的单位。

    \b
    例 Example:
      tanhe report roster --db tanhe.db --year 2026 --out reports
    """
    with open_store(db_url) as store:
        written, summary = api.render_roster(
            store, year, None if as_json else Path(out), province=province, **formats_and_langs(formats, langs)
        )
    done(written, summary if as_json else None)
