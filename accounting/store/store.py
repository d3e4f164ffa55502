"""The store of submissions (DESIGN 6): every file's bytes, every version, their rows, a chained log.

One file is one transaction: the rows of a version and its log entry are written together or not
at all, so a crash leaves the store as it was before that file.

Versions mean what a regulator takes them to mean:
- bytes already stored for an enterprise and year, as any of its versions, never make a new version;
- new bytes make the next version, and the latest version is the one reports read;
- a batch that holds two different files for one enterprise and year cannot say which corrects
  which (the order a shell lists files in is no answer): both are refused, naming each other,
  unless the caller vouches for the order given (``in_order``);
- an older version becomes current again only by :meth:`Store.restore`, which writes it as the
  next version and logs where it came from.

Writers are serialised: SQLite takes its write lock when the transaction begins (``BEGIN
IMMEDIATE``), PostgreSQL locks the log table for the transaction; behind both, a unique
constraint on (enterprise, year, version) refuses a duplicate number, and the transaction is
then tried again.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Table, create_engine, event, func, insert, select
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from accounting.errors import AccountingError, InvalidSubmission, StoreError
from accounting.parallel import pmap
from accounting.store import tables as t
from accounting.store.prepare import Prepared, Row, digest, prepare, read_bytes

DEFAULT_DB = "tanhe.db"
GENESIS = "0" * 64
RETRIES = 5  # a write that lost a race for a version number (a server database) is tried again
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
    """What became of one file: stored (a new version), unchanged (those bytes are stored already), rejected.

    ``kind`` is submission or statistics; ``latest`` the version that is current after this file
    (for an unchanged file it may be later than ``version``, the one that holds these bytes).
    """

    file: str
    status: str
    kind: str = "submission"
    uscc: str = ""
    year: int = 0
    version: int = 0
    sha256: str = ""
    tco2e: float = 0.0
    message: str = ""
    issues: tuple[Any, ...] = field(default=(), compare=False)
    latest: int = 0


def _prepare(path: str, method: str | None) -> Prepared | AccountingError:
    try:
        return prepare(path, method)
    except AccountingError as exc:
        return exc


def _hash(path: str) -> str | AccountingError:
    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except AccountingError as exc:
        return exc


def _load(spool: Path, i: int) -> Prepared:
    loaded = pickle.loads((spool / f"{i}.pickle").read_bytes())
    assert isinstance(loaded, Prepared)
    return loaded


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """Lists of at most ``size`` items: a database takes only so many parameters in one query."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _who(key: tuple[Any, ...]) -> str:
    return "统计数据" if key == ("statistics",) else f"{key[0]} {key[1]} 年度"


class Store:
    """A store at ``db``: a SQLite file path or any SQLAlchemy URL. Tables are created on first use."""

    def __init__(self, db: str = DEFAULT_DB, create: bool = True) -> None:
        """``create=False`` for reading: a SQLite file that does not exist is an error, not a new empty store."""
        self.db = db
        try:
            url = url_of(db)
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                path = Path(url[len("sqlite:///") :])
                if not create and not path.is_file():
                    raise StoreError(f"数据库文件「{path}」不存在（请检查 --db 或 TANHE_DB；"
                                     "入库命令 tanhe db ingest 会新建）")
                path.parent.mkdir(parents=True, exist_ok=True)
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

    def ingest(self, paths: Iterable[str | Path], method: str | None = None, jobs: int = 1,
               in_order: bool = False) -> Iterator[Outcome]:
        """Store each file, one transaction each; yield what became of it, in the order given.

        Bytes the store holds already are not read again: they are reported unchanged. The rest are
        read and calculated (in ``jobs`` processes), each kept on disk until the batch is planned:
        when the batch holds two different valid files of one enterprise and year, both are
        refused, naming each other, unless ``in_order`` says the order given is the order of
        versions (the later one corrects the earlier). Writing stays in this process.
        """
        names = [str(p) for p in paths]
        hashes = [_hash(name) for name in names]
        held = self._held({h for h in hashes if isinstance(h, str)})
        out: list[Outcome | None] = []
        first: dict[str, int] = {}  # sha -> the first file of the batch with those bytes
        for i, (name, sha) in enumerate(zip(names, hashes, strict=True)):
            if isinstance(sha, AccountingError):
                out.append(Outcome(name, "rejected", message=sha.message))
            elif sha in held:
                out.append(_unchanged(name, sha, *held[sha]))
            else:
                out.append(None)
                first.setdefault(sha, i)
        todo = sorted(first.values())
        with tempfile.TemporaryDirectory(prefix="tanhe-ingest-") as spool:
            keys = self._spool(names, todo, pmap(partial(_prepare, method=method), [names[i] for i in todo], jobs,
                                                 chunksize=8), Path(spool), out)
            self._settle(names, hashes, first, keys, out, in_order)
            for i, name in enumerate(names):
                outcome = out[i]
                yield outcome if outcome is not None else self._store(name, _load(Path(spool), i))

    @staticmethod
    def _spool(names: list[str], todo: list[int], prepared: Iterable[Prepared | AccountingError], spool: Path,
               out: list[Outcome | None]) -> dict[int, tuple[Any, ...]]:
        """Keep each prepared file on disk; note whose it is (its series key), or its refusal in ``out``."""
        keys: dict[int, tuple[Any, ...]] = {}
        for i, p in zip(todo, prepared, strict=True):
            if isinstance(p, AccountingError):
                issues = tuple(p.report.errors) if isinstance(p, InvalidSubmission) else ()
                out[i] = Outcome(names[i], "rejected", message=p.message, issues=issues)
                continue
            keys[i] = ("statistics",) if p.kind == "statistics" else (p.record["uscc"], int(p.record["year"]))
            (spool / f"{i}.pickle").write_bytes(pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))
        return keys

    @staticmethod
    def _settle(names: list[str], hashes: list[str | AccountingError], first: dict[str, int],
                keys: dict[int, tuple[Any, ...]], out: list[Outcome | None], in_order: bool) -> None:
        """Decide what ``out`` still leaves open: a later copy of the same bytes is unchanged (or shares the
        first copy's refusal); rival files of one series are refused unless ``in_order``."""
        series: dict[tuple[Any, ...], list[int]] = {}
        for i in sorted(keys):
            series.setdefault(keys[i], []).append(i)
        for key, members in series.items():
            if len(members) > 1 and not in_order:
                files = "、".join(names[i] for i in members)
                message = (f"{_who(key)}在本批中有 {len(members)} 份内容不同的文件（{files}），无法判断哪份更正哪份，"
                           "均未入库：请先入库原件、再单独入库更正件，"
                           "或加 --in-order 表示按命令行给出的顺序入库、后者为更正件")
                for i in members:
                    out[i] = Outcome(names[i], "rejected", message=message)
        for i, name in enumerate(names):
            sha = hashes[i]
            if out[i] is None and isinstance(sha, str) and first[sha] != i:
                j = first[sha]
                copy = out[j]
                if copy is not None:  # the first copy was refused: so is this one
                    out[i] = replace(copy, file=name)
                else:
                    key = keys[j]
                    kind, uscc, year = ("statistics", "", 0) if key == ("statistics",) else ("submission", *key)
                    out[i] = Outcome(name, "unchanged", kind, uscc, year, sha256=sha,
                                     message=f"与本批的 {names[j]} 内容相同，只入库一次")

    def _held(self, hashes: set[str]) -> dict[str, tuple[str, str, int, int, int]]:
        """Of ``hashes``, those the store holds: sha -> (kind, uscc, year, first version with those bytes,
        latest version of that enterprise and year, or of the statistics)."""
        s, v, f = t.submissions, t.statistics_versions, t.files
        found: set[str] = set()
        for chunk in _chunks(sorted(hashes)):
            found |= set(self.frame(select(f.c.sha256).where(f.c.sha256.in_(chunk)))["sha256"])
        out: dict[str, tuple[str, str, int, int, int]] = {}
        if not found:
            return out
        for chunk in _chunks(sorted(found)):
            rows = self.frame(select(s.c.uscc, s.c.year, s.c.version, s.c.sha256).where(s.c.sha256.in_(chunk)))
            for r in rows.sort_values("version", ascending=False).itertuples(index=False):
                out[r.sha256] = ("submission", r.uscc, int(r.year), int(r.version), 0)
            stats = self.frame(select(v.c.version, v.c.sha256).where(v.c.sha256.in_(chunk)))
            for r in stats.sort_values("version", ascending=False).itertuples(index=False):
                out[r.sha256] = ("statistics", "", 0, int(r.version), 0)
        latest = self.frame(select(s.c.uscc, s.c.year, func.max(s.c.version).label("latest"))
                            .where(s.c.year.in_(sorted({h[2] for h in out.values() if h[0] == "submission"})))
                            .group_by(s.c.uscc, s.c.year))
        newest = {(r.uscc, int(r.year)): int(r.latest) for r in latest.itertuples(index=False)}
        last_stats = self.frame(select(func.max(v.c.version).label("latest")))["latest"]
        stats_latest = int(last_stats.iloc[0]) if len(last_stats) and pd.notna(last_stats.iloc[0]) else 0
        return {sha: (kind, uscc, year, version, newest.get((uscc, year), 0) if kind == "submission" else stats_latest)
                for sha, (kind, uscc, year, version, _) in out.items()}

    def _store(self, name: str, prepared: Prepared | AccountingError) -> Outcome:
        if isinstance(prepared, InvalidSubmission):
            return Outcome(name, "rejected", message=prepared.message, issues=tuple(prepared.report.errors))
        if isinstance(prepared, AccountingError):
            return Outcome(name, "rejected", message=prepared.message)
        if prepared.kind == "statistics":
            return self._write(name, partial(self._store_statistics, p=prepared))
        return self._write(name, partial(self._store_submission, p=prepared))

    def _write(self, name: str, work: Any) -> Any:
        """``work(conn)`` in one write transaction, writers serialised; tried again when it lost a race."""
        for attempt in range(RETRIES):
            try:
                with self.engine.begin() as conn:
                    if self.engine.dialect.name == "postgresql":
                        conn.exec_driver_sql("LOCK TABLE log IN SHARE ROW EXCLUSIVE MODE")
                    return work(conn)
            except IntegrityError as exc:
                if attempt == RETRIES - 1:
                    raise StoreError(f"{name}：写入数据库「{self.db}」失败，本文件未入库（{_reason(exc)}）") from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"{name}：写入数据库「{self.db}」失败，本文件未入库（{_reason(exc)}）") from exc
        raise AssertionError("unreachable")

    def _store_submission(self, conn: Connection, p: Prepared) -> Outcome:
        record = dict(p.record)
        uscc, year = record["uscc"], record["year"]
        s = t.submissions
        latest = _latest(conn, s, s.c.uscc == uscc, s.c.year == year)
        same = conn.execute(select(func.min(s.c.version)).where(s.c.uscc == uscc, s.c.year == year,
                                                                s.c.sha256 == p.sha256)).scalar()
        if same is not None:
            return _unchanged(p.file, p.sha256, "submission", uscc, year, int(same), latest.version, record["tco2e"])
        record["version"] = (latest.version if latest else 0) + 1
        record["received"] = _now()
        self._add_version(conn, p, s, record, CHILD_TABLES, "submission_id",
                          {"action": "submission", "uscc": uscc, "year": year})
        return Outcome(p.file, "stored", "submission", uscc, year, record["version"], p.sha256, record["tco2e"],
                       latest=record["version"])

    def _store_statistics(self, conn: Connection, p: Prepared) -> Outcome:
        v = t.statistics_versions
        latest = _latest(conn, v)
        same = conn.execute(select(func.min(v.c.version)).where(v.c.sha256 == p.sha256)).scalar()
        if same is not None:
            return _unchanged(p.file, p.sha256, "statistics", "", 0, int(same), latest.version)
        version = (latest.version if latest else 0) + 1
        record = {"version": version, "sha256": p.sha256, "file_name": p.record["file_name"], "received": _now()}
        self._add_version(conn, p, v, record, STATISTICS_TABLES, "statistics_id", {"action": "statistics"})
        return Outcome(p.file, "stored", "statistics", version=version, sha256=p.sha256, latest=version)

    # restoring ---------------------------------------------------------------------------------

    def restore(self, version: int, uscc: str | None = None, year: int | None = None) -> Outcome:
        """Make ``version`` of an enterprise's year (or, without ``uscc``, of the statistics) current
        again: it is written as the next version, with its rows, and the log says where it came from."""
        if uscc is None:
            return self._write("统计数据", partial(self._restore, version=version, parent=t.statistics_versions,
                                                    children=STATISTICS_TABLES, owner="statistics_id",
                                                    where=(), entry={"action": "statistics"}))
        if year is None:
            raise StoreError("恢复企业报送的版本须给出报告年度")
        s = t.submissions
        return self._write(f"{uscc} {year}", partial(self._restore, version=version, parent=s, children=CHILD_TABLES,
                                                     owner="submission_id", where=(s.c.uscc == uscc, s.c.year == year),
                                                     entry={"action": "submission", "uscc": uscc, "year": year}))

    def _restore(self, conn: Connection, version: int, parent: Table, children: dict[str, Table], owner: str,
                 where: tuple[Any, ...], entry: dict[str, Any]) -> Outcome:
        kind = entry["action"]
        who = _who((entry["uscc"], entry["year"]) if kind == "submission" else ("statistics",))
        old = conn.execute(select(parent).where(*where, parent.c.version == version)).first()
        latest = _latest(conn, parent, *where)
        if old is None:
            have = f"现有第 1–{latest.version} 版" if latest else "库中没有任何版本"
            raise StoreError(f"{who}没有第 {version} 版（{have}）")
        base = Outcome("", "unchanged", kind, entry.get("uscc", ""), entry.get("year", 0), version, old.sha256,
                       float(getattr(old, "tco2e", 0.0)), latest=latest.version)
        if latest.sha256 == old.sha256:
            return replace(base, message=f"第 {version} 版的内容已是当前内容（第 {latest.version} 版），无需恢复")
        record = {k: v for k, v in old._mapping.items() if k not in ("id", "digest")}
        record.update(version=latest.version + 1, received=_now())
        rows = {name: _child_rows(conn, name, table, owner, old.id) for name, table in children.items()}
        record["digest"] = digest(record, rows)
        oid = _key(conn.execute(insert(parent).values(**record)))
        _insert_rows(conn, children, rows, owner, oid)
        self._log(conn, {**entry, "version": record["version"], "sha256": old.sha256, "file": record["file_name"],
                         "digest": record["digest"], "restored_from": version})
        return replace(base, status="stored", version=record["version"], latest=record["version"],
                       message=f"已将第 {version} 版恢复为当前版本（第 {record['version']} 版）")

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
            if entry.get("restored_from"):
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

    def log(self) -> pd.DataFrame:
        return self.frame(select(t.log).order_by(t.log.c.seq))


def _insert_rows(conn: Connection, tables: dict[str, Table], rows: dict[str, list[Row]], owner: str, oid: int) -> None:
    """The rows of each child table of one version; a table's first column is the owner's id."""
    for name, table in tables.items():
        if rows[name]:
            keys = [c.name for c in table.columns][1:]
            conn.execute(insert(table), [dict(zip(keys, row, strict=True), **{owner: oid}) for row in rows[name]])


# the column each child table's rows are put in order by for its digest (as prepare made them);
# tables without one are sorted whole
ORDER = {"lines": "seq", "months": "month"}


def canonical(name: str, rows: Iterable[Row]) -> list[Row]:
    """A version's rows of table ``name`` in the order its digest takes them, NULLs as None."""
    rows = [tuple(None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in r) for r in rows]
    if name in ORDER:
        return rows  # read back ordered by the store
    return sorted(rows, key=lambda r: tuple((v is None, v if v is not None else 0) for v in r))


def _child_rows(conn: Connection, name: str, table: Table, owner: str, oid: int) -> list[Row]:
    """The rows of one version's child table, without the owner column, in digest order."""
    columns = [c for c in table.columns if c.name != owner]
    order = [table.c[ORDER[name]]] if name in ORDER else []
    return canonical(name, conn.execute(select(*columns).where(table.c[owner] == oid).order_by(*order)))


def _unchanged(name: str, sha: str, kind: str, uscc: str, year: int, version: int, latest: int,
               tco2e: float = 0.0) -> Outcome:
    """A file whose bytes are stored already, as ``version``; ``latest`` is the current one."""
    message = "" if version == latest else (
        f"与已入库的第 {version} 版相同，未入库；当前为第 {latest} 版（如需恢复第 {version} 版，用 tanhe db restore）")
    return Outcome(name, "unchanged", kind, uscc, year, version, sha, tco2e, message, latest=latest)


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
