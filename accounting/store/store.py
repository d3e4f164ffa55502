"""The store of submissions (DESIGN 6): every file's bytes, every version, their rows, a chained log.

One file is one transaction: the rows of a version and its log entry are written together or not
at all, so a crash leaves the store as it was before that file. The same bytes for the same
enterprise and year change nothing; changed bytes make the next version. SQLite takes the write
lock when the transaction begins (``BEGIN IMMEDIATE``), so two ingests at once cannot both take
the same version number.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Table, create_engine, event, func, insert, select
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from accounting.errors import AccountingError, InvalidSubmission, StoreError
from accounting.parallel import pmap
from accounting.store import tables as t
from accounting.store.prepare import Prepared, Row, digest, prepare

DEFAULT_DB = "tanhe.db"
GENESIS = "0" * 64
CHILD_TABLES = {"lines": t.lines, "months": t.months, "products": t.products, "issues": t.issues}
STATISTICS_TABLES = {"statistics": t.statistics, "assigned": t.assigned, "roster": t.roster}


def url_of(db: str) -> str:
    """A SQLAlchemy URL; a plain path means a SQLite file."""
    return db if "://" in db else f"sqlite:///{Path(db)}"


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions, and take the write lock at once."""

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA busy_timeout = 30000")

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def chain_hash(prev: str, entry: str) -> str:
    return hashlib.sha256(f"{prev}\n{entry}".encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Outcome:
    """What became of one file: stored (a new version), unchanged (those bytes are the latest), rejected."""

    file: str
    status: str
    uscc: str = ""
    year: int = 0
    version: int = 0
    sha256: str = ""
    tco2e: float = 0.0
    message: str = ""
    issues: tuple[Any, ...] = field(default=(), compare=False)


def _prepare(path: str, method: str | None) -> Prepared | AccountingError:
    try:
        return prepare(path, method)
    except AccountingError as exc:
        return exc


class Store:
    """A store at ``db``: a SQLite file path or any SQLAlchemy URL. Tables are created on first use."""

    def __init__(self, db: str = DEFAULT_DB) -> None:
        self.db = db
        try:
            url = url_of(db)
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url)
            if self.engine.dialect.name == "sqlite":
                _sqlite_transactions(self.engine)
            t.metadata.create_all(self.engine)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise StoreError(f"数据库地址「{db}」无效（{exc}）") from exc
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"数据库「{db}」无法打开（{_reason(exc)}）") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ingest ---------------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], method: str | None = None, jobs: int = 1) -> Iterator[Outcome]:
        """Store each file, one transaction each; yield what became of it, in the order given.

        With ``jobs`` > 1 files are read and calculated in that many processes; writing stays here.
        """
        names = [str(p) for p in paths]
        work = partial(_prepare, method=method)
        for name, prepared in zip(names, pmap(work, names, jobs, chunksize=8), strict=True):
            yield self._store(name, prepared)

    def _store(self, name: str, prepared: Prepared | AccountingError) -> Outcome:
        if isinstance(prepared, InvalidSubmission):
            return Outcome(name, "rejected", message=prepared.message, issues=tuple(prepared.report.errors))
        if isinstance(prepared, AccountingError):
            return Outcome(name, "rejected", message=prepared.message)
        try:
            with self.engine.begin() as conn:
                if prepared.kind == "statistics":
                    return self._store_statistics(conn, prepared)
                return self._store_submission(conn, prepared)
        except SQLAlchemyError as exc:
            raise StoreError(f"{name}：写入数据库「{self.db}」失败，本文件未入库（{_reason(exc)}）") from exc

    def _store_submission(self, conn: Connection, p: Prepared) -> Outcome:
        record = dict(p.record)
        uscc, year = record["uscc"], record["year"]
        s = t.submissions
        latest = _latest(conn, s, s.c.uscc == uscc, s.c.year == year)
        if latest is not None and latest.sha256 == p.sha256:
            return Outcome(p.file, "unchanged", uscc, year, latest.version, p.sha256, record["tco2e"])
        record["version"] = (latest.version if latest else 0) + 1
        record["received"] = _now()
        self._add_version(conn, p, s, record, CHILD_TABLES, "submission_id",
                          {"action": "submission", "uscc": uscc, "year": year})
        return Outcome(p.file, "stored", uscc, year, record["version"], p.sha256, record["tco2e"])

    def _store_statistics(self, conn: Connection, p: Prepared) -> Outcome:
        latest = _latest(conn, t.statistics_versions)
        if latest is not None and latest.sha256 == p.sha256:
            return Outcome(p.file, "unchanged", version=latest.version, sha256=p.sha256, message="statistics")
        version = (latest.version if latest else 0) + 1
        record = {"version": version, "sha256": p.sha256, "file_name": p.record["file_name"], "received": _now()}
        self._add_version(conn, p, t.statistics_versions, record, STATISTICS_TABLES, "statistics_id",
                          {"action": "statistics"})
        return Outcome(p.file, "stored", version=version, sha256=p.sha256, message="statistics")

    def _add_version(self, conn: Connection, p: Prepared, parent: Table, record: dict[str, Any],
                     children: dict[str, Table], owner: str, entry: dict[str, Any]) -> None:
        """Write a new version: the file's bytes, the ``parent`` row with the digest of it and its
        ``children`` rows, and the log entry that records the digest."""
        self._put_file(conn, p)
        record["digest"] = digest(record, p.tables)
        oid = _key(conn.execute(insert(parent).values(**record)))
        _insert_rows(conn, children, p.tables, owner, oid)
        self._log(conn, {**entry, "version": record["version"], "sha256": p.sha256, "file": record["file_name"],
                         "digest": record["digest"]})

    @staticmethod
    def _put_file(conn: Connection, p: Prepared) -> None:
        if conn.execute(select(t.files.c.sha256).where(t.files.c.sha256 == p.sha256)).first() is None:
            conn.execute(insert(t.files).values(sha256=p.sha256, size=len(p.content), content=p.content))

    @staticmethod
    def _log(conn: Connection, entry: dict[str, Any]) -> None:
        last = conn.execute(select(t.log.c.seq, t.log.c.hash).order_by(t.log.c.seq.desc()).limit(1)).first()
        seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
        text = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        conn.execute(insert(t.log).values(seq=seq, at=_now(), entry=text, prev=prev, hash=chain_hash(prev, text)))

    # reading ----------------------------------------------------------------------------------

    def frame(self, query: Any) -> pd.DataFrame:
        try:
            with self.engine.connect() as conn:
                return pd.read_sql(query, conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"读取数据库「{self.db}」失败（{_reason(exc)}）") from exc

    def latest(self, years: Iterable[int] | None = None) -> pd.DataFrame:
        """The latest version of each enterprise's year (all years unless ``years``), without the JSON."""
        s = t.submissions
        newest = (
            select(s.c.uscc, s.c.year, func.max(s.c.version).label("version")).group_by(s.c.uscc, s.c.year).subquery()
        )
        columns = [c for c in s.columns if c.name != "result"]
        query = select(*columns).join(
            newest, (s.c.uscc == newest.c.uscc) & (s.c.year == newest.c.year) & (s.c.version == newest.c.version)
        )
        if years is not None:
            query = query.where(s.c.year.in_(list(years)))
        return self.frame(query.order_by(s.c.year, s.c.uscc))

    def children(self, name: str, ids: Iterable[int]) -> pd.DataFrame:
        """Rows of ``months``, ``products``, ``issues`` or ``lines`` of the versions ``ids``."""
        table = CHILD_TABLES[name]
        ids = [int(i) for i in ids]
        if not ids:
            return pd.DataFrame(columns=[c.name for c in table.columns])
        return self.frame(select(table).where(table.c.submission_id.in_(ids)))

    def history(self, uscc: str) -> pd.DataFrame:
        s = t.submissions
        return self.frame(
            select(
                s.c.uscc, s.c.name, s.c.year, s.c.version, s.c.received, s.c.file_name, s.c.sha256, s.c.tco2e, s.c.tce
            )
            .where(s.c.uscc == uscc)
            .order_by(s.c.year, s.c.version)
        )

    def statistics(self) -> dict[str, pd.DataFrame]:
        """The latest statistics workbook's tables (empty frames when none was ingested)."""
        v = t.statistics_versions
        newest = self.frame(select(v.c.id).order_by(v.c.version.desc()).limit(1))["id"]
        sid = int(newest.iloc[0]) if len(newest) else None
        out = {}
        for name, table in STATISTICS_TABLES.items():
            query = select(*[c for c in table.columns if c.name != "statistics_id"]).where(table.c.statistics_id == sid)
            out[name] = self.frame(query)
        return out

    def log(self) -> pd.DataFrame:
        return self.frame(select(t.log).order_by(t.log.c.seq))


def _insert_rows(conn: Connection, tables: dict[str, Table], rows: dict[str, list[Row]], owner: str, oid: int) -> None:
    """The rows of each child table of one version; a table's first column is the owner's id."""
    for name, table in tables.items():
        if rows[name]:
            keys = [c.name for c in table.columns][1:]
            conn.execute(insert(table), [dict(zip(keys, row, strict=True), **{owner: oid}) for row in rows[name]])


def _latest(conn: Connection, parent: Table, *where: Any) -> Any:
    """The newest version of ``parent`` matching ``where``: (version, sha256), or None."""
    query = select(parent.c.version, parent.c.sha256).where(*where).order_by(parent.c.version.desc()).limit(1)
    return conn.execute(query).first()


def _key(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig)
    return str(exc).splitlines()[0]
