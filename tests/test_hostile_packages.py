"""Hostile packages (tests/hostile.py): refused with a clear line before calamine allocates, never an abort.

The hostile ones are read in a separate process only: a regression aborts that process, not the test run.

Before the inspection sized every part, eleven of these made calamine abort the whole process
("memory allocation of 549755813888 bytes failed", exit 134) and one loaded 12.5 M cells.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from accounting import UnreadableWorkbook, read_submission
from tests import hostile

VALID = Path(__file__).parent / "data" / "bad" / "valid.xlsx"

# one process reads them all, each caught: an abort anywhere ends it with the name of the file
READ_ALL = """
import json, sys
from accounting import AccountingError, read_submission
for path in sys.argv[1:]:
    print(json.dumps({"file": path, "started": True}), flush=True)
    try:
        read_submission(path)
        print(json.dumps({"file": path, "read": True}), flush=True)
    except AccountingError as exc:
        print(json.dumps({"file": path, "said": str(exc)}), flush=True)
"""


def _memory_cap() -> None:  # a regression must fail the test, not take the machine with it
    resource.setrlimit(resource.RLIMIT_AS, (6 * 2**30, 6 * 2**30))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("hostile")
    return {case.name: hostile.build(case, VALID, out) for case in hostile.CASES}


def test_every_hostile_package_is_refused_in_words_and_nothing_aborts(corpus: dict[str, Path]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", READ_ALL, *map(str, corpus.values())],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_memory_cap,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    last = lines[-1]["file"] if lines else None
    assert done.returncode == 0, f"ended by signal or error at {last}: {done.stderr[-500:]}"
    outcome = {Path(x["file"]).stem: x for x in lines if "started" not in x}
    for case in hostile.CASES:
        got = outcome[case.name]
        if case.expect == "read":
            assert got.get("read"), (case.name, got)
        else:
            assert case.said in got.get("said", ""), (case.name, got)
            assert case.name + ".xlsx" in got["said"]  # the message names the file
    # a sheet part that no sheet of workbook.xml names is named by its part
    assert "部件 xl/worksheets/sheet3.xml" in outcome["junk-in-relationships"]["said"]
    assert "1048576 行 × 16384 列" in outcome["junk-in-relationships"]["said"]
    # cells piled up on one reference are counted: 12 500 000 plus the sample's own 7 014
    assert "12507014 个单元格" in outcome["one-reference"]["said"]


def test_an_unusual_but_honest_package_reads_as_the_original(corpus: dict[str, Path]) -> None:
    # every element with the x: prefix: the tag-by-tag reading places each cell where calamine does
    original, prefixed = read_submission(VALID), read_submission(corpus["prefixed"])
    assert prefixed.tables["fuel"].data.equals(original.tables["fuel"].data)
    assert len(original.tables["fuel"].data) > 5


def test_a_zip_encrypted_package_is_said_to_be_encrypted(tmp_path: Path) -> None:
    with pytest.raises(UnreadableWorkbook, match="压缩包已加密"):
        read_submission(hostile.zip_encrypted(VALID, tmp_path))


@pytest.mark.parametrize("offset", [5, 10**9, 2**32 - 1])
def test_a_lying_local_header_offset_is_a_damaged_workbook(tmp_path: Path, offset: int) -> None:
    with pytest.raises(UnreadableWorkbook) as info:
        read_submission(hostile.broken_local_header(VALID, tmp_path, offset))
    assert "工作簿已损坏" in str(info.value)


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".XLSX", ""])
def test_a_workbook_is_known_by_its_content_not_its_name(tmp_path: Path, suffix: str) -> None:
    # calamine chooses its reader by the name: an .xlsx saved as book.xls was "damaged"
    path = tmp_path / f"renamed{suffix}"
    path.write_bytes(VALID.read_bytes())
    assert read_submission(path).tables["fuel"].data.equals(read_submission(VALID).tables["fuel"].data)


def test_legacy_and_opendocument_workbooks_are_refused_with_what_to_do(tmp_path: Path) -> None:
    import zipfile

    xls = tmp_path / "old.xls"
    xls.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1000))
    with pytest.raises(UnreadableWorkbook, match=r"另存为 \.xlsx"):
        read_submission(xls)
    ods = tmp_path / "book.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnreadableWorkbook, match="OpenDocument"):
        read_submission(ods)


# every mutant through what a user runs on a file: validate, annotate, calc --json and the three reports
THROUGH_ALL = """
import json, sys
from pathlib import Path
from accounting import AccountingError, annotate, calculate, read_submission, render_report, validate
out = Path(sys.argv[1])
for n, path in enumerate(sys.argv[2:]):
    print(json.dumps({"file": path}), flush=True)
    try:
        submission = read_submission(path)
        report = validate(submission)
        annotate(path, report, out / f"annotated-{n}.xlsx")
        if report.errors:
            continue
        result = calculate(submission)
        json.loads(result.to_json(lines=True), parse_constant=lambda c: sys.exit(f"{c} in JSON of {path}"))
        for kind in ("enterprise", "audit", "disclosure"):
            render_report(kind, result, out / str(n), formats=("xlsx", "pdf") if n % 5 == 0 else ("xlsx",))
    except AccountingError:
        pass
print(json.dumps({"done": True}), flush=True)
"""


def test_a_seeded_corpus_of_mutants_goes_through_every_command_without_a_crash(tmp_path: Path) -> None:
    made = hostile.mutants(VALID, tmp_path, seed=21, count=45)  # 15 byte-level, 15 XML-part, 15 cell mutations
    done = subprocess.run(
        [sys.executable, "-c", THROUGH_ALL, str(tmp_path), *map(str, made)],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_memory_cap,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and lines[-1] == {"done": True}, (lines[-2:], done.stderr[-800:])
    assert len(lines) == len(made) + 1
