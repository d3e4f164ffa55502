"""The verifier's and the regulator's pages (on the blueprint of :mod:`.pages`, with its helpers):
a verification body's assignments and its verification workbooks; a province's or a city's
dashboard, its regional report and the history of an enterprise in it."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request

from accounting.portal import scope
from accounting.portal.context import lang
from accounting.portal.pages import LISTED, bp, in_scope, me, role, send_written, store
from accounting.portal.stored import page_html, region_figures, verifications_of, version_row, years_of
from accounting.store.accounts import assigned, log_event, upload_rows

# the verifier ------------------------------------------------------------------------------------


@bp.route("/verifier")
@role("verifier")
def verifier() -> Any:
    mine = sorted(assigned(store(), me().body), key=lambda a: (-a[1], a[0]))
    rows = []
    for uscc, year in mine:
        row = version_row(store(), uscc, year)
        done = verifications_of(store(), uscc, year)
        rows.append({"uscc": uscc, "year": year, "row": row, "verified": done[0] if done else None})
    uploads = upload_rows(store(), me().username).head(20).to_dict("records")
    return render_template("verifier.html", assignments=rows, uploads=uploads)


@bp.route("/verifier/template/<uscc>/<int:year>.xlsx")
@role("verifier")
def verification_template(uscc: str, year: int) -> Any:
    """The verifier's workbook of the latest stored version of an assigned enterprise-year."""
    from accounting import write_verification_template

    in_scope(uscc, year)
    log_event(store(), "download", me().username, what="verification-template", uscc=uscc, year=year)
    name = f"tanhe-verification-{uscc}-{year}.xlsx"
    return send_written(lambda folder: write_verification_template(store(), uscc, year, folder / name))


# the regulator -----------------------------------------------------------------------------------


def _years() -> list[int]:
    return years_of(store(), *scope.region_of(me()))


@bp.route("/regulator")
@role("regulator")
def regulator() -> Any:
    from accounting.region import build

    years = _years()
    if not years:
        return render_template("regulator.html", years=[], year=None, doc=None, charts={})
    year = request.args.get("year", type=int) or years[0]
    if year not in years:
        abort(404)
    f = region_figures(store(), year, *scope.region_of(me()))
    doc, charts = page_html(build(f, lang()))
    listed = f.enterprises
    asked = request.args.get("q", "").strip()
    if asked:
        listed = listed[
            listed["uscc"].str.contains(asked, regex=False) | listed["name"].str.contains(asked, regex=False)
        ]
    return render_template(
        "regulator.html",
        years=years,
        year=year,
        doc=doc,
        charts=charts,
        listed=listed.head(LISTED).to_dict("records"),
        found=len(listed),
        asked=asked,
    )


@bp.route("/regulator/report-<int:year>.<fmt>")
@role("regulator")
def regional_report(year: int, fmt: str) -> Any:
    from accounting.region import write_region

    if fmt not in ("pdf", "xlsx") or year not in _years():
        abort(404)
    f = region_figures(store(), year, *scope.region_of(me()))  # those the dashboard shows, kept
    language = lang()
    log_event(store(), "download", me().username, what=f"region.{fmt}", year=year)
    return send_written(lambda folder: write_region(f, folder, (fmt,), (language,))[0])


@bp.route("/regulator/enterprises/<uscc>")
@role("regulator")
def enterprise_history(uscc: str) -> Any:
    if not scope.may_see(store(), me(), uscc):
        abort(404)
    history = store().history(uscc).to_dict("records")
    return render_template("history.html", uscc=uscc, history=history)
