"""Schema migrations: a store written by tanhe 0.1 upgrades in place, rows and chain intact; a new
store on SQLite or PostgreSQL has exactly the schema the code describes.

tests/data/store-v0.1.db was written by the code of commit 5f031ff (the last landed before the
migrations): enterprise 91350100M000100Y43 2025 in two versions, 91630100MA7QH0004R 2024, and a
statistics workbook, four log entries.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

import accounting.store.accounts  # noqa: F401  (the portal's tables, on the same metadata)
from accounting import Store, ingest, verify
from accounting.store.migrate import head
from accounting.store.tables import metadata
from tests.conftest import energy_row, fuel_row

OLD = Path(__file__).parent / "data" / "store-v0.1.db"
ROWS = "select uscc, year, version, sha256, tco2e, digest from submissions order by id"


def test_a_store_of_tanhe_0_1_upgrades_in_place(tmp_path: Path, workbook: Any) -> None:
    db = tmp_path / "old.db"
    shutil.copy(OLD, db)
    with sqlite3.connect(db) as conn:
        before = conn.execute(ROWS).fetchall()
        log = conn.execute("select seq, hash from log order by seq").fetchall()
        assert "alembic_version" not in {r[0] for r in conn.execute("select name from sqlite_master")}
    with Store(str(db)) as store:
        assert verify(store, recompute=False) == []  # chain, files and every version's digest, as written
        assert store.latest()["version"].tolist() == [1, 2]
    with sqlite3.connect(db) as conn:
        after = conn.execute(ROWS).fetchall()
        assert after == before and conn.execute("select seq, hash from log order by seq").fetchall() == log
        assert conn.execute("select version_num from alembic_version").fetchall() == [(head(),)]
        assert conn.execute("pragma foreign_keys").fetchone() == (0,)  # a plain connection's default
        assert conn.execute("pragma foreign_key_check").fetchall() == []
    _same_schema(f"sqlite:///{db}")
    with Store(str(db)) as store:  # and it takes what the new schema allows: a new version, deposits' tables
        new = workbook(fuel=[fuel_row("烟煤", 300, "t", 1)], energy=[energy_row("购入电力", 10, "MWh", 1)])
        assert next(ingest(store, [new])).version == 3
        assert verify(store, recompute=False) == []


@pytest.mark.parametrize("server", ["sqlite", "postgresql"])
def test_a_new_store_has_the_schema_the_code_describes(
    server: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}" if server == "sqlite" else request.getfixturevalue("pg_db")
    with Store(url):
        pass
    with Store(url):  # opened again: nothing to do
        pass
    _same_schema(url)


def _same_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head()
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []
