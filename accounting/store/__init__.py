"""The store of submissions and statistics (DESIGN 6); see :mod:`.store` and :mod:`.verify`."""

from accounting.store.store import DEFAULT_DB, Outcome, Store
from accounting.store.verify import Finding, verify

__all__ = ["DEFAULT_DB", "Finding", "Outcome", "Store", "verify"]
