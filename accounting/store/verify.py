"""``tanhe db verify``: does the store still hold what was put into it?

Four checks, each naming what it found: the log's hash chain is unbroken; every file's bytes still
hash to their SHA-256; every version's rows still hash to the digest its log entry recorded (an
edited total, line, month, issue or statistic shows here); and, with ``recompute``, every file
read and calculated again gives the same rows (the results do not depend on anything outside the
store but the factor sets of this tanhe).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from accounting.errors import AccountingError
from accounting.parallel import pmap
from accounting.store import tables as t
from accounting.store.prepare import digest, prepare
from accounting.store.store import CHILD_TABLES, GENESIS, ORDER, STATISTICS_TABLES, Store, canonical, chain_hash


@dataclass(frozen=True)
class Finding:
    check: str  # chain | file | digest | recompute
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}：{self.message}"


def verify(store: Store, recompute: bool = True, jobs: int = 1) -> list[Finding]:
    findings, logged = _chain(store)
    findings += _files(store)
    findings += _digests(store, logged)
    if recompute:
        findings += _recompute(store, jobs)
    return findings


def _chain(store: Store) -> tuple[list[Finding], dict[tuple[Any, ...], str]]:
    findings: list[Finding] = []
    logged: dict[tuple[Any, ...], str] = {}
    prev = GENESIS
    for expected, row in enumerate(store.log().itertuples(index=False), start=1):
        subject = f"日志第 {row.seq} 条"
        if row.seq != expected:
            findings.append(Finding("chain", subject, f"序号不连续（应为 {expected}），有日志被删除或插入"))
        if row.prev != prev:
            findings.append(Finding("chain", subject, "前一条的哈希与记录不符，日志链断开"))
        if chain_hash(row.prev, row.entry) != row.hash:
            findings.append(Finding("chain", subject, "本条内容与其哈希不符，日志被改动"))
        prev = row.hash
        entry = json.loads(row.entry)
        logged[_ident(entry, entry["action"] == "submission")] = entry["digest"]
    return findings, logged


def _files(store: Store) -> list[Finding]:
    findings = []
    with store.engine.connect() as conn:
        for sha, content in conn.execute(select(t.files.c.sha256, t.files.c.content)):
            if hashlib.sha256(content).hexdigest() != sha:
                findings.append(Finding("file", f"文件 {sha[:12]}…", "原始文件内容与其 SHA-256 不符，文件被改动"))
    return findings


def _rows(frame: pd.DataFrame, name: str, key: str) -> dict[int, list[tuple[Any, ...]]]:
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
    s, v = t.submissions, t.statistics_versions
    seen: set[tuple[Any, ...]] = set()
    for table, tables, key in ((s, CHILD_TABLES, "submission_id"), (v, STATISTICS_TABLES, "statistics_id")):
        records = store.frame(select(table))
        children = {name: _rows(store.frame(select(child)), name, key) for name, child in tables.items()}
        for record in records.to_dict("records"):
            rid = int(record.pop("id"))
            stored = record.pop("digest")
            rows = {name: children[name].get(rid, []) for name in tables}
            ident = _ident(record, table is s)
            subject = _subject(ident)
            seen.add(ident)
            actual = digest({k: _native(x) for k, x in record.items()}, rows)
            if ident not in logged:
                findings.append(Finding("digest", subject, "日志中没有这一版的记录，它不是经入库写入的"))
            elif actual != logged[ident] or actual != stored:
                findings.append(Finding("digest", subject, "数据行与入库时记录的摘要不符，入库后被改动"))
    for ident in sorted(logged.keys() - seen, key=str):
        findings.append(Finding("digest", _subject(ident), "日志记录的这一版已不在库中，被删除"))
    return findings


def _ident(fields: dict[str, Any], submission: bool) -> tuple[Any, ...]:
    """A version's identity, alike from its log entry and from its stored row."""
    if submission:
        return ("submission", fields["uscc"], int(fields["year"]), int(fields["version"]))
    return ("statistics", int(fields["version"]))


def _subject(ident: tuple[Any, ...]) -> str:
    return f"{ident[1]} {ident[2]} 第 {ident[3]} 版" if ident[0] == "submission" else f"统计数据第 {ident[1]} 版"


def _native(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


IDENTITY = ("version", "received", "file_name", "sha256")  # what the store, not the file, gives a version


def _again(item: tuple[bytes, str, str | None, dict[str, Any]]) -> tuple[str, str | None, str | None]:
    """Read and calculate a stored file again: (stored digest, fresh digest, or the error that stopped it)."""
    content, file_name, method, record = item
    with tempfile.TemporaryDirectory(prefix="tanhe-verify-") as folder:
        path = Path(folder) / (Path(file_name).name or "submission.xlsx")
        path.write_bytes(content)
        try:
            prepared = prepare(path, method)
        except AccountingError as exc:
            return record["digest"], None, exc.message
    identity = {k: record[k] for k in IDENTITY}
    fresh = identity if prepared.kind == "statistics" else prepared.record | identity
    return record["digest"], digest(fresh, prepared.tables), None


def _recompute(store: Store, jobs: int) -> list[Finding]:
    s, v, f = t.submissions, t.statistics_versions, t.files
    work: list[tuple[bytes, str, str | None, dict[str, Any]]] = []
    subjects: list[str] = []
    with store.engine.connect() as conn:
        for row in conn.execute(select(s, f.c.content).join(f, s.c.sha256 == f.c.sha256).order_by(s.c.id)):
            record = dict(row._mapping)
            work.append((record.pop("content"), record["file_name"], record["method"], record))
            subjects.append(_subject(_ident(record, True)))
        for row in conn.execute(select(v, f.c.content).join(f, v.c.sha256 == f.c.sha256).order_by(v.c.id)):
            record = dict(row._mapping)
            work.append((record.pop("content"), record["file_name"], None, record))
            subjects.append(_subject(_ident(record, False)))
    findings = []
    for subject, (stored, fresh, error) in zip(subjects, pmap(_again, work, jobs, chunksize=8), strict=True):
        if error is not None:
            findings.append(Finding("recompute", subject, f"原始文件无法重新核算（{error}）"))
        elif fresh != stored:
            message = "按原始文件重新核算的结果与库中不同（库中数据被改动，或因子数据已变更）"
            findings.append(Finding("recompute", subject, message))
    return findings
