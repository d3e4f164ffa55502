"""Shared fixtures: tiny submissions written on the fly, each test saying where its numbers come from."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from accounting import Result, Submission, calculate, read_submission
from accounting.calc import Options
from accounting.workbook import write_submission

INFO = {
    "uscc": "91350100M000100Y43",
    "name": "测试企业",
    "province": "青海省",
    "city": "西宁市",
    "sector": "其他",
    "year": 2025,
}

# column order of DESIGN 3.1, for building rows by name
FUEL = (
    "source",
    "fuel",
    "month",
    "quantity",
    "unit",
    "ncv",
    "ncv_unit",
    "carbon_per_heat",
    "carbon_fraction",
    "oxidation",
    "use",
    "carbon_basis",
    "moisture_ar",
    "moisture_ad",
)
ENERGY = ("type", "month", "quantity", "unit", "steam_pressure", "steam_temperature")


def fuel_row(fuel: str, quantity: float, unit: str, month: Any = 1, **measured: Any) -> tuple[Any, ...]:
    values = {"source": "锅炉", "fuel": fuel, "month": month, "quantity": quantity, "unit": unit, **measured}
    return tuple(values.get(k) for k in FUEL)


def energy_row(kind: str, quantity: float, unit: str, month: Any = 1, **state: Any) -> tuple[Any, ...]:
    values = {"type": kind, "month": month, "quantity": quantity, "unit": unit, **state}
    return tuple(values.get(k) for k in ENERGY)


Writer = Callable[..., Path]

# Warnings about a submission as a whole (months missing, energy without production) that the
# one-line submissions of unit tests all draw; tests about something else leave them out.
COMPLETENESS = {"months-missing", "energy-without-production", "production-without-energy"}


def located(issues: Any) -> list[tuple[str, str, str]]:
    """(sheet, cell, code) of each issue, leaving out the completeness warnings."""
    out = []
    for i in issues:
        sheet, cell, code = (i["sheet"], i["cell"], i["code"]) if isinstance(i, dict) else (i.sheet, i.cell, i.code)
        if code not in COMPLETENESS:
            out.append((sheet, cell, code))
    return out


@pytest.fixture
def workbook(tmp_path: Path) -> Writer:
    """Write a submission: ``workbook(fuel=[...], energy=[...], info={...})`` -> its path."""
    counter = iter(range(1000))

    def write(info: Mapping[str, Any] | None = None, **tables: Sequence[Sequence[Any]]) -> Path:
        return write_submission(tmp_path / f"s{next(counter)}.xlsx", {**INFO, **(info or {})}, tables)

    return write


@pytest.fixture
def compute(workbook: Writer) -> Callable[..., Result]:
    """Write, read and calculate in one call: ``compute(fuel=[...], method=..., options=...)``."""

    def run(method: str | None = None, options: Options | None = None, **kwargs: Any) -> Result:
        submission: Submission = read_submission(workbook(**kwargs))
        return calculate(submission, method, options)

    return run


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A PostgreSQL server's URL: $TANHE_TEST_PG (``.ci/run`` starts one), else one started here for the session."""
    if url := os.environ.get("TANHE_TEST_PG"):
        yield url
        return
    from tools.postgres import start, stop

    url, folder = start()
    try:
        yield url
    finally:
        stop(folder)


def new_database(postgres: str) -> str:
    """A new, empty database on the server at ``postgres``: its SQLAlchemy URL."""
    import psycopg

    name = f"t{uuid.uuid4().hex[:16]}"
    plain = postgres.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return postgres.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def pg_db(postgres: str) -> str:
    """A new, empty database on that server, for one test: its SQLAlchemy URL."""
    return new_database(postgres)


@pytest.fixture(autouse=True)
def _uncached_under_mutation() -> Iterator[None]:
    """Under mutmut, what the calculation derives once from a factor set is derived again in every test.

    mutmut runs a mutant only with the tests that called the mutated function while it watched; a
    cached builder is called by the first test only, so its mutants met one test, not the suite."""
    if "MUTANT_UNDER_TEST" in os.environ:
        from accounting import targets
        from accounting.calc import energy_flows, fuel, limits, terms
        from accounting.region import data

        for cached in (
            fuel.fuel_defaults,
            fuel._coal_equivalent,
            energy_flows._steam,
            limits.rules,
            terms._process_rows,
            data.benchmark_table,
            targets.catalogue,
        ):
            cached.cache_clear()
    yield
