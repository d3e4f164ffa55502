"""Write what a user sees of every bundled sample as plain text, to compare two versions of the code.

    python tools/snapshot.py OUT [--demo]

For each sample: the result JSON with its lines, the summary ``tanhe calc`` prints, and every
report (enterprise, audit, disclosure) in Chinese and English: a workbook as its cells (value,
number format; formulas as written), a PDF as its text. ``diff -r`` of two such folders shows
every change a refactoring made to the outputs (issue 20: the JSON and reports stay
byte-identical in content). With ``--demo`` it also runs ``tanhe demo`` and writes every file
the demo wrote (the province's regional, chain, market and planning reports among them) the same
way, a CSV or JSON as it is.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from accounting import calculate, read_submission
from accounting.cli import main as main_command
from accounting.demo import run_demo
from accounting.report import render
from accounting.samples import SAMPLES, write_sample


def _cells(path: Path) -> str:
    book = load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title} ({sheet.sheet_state})")
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None:
                    lines.append(f"{c.coordinate}\t{c.value!r}\t{c.number_format}")
    return "\n".join(lines) + "\n"


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages) + "\n"


# a workbook written now differs in its bytes from one written a minute ago (the package's times), so
# the SHA-256 of a sample file a report names (whole, or its first 16 digits) is left out
SHA256 = re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{16}…")


def _dump(path: Path) -> str:
    if path.suffix == ".xlsx":
        text = _cells(path)
    elif path.suffix == ".pdf":
        text = _text(path)
    else:
        text = path.read_text(encoding="utf-8")
    return SHA256.sub("<sha256>", text)


def demo(out: Path) -> None:
    """Every workbook, PDF, CSV and JSON ``tanhe demo`` writes, under ``out/demo``."""
    with tempfile.TemporaryDirectory() as folder:
        for _ in run_demo(Path(folder)):
            pass
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in (".xlsx", ".pdf", ".csv", ".json"):
                target = out / "demo" / f"{path.relative_to(folder)}.txt"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_dump(path).replace(folder, "<tmp>"), "utf-8")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name in SAMPLES:
            path = write_sample(name, work / f"{name}.xlsx")
            result = calculate(read_submission(path))
            (out / f"{name}.json").write_text(result.to_json(lines=True), encoding="utf-8")
            for lang in ("zh", "en"):  # the command's own summary
                done = CliRunner().invoke(main_command, ["calc", str(path), "--lang", lang])
                (out / f"{name}.calc.{lang}.txt").write_text(done.output.replace(folder, "<tmp>"), "utf-8")
            for kind in ("enterprise", "audit", "disclosure"):
                for path in render(kind, result, work, langs=("zh", "en")):
                    (out / f"{name}.{kind}.{path.stem[-14:]}.{path.suffix[1:]}.txt").write_text(_dump(path), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    if "--demo" in sys.argv[2:]:
        demo(Path(sys.argv[1]))
