"""Schema migrations (Alembic): a store is brought to the current schema when it is opened.

A new store is made by running every migration from the first. A store made before migrations
existed (tanhe 0.1: its tables and no ``alembic_version``) is stamped as the baseline revision and
upgraded in place, its rows kept. Writers are serialised while a migration runs: SQLite's write
lock, PostgreSQL's advisory lock, so two processes opening an old store at once upgrade it once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

BASELINE = "0001"
LOCK = 730_215  # PostgreSQL advisory lock key of tanhe's migrations


@cache
def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    return config


@cache
def head() -> str:
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the store at ``engine`` to the current schema, if it is not there already."""
    with engine.connect() as conn:
        if current(conn) == head():
            return
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if sqlite:  # SQLite rebuilds a table to alter it: foreign keys are checked after, not during
            raw.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                _upgrade(conn, sqlite)
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def _upgrade(conn: Connection, sqlite: bool) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK})")
    found = current(conn)
    if found == head():
        return  # another process upgraded it while this one waited
    config = _config()
    config.attributes["connection"] = conn
    if found is None and inspect(conn).has_table("submissions"):
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")
    if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise RuntimeError("foreign keys broken by the migration")
