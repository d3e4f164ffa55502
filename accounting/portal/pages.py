"""The portal's pages. Each route says which role it serves (:func:`role`) and asks :mod:`.scope`
before it shows or sends anything of an enterprise; what is out of an account's scope is "not
found", so that a refusal does not tell whether it exists. Every login, upload and download is an
entry of the store's chained log."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from accounting.errors import AccountingError
from accounting.portal import scope
from accounting.portal.context import User, lang, store_of, words
from accounting.portal.passwords import check_password
from accounting.portal.stored import (
    deposits_of,
    issues_of,
    page_html,
    result_of,
    verifications_of,
    version_row,
)
from accounting.portal.work import Work, base_name
from accounting.store import Store
from accounting.store.accounts import (
    Account,
    account,
    add_upload,
    annotated_copy,
    log_event,
    upload_rows,
)

bp = Blueprint("pages", __name__)
F = TypeVar("F", bound=Callable[..., Any])
HOME = {"enterprise": "pages.enterprise", "verifier": "pages.verifier", "regulator": "pages.regulator"}
REPORTS = {  # what may be downloaded of a version: (kind, format)
    "enterprise.pdf": ("enterprise", "pdf"),
    "enterprise.xlsx": ("enterprise", "xlsx"),
    "disclosure.pdf": ("disclosure", "pdf"),
    "disclosure.xlsx": ("disclosure", "xlsx"),
    "audit.xlsx": ("audit", "xlsx"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTED = 100  # enterprises listed on the dashboard at once (largest first; a search finds the others)


def store() -> Store:
    return store_of(current_app)


def me() -> Account:
    user = current_user._get_current_object()
    assert isinstance(user, User)
    return user.account


def role(*roles: str) -> Callable[[F], F]:
    """The route serves these roles only; anyone else is refused (403) and nobody unlogged gets in."""

    def wrap(view: F) -> F:
        @wraps(view)
        @login_required
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if me().role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return wrap


def limit_login(app: Flask) -> None:
    """The login form's rate limit (settings.login_limit per address), applied once the app exists."""
    app.view_functions["pages.login"] = app.extensions["tanhe.login_limit"](app.view_functions["pages.login"])


# signing in and out -----------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "POST":
        name = request.form.get("username", "").strip()
        found = account(store(), name) if name else None
        ok = check_password(found.password if found else None, request.form.get("password", ""))
        ok = ok and found is not None and found.active
        log_event(store(), "login", name[:64], ok=bool(ok), address=request.remote_addr or "")
        if not ok or found is None:
            flash(words("login.failed"), "error")
            return render_template("login.html"), 401
        chosen = session.get("lang")
        session.clear()  # a new session on signing in: nothing of the anonymous one carries over
        if chosen:
            session["lang"] = chosen
        login_user(User(found))
        target = request.args.get("next", "")
        if not (target.startswith("/") and not target.startswith("//")):
            target = url_for("pages.index")
        return redirect(target)
    return render_template("login.html")


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Any:
    log_event(store(), "logout", me().username)
    logout_user()
    session.clear()
    return redirect(url_for("pages.login"))


@bp.route("/")
@login_required
def index() -> Any:
    endpoint = HOME.get(me().role)
    if endpoint is None:
        return render_template("admin.html")
    return redirect(url_for(endpoint))


# the enterprise ----------------------------------------------------------------------------------


@bp.route("/enterprise")
@role("enterprise")
def enterprise() -> Any:
    from accounting import SECTORS, sector_name

    who = me()
    history = store().history(who.uscc)
    uploads = upload_rows(store(), who.username).head(20).to_dict("records")
    sectors = [(key, sector_name(key, lang())) for key in SECTORS.values()]
    return render_template(
        "enterprise.html",
        history=history.to_dict("records"),
        uploads=uploads,
        sectors=sectors,
        deposits=deposits_of(store(), who.uscc),
        months=range(1, 13),
    )


@bp.route("/enterprise/deposit-template/<int:month>.xlsx")
@role("enterprise")
def deposit_template(month: int) -> Any:
    """The month's deposit workbook, filled with the enterprise as its latest submission names it."""
    from accounting import write_deposit_template

    if not 1 <= month <= 12:
        abort(404)
    who = me()
    info: dict[str, Any] = {"uscc": who.uscc}
    sector = "other"
    row = version_row(store(), who.uscc, None)
    if row is not None:
        info |= {k: row[k] for k in ("name", "province", "city")} | {"year": int(row["year"])}
        sector = str(row["sector"])
    log_event(store(), "download", who.username, what="deposit-template", month=month)
    name = f"tanhe-deposit-{month:02d}.xlsx"
    return send_written(lambda folder: write_deposit_template(folder / name, sector, info, month))


@bp.route("/enterprise/template/<sector>.xlsx")
@role("enterprise")
def template(sector: str) -> Any:
    from accounting import SECTORS, write_template

    if sector not in SECTORS.values():
        abort(404)
    log_event(store(), "download", me().username, what="template", sector=sector)
    return send_written(lambda folder: write_template(folder / f"tanhe-{sector}-template.xlsx", sector))


@bp.route("/upload", methods=["POST"])
@role("enterprise", "verifier")
def upload() -> Any:
    """A workbook (an enterprise's submission or deposit, with the deposit's evidence files; a
    verifier's verification workbook), kept and handed to the worker pool."""
    home = url_for(HOME[me().role])
    given = request.files.get("workbook")
    content = given.read() if given is not None else b""
    if given is None or not given.filename:
        flash(words("upload.empty"), "error")
        return redirect(home)
    if not content:
        flash(words("upload.zero", file=given.filename), "error")
        return redirect(home)
    beside = {base_name(f.filename): f.read() for f in request.files.getlist("evidence") if f.filename}
    name = base_name(given.filename)
    uid = add_upload(store(), me().username, name, hashlib.sha256(content).hexdigest(), content, beside)
    work = current_app.extensions["tanhe.work"]
    assert isinstance(work, Work)
    work.submit(uid)
    return redirect(url_for("pages.upload_status", uid=uid))


def _own_upload(uid: int) -> dict[str, Any]:
    rows = upload_rows(store(), me().username, ids=[uid])
    if rows.empty:
        abort(404)
    row: dict[str, Any] = rows.iloc[0].to_dict()
    row["outcome"] = json.loads(row["outcome"]) if row.get("outcome") else None
    return row


@bp.route("/uploads/<int:uid>")
@role("enterprise", "verifier")
def upload_status(uid: int) -> Any:
    from accounting.issues import Issue

    row = _own_upload(uid)
    issues = []
    outcome = row["outcome"] or {}
    language = lang()
    for i in outcome.get("issues", []):
        issue = Issue(i["code"], i["sheet"], i["cell"], i["value"], i["expected"])
        issues.append({**i, "severity": issue.severity, "message": issue.message(language)})
    if language == "en" and outcome.get("message"):
        from accounting import english

        outcome = {**outcome, "message": english(outcome["message"])}
    return render_template("upload.html", row=row, outcome=outcome, issues=issues)


@bp.route("/uploads/<int:uid>/annotated.xlsx")
@role("enterprise", "verifier")
def annotated(uid: int) -> Any:
    row = _own_upload(uid)
    content = annotated_copy(store(), uid)
    if content is None:
        abort(404)
    log_event(store(), "download", me().username, what="annotated", upload=uid)
    stem = Path(str(row["file_name"])).stem
    return send_bytes(content, f"{stem}-批注.xlsx")


def send_bytes(content: bytes, name: str, mimetype: str = XLSX) -> Any:
    from io import BytesIO

    return send_file(BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)


def send_written(make: Callable[[Path], Path]) -> Any:
    """Send the file ``make`` writes into a temporary folder (removed before the response leaves)."""
    with tempfile.TemporaryDirectory(prefix="tanhe-page-") as folder:
        path = make(Path(folder))
        content = path.read_bytes()
    mimetype = "application/pdf" if path.suffix == ".pdf" else XLSX
    return send_bytes(content, path.name, mimetype)


# one enterprise-year, for each role in scope ----------------------------------------------------


def in_scope(uscc: str, year: int) -> dict[str, Any]:
    if not scope.may_see(store(), me(), uscc, year):
        abort(404)
    row = version_row(store(), uscc, year, request.args.get("version", type=int))
    if row is None:
        abort(404)
    return row


@bp.route("/submissions/<uscc>/<int:year>")
@role("enterprise", "verifier", "regulator")
def submission(uscc: str, year: int) -> Any:
    from accounting.report import enterprise_report

    row = in_scope(uscc, year)
    language = lang()
    doc, charts = page_html(enterprise_report(result_of(store(), row), language))
    history = store().history(uscc)
    history = history[history["year"] == year].to_dict("records")
    issues = issues_of(store(), int(row["id"])).to_dict("records")
    log_event(store(), "view", me().username, uscc=uscc, year=year, version=int(row["version"]))
    return render_template(
        "submission.html",
        row=row,
        doc=doc,
        charts=charts,
        history=history,
        issues=issues,
        reports=REPORTS,
        verifications=verifications_of(store(), uscc, year),
    )


@bp.route("/submissions/<uscc>/<int:year>/<name>")
@role("enterprise", "verifier", "regulator")
def report_file(uscc: str, year: int, name: str) -> Any:
    from accounting import render_report

    if name not in (*REPORTS, "original.xlsx"):
        abort(404)
    row = in_scope(uscc, year)
    version = int(row["version"])
    log_event(store(), "download", me().username, what=name, uscc=uscc, year=year, version=version)
    if name == "original.xlsx":
        return send_bytes(store().file(str(row["sha256"])), str(row["file_name"]))
    kind, fmt = REPORTS[name]
    language = lang()
    result = result_of(store(), row)
    return send_written(lambda folder: render_report(kind, result, folder, formats=(fmt,), langs=(language,))[0])


# errors ------------------------------------------------------------------------------------------


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(error: HTTPException) -> Any:
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return render_template("error.html", code=413, message=words("upload.too_large", mb=limit)), 413


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> Any:
    key = {400: "error.bad", 403: "error.forbidden", 404: "error.missing", 429: "error.too_many"}.get(
        error.code or 500, "error.other"
    )
    return render_template("error.html", code=error.code, message=words(key)), error.code or 500


@bp.app_errorhandler(AccountingError)
def accounting_error(error: AccountingError) -> Any:
    """What tanhe could not do with stored data (a version whose factor sets are gone …): its message,
    in the page's language where the glossary knows the words, never a traceback."""
    from accounting import english

    message = english(error.message) if lang() == "en" else error.message
    return render_template("error.html", code=422, message=message), 422
