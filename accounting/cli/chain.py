"""The monitoring chain's commands: ``tanhe report deposits | verification | verifiers``.

Registered on the report group, and thin: each calls the chain's library
and prints what it returns. (Deposits, grid exports and verifications are stored by ``tanhe db
ingest``; their workbooks are written by ``tanhe template --deposit | --verification``.)
"""

from __future__ import annotations

from pathlib import Path

import click

import accounting as api
from accounting.cli.app import DB, FORMATS, LANGS, OUT, done, formats_and_langs, guarded, open_store, report


@report.command("deposits")
@DB
@click.option("--year", "-y", type=int, required=True, help="年度")
@click.option("--month", "-m", type=click.IntRange(1, 12), required=True, help="月份")
@click.option("--province", "-p", help="省份（缺省为库中全部）")
@OUT
@FORMATS
@LANGS
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：存证情况、关键参数、同行比对、缺证据、电网核对、背离")
@guarded
def report_deposits(
    db_url: str | None, year: int, month: int, province: str | None, out: str, formats: str, langs: str, as_json: bool
) -> None:
    """月度存证审核：按时、逾期、未存证；关键参数环比同比与同行业比对；缺少证据的实测值；电网用电核对；排放与用电背离。

    \b
    例 Example:
      tanhe report deposits --db tanhe.db --year 2025 --month 3 --out reports
      tanhe report deposits --db tanhe.db --year 2025 --month 3 --json --format pdf --lang zh,en
    """
    with open_store(db_url) as store:
        written, summary = api.render_review(
            store, year, month, Path(out), province=province, **formats_and_langs(formats, langs)
        )
    done(written, summary if as_json else None)


@report.command("verification")
@DB
@click.option("--uscc", required=True, help="统一社会信用代码")
@click.option("--year", "-y", type=int, required=True, help="报告年度")
@OUT
@FORMATS
@LANGS
@guarded
def report_verification(db_url: str | None, uscc: str, year: int, out: str, formats: str, langs: str) -> None:
    """核查报告：核查对象（报送版本与文件指纹）、核查机构、各项核查发现及其对排放量的影响、报告与核查排放量、结论。

    \b
    例 Example:
      tanhe report verification --db tanhe.db --uscc 91630100MA7QH0004R --year 2025 --out reports
    """
    with open_store(db_url) as store:
        written = api.render_verification(
            store, uscc.strip().upper(), year, Path(out), **formats_and_langs(formats, langs)
        )
    done(written, None)


@report.command("verifiers")
@DB
@click.option("--year", "-y", type=int, required=True, help="报告年度")
@click.option("--province", "-p", help="省份（缺省为库中全部）")
@OUT
@FORMATS
@LANGS
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：{year, due, bodies, enterprises}")
@guarded
def report_verifiers(
    db_url: str | None, year: int, province: str | None, out: str, formats: str, langs: str, as_json: bool
) -> None:
    """核查机构评估：各机构核查数、发现、调整次数与调整量、平均相对变化、逾期报告；各单位报告与核查排放量。

    \b
    例 Example:
      tanhe report verifiers --db tanhe.db --year 2025 --out reports --lang zh,en
    """
    with open_store(db_url) as store:
        written, summary = api.render_evaluation(
            store, year, Path(out), province=province, **formats_and_langs(formats, langs)
        )
    done(written, summary if as_json else None)
