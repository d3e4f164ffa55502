"""``tanhe db verify``: does the store still hold what was put into it?

Five checks, each naming what it found: the log's hash chain is unbroken; every file's bytes still
hash to their SHA-256; every version of every record kind still hashes to the digest its log entry
recorded (an edited total, line, month, issue, statistic, deposited parameter or finding shows
here), and its original file is still there; with ``anchor``, the log still holds the head recorded
outside the store; and, with ``recompute``, every file read and calculated again gives the same rows. A
submission is calculated again with the options stored with it and the factor sets it was
calculated with: the store keeps their fingerprints, so a version whose factor sets are not at
hand (another folder given to ``--factors``, or changed since) is named, not recalculated with
other factors and reported as changed.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from accounting.calc import Options
from accounting.errors import AccountingError
from accounting.factors import Library, bundled
from accounting.parallel import pmap
from accounting.store import tables as t
from accounting.store.accounts import altered
from accounting.store.ingest import finisher
from accounting.store.kinds import KINDS, ORDER, Kind, canonical
from accounting.store.prepare import prepare
from accounting.store.record import Prepared, digest, stored_calculation
from accounting.store.store import GENESIS, Store, chain_hash

# what the store, not the file, gives a version; kept as stored when a file is calculated again
IDENTITY = ("version", "received", "file_name", "sha256")


@dataclass(frozen=True)
class Finding:
    check: str  # chain | anchor | file | digest | recompute
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}：{self.message}"


def verify(
    store: Store,
    recompute: bool = True,
    jobs: int = 1,
    library: Library | None = None,
    anchor: str | None = None,
) -> list[Finding]:
    """Every finding of the checks; ``library``: the factor sets to recalculate with (bundled by default);
    ``anchor``: a head hash of the log recorded outside the store (``tanhe db head``), which must still
    be in the chain: a log cut short together with the versions it logged is found only so."""
    log = store.log()  # read and parsed once: the chain, the anchor and the versions' digests use it
    findings, entries = _chain(log)
    unversioned, logged = _logged(entries)
    findings += unversioned
    if anchor is not None:
        findings += _anchored(log, anchor)
    findings += _files(store)
    findings += _unfiled(store)
    findings += _digests(store, logged)
    findings += [Finding("digest", subject, message) for subject, message in altered(store, entries)]
    if recompute:
        findings += _recompute(store, jobs, library or bundled())
    return findings


def _ident(kind: Kind, fields: dict[str, Any]) -> tuple[Any, ...]:
    """A version's identity, alike from its log entry and from its stored row."""
    return (
        kind.name,
        *(int(fields[k]) if k in ("year", "month") else fields[k] for k in kind.keys),
        int(fields["version"]),
    )


def _subject(kind: Kind, fields: dict[str, Any]) -> str:
    return f"{kind.who(fields)}第 {int(fields['version'])} 版"


def _chain(log: pd.DataFrame) -> tuple[list[Finding], list[tuple[str, dict[str, Any]]]]:
    """The chain's findings, and each entry that is a JSON object with an action: (subject, entry)."""
    findings: list[Finding] = []
    entries: list[tuple[str, dict[str, Any]]] = []
    prev = GENESIS
    for expected, row in enumerate(log.itertuples(index=False), start=1):
        subject = f"日志第 {row.seq} 条"
        if row.seq != expected:
            findings.append(Finding("chain", subject, f"序号不连续（应为 {expected}），有日志被删除或插入"))
        if row.prev != prev:
            findings.append(Finding("chain", subject, "前一条的哈希与记录不符，日志链断开"))
        if chain_hash(row.prev, row.entry) != row.hash:
            findings.append(Finding("chain", subject, "本条内容与其哈希不符，日志被改动"))
        prev = row.hash
        try:
            entry = json.loads(row.entry)
        except (TypeError, ValueError):
            findings.append(Finding("chain", subject, "本条内容不是 JSON，日志被改动"))
            continue
        if not isinstance(entry, dict) or "action" not in entry:
            findings.append(Finding("chain", subject, "本条内容缺少动作（action），日志被改动"))
        else:
            entries.append((subject, entry))
    return findings, entries


def _logged(entries: list[tuple[str, dict[str, Any]]]) -> tuple[list[Finding], dict[tuple[Any, ...], str]]:
    """The digest the log recorded for each version of a record kind, and the entries that lack a field."""
    findings: list[Finding] = []
    logged: dict[tuple[Any, ...], str] = {}
    for subject, entry in entries:
        action = entry["action"]
        kind = KINDS.get(action) if isinstance(action, str) else None  # a tampered action may be any JSON
        if kind is not None:
            try:
                logged[_ident(kind, entry)] = entry["digest"]
            except (KeyError, TypeError, ValueError):
                findings.append(Finding("chain", subject, "本条缺少所记版本的字段，日志被改动"))
    return findings, logged


def head(store: Store) -> tuple[int, str]:
    """The log's last entry: (seq, hash). Recorded outside the store, it anchors everything up to it."""
    log = store.log()
    if log.empty:
        return 0, GENESIS
    last = log.iloc[-1]
    return int(last["seq"]), str(last["hash"])


def _anchored(log: pd.DataFrame, anchor: str) -> list[Finding]:
    """The anchor must be the hash of an entry of the chain (the chain itself is checked by _chain)."""
    if anchor == GENESIS or anchor in set(log["hash"]):
        return []
    return [
        Finding(
            "anchor",
            f"锚定哈希 {anchor[:12]}…",
            "不在日志中：锚定之后，日志连同所记的版本被截断或重写",
        )
    ]


def _files(store: Store) -> list[Finding]:
    findings = []
    with store.engine.connect() as conn:
        for sha, content in conn.execute(select(t.files.c.sha256, t.files.c.content)):
            subject = f"文件 {str(sha)[:12]}…"
            if not isinstance(content, (bytes, bytearray, memoryview)):
                findings.append(Finding("file", subject, "原始文件内容不是字节（被改写为文本或清空），文件被改动"))
            elif hashlib.sha256(content).hexdigest() != sha:
                findings.append(Finding("file", subject, "原始文件内容与其 SHA-256 不符，文件被改动"))
    return findings


def _unfiled(store: Store) -> list[Finding]:
    """Versions whose original file is no longer in the store."""
    findings = []
    with store.engine.connect() as conn:
        kept = {sha for (sha,) in conn.execute(select(t.files.c.sha256))}
        for kind in KINDS.values():
            p = kind.parent
            for row in conn.execute(select(p)):
                record = dict(row._mapping)
                if record["sha256"] not in kept:
                    findings.append(Finding("file", _subject(kind, record), "原始文件已不在库中，被删除"))
    return findings


def rows_by_version(frame: pd.DataFrame, name: str, key: str) -> dict[int, list[tuple[Any, ...]]]:
    """The rows of each version, in the order their digest was taken."""
    columns = [c for c in frame.columns if c != key]
    out: dict[int, list[tuple[Any, ...]]] = {}
    for owner, group in frame.groupby(key, sort=False):
        if name in ORDER:
            group = group.sort_values(ORDER[name])
        rows = [tuple(None if pd.isna(v) else v for v in r) for r in group[columns].itertuples(index=False)]
        out[int(owner)] = canonical(name, rows)
    return out


def _digests(store: Store, logged: dict[tuple[Any, ...], str]) -> list[Finding]:
    findings = []
    seen: set[tuple[Any, ...]] = set()
    for kind in KINDS.values():
        records = store.frame(select(kind.parent))
        children = {
            name: rows_by_version(store.frame(select(child)), name, kind.owner) for name, child in kind.children.items()
        }
        for record in records.to_dict("records"):
            rid = int(record.pop("id"))
            stored = record.pop("digest")
            rows = {name: children[name].get(rid, []) for name in kind.children}
            ident = _ident(kind, record)
            subject = _subject(kind, record)
            seen.add(ident)
            actual = digest({k: _native(x) for k, x in record.items()}, rows)
            if ident not in logged:
                findings.append(Finding("digest", subject, "日志中没有这一版的记录，它不是经入库写入的"))
            elif actual != logged[ident] or actual != stored:
                findings.append(Finding("digest", subject, "数据行与入库时记录的摘要不符，入库后被改动"))
    for ident in sorted(logged.keys() - seen, key=str):
        kind = KINDS[ident[0]]
        fields = dict(zip((*kind.keys, "version"), ident[1:], strict=True))
        findings.append(Finding("digest", _subject(kind, fields), "日志记录的这一版已不在库中，被删除"))
    return findings


def _native(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


Work = tuple[bytes, str, str | None, dict[str, bytes], Options]


def _again(item: Work, library: Library) -> Prepared | str:
    """Read and calculate a stored file again (in a worker): the prepared file, or the error that stopped it.

    The file is written under its own name, with the files it brought along (a deposit's evidence)
    beside it, as it was when it was ingested."""
    content, file_name, method, beside, options = item
    with tempfile.TemporaryDirectory(prefix="tanhe-verify-") as folder:
        path = Path(folder) / (Path(file_name).name or "file")
        path.write_bytes(content)
        for name, data in beside.items():
            (Path(folder) / Path(name).name).write_bytes(data)
        try:
            return prepare(path, method, options, library)
        except AccountingError as exc:
            return exc.message


def _beside(store: Store, kind: Kind, rid: int) -> dict[str, bytes]:
    """The files a version brought along: a deposit's evidence, by file name."""
    if kind.name != "deposit":
        return {}
    e = t.deposit_evidence
    rows = store.frame(
        select(e.c.file_name, t.files.c.content)
        .join(t.files, e.c.sha256 == t.files.c.sha256)
        .where(e.c.deposit_id == rid)
    )
    return {r.file_name: bytes(r.content) for r in rows.itertuples(index=False)}


def _positions(store: Store) -> dict[tuple[Any, ...], int]:
    """The log position of every version: identity -> seq."""
    out = {}
    log = store.log()
    for seq, text in zip(log["seq"], log["entry"], strict=True):
        try:
            entry = json.loads(text)
            kind = KINDS.get(entry.get("action", ""))
            if kind is not None:
                out[_ident(kind, entry)] = int(seq)
        except (TypeError, ValueError, KeyError, AttributeError):
            continue  # a broken entry is a finding of the chain check
    return out


def _missing_factors(recorded: dict[str, str], library: Library) -> str:
    """Why a version cannot be calculated again with ``library``: the factor sets it was calculated with
    that are absent or differ; empty when all are at hand."""
    absent = [s for s in recorded if s not in library.sets]
    changed = [s for s in recorded if s in library.sets and library.sets[s].fingerprint != recorded[s]]
    reasons = []
    if absent:
        reasons.append(f"缺少入库时所用的因子集 {'、'.join(absent)}（请用 --factors 给出其目录）")
    if changed:
        reasons.append(f"因子集 {'、'.join(changed)} 与入库时不同（内容已改动）")
    return "；".join(reasons)


def _recompute(store: Store, jobs: int, library: Library) -> list[Finding]:
    """Every version made again from its bytes: prepared in workers, finished here with the store as it
    was when the version was written (a submission's reconciliation takes the deposits logged before it)."""
    f = t.files
    work: list[Work] = []
    versions: list[tuple[Kind, dict[str, Any]]] = []
    contents: list[bytes] = []
    with store.engine.connect() as conn:
        for kind in KINDS.values():
            p = kind.parent
            for row in conn.execute(select(p, f.c.content).join(f, p.c.sha256 == f.c.sha256).order_by(p.c.id)):
                record = dict(row._mapping)
                contents.append(record.pop("content"))
                versions.append((kind, record))
    findings = []
    todo = []
    for (kind, record), content in zip(versions, contents, strict=True):
        if not isinstance(content, (bytes, bytearray, memoryview)):
            continue  # not bytes: a finding of the file check
        options, recorded = stored_calculation(record.get("calculation"))
        missing = _missing_factors(recorded, library)
        if missing:
            findings.append(Finding("recompute", _subject(kind, record), f"无法按入库时的因子重新核算：{missing}"))
            continue
        todo.append((kind, record))
        work.append(
            (
                bytes(content),
                record["file_name"],
                record.get("method"),
                _beside(store, kind, int(record["id"])),
                options,
            )
        )
    positions = _positions(store)
    for (kind, record), fresh in zip(
        todo, pmap(partial(_again, library=library), work, jobs, chunksize=8), strict=True
    ):
        subject = _subject(kind, record)
        if isinstance(fresh, str):
            findings.append(Finding("recompute", subject, f"原始文件无法重新核算（{fresh}）"))
            continue
        done = finisher(kind.name)
        try:
            prepared = done(store, fresh, positions.get(_ident(kind, record))) if done else fresh
        except AccountingError as exc:
            findings.append(Finding("recompute", subject, f"原始文件无法重新核算（{exc.message}）"))
            continue
        identity = {k: record[k] for k in IDENTITY}
        again = {**prepared.record, **identity}
        if record.get("calculation") is None:  # stored before calculations were recorded (see ADDED_LATER)
            again.pop("calculation", None)
        if digest(again, prepared.tables) != record["digest"]:
            message = "按原始文件重新核算的结果与库中不同（库中数据被改动，或因子数据已变更）"
            findings.append(Finding("recompute", subject, message))
    return findings
