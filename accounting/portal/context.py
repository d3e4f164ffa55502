"""What every request and page of the portal shares: the account as Flask-Login sees it, the store,
and the page's language and wording (``templates/portal/labels.toml``)."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from flask import Flask, session

from accounting.report.document import templates_root
from accounting.store import Store
from accounting.store.accounts import Account

LANGS = ("zh", "en")


@cache
def _words() -> dict[str, list[str]]:
    with open(templates_root() / "portal" / "labels.toml", "rb") as fh:
        data = tomllib.load(fh)
    return {f"{group}.{key}": pair for group, entries in data.items() for key, pair in entries.items()}


def lang() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LANGS else "zh"


def words(key: str, **values: Any) -> str:
    """The page's wording in the session's language (Chinese unless English was chosen)."""
    text = _words()[key][1 if lang() == "en" else 0]
    return text.format(**values) if values else text


class User:
    """Flask-Login's view of an account (the account's current version, read on every request)."""

    def __init__(self, a: Account) -> None:
        self.account = a

    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return self.account.active

    @property
    def is_active(self) -> bool:
        return self.account.active

    def get_id(self) -> str:
        # the version is part of the id: a changed password or scope ends every session of the old one
        return f"{self.account.username}\x1f{self.account.version}"


def number(value: Any, places: int = 2) -> str:
    """A figure as the reports print it: thousands grouped, ``places`` decimals; blank for none."""
    if value is None or value == "":
        return ""
    try:
        return f"{float(value):,.{places}f}"
    except (TypeError, ValueError):
        return str(value)


def store_of(app: Flask) -> Store:
    found = app.extensions["tanhe.store"]
    assert isinstance(found, Store)
    return found


def term(text: Any) -> str:
    """A name tanhe knows (a province, a city, a sector) in the page's language; others as written."""
    if lang() != "en" or not text:
        return str(text or "")
    from accounting.glossary import english_whole

    return english_whole(str(text))
