"""The portal's people and work in the store: accounts, verifiers' assignments, uploads.

Accounts and assignments are versioned like every record of the store: a change (a new password, a
changed scope, an account closed, an assignment withdrawn) is the next version of its series, and
each version is an entry of the hash-chained log, with the digest of its row. The log never holds
a password's hash, only that it changed. An upload is a piece of work, not a record: its row holds
the bytes until a worker has processed them (then the bytes are dropped; a stored version keeps
its own copy), its state and the outcome; its arrival and its end are logged.

Roles and what an account's scope is:
- ``enterprise``: one USCC;
- ``verifier``: a verification body (``body``), and through it the enterprise-years assigned to it;
- ``regulator``: a province, or a city of it;
- ``admin``: manages accounts and assignments (no data of its own).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import Table as SqlTable

from accounting.errors import StoreError
from accounting.store import tables as t
from accounting.store.record import digest, inserted_id
from accounting.store.store import Store

ROLES = ("enterprise", "verifier", "regulator", "admin")

accounts = SqlTable(
    "accounts",
    t.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    Column("uscc", Text, nullable=False),  # an enterprise's; "" for the others
    Column("body", Text, nullable=False),  # a verifier's verification body
    Column("province", Text, nullable=False),  # a regulator's
    Column("city", Text, nullable=False),  # a city regulator's ("" for the province)
    Column("display", Text, nullable=False),  # the name shown on pages
    Column("password", Text, nullable=False),  # argon2 hash (accounting.portal.passwords)
    Column("active", Integer, nullable=False),
    Column("changed", String(32), nullable=False),
    Column("by", Text, nullable=False),  # who made this version
    Column("digest", String(64), nullable=False),
    UniqueConstraint("username", "version"),
)

assignments = SqlTable(
    "assignments",
    t.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("body", Text, nullable=False),
    Column("uscc", String(18), nullable=False),
    Column("year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("active", Integer, nullable=False),
    Column("changed", String(32), nullable=False),
    Column("by", Text, nullable=False),
    Column("digest", String(64), nullable=False),
    UniqueConstraint("body", "uscc", "year", "version"),
)

uploads = SqlTable(
    "uploads",
    t.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary),  # until processed
    Column("received", String(32), nullable=False),
    Column("state", String(16), nullable=False),  # queued, running, done, failed
    Column("attempts", Integer, nullable=False),
    Column("started", String(32)),
    Column("finished", String(32)),
    Column("outcome", Text),  # JSON: status, kind, uscc, year, version, message, issues
    Column("annotated", LargeBinary),  # a refused workbook with its issues marked, to download
)
Index("uploads_user", uploads.c.username)

upload_files = SqlTable(  # the files sent with a workbook (a deposit's evidence), until processed
    "upload_files",
    t.metadata,
    Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
)
Index("upload_files_upload", upload_files.c.upload_id)

ATTEMPTS = 3  # an upload whose worker died is tried again, at most this many times in all


@dataclass(frozen=True)
class Account:
    username: str
    version: int
    role: str
    uscc: str = ""
    body: str = ""
    province: str = ""
    city: str = ""
    display: str = ""
    password: str = ""
    active: bool = True

    def scope(self) -> str:
        """The scope in words, for pages and ``tanhe users list``."""
        return {
            "enterprise": self.uscc,
            "verifier": self.body,
            "regulator": self.city or self.province,
            "admin": "",
        }[self.role]


FIELDS = ("role", "uscc", "body", "province", "city", "display", "password", "active")


def _versioned(
    store: Store, table: SqlTable, keys: dict[str, Any], values: dict[str, Any], by: str, new_password: bool = False
) -> int:
    """Write the next version of the series ``keys`` of ``table`` with ``values``, logged with its digest
    (and, for an account, whether this version sets a new password; never the password's hash)."""
    action = table.name[:-1]  # account, assignment

    def work(conn: Connection) -> int:
        where = [table.c[k] == v for k, v in keys.items()]
        version = int(conn.execute(select(func.coalesce(func.max(table.c.version), 0)).where(*where)).scalar_one()) + 1
        row = {**keys, **values, "version": version, "changed": store.clock(), "by": by}
        row["digest"] = digest(row, {})
        inserted_id(conn.execute(insert(table).values(**row)))
        shown = {k: v for k, v in row.items() if k != "password"}
        if new_password:
            shown["password_set"] = True
        store.log_entry(conn, {"action": action, **shown})
        return version

    return store.write(f"{action} {'/'.join(str(v) for v in keys.values())}", work)


def account(store: Store, username: str) -> Account | None:
    """The current version of ``username``'s account, or None when there is none."""
    a = accounts
    rows = store.frame(select(a).where(a.c.username == username).order_by(a.c.version.desc()).limit(1))
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Account(
        str(r["username"]),
        int(r["version"]),
        str(r["role"]),
        **{k: str(r[k]) for k in ("uscc", "body", "province", "city", "display", "password")},
        active=bool(r["active"]),
    )


def save_account(store: Store, username: str, by: str, **changes: Any) -> Account:
    """Create an account (``role`` and its scope given) or write the next version with ``changes``."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise StoreError(f"账户没有这些字段：{'、'.join(sorted(unknown))}")
    now = account(store, username)
    if now is None:
        if changes.get("role") not in ROLES:
            raise StoreError(f"新账户「{username}」须有角色（{'、'.join(ROLES)}）")
        base: dict[str, Any] = {k: "" for k in FIELDS} | {"active": 1}
    else:
        base = {k: getattr(now, k) for k in FIELDS}
    values = base | changes
    values["active"] = int(bool(values["active"]))
    _check_scope(username, values)
    _versioned(store, accounts, {"username": username}, values, by, new_password="password" in changes)
    found = account(store, username)
    assert found is not None
    return found


def _check_scope(username: str, v: dict[str, Any]) -> None:
    need = {"enterprise": "uscc", "verifier": "body", "regulator": "province"}.get(v["role"])
    if v["role"] not in ROLES:
        raise StoreError(f"账户「{username}」的角色「{v['role']}」不在 {'、'.join(ROLES)} 之中")
    if need and not v[need]:
        raise StoreError(f"账户「{username}」的角色为 {v['role']}，须给出 {need}")


def list_accounts(store: Store) -> list[Account]:
    """Every account's current version, by username."""
    a = accounts
    names = store.frame(select(a.c.username).distinct().order_by(a.c.username))["username"]
    found = [account(store, str(n)) for n in names]
    return [f for f in found if f is not None]


def assign(store: Store, body: str, uscc: str, year: int, by: str, active: bool = True) -> int:
    """Assign the enterprise-year to the verification body (or withdraw it): the next version."""
    return _versioned(store, assignments, {"body": body, "uscc": uscc, "year": int(year)}, {"active": int(active)}, by)


def assigned(store: Store, body: str) -> set[tuple[str, int]]:
    """The (USCC, year) currently assigned to ``body``."""
    a = assignments
    top = (
        select(a.c.uscc, a.c.year, func.max(a.c.version).label("top"))
        .where(a.c.body == body)
        .group_by(a.c.uscc, a.c.year)
        .subquery()
    )
    rows = store.frame(
        select(a.c.uscc, a.c.year, a.c.active)
        .join(top, (a.c.uscc == top.c.uscc) & (a.c.year == top.c.year) & (a.c.version == top.c.top))
        .where(a.c.body == body)
    )
    return {(str(r.uscc), int(r.year)) for r in rows.itertuples() if r.active}


def altered(store: Store, entries: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """Account and assignment versions whose row no longer matches its digest, or whose digest is not
    the one the chained log recorded for it: (subject, message) for ``tanhe db verify`` (a scope or a
    role edited in the database behind the portal's back is found so). ``entries``: the log's entries
    as the chain check parsed them, (subject, entry)."""
    logged: dict[tuple[Any, ...], str] = {}
    for _, entry in entries:
        try:
            if entry["action"] in ("account", "assignment"):
                key = (entry["action"], *(entry[k] for k in _KEYS[entry["action"]]), int(entry["version"]))
                logged[key] = entry["digest"]
        except (TypeError, ValueError, KeyError):
            continue  # a broken entry is a finding of the chain check
    out = []
    for action, table in (("account", accounts), ("assignment", assignments)):
        for row in store.frame(select(table)).to_dict("records"):
            values = {k: v for k, v in row.items() if k not in ("id", "digest")}
            key = (action, *(values[k] for k in _KEYS[action]), int(values["version"]))
            who = "、".join(str(v) for v in key[1:-1])
            subject = f"{'账户' if action == 'account' else '核查分配'}「{who}」第 {key[-1]} 版"
            if digest(values, {}) != row["digest"]:
                out.append((subject, "内容与其摘要不符，被改动"))
            elif logged.get(key) != row["digest"]:
                out.append((subject, "日志中没有这一版或所记摘要不同，被改动"))
    return out


_KEYS = {"account": ("username",), "assignment": ("body", "uscc", "year")}


def log_event(store: Store, action: str, username: str, **what: Any) -> None:
    """An entry of the chained log for something done through the portal: login, download, view …"""
    store.write(action, lambda conn: store.log_entry(conn, {"action": action, "username": username, **what}))


# uploads ---------------------------------------------------------------------------------------


def add_upload(
    store: Store,
    username: str,
    file_name: str,
    sha256: str,
    content: bytes,
    beside: dict[str, bytes] | None = None,
) -> int:
    """Keep an uploaded file (and the files sent ``beside`` it, by name) until a worker takes it;
    logged as it arrives."""

    def work(conn: Connection) -> int:
        now = store.clock()
        row = dict(username=username, file_name=file_name, sha256=sha256, size=len(content), content=content)
        uid = inserted_id(conn.execute(insert(uploads).values(**row, received=now, state="queued", attempts=0)))
        for name, data in (beside or {}).items():
            conn.execute(insert(upload_files).values(upload_id=uid, file_name=name, content=data))
        store.log_entry(
            conn, {"action": "upload", "upload": uid, "username": username, "file": file_name, "sha256": sha256}
        )
        return uid

    return store.write(f"上传 {file_name}", work)


def take_upload(store: Store, uid: int) -> tuple[str, bytes, dict[str, bytes]] | None:
    """Mark the upload running (one more attempt) and give its name, its bytes and the files sent beside
    it; None when it is not waiting (done, failed, or taken by another worker)."""

    def work(conn: Connection) -> tuple[str, bytes, dict[str, bytes]] | None:
        u = uploads
        row = conn.execute(select(u.c.file_name, u.c.content, u.c.state).where(u.c.id == uid)).first()
        if row is None or row.state != "queued" or row.content is None:
            return None
        conn.execute(
            update(u).where(u.c.id == uid).values(state="running", attempts=u.c.attempts + 1, started=store.clock())
        )
        f = upload_files
        beside = conn.execute(select(f.c.file_name, f.c.content).where(f.c.upload_id == uid))
        return str(row.file_name), bytes(row.content), {str(b.file_name): bytes(b.content) for b in beside}

    return store.write(f"上传 {uid}", work)


def finish_upload(store: Store, uid: int, state: str, outcome: dict[str, Any], annotated: bytes | None = None) -> None:
    """Record the end of an upload (``done`` or ``failed``) and drop its bytes; logged."""
    text = json.dumps(outcome, ensure_ascii=False, sort_keys=True)

    def work(conn: Connection) -> None:
        conn.execute(
            update(uploads)
            .where(uploads.c.id == uid)
            .values(state=state, finished=store.clock(), outcome=text, content=None, annotated=annotated)
        )
        conn.execute(delete(upload_files).where(upload_files.c.upload_id == uid))
        brief = {k: outcome.get(k) for k in ("status", "kind", "uscc", "year", "version") if outcome.get(k)}
        store.log_entry(conn, {"action": "upload-" + state, "upload": uid, **brief})

    store.write(f"上传 {uid}", work)


def requeue_stale(store: Store, running: Iterable[int] = ()) -> list[int]:
    """Uploads left ``running`` by a worker that died (all of them, or those ``running``): queued again
    while attempts remain, else failed with a message. Returns the ids queued again."""
    u = uploads
    query = select(u.c.id, u.c.attempts).where(u.c.state == "running")
    ids = list(running)
    if ids:
        query = query.where(u.c.id.in_(ids))
    found = store.frame(query)
    again = [int(r.id) for r in found.itertuples() if int(r.attempts) < ATTEMPTS]
    if again:

        def requeue(conn: Connection) -> None:
            conn.execute(update(u).where(u.c.id.in_(again)).values(state="queued"))
            store.log_entry(conn, {"action": "upload-retried", "uploads": again})

        store.write("上传", requeue)
    for r in found.itertuples():
        if int(r.attempts) >= ATTEMPTS:
            message = f"处理本文件的进程 {ATTEMPTS} 次中断，文件未入库；请联系管理员"
            finish_upload(store, int(r.id), "failed", {"status": "failed", "message": message})
    return again


def annotated_copy(store: Store, uid: int) -> bytes | None:
    found = store.frame(select(uploads.c.annotated).where(uploads.c.id == uid))["annotated"]
    return None if found.empty or found.iloc[0] is None else bytes(found.iloc[0])


def upload_rows(store: Store, username: str | None = None, ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Uploads without their bytes, newest first: those of ``username``, or ``ids``, or all."""
    u = uploads
    shown = [c for c in u.columns if c.name not in ("content", "annotated")]
    query = select(*shown, u.c.annotated.isnot(None).label("has_annotated")).order_by(u.c.id.desc())
    if username is not None:
        query = query.where(u.c.username == username)
    if ids is not None:
        query = query.where(u.c.id.in_([int(i) for i in ids]))
    return store.frame(query)


__all__ = [
    "ROLES",
    "Account",
    "account",
    "accounts",
    "add_upload",
    "altered",
    "annotated_copy",
    "assign",
    "assigned",
    "assignments",
    "finish_upload",
    "list_accounts",
    "log_event",
    "requeue_stale",
    "save_account",
    "take_upload",
    "upload_files",
    "upload_rows",
    "uploads",
]
