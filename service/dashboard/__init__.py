"""The verification dashboard: server-rendered pages for fact-checkers, inside the Flask app.

``init_app`` is the one hook ``create_app`` calls. It registers the dashboard blueprint,
CSRF protection scoped to that blueprint (the JSON API authenticates with bearer tokens and
is never asked for a CSRF token). The API blueprints, review and ClaimReview ones included,
are registered by ``service.api``.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from service.config import Settings
from service.dashboard import actions as _actions  # noqa: F401  (registers the write views)
from service.dashboard import reports as _reports  # noqa: F401  (registers the dry-run report page)
from service.dashboard.account import current_viewer
from service.dashboard.views import bp
from service.web import get_settings

csrf = CSRFProtect()
OPEN_ENDPOINTS = frozenset({"dashboard.signin", "dashboard.signout", "dashboard.static"})


@bp.before_request
def _check_csrf() -> None:
    """Only dashboard forms need a CSRF token; API blueprints are untouched."""
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


@bp.before_request
def _require_reader() -> WerkzeugResponse | None:
    """When reads need a token (``read_token_required``), pages need a signed-in viewer too."""
    if not get_settings().read_token_required or request.endpoint in OPEN_ENDPOINTS:
        return None
    if current_viewer() is None:
        return redirect(url_for("dashboard.signin", next=request.full_path.rstrip("?")))
    return None


@bp.errorhandler(CSRFError)
def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template("dashboard/error.html", status=400, title="Form expired", error=error), 400


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    return render_template("dashboard/error.html", status=status, title=error.name, error=error), status


def init_app(app: Flask) -> None:
    """Register the dashboard on ``app``: pages and forms with CSRF."""
    if not app.secret_key:
        app.secret_key = Settings.from_env().secret_key
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    if app.config.get("PERMANENT_SESSION_LIFETIME") == timedelta(days=31):  # Flask's default
        app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    app.config.setdefault("CLAIMREVIEW_PUBLISHER", "claimtrack")
    # CSRFProtect's app-wide check stays off: the blueprint's before_request does it.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    app.register_blueprint(bp)
