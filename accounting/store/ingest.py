"""``tanhe db ingest``: many files into the store, each a version of its series, one transaction each.

Bytes the store holds already are not read again: they are reported unchanged. The rest are read
and calculated (in worker processes), each kept on disk until the batch is planned: when the batch
holds two different valid files of one series (an enterprise's year, a month's deposit …), both
are refused, naming each other, unless ``in_order`` says the order given is the order of versions
(the later one corrects the earlier). A file refused anyway (errors in it) is no rival. Writing
stays in this process.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from accounting.calc import Options
from accounting.chain.reconcile import finish as reconciled
from accounting.chain.verification import finish as verified
from accounting.errors import AccountingError, InternalError, InvalidSubmission
from accounting.factors import Library
from accounting.parallel import pmap
from accounting.store import tables as t
from accounting.store.kinds import KINDS
from accounting.store.prepare import prepare
from accounting.store.record import Outcome, Prepared, read_bytes, unchanged

if TYPE_CHECKING:
    from accounting.store.store import Store

CHUNK = 500  # hashes per query: a database takes only so many parameters in one statement


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    method: str | None = None,
    *,
    options: Options | None = None,
    library: Library | None = None,
    jobs: int = 1,
    in_order: bool = False,
    admit: Callable[[str, dict[str, Any]], str | None] | None = None,
) -> Iterator[Outcome]:
    """Store each file; yield what became of it, in the order given.

    A submission is calculated with ``method``, ``options`` and ``library`` as
    :func:`accounting.calculate` takes them (``tanhe calc`` and ``tanhe db ingest`` with the same
    options store what the one prints), and the options and factor sets are stored with it so that
    ``verify`` recalculates it the same way.

    ``admit(kind, record)``, when given, is asked of each file once it is read (and of bytes the store
    holds already, with their series' key): a message it returns refuses the file, and nothing of it is
    stored or told (the portal admits an enterprise's own submissions only)."""
    names = [str(p) for p in paths]
    hashes = [_hash(name) for name in names]
    held = _held(store, {h for h in hashes if isinstance(h, str)})
    out: list[Outcome | None] = []
    first: dict[str, int] = {}  # sha -> the first file of the batch with those bytes
    for i, (name, sha) in enumerate(zip(names, hashes, strict=True)):
        if isinstance(sha, AccountingError):
            out.append(Outcome(name, "rejected", message=sha.message))
        elif sha in held:
            kind, record, version, latest, tco2e = held[sha]
            refused = admit(kind, record) if admit else None
            if refused:
                out.append(Outcome(name, "rejected", message=refused))
            else:
                out.append(unchanged(name, sha, KINDS[kind], record, version, latest, tco2e))
        else:
            out.append(None)
            first.setdefault(sha, i)
    todo = sorted(first.values())
    with tempfile.TemporaryDirectory(prefix="tanhe-ingest-") as spool:
        work = partial(_prepare, method=method, options=options, library=library)
        prepared = pmap(work, [names[i] for i in todo], jobs, chunksize=8)
        series = _spool(names, todo, prepared, Path(spool), out, admit)
        _settle(names, hashes, first, series, out, in_order)
        for i, outcome in enumerate(out):
            yield outcome if outcome is not None else _store(store, _load(Path(spool), i))


def _prepare(
    path: str, method: str | None, options: Options | None, library: Library | None
) -> Prepared | AccountingError:
    try:
        return prepare(path, method, options, library)
    except AccountingError as exc:
        return exc
    except Exception as exc:  # a fault of tanhe on one file: named, and the batch goes on
        return InternalError.of(exc, path)


def _hash(path: str) -> str | AccountingError:
    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except AccountingError as exc:
        return exc


def _load(spool: Path, i: int) -> Prepared:
    loaded = pickle.loads((spool / f"{i}.pickle").read_bytes())
    assert isinstance(loaded, Prepared)
    return loaded


def _spool(
    names: list[str],
    todo: list[int],
    prepared: Iterable[Prepared | AccountingError],
    spool: Path,
    out: list[Outcome | None],
    admit: Callable[[str, dict[str, Any]], str | None] | None = None,
) -> dict[int, tuple[tuple[Any, ...], str]]:
    """Keep each prepared file on disk; return its series (key and words), or note its refusal in ``out``."""
    series: dict[int, tuple[tuple[Any, ...], str]] = {}
    for i, p in zip(todo, prepared, strict=True):
        if isinstance(p, AccountingError):
            issues = tuple(p.report.errors) if isinstance(p, InvalidSubmission) else ()
            out[i] = Outcome(names[i], "rejected", message=p.message, issues=issues)
            continue
        refused = admit(p.kind, dict(p.record)) if admit else None
        if refused:
            out[i] = Outcome(names[i], "rejected", message=refused)
            continue
        kind = KINDS[p.kind]
        series[i] = (kind.key(p.record), kind.who(p.record))
        (spool / f"{i}.pickle").write_bytes(pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))
    return series


def _settle(
    names: list[str],
    hashes: list[str | AccountingError],
    first: dict[str, int],
    series: dict[int, tuple[tuple[Any, ...], str]],
    out: list[Outcome | None],
    in_order: bool,
) -> None:
    """Decide what ``out`` still leaves open: rival files of one series are refused unless ``in_order``;
    a later copy of the same bytes is unchanged, or shares the first copy's refusal."""
    members: dict[tuple[Any, ...], list[int]] = {}
    for i in sorted(series):
        members.setdefault(series[i][0], []).append(i)
    for rivals in members.values():
        if len(rivals) > 1 and not in_order:
            files = "、".join(names[i] for i in rivals)
            message = (
                f"{series[rivals[0]][1]}在本批中有 {len(rivals)} 份内容不同的文件（{files}），"
                "无法判断哪份更正哪份，均未入库：请先入库原件、再单独入库更正件，"
                "或加 --in-order 表示按命令行给出的顺序入库、后者为更正件"
            )
            for i in rivals:
                out[i] = Outcome(names[i], "rejected", message=message)
    for i, name in enumerate(names):
        sha = hashes[i]
        if out[i] is None and isinstance(sha, str) and first[sha] != i:
            j = first[sha]
            copy = out[j]
            if copy is not None:  # the first copy was refused: so is this one
                out[i] = replace(copy, file=name)
            else:
                out[i] = Outcome(
                    name,
                    "unchanged",
                    series[j][0][0],
                    sha256=sha,
                    label=series[j][1],
                    message=f"与本批的 {names[j]} 内容相同，只入库一次",
                )


def _held(store: Store, hashes: set[str]) -> dict[str, tuple[str, dict[str, Any], int, int, float]]:
    """Of ``hashes``, those the store holds as a version: sha -> (kind, the series' key columns, the
    first version with those bytes, the latest version of that series, its tCO2e where it has one)."""

    ordered = sorted(hashes)
    stored: set[str] = set()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        stored |= set(store.frame(select(t.files.c.sha256).where(t.files.c.sha256.in_(chunk)))["sha256"])
    out: dict[str, tuple[str, dict[str, Any], int, int, float]] = {}
    if not stored:
        return out
    found = sorted(stored)
    for kind in KINDS.values():
        p = kind.parent
        rows = []
        for start in range(0, len(found), CHUNK):
            chunk = found[start : start + CHUNK]
            tonnes = [p.c.tco2e] if "tco2e" in p.c else []
            query = select(*(p.c[k] for k in kind.keys), p.c.version, p.c.sha256, *tonnes).where(p.c.sha256.in_(chunk))
            rows.append(store.frame(query))
        frame = rows[0] if len(rows) == 1 else __import__("pandas").concat(rows)
        if frame.empty:
            continue
        latest = store.newest(kind.name, columns=[*kind.keys, "version"])
        newest = {tuple(r[k] for k in kind.keys): int(r["version"]) for r in latest.to_dict("records")}
        for r in frame.sort_values("version", ascending=False).to_dict("records"):
            series = {k: r[k] for k in kind.keys}
            tco2e = float(r.get("tco2e") or 0.0)
            out[r["sha256"]] = (kind.name, series, int(r["version"]), newest[tuple(series.values())], tco2e)
    return out


def _store(store: Store, p: Prepared) -> Outcome:
    done = finisher(p.kind)
    if done is not None:
        try:
            p = done(store, p, None)
        except AccountingError as exc:
            issues = tuple(exc.report.errors) if isinstance(exc, InvalidSubmission) else ()
            return Outcome(p.file, "rejected", p.kind, message=exc.message, issues=issues)
    return store.write(p.file, lambda conn: store.store_version(conn, p))


Finisher = Callable[["Store", Prepared, "int | None"], Prepared]


def finisher(kind: str) -> Finisher | None:
    """How a prepared file of ``kind`` is finished with the store at hand, in this process, before it is
    stored (and again by ``db verify``, with the log position of the version): a submission is
    reconciled with the deposits, a verification made from the submission version it names."""
    if kind == "submission":
        return reconciled
    if kind == "verification":
        return verified
    return None
