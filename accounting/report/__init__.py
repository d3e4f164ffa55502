"""Reports: the annual emission report, the auditor workbook and the disclosure, in Excel and PDF.

One result feeds every renderer; the builders (:mod:`.enterprise`, :mod:`.disclosure`) make a
:class:`~accounting.report.document.Document` that the Excel writer and the PDF template both
draw, and :mod:`.audit` writes the whole calculation again as live formulas.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from accounting.calc import Options, calculate
from accounting.errors import AccountingError, InternalError
from accounting.factors import load_library
from accounting.files import write_error
from accounting.parallel import pmap
from accounting.reader import read_submission
from accounting.report.audit import write_audit
from accounting.report.disclosure import disclosure_report
from accounting.report.enterprise import enterprise_report
from accounting.report.output import safe_stem, target
from accounting.result import Result

KINDS = ("enterprise", "audit", "disclosure")
FORMATS = ("xlsx", "pdf")
LANGS = ("zh", "en")
NAMES = {
    "enterprise": ("排放报告", "emission-report"),
    "audit": ("核查工作簿", "audit-workbook"),
    "disclosure": ("信息披露", "disclosure"),
}


def file_name(result: Result, kind: str, lang: str, fmt: str) -> str:
    """``<USCC>_<enterprise>_<year>_<report>.<fmt>``, made safe for any file system."""
    e = result.enterprise
    zh, en = NAMES[kind]
    return f"{safe_stem(e.uscc, e.name, result.year, en if lang == 'en' else zh)}.{fmt}"


def render(
    kind: str,
    result: Result,
    out: Path,
    *,
    formats: Iterable[str] = FORMATS,
    langs: Iterable[str] = ("zh",),
    prior: Result | None = None,
) -> list[Path]:
    """Write report ``kind`` of ``result`` into folder ``out``; return the files written."""
    from accounting.report.pdf import write_pdf
    from accounting.report.xlsx import write_xlsx

    written = []
    for lang in langs:
        if kind == "audit":
            written.append(write_audit(result, target(out, file_name(result, kind, lang, "xlsx")), lang))
            continue
        doc = enterprise_report(result, lang) if kind == "enterprise" else disclosure_report(result, prior, lang)
        for fmt in formats:
            path = target(out, file_name(result, kind, lang, fmt))
            written.append(write_xlsx(doc, path) if fmt == "xlsx" else write_pdf(doc, path))
    return written


@dataclass(frozen=True)
class Job:
    """One submission to report on: which reports, formats and languages."""

    file: str
    out: str
    kinds: tuple[str, ...] = KINDS
    formats: tuple[str, ...] = FORMATS
    langs: tuple[str, ...] = ("zh",)
    method: str | None = None
    options: Options | None = None
    factors: tuple[str, ...] = ()  # further factor folders
    prior: str | None = None  # the prior year's submission, for the disclosure


def run_job(job: Job) -> tuple[str, list[Path] | AccountingError]:
    """Read, calculate and render one submission; an error is returned, not raised (batches go on)."""
    try:
        library = load_library(*job.factors) if job.factors else None
        result = calculate(read_submission(job.file), job.method, job.options, library)
        prior = (
            calculate(read_submission(job.prior), None, job.options, library)
            if job.prior and "disclosure" in job.kinds
            else None
        )
        written: list[Path] = []
        for kind in job.kinds:
            langs = job.langs if kind != "audit" else ("zh",)
            written += render(kind, result, Path(job.out), formats=job.formats, langs=langs, prior=prior)
        return job.file, written
    except AccountingError as error:
        return job.file, error
    except Exception as error:  # a fault of tanhe on one file: named, and the batch goes on
        return job.file, InternalError.of(error, job.file)


def render_batch(jobs: list[Job], workers: int | None = None) -> Iterator[tuple[str, list[Path] | AccountingError]]:
    """Render many submissions on every core (one process each); yields per file as they finish.

    Each job renders into a folder of its own beside its output folder; this process alone moves
    the files into place, so two submissions of one enterprise and year (a file and its correction)
    never overwrite each other in a batch: the later one's reports end in -2 (then -3, …)."""
    workers = workers or os.cpu_count() or 1
    if "pdf" in {f for j in jobs for f in j.formats}:
        from accounting.report.fonts import cjk_family

        cjk_family()  # no CJK font: one clear error before any work starts
    stages = {
        Path(j.out).resolve() / f".tanhe-batch-{os.getpid()}-{n}": Path(j.out).resolve() for n, j in enumerate(jobs)
    }
    staged = [replace(job, out=str(stage)) for job, stage in zip(jobs, stages, strict=True)]
    claimed: dict[Path, set[str]] = {}
    try:
        for file, outcome in pmap(run_job, staged, workers):
            if isinstance(outcome, AccountingError) or not outcome:
                yield file, outcome
                continue
            out = stages[outcome[0].parent]
            yield file, _move(outcome, out, claimed.setdefault(out, set()))
    finally:
        for stage in stages:
            shutil.rmtree(stage, ignore_errors=True)


def _move(paths: list[Path], out: Path, claimed: set[str]) -> list[Path]:
    """Move one job's files into ``out`` under names no earlier job of the batch took."""
    for n in itertools.count(1):
        names = [p.name if n == 1 else f"{p.stem}-{n}{p.suffix}" for p in paths]
        if not claimed.intersection(names):
            break
    claimed.update(names)
    moved = []
    for path, name in zip(paths, names, strict=True):
        try:
            os.replace(path, out / name)
        except OSError as exc:
            raise write_error(exc, out / name) from exc
        moved.append(out / name)
    return moved


__all__ = ["FORMATS", "KINDS", "LANGS", "Job", "file_name", "render", "render_batch", "run_job"]
