"""The store of every kind of record (DESIGN 6): :class:`Store` opens one, reads it and writes versions.

Its layers, each built on the ones before: :mod:`.tables` and :mod:`.kinds` (the schema and the
kinds of record), :mod:`.record` (a prepared record, its digest, its rows), :mod:`.store` (the
store itself, with :mod:`.restore`); the record kinds of :mod:`accounting.chain` and
:mod:`accounting.market` build on those; above them all, :mod:`.prepare` (what a file is),
:mod:`.ingest` (``ingest(store, paths)``) and :mod:`.verify` (``verify(store)``), which know every
kind. The package exports the lower layers only, so a record kind can import it.
"""

from accounting.store.record import Outcome
from accounting.store.store import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "Outcome", "Store"]
