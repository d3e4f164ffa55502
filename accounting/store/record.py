"""A record as the store keeps it, below every kind of record and every way of storing one.

A :class:`Prepared` is one file ready to store (plain data, picklable); :func:`digest` is the
SHA-256 of its rows exactly as the store keeps them, so that the digest of rows read back from the
store must give the same value; an :class:`Outcome` says what became of a file; the row helpers
write and read a version's child tables. Record kinds (:mod:`accounting.chain`,
:mod:`accounting.market`) build on this module and on :mod:`.store`, never on the modules that
ingest or verify (which know every kind).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table, insert, select

from accounting.calc.context import Options
from accounting.errors import UnreadableWorkbook
from accounting.store.kinds import ORDER, Kind, Row, canonical

# parent-row columns added after versions were first stored (see digest)
ADDED_LATER = frozenset({"calculation"})

__all__ = [
    "Outcome",
    "Prepared",
    "Row",
    "child_rows",
    "digest",
    "insert_rows",
    "inserted_id",
    "latest_version",
    "read_bytes",
    "unchanged",
]


@dataclass(frozen=True)
class Prepared:
    """One file, ready to store: its bytes and hash, and the rows of its tables."""

    file: str
    sha256: str
    content: bytes
    kind: str  # a kind of accounting.store.kinds: submission, statistics, deposit, grid, verification, registry
    record: dict[str, Any] = field(default_factory=dict)  # the parent row, without id, version, time, digest
    tables: dict[str, list[Row]] = field(default_factory=dict)  # rows by table name, in stored order
    attachments: dict[str, bytes] = field(default_factory=dict)  # other files kept with it (evidence), by SHA-256
    extra: dict[str, Any] = field(default_factory=dict)  # what finishing it needs, not stored (see ingest.finisher)


def _clean(value: Any) -> Any:
    """A value as the digest sees it: integral numbers as integers, since a database column of
    integers with blanks comes back as floats (5 and 5.0 are the same row)."""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if isinstance(value, np.integer):
        return int(value)
    return value


def digest(record: Mapping[str, Any], tables: Mapping[str, Sequence[Row]]) -> str:
    """SHA-256 of a version's rows in canonical JSON (floats as Python prints them, exactly).

    A column that a later migration added enters only where it holds a value, so that the digests
    of versions stored before it keep their value."""
    body = {
        "record": {k: _clean(v) for k, v in sorted(record.items()) if not (k in ADDED_LATER and v is None)},
        "tables": {name: [[_clean(v) for v in row] for row in rows] for name, rows in sorted(tables.items())},
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableWorkbook(f"{path}：无法读取文件（{exc.strerror or exc}）") from exc


@dataclass(frozen=True)
class Outcome:
    """What became of one file: stored (a new version), unchanged (those bytes are stored already), rejected.

    ``kind`` names the record kind (submission, statistics, deposit, grid, verification) and
    ``label`` its series in words; ``latest`` is the version that is current after this file (for
    an unchanged file it may be later than ``version``, the one that holds these bytes).
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
    label: str = ""


def unchanged(
    name: str, sha: str, kind: Kind, record: dict[str, Any], version: int, latest: int, tco2e: float = 0.0
) -> Outcome:
    """A file whose bytes are stored already, as ``version``; ``latest`` is the current one."""
    message = ""
    if version != latest:
        message = (
            f"与已入库的第 {version} 版相同，未入库；当前为第 {latest} 版"
            f"（如需恢复第 {version} 版，用 tanhe db restore）"
        )
    return Outcome(
        name,
        "unchanged",
        kind.name,
        record.get("uscc", ""),
        int(record.get("year", 0)),
        version,
        sha,
        tco2e,
        message,
        latest=latest,
        label=kind.who(record),
    )


def insert_rows(conn: Connection, tables: dict[str, Table], rows: dict[str, list[Row]], owner: str, oid: int) -> None:
    """The rows of each child table of one version; a table's first column is the owner's id."""
    for name, table in tables.items():
        if rows.get(name):
            keys = [c.name for c in table.columns][1:]
            conn.execute(insert(table), [dict(zip(keys, row, strict=True), **{owner: oid}) for row in rows[name]])


def child_rows(conn: Connection, name: str, table: Table, owner: str, oid: int) -> list[Row]:
    """The rows of one version's child table, without the owner column, in digest order."""
    columns = [c for c in table.columns if c.name != owner]
    order = [table.c[ORDER[name]]] if name in ORDER else []
    return canonical(name, conn.execute(select(*columns).where(table.c[owner] == oid).order_by(*order)))


def latest_version(conn: Connection, parent: Table, *where: Any) -> Any:
    """The newest version of ``parent`` matching ``where``: (version, sha256), or None."""
    query = select(parent.c.version, parent.c.sha256).where(*where).order_by(parent.c.version.desc()).limit(1)
    return conn.execute(query).first()


def inserted_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def stored_calculation(text: str | None) -> tuple[Options, dict[str, str]]:
    """The options and factor-set fingerprints of :func:`calculation`; a version stored before they
    were recorded was calculated with the default options and, unknown, the factors at hand."""
    if not text:
        return Options(), {}
    data = json.loads(text)
    return Options(**data["options"]), dict(data["factor_sets"])
