"""The store (DESIGN 6, 8): every file's bytes, every version of every record kind, their rows, a chained log.

One file is one transaction: the rows of a version and its log entry are written together or not
at all, so a crash leaves the store as it was before that file.

Versions mean what a regulator takes them to mean, for every kind of record (:mod:`.kinds`):
- bytes already stored for a series (an enterprise's year, a month's deposit …), as any of its
  versions, never make a new version;
- new bytes make the next version, and the latest version is the one reports read;
- a batch that holds two different files of one series cannot say which corrects which (the
  order a shell lists files in is no answer): both are refused, naming each other, unless the
  caller vouches for the order given (``in_order``; see :mod:`.ingest`);
- an older version becomes current again only by :meth:`Store.restore`, which writes it as the
  next version and logs where it came from.

Writers are serialised: SQLite takes its write lock when the transaction begins (``BEGIN
IMMEDIATE``), PostgreSQL locks the log table for the transaction; behind both, a unique
constraint on (series, version) refuses a duplicate number, and the transaction is then tried
again. The schema is brought up to date when a store is opened (:mod:`.migrate`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import Connection, Engine, and_, create_engine, event, func, insert, select
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from accounting.errors import StoreError
from accounting.store import tables as t
from accounting.store.kinds import KINDS, Kind
from accounting.store.migrate import upgrade
from accounting.store.record import Outcome, Prepared, digest, insert_rows, inserted_id, latest_version, unchanged
from accounting.store.restore import restore

DEFAULT_DB = "tanhe.db"
GENESIS = "0" * 64
RETRIES = 5  # a write that lost a race for a version number (a server database) is tried again
CHILD_TABLES = KINDS["submission"].children
STATISTICS_TABLES = KINDS["statistics"].children
T = TypeVar("T")


ID_CHUNK = 20_000  # ids bound in one query


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


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A store at ``db``: a SQLite file path or any SQLAlchemy URL. The schema is made or upgraded on opening.

    ``create=False`` for reading: a SQLite file that does not exist is an error, not a new empty
    store. ``clock`` gives the time of receipt written with each version (UTC, ISO 8601); the
    demo and tests set it, everyone else takes the machine's.
    """

    def __init__(self, db: str = DEFAULT_DB, create: bool = True, clock: Callable[[], str] = utc_now) -> None:
        self.db = db
        self.clock = clock
        try:
            url = url_of(db)
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                path = Path(url[len("sqlite:///") :])
                if not create and not path.is_file():
                    raise StoreError(
                        f"数据库文件「{path}」不存在（请检查 --db 或 TANHE_DB；入库命令 tanhe db ingest 会新建）"
                    )
                path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url)
            if self.engine.dialect.name == "sqlite":
                _sqlite_transactions(self.engine)
            upgrade(self.engine)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise StoreError(f"数据库地址「{db}」无效（{exc}）") from exc
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"数据库「{db}」无法打开（{reason(exc)}）") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # writing ----------------------------------------------------------------------------------

    def restore(
        self, version: int, uscc: str | None = None, year: int | None = None, kind: str | None = None, **key: Any
    ) -> Outcome:
        """Make an older version current again; see :func:`accounting.store.restore.restore`."""
        return restore(self, version, uscc, year, kind, **key)

    def write(self, name: str, work: Callable[[Connection], T]) -> T:
        """``work(conn)`` in one write transaction, writers serialised; tried again when it lost a race."""
        for attempt in range(RETRIES):
            try:
                with self.engine.begin() as conn:
                    if self.engine.dialect.name == "postgresql":
                        conn.exec_driver_sql("LOCK TABLE log IN SHARE ROW EXCLUSIVE MODE")
                    return work(conn)
            except IntegrityError as exc:
                if attempt == RETRIES - 1:
                    raise StoreError(f"{name}：写入数据库「{self.db}」失败，本文件未入库（{reason(exc)}）") from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"{name}：写入数据库「{self.db}」失败，本文件未入库（{reason(exc)}）") from exc
        raise AssertionError("unreachable")

    def store_version(self, conn: Connection, p: Prepared) -> Outcome:
        """Write ``p`` as the next version of its series, unless its bytes are one of the series' versions."""
        kind = KINDS[p.kind]
        record = dict(p.record)
        where = kind.where(record)
        parent = kind.parent
        latest = latest_version(conn, parent, *where)
        tco2e = float(record.get("tco2e", 0.0) or 0.0)
        same = conn.execute(select(func.min(parent.c.version)).where(*where, parent.c.sha256 == p.sha256)).scalar()
        if same is not None:
            return unchanged(p.file, p.sha256, kind, record, int(same), latest.version, tco2e)
        record["version"] = (latest.version if latest else 0) + 1
        record["received"] = self.clock()
        self.add_version(conn, kind, p, record)
        return Outcome(
            p.file,
            "stored",
            kind.name,
            record.get("uscc", ""),
            int(record.get("year", 0)),
            record["version"],
            p.sha256,
            tco2e,
            latest=record["version"],
            label=kind.who(record),
        )

    def add_version(
        self, conn: Connection, kind: Kind, p: Prepared, record: dict[str, Any], entry: dict[str, Any] | None = None
    ) -> int:
        """Write a new version: the file's bytes (and its attachments'), the parent row with the digest of it
        and its children's rows, and the log entry that records the digest. Returns the parent row's id."""
        self.put_file(conn, p.sha256, p.content)
        for sha, content in p.attachments.items():
            self.put_file(conn, sha, content)
        record["digest"] = digest(record, p.tables)
        oid = inserted_id(conn.execute(insert(kind.parent).values(**record)))
        insert_rows(conn, kind.children, p.tables, kind.owner, oid)
        self.log_entry(
            conn,
            {
                "action": kind.name,
                **{k: record[k] for k in kind.keys},
                **(entry or {}),
                "version": record["version"],
                "sha256": p.sha256,
                "file": record["file_name"],
                "digest": record["digest"],
            },
        )
        return oid

    @staticmethod
    def put_file(conn: Connection, sha: str, content: bytes) -> None:
        if conn.execute(select(t.files.c.sha256).where(t.files.c.sha256 == sha)).first() is None:
            conn.execute(insert(t.files).values(sha256=sha, size=len(content), content=content))

    def log_entry(self, conn: Connection, entry: dict[str, Any]) -> None:
        last = conn.execute(select(t.log.c.seq, t.log.c.hash).order_by(t.log.c.seq.desc()).limit(1)).first()
        seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
        text = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        conn.execute(insert(t.log).values(seq=seq, at=self.clock(), entry=text, prev=prev, hash=chain_hash(prev, text)))

    # reading ----------------------------------------------------------------------------------

    def frame(self, query: Any) -> pd.DataFrame:
        try:
            with self.engine.connect() as conn:
                return pd.read_sql(query, conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"读取数据库「{self.db}」失败（{reason(exc)}）") from exc

    def newest(
        self,
        kind: str,
        where: Iterable[Any] = (),
        columns: Iterable[str] | None = None,
        order: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """The latest version of each series of ``kind`` (optionally only those matching ``where``),
        ordered by ``order`` (default: the series' key columns)."""
        k = KINDS[kind]
        p = k.parent
        keys = [p.c[c] for c in k.keys]
        top = select(*keys, func.max(p.c.version).label("top")).where(*where).group_by(*keys).subquery()
        match = and_(p.c.version == top.c.top, *(p.c[c] == top.c[c] for c in k.keys))
        chosen = [p.c[c] for c in columns] if columns else [c for c in p.columns if c.name != "result"]
        by = [p.c[c] for c in order] if order is not None else keys
        return self.frame(select(*chosen).join(top, match).where(*where).order_by(*by))

    def latest(self, years: Iterable[int] | None = None) -> pd.DataFrame:
        """The latest version of each enterprise's year (all years unless ``years``), without the JSON."""
        s = t.submissions
        # not the result JSON nor what is stored after it (digest, calculation): in SQLite a column past
        # a long text is reached through that text's overflow pages, so reading it reads the JSON
        # (a province of 100 000 enterprises: 169 s from a cold disk with them)
        columns = [c.name for c in s.columns if c.name not in ("result", "digest", "calculation")]
        where = [] if years is None else [s.c.year.in_(list(years))]
        return self.newest("submission", where, columns=columns, order=("year", "uscc"))

    def rows(self, table: str, owner: str, ids: Iterable[int]) -> pd.DataFrame:
        """The rows of a child ``table`` of the versions ``ids`` (their ``owner`` column)."""
        tab = t.metadata.tables[table]
        ids = [int(i) for i in ids]
        if not ids:
            return pd.DataFrame(columns=[c.name for c in tab.columns])
        # a query's bound values are limited (SQLite 32 766, PostgreSQL 65 535): a province of 100 000
        # enterprises is read in parts
        parts = [
            self.frame(select(tab).where(tab.c[owner].in_(ids[k : k + ID_CHUNK]))) for k in range(0, len(ids), ID_CHUNK)
        ]
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

    def month_sums(self, ids: Iterable[int], by: Iterable[str] = ("year", "city", "sector")) -> pd.DataFrame:
        """tCO2e and tce of the submission versions ``ids`` summed by the submissions' columns ``by``
        and month, in the database: a province's 1.3 M month rows become a few hundred sums before
        they leave it (read row by row into pandas they took 4 s of the regional report's 10)."""
        m, s = t.months, t.submissions
        keys = [s.c[c] for c in by] + [m.c.month]
        ids = [int(i) for i in ids]
        parts = [
            self.frame(
                select(*keys, func.sum(m.c.tco2e).label("tco2e"), func.sum(m.c.tce).label("tce"))
                .select_from(m.join(s, m.c.submission_id == s.c.id))
                .where(m.c.submission_id.in_(ids[k : k + ID_CHUNK]))
                .group_by(*keys)
            )
            for k in range(0, max(len(ids), 1), ID_CHUNK)
        ]
        names = [k.name for k in keys]
        if len(parts) == 1:
            return parts[0].sort_values(names, ignore_index=True)
        return pd.concat(parts, ignore_index=True).groupby(names, as_index=False)[["tco2e", "tce"]].sum()

    def children(self, name: str, ids: Iterable[int]) -> pd.DataFrame:
        """Rows of ``months``, ``products``, ``issues`` or ``lines`` of the submission versions ``ids``."""
        return self.rows(name, "submission_id", ids)

    def history(self, uscc: str) -> pd.DataFrame:
        """Every version of an enterprise's years; ``restored_from`` names the version a restore copied (else 0)."""
        s = t.submissions
        frame = self.frame(
            select(
                s.c.uscc, s.c.name, s.c.year, s.c.version, s.c.received, s.c.file_name, s.c.sha256, s.c.tco2e, s.c.tce
            )
            .where(s.c.uscc == uscc)
            .order_by(s.c.year, s.c.version)
        )
        entries = self.frame(select(t.log.c.entry).where(t.log.c.entry.contains(f'"uscc":"{uscc}"')))["entry"]
        restored = {}
        for text in entries:
            entry = json.loads(text)
            if entry.get("restored_from") and entry["action"] == "submission":
                restored[int(entry["year"]), int(entry["version"])] = int(entry["restored_from"])
        keys = zip(frame["year"].astype(int), frame["version"].astype(int), strict=True)
        return frame.assign(restored_from=[restored.get(k, 0) for k in keys])

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

    def file(self, sha: str) -> bytes:
        """The stored bytes of a file."""
        found = self.frame(select(t.files.c.content).where(t.files.c.sha256 == sha))["content"]
        if found.empty:
            raise StoreError(f"数据库中没有文件 {sha[:12]}…")
        return bytes(found.iloc[0])

    def log(self) -> pd.DataFrame:
        return self.frame(select(t.log).order_by(t.log.c.seq))


def reason(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig)
    return str(exc).splitlines()[0]
