"""The portal's application (Flask): sessions, CSRF, login and its rate limit, the language, the
security headers, and the pages of each role (:mod:`.pages`). Every page is a thin view of the
library and the store; what an account may see is decided in :mod:`.scope` alone.

The mature parts are borrowed, none written here: Flask's signed session cookie, Flask-Login for
who is logged in, Flask-WTF's CSRF protection of every form, Flask-Limiter for the login's rate,
argon2-cffi for passwords, Werkzeug's upload size limit.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from accounting.portal.config import Settings
from accounting.portal.context import LANGS, User, lang, number, term, words
from accounting.portal.work import Work
from accounting.report.document import templates_root
from accounting.store import Store
from accounting.store.accounts import account


def create_app(settings: Settings, work: Work | None = None) -> Flask:
    """The portal over the store ``settings.db`` (created or upgraded when opened)."""
    app = Flask(
        "accounting.portal",
        template_folder=str(templates_root() / "portal"),
        static_folder=None,
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.upload_mb * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        RATELIMIT_STORAGE_URI=settings.limiter_storage,
        RATELIMIT_HEADERS_ENABLED=True,
    )
    store = Store(settings.db)
    app.extensions["tanhe.store"] = store
    app.extensions["tanhe.settings"] = settings
    app.extensions["tanhe.work"] = work or Work(settings.db, settings.workers)
    CSRFProtect(app)
    limiter = Limiter(get_remote_address, app=app, default_limits=[])
    app.extensions["tanhe.login_limit"] = limiter.limit(settings.login_limit, methods=["POST"])

    logins = LoginManager(app)
    logins.login_view = "pages.login"
    logins.session_protection = "strong"

    @logins.user_loader
    def load(user_id: str) -> User | None:
        name, _, version = user_id.partition("\x1f")
        found = account(store, name)
        if found is None or not found.active or str(found.version) != version:
            return None
        return User(found)

    @logins.unauthorized_handler
    def unauthorized() -> Any:
        from flask import redirect, url_for

        return redirect(url_for("pages.login", next=request.path))

    @app.before_request
    def language() -> None:
        asked = request.args.get("lang")
        if asked in LANGS:
            session["lang"] = asked
        g.lang = lang()

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'none'; frame-ancestors 'none'; form-action 'self'"
        )
        if request.endpoint not in (None, "pages.login"):
            response.headers["Cache-Control"] = "no-store"
        return response

    app.jinja_env.globals.update(words=words, lang=lang, current_user=current_user)
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["term"] = term

    from accounting.portal import oversight, pages

    assert oversight.bp is pages.bp  # the verifier's and regulator's routes, on the same blueprint
    app.register_blueprint(pages.bp)
    pages.limit_login(app)
    return app
