"""``tanhe report enterprise | audit | disclosure``: an enterprise's reports from its workbooks, on every core."""

from __future__ import annotations

import sys
from typing import Any

import click

import accounting as api
from accounting.cli.app import (
    EXIT_INVALID,
    EXIT_UNREADABLE,
    OUT,
    QUIET,
    apply,
    bar_shown,
    choice_options,
    guarded,
    listed,
    options,
    progress,
    report,
    say,
)


def _failed(outcome: api.AccountingError) -> None:
    """A submission no report was made of: its errors and the reason, on stderr."""
    if isinstance(outcome, api.InvalidSubmission):
        click.echo(outcome.report.render_text(), err=True)
    click.echo(f"tanhe: {outcome.message}", err=True)


def report_command(kind: str, default_langs: str, doc: str) -> None:
    """Register ``tanhe report <kind>``: one or many submissions, rendered on every core.

    Each command offers only what it uses: the auditor workbook is an Excel workbook in Chinese (no
    ``--format``, no ``--lang``), and only the disclosure compares with the prior year (``--prior``)."""

    def command(
        paths: tuple[str, ...],
        out: str,
        jobs: int | None,
        method: str | None,
        factors: tuple[str, ...],
        quiet: bool,
        langs: str = "zh",
        formats: str = "xlsx",
        prior: str | None = None,
        **choices: Any,
    ) -> None:
        fmt = listed(formats, ("xlsx", "pdf"), "格式")
        batch = [
            api.ReportJob(
                path, out, (kind,), fmt, listed(langs, ("zh", "en"), "语言"), method, options(**choices), factors, prior
            )
            for path in paths
        ]
        code, files, refused = 0, 0, 0
        shown = progress(api.render_batch(batch, jobs), len(batch), say("rendering"), quiet)
        later = bar_shown(shown)  # while a bar is drawn, the failures wait for its end
        failed: list[api.AccountingError] = []
        for path, outcome in shown:
            if isinstance(outcome, api.AccountingError):
                invalid = isinstance(outcome, api.InvalidSubmission)
                code = max(code, EXIT_INVALID if invalid else EXIT_UNREADABLE)
                refused += 1
                if later:
                    failed.append(outcome)
                else:
                    _failed(outcome)
                continue
            files += len(outcome)
            if not quiet and not later:
                for written in outcome:
                    click.echo(f"{path} → {written}")
        for outcome in failed:
            _failed(outcome)
        if quiet or later:
            made = len(batch) - refused
            click.echo(say("batch_summary", made=made, files=files, refused=refused, out=out))
        if code:
            sys.exit(code)

    decorated = apply(choice_options())(guarded(command))
    decorated = QUIET(decorated)
    if kind == "disclosure":
        decorated = click.option(
            "--prior", type=click.Path(dir_okay=False), help="上年度报送工作簿（信息披露的同比变化）"
        )(decorated)
    decorated = click.option("--jobs", "-j", type=click.IntRange(min=1), help="并行进程数（缺省为全部 CPU 核）")(
        decorated
    )
    if kind != "audit":  # the auditor workbook is an Excel workbook in Chinese, as the submission it recomputes
        decorated = click.option(
            "--lang", "langs", default=default_langs, show_default=True, help="语言：zh、en，逗号分隔"
        )(decorated)
        decorated = click.option(
            "--format", "formats", default="xlsx,pdf", show_default=True, help="输出格式：xlsx、pdf，逗号分隔"
        )(decorated)
    decorated = OUT(decorated)
    decorated = click.argument("paths", nargs=-1, required=True)(decorated)
    report.command(kind, help=doc)(decorated)


report_command(
    "enterprise",
    "zh",
    """企业温室气体排放报告（Excel 与 PDF）。

    \b
    例 Example:
      tanhe report enterprise submission.xlsx --out reports --format xlsx,pdf --lang zh,en
      tanhe report enterprise reports/*.xlsx --out reports --jobs 2
      tanhe report enterprise submissions/*.xlsx --out reports --quiet   # 只列出失败的文件与汇总
    """,
)
report_command(
    "audit",
    "zh",
    """核查工作簿：每个计算值都是引用输入与因子的 Excel 公式，并与引擎结果核对。

    \b
    例 Example:
      tanhe report audit submission.xlsx --out reports
    """,
)
report_command(
    "disclosure",
    "zh,en",
    """温室气体信息披露（范围一、范围二，中英文）。

    \b
    例 Example:
      tanhe report disclosure submission.xlsx --prior last-year.xlsx --out reports
    """,
)
