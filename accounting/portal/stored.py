"""What the portal's pages read of the store, through the library: an enterprise-year's versions, a
version calculated again from its own bytes (the numbers of the page are those of the reports),
and documents as HTML for a page (the same :class:`~accounting.report.document.Document` the PDF
and the workbook render)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

import pandas as pd
from markupsafe import Markup
from sqlalchemy import func, select

from accounting.report.document import Document
from accounting.result import Result
from accounting.store import Store
from accounting.store import tables as t

_LOCK = Lock()
_RESULTS: OrderedDict[Any, Any] = OrderedDict()  # the last 32 versions' results, by the file's SHA-256
_FIGURES: OrderedDict[Any, Any] = OrderedDict()  # the last 8 regional figures, by scope, year and newest ids


def _kept(kept: OrderedDict[Any, Any], bound: int, key: Any, make: Callable[[], Any]) -> Any:
    """``kept[key]``, made by ``make()`` when absent; past ``bound`` the least recently asked for goes."""
    with _LOCK:
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    value = make()
    with _LOCK:
        kept[key] = value
        while len(kept) > bound:
            kept.popitem(last=False)
    return value


def version_row(store: Store, uscc: str, year: int | None, version: int | None = None) -> dict[str, Any] | None:
    """The stored row of an enterprise-year's version (the latest unless ``version``; of its newest year
    when ``year`` is None), without the JSON."""
    s = t.submissions
    where = [s.c.uscc == uscc] + ([s.c.year == year] if year is not None else [])
    where += [s.c.version == version] if version else []
    columns = [s.c[c.name] for c in s.columns if c.name != "result"]
    found = store.frame(select(*columns).where(*where).order_by(s.c.year.desc(), s.c.version.desc()).limit(1))
    return None if found.empty else found.iloc[0].to_dict()


def issues_of(store: Store, version_id: int) -> pd.DataFrame:
    return store.children("issues", [version_id])


def result_of(store: Store, row: dict[str, Any]) -> Result:
    """The version's result, calculated again from its stored bytes with its stored method and options
    (:func:`accounting.chain.verification_sheet.stored_submission`; kept for the last few versions asked for)."""
    from accounting.chain.verification_sheet import stored_submission

    sha = str(row["sha256"])

    def calculate() -> Result:
        return stored_submission(store, str(row["uscc"]), int(row["year"]), int(row["version"]), sha)[2]

    result: Result = _kept(_RESULTS, 32, sha, calculate)
    return result


def page_html(doc: Document) -> tuple[Document, dict[str, Markup]]:
    """A document in its language and print units, and its charts as SVG, for a page's template."""
    from accounting.report.pdf import prepared

    return prepared(doc, "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif")


def deposits_of(store: Store, uscc: str) -> list[dict[str, Any]]:
    """The enterprise's monthly deposits (latest version of each month), newest first, with how many
    evidence files each holds."""
    d = t.deposits
    found = store.newest(
        "deposit",
        [d.c.uscc == uscc],
        columns=("id", "year", "month", "version", "received", "file_name", "tco2e", "tce"),
    )
    if found.empty:
        return []
    evidence = store.rows("deposit_evidence", "deposit_id", found["id"]).groupby("deposit_id").size()
    found["evidence"] = [int(evidence.get(i, 0)) for i in found["id"]]
    return list(found.sort_values(["year", "month"], ascending=False).to_dict("records"))


def verifications_of(store: Store, uscc: str, year: int) -> list[dict[str, Any]]:
    """The verifications stored for an enterprise-year, newest version first."""
    v = t.verifications
    columns = [
        v.c[c]
        for c in (
            "version",
            "received",
            "body",
            "verifier",
            "signed",
            "conclusion",
            "submission_version",
            "reported_tco2e",
            "verified_tco2e",
            "findings",
        )
    ]
    found = store.frame(select(*columns).where(v.c.uscc == uscc, v.c.year == year).order_by(v.c.version.desc()))
    return list(found.to_dict("records"))


def region_figures(store: Store, year: int, province: str, city: str | None) -> Any:
    """The regional report's figures (:func:`accounting.region.figures`) for a regulator's page, kept
    until a submission or a statistics workbook is stored (the newest ids are part of the key)."""
    from accounting.region import figures, load

    s, v = t.submissions, t.statistics_versions
    newest = store.frame(select(func.max(s.c.id).label("s"), select(func.max(v.c.id)).scalar_subquery().label("v")))
    key = (store.db, *(None if pd.isna(x) else int(x) for x in newest.iloc[0]), year, province, city)
    return _kept(_FIGURES, 8, key, lambda: figures(load(store, year, province, city)))


def years_of(store: Store, province: str, city: str | None) -> list[int]:
    """The years stored for a province (or a city of it), newest first."""
    s = t.submissions
    where = [s.c.province == province] + ([s.c.city == city] if city else [])
    found = store.frame(select(s.c.year).where(*where).distinct())["year"]
    return sorted((int(y) for y in found), reverse=True)
