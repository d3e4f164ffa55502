"""Who may see what: the one place the portal decides it, asked by every route that shows data.

- an enterprise: its own USCC, every year;
- a verifier: the enterprise-years assigned to its verification body (current assignments);
- a regulator: the enterprises whose latest submission names its province (and its city, for a
  city's regulator);
- an administrator: accounts, no data.
"""

from __future__ import annotations

from accounting.portal.stored import version_row
from accounting.store import Store
from accounting.store.accounts import Account, assigned


def where_is(store: Store, uscc: str) -> tuple[str, str] | None:
    """The province and city of ``uscc`` as its latest stored submission names them."""
    row = version_row(store, uscc, None)
    return None if row is None else (str(row["province"]), str(row["city"]))


def may_see(store: Store, who: Account, uscc: str, year: int | None = None) -> bool:
    """Whether ``who`` may see enterprise ``uscc`` (its year ``year``, or the enterprise at all)."""
    if not who.active:
        return False
    if who.role == "enterprise":
        return uscc == who.uscc
    if who.role == "verifier":
        mine = assigned(store, who.body)
        return any(u == uscc and (year is None or y == year) for u, y in mine)
    if who.role == "regulator":
        place = where_is(store, uscc)
        return place is not None and place[0] == who.province and (not who.city or place[1] == who.city)
    return False


def region_of(who: Account) -> tuple[str, str | None]:
    """A regulator's province and city (None for the whole province)."""
    return who.province, (who.city or None)
