"""Property-based fuzzing (hypothesis) of the unit parser, the package inspection and the reader.

Each property: whatever the input, the answer is a value or one of tanhe's own errors, within a
time bound. ``make test`` runs a small, derandomised budget (the same examples every run);
``make fuzz`` runs the large one (``TANHE_FUZZ=fuzz``) and keeps what it found in .hypothesis/.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounting import AccountingError, UnitError, calculate, read_submission, units, validate
from accounting.workbook import write_submission
from tests.conftest import INFO, fuel_row
from tests.hostile import FUEL

settings.register_profile(
    "ci", max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz", max_examples=3_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("TANHE_FUZZ", "ci"))

VALID = Path(__file__).parent / "data" / "bad" / "valid.xlsx"
with zipfile.ZipFile(VALID) as _z:
    PARTS = {info.filename: _z.read(info.filename) for info in _z.infolist()}

UNIT_ALPHABET = "tgkWhJNm3万亿吨千克标准煤立方米度/*^()-.0123456789 %°·²³CO2eGMV"


@given(st.one_of(st.text(max_size=300), st.text(alphabet=UNIT_ALPHABET, max_size=60)))
def test_a_unit_text_is_a_unit_or_a_unit_error_quickly(text: str) -> None:
    units.parse.cache_clear()
    start = time.perf_counter()
    try:
        parsed = units.parse(text)
        assert units.fits(text, text)  # what parses converts to itself
        assert parsed is not None
    except UnitError:
        pass
    assert time.perf_counter() - start < 1.0


SNIPPETS = [
    b"<c/>",
    b"<c>",
    b"<row/>",
    b"<row>",
    b'r="XFD1048576"',
    b"r='A1'",
    b'<x:c r="ZZ9">',
    b'uniqueCount="99999999999"',
    b"\x00",
    b"\xff\xfe",
    b"<",
    b">",
    b'"',
    b"&#0;",
    b"<![CDATA[",
    b"<!--",
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b"",
]


@st.composite
def damaged_packages(draw: st.DrawFn) -> bytes:
    """The valid sample with one to three of its parts damaged where a hostile writer would."""
    parts = dict(PARTS)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from([FUEL, FUEL, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]))
        data = parts[name]
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 40))
        insert = draw(st.one_of(st.sampled_from(SNIPPETS), st.binary(max_size=20)))
        parts[name] = data[:at] + insert + data[at + cut :]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


@given(damaged_packages())
def test_a_damaged_package_is_read_or_refused_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, package: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "damaged.xlsx"
    path.write_bytes(package)
    start = time.perf_counter()
    try:
        # the inspection bounds what calamine allocates; past it, calamine reads in this process
        submission = read_submission(path)
        validate(submission)
    except AccountingError:
        pass
    assert time.perf_counter() - start < 20


CELL_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.booleans(),
    st.text(max_size=40),
    st.sampled_from(
        ["１２０", "1,234", "=1+1", "@SUM(A1)", "+86", "-", "\x07", "e" * 300, "inf", "NaN", "吨", "万kWh"]
    ),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.none(),
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["烟煤", "天然气", "柴油", "烟媒", ""]),
            CELL_VALUES,
            st.one_of(st.sampled_from(["吨", "t", "万Nm3", "GJ", "吨吨", "t/0", ""]), st.text(max_size=12)),
            st.one_of(st.integers(0, 14), st.sampled_from(["全年", "3月", "十二月"]), CELL_VALUES),
            CELL_VALUES,
        ),
        min_size=1,
        max_size=6,
    ),
    st.one_of(st.integers(1990, 2100), CELL_VALUES),
)
def test_any_cells_give_issues_or_a_strict_result(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[object, ...]], year: object
) -> None:
    fuel = [fuel_row(f, q, u, m, oxidation=o) for f, q, u, m, o in rows]
    path = write_submission(tmp_path_factory.mktemp("cells") / "s.xlsx", {**INFO, "year": year}, {"fuel": fuel})
    try:
        submission = read_submission(path)
        if not validate(submission).errors:
            json.loads(calculate(submission).to_json(), parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    except AccountingError:
        pass
