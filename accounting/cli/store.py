"""The store's commands: ``tanhe db ingest | restore | list | history | verify``.

Thin: each calls :class:`accounting.Store` and prints what it returns.
"""

from __future__ import annotations

import sys
from typing import Any

import click

import accounting as api
from accounting.cli.app import (
    CSV,
    DB,
    EXIT_INVALID,
    QUIET,
    apply,
    bar_shown,
    choice_options,
    database,
    echo_json,
    echo_records,
    guarded,
    jobs_or_cores,
    lang_of,
    library,
    main,
    open_store,
    options,
    progress,
    records_of,
    say,
)


@main.group()
def db() -> None:
    """企业报送与统计数据的数据库：入库、列表、版本历史、完整性校验。

    \b
    例 Example:
      tanhe db ingest submissions/*.xlsx statistics.xlsx --db tanhe.db
      tanhe db list --db tanhe.db --json
      tanhe db history 91630100MA7QH0004R --db tanhe.db
      tanhe db restore --uscc 91630100MA7QH0004R --year 2025 --version 1 --db tanhe.db
      tanhe db verify --db tanhe.db
    """


@db.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@DB
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="读取与核算的并行进程数（缺省为全部 CPU 核）")
@click.option(
    "--in-order",
    is_flag=True,
    help="同一单位同一年度有多份不同文件时，按命令行给出的顺序入库，后者为更正件（缺省：均拒收）",
)
@QUIET
@apply(choice_options())
@guarded
def db_ingest(
    paths: tuple[str, ...],
    db_url: str | None,
    jobs: int | None,
    in_order: bool,
    quiet: bool,
    method: str | None,
    factors: tuple[str, ...],
    **choices: Any,
) -> None:
    """报送工作簿和统计数据表入库：每个文件一个事务。

    库中已有的文件内容（任一版本）不会再入库；内容有改动的文件是该单位该年度的下一版，报告读最新版。
    同一批中同一单位同一年度有两份不同文件时无法判断谁更正谁，均拒收并列出两者：请先入库原件、
    再入库更正件，或加 --in-order 声明命令行顺序即版本顺序。恢复旧版本用 tanhe db restore。
    核算选项与 tanhe calc 相同（--method、--gwp、--factors …），随每一版记入库中，校验时按同样的选项重新核算。

    \b
    例 Example:
      tanhe db ingest submissions/*.xlsx --db tanhe.db
      tanhe db ingest 原件.xlsx 更正.xlsx --in-order --db tanhe.db
      tanhe db ingest 统计数据.xlsx --db sqlite:///tanhe.db
      tanhe db ingest submissions/*.xlsx --factors 本省因子/ --method provincial-2024 --db tanhe.db
      tanhe db ingest submissions/*.xlsx --quiet --db tanhe.db      # 只列出拒收的文件与汇总
    """
    counts = {"stored": 0, "unchanged": 0, "rejected": 0}
    with api.Store(database(db_url)) as store:
        outcomes = api.ingest(
            store,
            paths,
            method,
            options=options(**choices),
            library=library(factors),
            jobs=jobs_or_cores(jobs),
            in_order=in_order,
        )
        shown = progress(outcomes, len(paths), say("ingesting"), quiet)
        later = bar_shown(shown)  # while a bar is drawn, the refused files wait for its end
        refused: list[api.Outcome] = []
        for o in shown:
            counts[o.status] += 1
            if o.status == "rejected":
                if later:
                    refused.append(o)
                else:
                    _refused(o)
            elif not quiet and not later:
                click.echo(f"{o.file}{say('colon')}{_outcome(o)}")
    for o in refused:
        _refused(o)
    stored, unchanged, rejected = counts["stored"], counts["unchanged"], counts["rejected"]
    click.echo(say("ingest_summary", stored=stored, unchanged=unchanged, rejected=rejected))
    if counts["rejected"]:
        sys.exit(EXIT_INVALID)


def _refused(o: api.Outcome) -> None:
    """A file not stored, with every error of it, on stderr."""
    for issue in o.issues:
        where = "!".join(p for p in (issue.sheet, issue.cell) if p)
        click.echo(f"{o.file}:{where}: [{issue.code}] {issue.message(lang_of())}", err=True)
    why = o.message.removeprefix(f"文件 {o.file}：")  # the file is named once, in front
    click.echo("tanhe: " + say("not_stored", file=o.file, why=_english(why)), err=True)


def _outcome(o: api.Outcome) -> str:
    """What became of a stored or unchanged file, in a line."""
    who = _english(o.label) or (say("statistics") if o.kind == "statistics" else f"{o.uscc} {o.year}")
    if lang_of() == "en" and o.kind == "submission":
        who = f"{o.uscc} {o.year}"  # the label says 年度
    why = _english(o.message)
    if o.status == "stored":
        done = say("stored_because" if why else "stored", who=who, version=o.version, why=why)
    elif why:
        done = say("unchanged_because", who=who, why=why)
    else:
        done = say("unchanged", who=who, version=o.version)
    return say("with_tonnes", line=done, tonnes=f"{o.tco2e:,.1f}") if o.kind == "submission" and o.tco2e else done


def _english(message: str) -> str:
    """A message of the store (Chinese) in English where the command speaks English and the glossary
    knows all of it; as written otherwise."""
    return api.english(message) if lang_of() == "en" and message else message


@db.command("restore")
@click.option("--uscc", help="统一社会信用代码（恢复统计数据时不填）")
@click.option("--year", type=int, help="报告年度")
@click.option("--statistics", is_flag=True, help="恢复统计数据表的旧版本")
@click.option("--version", "version", type=click.IntRange(min=1), required=True, help="要恢复的版本号")
@DB
@guarded
def db_restore(uscc: str | None, year: int | None, statistics: bool, version: int, db_url: str | None) -> None:
    """把一家单位某年度（或统计数据）的旧版本恢复为当前版本：它作为下一版写入，日志记下来源版本。

    \b
    例 Example:
      tanhe db restore --uscc 91630100MA7QH0004R --year 2025 --version 1 --db tanhe.db
      tanhe db restore --statistics --version 1 --db tanhe.db
    """
    if statistics == bool(uscc):
        raise click.UsageError(say("restore_which"))
    if uscc and year is None:
        raise click.UsageError(say("restore_year"))
    with open_store(db_url) as store:
        o = store.restore(version, uscc.strip().upper() if uscc else None, year)
    click.echo(_outcome(o))


@db.command("list")
@DB
@click.option("--year", type=int, help="只列出这一年度")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：[{uscc, name, year, version, sha256, tco2e}]")
@CSV
@guarded
def db_list(db_url: str | None, year: int | None, as_json: bool, as_csv: bool) -> None:
    """列出库中每家单位每个年度的最新版本。

    \b
    例 Example:
      tanhe db list --db tanhe.db
      tanhe db list --db tanhe.db --year 2025 --json
    """
    with open_store(db_url) as store:
        frame = store.latest([year] if year else None)
    keys = ["uscc", "name", "year", "version", "sha256", "tco2e"]
    records = [
        {k: (round(float(r[k]), 6) if k == "tco2e" else int(r[k]) if k in ("year", "version") else r[k]) for k in keys}
        | {"city": r["city"], "sector": r["sector"]}
        for r in frame.to_dict("records")
    ]
    if as_json or as_csv:
        echo_records(records, as_json)
        return
    for r in records:
        click.echo(f"{r['uscc']}  {r['year']}  v{r['version']}  {r['tco2e']:>16,.1f} tCO2e  {r['name']}（{r['city']}）")
    click.echo(say("listed", n=len(records)))


@db.command("history")
@click.argument("uscc")
@DB
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@CSV
@guarded
def db_history(uscc: str, db_url: str | None, as_json: bool, as_csv: bool) -> None:
    """一家单位的全部报送版本：入库时间、文件、SHA-256、排放量。

    \b
    例 Example:
      tanhe db history 91630100MA7QH0004R --db tanhe.db
    """
    with open_store(db_url) as store:
        frame = store.history(uscc.strip().upper())
    if as_json or as_csv:
        echo_records(records_of(frame), as_json)
        return
    if frame.empty:
        click.echo(say("no_history", uscc=uscc))
        return
    for r in frame.itertuples():
        note = "  " + say("restored_from", version=int(r.restored_from)) if r.restored_from else ""
        click.echo(f"{r.year} v{r.version}  {r.received}  {r.tco2e:,.1f} tCO2e  {r.file_name}  {r.sha256[:16]}…{note}")


@db.command("head")
@DB
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：{seq, hash}")
@guarded
def db_head(db_url: str | None, as_json: bool) -> None:
    """日志头：最后一条日志的序号与哈希。记在库外（公文、邮件、网站），日后用 tanhe db verify --anchor 核对。

    \b
    例 Example:
      tanhe db head --db tanhe.db
    """
    with open_store(db_url) as store:
        seq, hash_ = api.log_head(store)
    if as_json:
        echo_json({"seq": seq, "hash": hash_})
    else:
        click.echo(f"{seq}\t{hash_}")


@db.command("verify")
@DB
@click.option("--no-recompute", is_flag=True, help="不按原始文件重新核算（只校验日志链、文件哈希与数据摘要）")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="重新核算的并行进程数（缺省为全部 CPU 核）")
@click.option(
    "--factors",
    "factors",
    multiple=True,
    type=click.Path(file_okay=False),
    help="入库时另加的因子集目录（与 tanhe db ingest --factors 相同），可重复",
)
@click.option(
    "--anchor",
    metavar="HASH",
    help="在库外记录的日志头哈希（tanhe db head 给出）：检查它仍在日志链中，发现连同日志一起被删除的版本",
)
@guarded
def db_verify(
    db_url: str | None, no_recompute: bool, jobs: int | None, factors: tuple[str, ...], anchor: str | None
) -> None:
    """校验数据库：日志哈希链、原始文件哈希、各版本数据摘要，并按原始文件重新核算（有问题时退出码为 1）。

    \b
    例 Example:
      tanhe db verify --db tanhe.db
      tanhe db verify --db tanhe.db --no-recompute
      tanhe db verify --db tanhe.db --factors 本省因子/
      tanhe db verify --db tanhe.db --anchor 3f5a…   # 上月公布的日志头哈希

    \b
    能发现 Detects: 日志条目被改动、删除、插入或不是 JSON；原始文件被改动、改为文本或删除；
    任一版本的数据行被改动，或不经入库写入、或被删除（日志仍记着它）；重新核算结果不同。
    只有给出 --anchor 才能发现：最新的若干版本连同其日志条目一起被删除（库内再无痕迹）。
    不能发现 Cannot detect: 有人重写整条日志链及全部数据而库外没有记录日志头哈希。
    """
    with open_store(db_url) as store:
        findings = api.verify(store, not no_recompute, jobs_or_cores(jobs), library(factors), anchor)
    for finding in findings:
        click.echo(str(finding))
    if findings:
        click.echo(say("findings", n=len(findings)), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(say("verified") + ("" if no_recompute else say("recomputed")))
