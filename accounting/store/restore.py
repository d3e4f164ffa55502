"""``tanhe db restore``: an older version of a series becomes current again, by an explicit, logged act.

The old version is written as the next version, with its bytes and rows; its log entry names the
version it restores (``restored_from``), so that history and ``db verify`` both show what happened.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select

from accounting.errors import StoreError
from accounting.store.kinds import KINDS, Kind
from accounting.store.record import Outcome, child_rows, digest, insert_rows, inserted_id, latest_version

if TYPE_CHECKING:
    from accounting.store.store import Store


def restore(
    store: Store, version: int, uscc: str | None = None, year: int | None = None, kind: str | None = None, **key: Any
) -> Outcome:
    """Make ``version`` current again: of an enterprise's year (``uscc``, ``year``), of the statistics
    (neither), or of any kind's series (``kind`` and its key columns)."""
    chosen = KINDS[kind or ("submission" if uscc else "statistics")]
    values = {**key, **({"uscc": uscc} if uscc else {}), **({"year": year} if year is not None else {})}
    missing = [k for k in chosen.keys if k not in values]
    if missing:
        raise StoreError(f"恢复{chosen.name}的版本须给出 {'、'.join(missing)}")
    values = {k: values[k] for k in chosen.keys}
    return store.write(chosen.who(values), lambda conn: _restore(store, conn, chosen, values, version))


def _restore(store: Store, conn: Connection, kind: Kind, values: dict[str, Any], version: int) -> Outcome:
    parent = kind.parent
    who = kind.who(values)
    where = kind.where(values)
    old = conn.execute(select(parent).where(*where, parent.c.version == version)).first()
    latest = latest_version(conn, parent, *where)
    if old is None:
        have = f"现有第 1–{latest.version} 版" if latest else "库中没有任何版本"
        raise StoreError(f"{who}没有第 {version} 版（{have}）")
    base = Outcome(
        "",
        "unchanged",
        kind.name,
        values.get("uscc", ""),
        int(values.get("year", 0)),
        version,
        old.sha256,
        float(getattr(old, "tco2e", 0.0) or 0.0),
        latest=latest.version,
        label=who,
    )
    if latest.sha256 == old.sha256:
        return replace(base, message=f"第 {version} 版的内容已是当前内容（第 {latest.version} 版），无需恢复")
    record = {k: v for k, v in old._mapping.items() if k not in ("id", "digest")}
    record.update(version=latest.version + 1, received=store.clock())
    rows = {name: child_rows(conn, name, table, kind.owner, old.id) for name, table in kind.children.items()}
    record["digest"] = digest(record, rows)
    oid = inserted_id(conn.execute(insert(parent).values(**record)))
    insert_rows(conn, kind.children, rows, kind.owner, oid)
    store.log_entry(
        conn,
        {
            "action": kind.name,
            **values,
            "version": record["version"],
            "sha256": old.sha256,
            "file": record["file_name"],
            "digest": record["digest"],
            "restored_from": version,
        },
    )
    return replace(
        base,
        status="stored",
        version=record["version"],
        latest=record["version"],
        message=f"已将第 {version} 版恢复为当前版本（第 {record['version']} 版）",
    )
