"""The ``tanhe`` application: the command group, the error guard and exit codes, the options many commands share.

Exit codes (DESIGN 3.2): 0 done, 1 invalid input, 2 unreadable input or wrong usage.
No input makes it print a traceback: errors are one line naming the file (set TANHE_DEBUG=1
to see the traceback of an unexpected failure).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from functools import cache, wraps
from pathlib import Path
from typing import Any

import click

import accounting as api

EXIT_INVALID = 1
EXIT_UNREADABLE = 2
EXIT_PIPE = 128 + 13  # what a shell reports for a command ended by SIGPIPE (its reader went away)

DEFAULT_LANG = "环境变量 TANHE_LANG，否则 zh / TANHE_LANG, else zh"
DB_HELP = "数据库：SQLite 文件路径或 SQLAlchemy URL（缺省取环境变量 TANHE_DB，否则 tanhe.db）"


def lang_of(given: str | None = None) -> str:
    """The language of a command's own lines: its ``--lang`` where it has one, else TANHE_LANG."""
    if given in ("zh", "en"):
        return given
    return "en" if os.environ.get("TANHE_LANG", "").strip().lower().startswith("en") else "zh"


def say(key: str, lang: str | None = None, **values: Any) -> str:
    """A line of the command line's own (lines.toml) in the language of :func:`lang_of`."""
    return _lines()[key][1 if lang_of(lang) == "en" else 0].format(**values)


@cache
def _lines() -> dict[str, list[str]]:
    import tomllib

    return tomllib.loads(Path(__file__).with_name("lines.toml").read_text(encoding="utf-8"))


def message_in(error: api.AccountingError, lang: str) -> str:
    """An error's message in ``lang``: in English where the glossary knows its words (names as written)."""
    if lang != "en":
        return error.message
    text = api.english(error.detail or error.what)
    if error.found is not None:
        text += f" (found: {api.english(str(error.found))}"
        text += f"; expected: {api.english(error.expected)})" if error.expected else ")"
    elif error.expected:
        text += f" (expected: {api.english(error.expected)})"
    where = [f"file {error.file}" if error.file else "", f"sheet '{error.sheet}'" if error.sheet else ""]
    where.append(f"cell {error.cell}" if error.cell else "")
    place = ", ".join(w for w in where if w)
    return f"{place}: {text}" if place else text


def fail(message: str, code: int) -> None:
    click.echo(f"tanhe: {message}", err=True)
    sys.exit(code)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error into one line on stderr and the exit code of DESIGN 3.2."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except api.InvalidSubmission as exc:
            lang = lang_of(kwargs.get("lang"))
            click.echo(exc.report.render_text(lang), err=True)
            if kwargs.get("as_json"):
                click.echo(api.strict_json(exc.report.to_dict(lang), indent=2))
            fail(message_in(exc, lang), EXIT_INVALID)
        except api.AccountingError as exc:
            fail(message_in(exc, lang_of(kwargs.get("lang"))), EXIT_UNREADABLE)
        except BrokenPipeError:
            # the reader of our output went away (`tanhe targets list | head -1`): stop quietly, as
            # Unix tools do, and keep Python from complaining when it flushes stdout on the way out
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_PIPE)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except OSError as exc:  # a full disk under our output, a closed terminal, a file the system refused
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush on the way out
            where = f"{say('colon')}{exc.filename}" if exc.filename else say("io_output")
            fail(say("io_failed", where=where, why=exc.strerror or exc), EXIT_UNREADABLE)
        except Exception as exc:
            if os.environ.get("TANHE_DEBUG"):
                raise
            fail(f"内部错误（{type(exc).__name__}: {exc}）；设置 TANHE_DEBUG=1 可查看详情", EXIT_UNREADABLE)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="tanhe")
def main() -> None:
    """碳核 tanhe：企业温室气体排放核算与碳达峰目标跟踪。

    \b
    例 Example:
      tanhe demo
      tanhe calc submission.xlsx --json
      tanhe factors list
    """


@main.group()
def report() -> None:
    """生成报告：企业排放报告、核查工作簿、信息披露（Excel 与 PDF）。

    \b
    例 Example:
      tanhe report enterprise submission.xlsx --out reports
      tanhe report audit submission.xlsx --out reports
      tanhe report disclosure submission.xlsx --prior last-year.xlsx --lang zh,en --out reports
    """


def apply(decorators: list[Callable[..., Any]]) -> Callable[..., Any]:
    """One decorator made of several, the first outermost (as if written above one another)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return decorate


def library(factors: tuple[str, ...]) -> api.Library:
    """The bundled factor library, with the sets of ``--factors`` folders added."""
    return api.load_library(*factors) if factors else api.bundled()


def choice_options() -> list[Callable[..., Any]]:
    """The options every calculating command takes, but the language."""
    return [
        click.option("--method", "-m", help="核算方法 id（缺省按行业与年度选择），见 tanhe factors list"),
        click.option("--gwp", help="GWP 版本，如 AR5（缺省由方法决定；可选的版本见 tanhe factors show gwp）"),
        click.option(
            "--factor-year", type=int, help="电力排放因子的数据年份（缺省为报告年度；未发布时取最近年份并给出警告）"
        ),
        click.option(
            "--electricity-basis",
            type=click.Choice(["calorific", "equivalent"]),
            default="calorific",
            show_default=True,
            help="电力折标：calorific 当量值，equivalent 等价值",
        ),
        click.option("--coal-rate", help="等价值所用火电供电标准煤耗，如 '300.7 gce/kWh'"),
        click.option(
            "--jump-factor",
            type=click.FloatRange(min=1.0, min_open=True),
            default=3.0,
            show_default=True,
            help="月度数据较上月变化超过此倍数时给出警告",
        ),
        click.option(
            "--factors",
            "factors",
            multiple=True,
            type=click.Path(file_okay=False),
            help="另加的因子集目录（与 factors/ 同结构），可重复",
        ),
    ]


def method_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every calculating command takes."""
    lang = click.option(
        "--lang", type=click.Choice(["zh", "en"]), default=lambda: lang_of(), show_default=DEFAULT_LANG, help="消息语言"
    )
    return apply([*choice_options(), lang])(command)


def options(
    gwp: str | None, factor_year: int | None, electricity_basis: str, coal_rate: str | None, jump_factor: float
) -> api.Options:
    return api.Options(
        electricity_basis=electricity_basis,  # type: ignore[arg-type]
        coal_rate=coal_rate,
        factor_year=factor_year,
        gwp_set=gwp,
        jump_factor=jump_factor,
    )


def listed(text: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    """The items of a comma-separated option, each one of ``allowed``."""
    items = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    wrong = [t for t in items if t not in allowed]
    if wrong or not items:
        raise click.BadParameter(f"{what}只能是 {','.join(allowed)}（发现：{text}）")
    return items


def formats_and_langs(formats: str, langs: str) -> dict[str, tuple[str, ...]]:
    """``--format`` and ``--lang`` as the renderers take them."""
    return {"formats": listed(formats, ("xlsx", "pdf"), "格式"), "langs": listed(langs, ("zh", "en"), "语言")}


OUT = click.option(
    "--out", "-o", default="reports", show_default=True, type=click.Path(file_okay=False), help="输出目录"
)
FORMATS = click.option(
    "--format", "formats", default="xlsx,pdf", show_default=True, help="输出格式：xlsx、pdf，逗号分隔"
)
LANGS = click.option(
    "--lang", "langs", default=lambda: lang_of(), show_default=DEFAULT_LANG, help="语言：zh、en，逗号分隔"
)
DB = click.option("--db", "db_url", help=DB_HELP)


def database(db: str | None) -> str:
    """The store a command works on: ``--db``, else ``$TANHE_DB``, else the default file."""
    return db or os.environ.get("TANHE_DB") or api.DEFAULT_DB


def open_store(db: str | None) -> api.Store:
    """An existing store (a command that reads never creates an empty one by mistake)."""
    return api.Store(database(db), create=False)


def jobs_or_cores(jobs: int | None) -> int:
    """Processes to read and calculate in: as many as asked, else one per core."""
    return jobs or os.cpu_count() or 1


CSV = click.option(
    "--csv", "as_csv", is_flag=True, help="输出 CSV（UTF-8，首行为列名），可交给 Excel、csvkit 或 pandas"
)


QUIET = click.option(
    "--quiet", "-q", is_flag=True, help="只输出问题与最后一行汇总（不逐个列出文件，不显示进度条）；退出码不变"
)


def interactive() -> bool:
    """Whether a person watches the command (stderr is a terminal): only then is a progress bar drawn."""
    return sys.stderr.isatty()


def progress(items: Iterable[Any], length: int, label: str, quiet: bool) -> Iterable[Any]:
    """``items``, drawn as a progress bar on stderr when a person watches long work (two or more
    files, not ``--quiet``); as they are otherwise. Lines to print meanwhile wait for the bar's end
    (:func:`bar_shown`)."""
    if quiet or length < 2 or not interactive():
        return items
    return _Bar(items, length, label)


class _Bar:
    """click's progress bar over an iterator, entered and left by iterating it."""

    def __init__(self, items: Iterable[Any], length: int, label: str) -> None:
        self.items, self.length, self.label = items, length, label

    def __iter__(self) -> Any:
        with click.progressbar(self.items, length=self.length, label=self.label, file=sys.stderr) as bar:
            yield from bar


def bar_shown(items: Iterable[Any]) -> bool:
    return isinstance(items, _Bar)


def add_english(group: click.Group) -> None:
    """Each command's help in English too (help_en.toml), after the Chinese: the full help gets the
    English paragraph before its examples, a listing line the English title."""
    import inspect
    import re
    import tomllib

    english = tomllib.loads(Path(__file__).with_name("help_en.toml").read_text(encoding="utf-8"))
    options = english.pop("options")

    def visit(command: click.Command, path: str) -> None:
        text = english.get(path)
        if text and command.help:
            first, _, rest = inspect.cleandoc(command.help).partition("\n\n")
            command.help = f"{first}\n\n{text}" + (f"\n\n{rest}" if rest else "")
            title = re.sub(r" \([^)]*[\u4e00-\u9fff][^)]*\)", "", text).split(":")[0].split(";")[0].rstrip(".")
            command.short_help = f"{first.splitlines()[0]} {title}."
        for param in command.params:
            if isinstance(param, click.Option) and param.help in options:
                param.help = f"{param.help} / {options[param.help]}"
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                visit(sub, name if path == "tanhe" else f"{path} {name}")

    visit(group, "tanhe")


def echo_csv(records: list[dict[str, Any]]) -> None:
    """Records as CSV on stdout: a header of their keys, then a row each (None as empty)."""
    import csv

    if not records:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: ("" if v is None or v != v else v) for k, v in r.items()} for r in records)


def echo_records(records: list[dict[str, Any]], as_json: bool) -> None:
    """A listing's records as JSON, or else as CSV (the listings' --json and --csv)."""
    if as_json:
        echo_json(records)
    else:
        echo_csv(records)


def records_of(frame: Any) -> list[dict[str, Any]]:
    """A table's rows as JSON gives them: plain numbers and text, missing values as None."""
    records: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", force_ascii=False))
    return records


def echo_json(value: Any) -> None:
    click.echo(api.strict_json(value, indent=2))


def done(written: Iterable[Path], summary: dict[str, object] | None) -> None:
    """What a rendering command prints: its JSON summary when asked, else the files it wrote."""
    if summary is not None:
        echo_json(summary)
        return
    for path in written:
        click.echo(f"→ {path}")
