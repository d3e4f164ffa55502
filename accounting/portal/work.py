"""Uploads are read and calculated off the request, by a pool of worker processes.

A request keeps the uploaded bytes in the store (an ``uploads`` row, state ``queued``) and hands the
row's id to the pool; a worker marks it ``running``, writes it to a private temporary folder, runs
:func:`accounting.ingest` on it (the same inspection, reading, checks and calculation as ``tanhe db
ingest``, one transaction), and records the outcome (``done``) or its failure (``failed``). A worker
that dies leaves its upload ``running``: the pool notices (the future is broken), the upload is
queued again while attempts remain (:data:`~accounting.store.accounts.ATTEMPTS`), else failed with a
message, and never half-stored, since a version is written in one transaction. When the server
starts, uploads a previous server left running or queued are taken up again.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from accounting.errors import AccountingError
from accounting.report.output import safe_stem
from accounting.store import Store
from accounting.store.accounts import (
    Account,
    account,
    assigned,
    finish_upload,
    requeue_stale,
    take_upload,
    uploads,
)

KINDS_OF = {"enterprise": ("submission", "deposit"), "verifier": ("verification",)}  # what each role may upload


def admit_rule(who: Account | None, store: Store) -> Callable[[str, dict[str, Any]], str | None]:
    """What an account may store: an enterprise, its own USCC's annual submissions and monthly
    deposits; a verifier, its body's verifications of the enterprise-years assigned to it."""

    def admit(kind: str, record: dict[str, Any]) -> str | None:
        if who is None or not who.active or who.role not in KINDS_OF:
            return "本账户不能报送文件"
        if kind not in KINDS_OF[who.role]:
            if who.role == "verifier":
                return "核查账户只接收核查表（tanhe 生成的核查工作簿）"
            return "门户只接收年度报送工作簿与月度存证表；统计、预算等文件由主管部门入库"
        if who.role == "enterprise" and record.get("uscc") != who.uscc:
            return f"工作簿的统一社会信用代码（{record.get('uscc')}）不是本账户的（{who.uscc}），未入库"
        if who.role == "verifier":
            if (record.get("uscc"), int(record.get("year", 0))) not in assigned(store, who.body):
                return f"{record.get('uscc')} {record.get('year')} 年度的核查没有分配给{who.body}，未入库"
            if record.get("body") and record["body"] != who.body:
                return f"核查表的核查机构（{record['body']}）不是本账户的（{who.body}），未入库"
        return None

    return admit


def base_name(name: str) -> str:
    """A file name as a browser sent it, without any folder (Windows' or another's), at most 200 characters."""
    return Path(name.replace("\\", "/")).name[:200]


def local_name(name: str) -> str:
    """The uploaded file's name on the worker's disk: its stem made safe, its suffix kept if plain."""
    path = base_name(name)
    suffix = Path(path).suffix.lower()
    suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
    return safe_stem(Path(path).stem) + suffix


def describe(outcome: Any) -> dict[str, Any]:
    """An ingest outcome as the upload row keeps it (JSON)."""
    return {
        "status": outcome.status,
        "kind": outcome.kind,
        "uscc": outcome.uscc,
        "year": outcome.year,
        "version": outcome.version,
        "latest": outcome.latest,
        "tco2e": outcome.tco2e,
        "label": outcome.label,
        "message": outcome.message,
        "issues": [
            {"code": i.code, "sheet": i.sheet, "cell": i.cell, "value": str(i.value), "expected": i.expected}
            for i in outcome.issues
        ],
    }


def contexts(path: Path, issues: list[dict[str, Any]], limit: int = 200) -> None:
    """Add to each located issue (the first ``limit``) the cells around it as the workbook holds them:
    the sheet's first row (its headings), the row before, the row, the row after; two columns either side."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

    located = [i for i in issues[:limit] if i.get("sheet") and i.get("cell")]
    if not located:
        return
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a file openpyxl cannot open: the issues stand without their context
        return
    try:
        for issue in located:
            if issue["sheet"] not in book.sheetnames:
                continue
            try:
                letters, row = coordinate_from_string(issue["cell"])
            except ValueError:
                continue
            col = column_index_from_string(letters)
            first, last = max(1, col - 2), col + 2
            numbers = sorted({1, *range(max(1, row - 1), row + 2)})
            sheet = book[issue["sheet"]]
            rows = []
            for n in numbers:
                values = next(sheet.iter_rows(min_row=n, max_row=n, min_col=first, max_col=last, values_only=True), ())
                cells = ["" if v is None else str(v)[:40] for v in values]
                rows.append({"row": n, "cells": cells + [""] * (last - first + 1 - len(cells))})
            columns = [get_column_letter(c) for c in range(first, last + 1)]
            issue["context"] = {"row": row, "column": letters, "columns": columns, "rows": rows}
    finally:
        book.close()


def process(db: str, uid: int) -> str:
    """Take upload ``uid`` and store it (in a worker process); returns its final state."""
    from accounting import ValidationReport, annotate, ingest

    with Store(db, create=False) as store:
        row = store.frame(select(uploads.c.username).where(uploads.c.id == uid))
        taken = take_upload(store, uid)
        if taken is None or row.empty:
            return "skipped"
        name, content, beside = taken
        who = account(store, str(row["username"].iloc[0]))
        with tempfile.TemporaryDirectory(prefix="tanhe-upload-") as folder:
            path = Path(folder) / local_name(name)
            path.write_bytes(content)
            for other, data in beside.items():  # evidence, by the names the deposit's 证据 sheet gives
                target = Path(folder) / base_name(other)
                if target.name and not target.name.startswith(".") and target != path:
                    target.write_bytes(data)
            try:
                outcome = next(ingest(store, [path], admit=admit_rule(who, store)))
            except AccountingError as exc:  # the message names the file as uploaded, not the worker's folder
                finish_upload(
                    store, uid, "failed", {"status": "failed", "message": exc.message.replace(str(path), name)}
                )
                return "failed"
            described = describe(outcome)
            described["message"] = described["message"].replace(str(path), name)
            contexts(path, described["issues"])
            annotated = None
            if outcome.issues:
                try:
                    marked = annotate(path, ValidationReport(name, outcome.issues), Path(folder) / "marked.xlsx")
                    annotated = marked.read_bytes()
                except AccountingError:
                    pass  # a workbook openpyxl cannot open: the issues are on the page only
        finish_upload(store, uid, "done", described, annotated)
        return "done"


class Work:
    """The pool of worker processes of one server, and what it has in hand."""

    def __init__(self, db: str, workers: int) -> None:
        self.db = db
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._pending: set[Future[str]] = set()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            return self._pool

    def submit(self, uid: int) -> None:
        pool = self._executor()
        future = pool.submit(process, self.db, uid)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(partial(self._done, uid, pool))

    def _done(self, uid: int, pool: ProcessPoolExecutor, future: Future[str]) -> None:
        error = future.exception()
        if isinstance(error, BrokenProcessPool):  # a worker died: a new pool, and the upload again
            with self._lock:
                if self._pool is pool:  # the first of its futures to tell; the others find a new pool
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=False)
            self.recover([uid])
        elif error is not None:
            with Store(self.db, create=False) as store:
                message = f"处理时出现内部错误（{error}），未入库"
                finish_upload(store, uid, "failed", {"status": "failed", "message": message})
        with self._lock:
            self._pending.discard(future)

    def recover(self, ids: list[int] | None = None) -> None:
        """Queue again uploads left running (``ids``, or all when the server starts) and submit every
        queued one of them."""
        with Store(self.db, create=False) as store:
            requeue_stale(store, ids or ())
            query = select(uploads.c.id).where(uploads.c.state == "queued")
            if ids:
                query = query.where(uploads.c.id.in_(ids))
            queued = [int(i) for i in store.frame(query)["id"]]
        for uid in queued:
            try:
                self.submit(uid)
            except RuntimeError:  # the server is shutting down: queued, taken up when it starts again
                return

    def drain(self, timeout: float = 120.0) -> None:
        """Wait until nothing is in hand (tests, and a server stopping)."""
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                pending = list(self._pending)
            if not pending:
                return
            for f in pending:
                try:
                    f.result(timeout=max(0.0, end - time.monotonic()))
                except Exception:  # its callback records what became of it
                    continue
        raise TimeoutError("uploads still in hand")

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=False)
