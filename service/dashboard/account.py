"""Who is looking at the dashboard: token sign-in kept in the session cookie, and roles.

The cookie holds only the token row's id; every request looks the row up again, so a
revoked token stops working at once. Readers see every page; only reviewers and admins get
forms, and a write by anyone else is refused with 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, request, session

from service.dashboard.db import db_session
from service.models import ApiToken

REVIEW_ROLES = frozenset({"reviewer", "admin"})
SESSION_KEY = "claimtrack_token_id"
VIEWER_KEY = "claimtrack.viewer"


@dataclass(frozen=True)
class Viewer:
    """A signed-in token holder."""

    token_id: int
    name: str
    role: str

    @property
    def can_review(self) -> bool:
        """True when the role may record verdicts and decisions."""
        return self.role in REVIEW_ROLES


def sign_in(token: ApiToken) -> None:
    """Start a fresh session for ``token``'s holder (a new cookie, so no fixation)."""
    session.clear()
    session[SESSION_KEY] = token.id
    session.permanent = True


def sign_out() -> None:
    """Forget who is signed in."""
    session.clear()


def current_viewer() -> Viewer | None:
    """The signed-in, not revoked token holder for this request, looked up once per request."""
    # Cached on the request itself: an app context (and its ``g``) may outlive one request.
    if VIEWER_KEY in request.environ:
        cached: Viewer | None = request.environ[VIEWER_KEY]
        return cached
    viewer = None
    token_id = session.get(SESSION_KEY)
    if isinstance(token_id, int):
        row = db_session().get(ApiToken, token_id)
        if row is not None and row.revoked_at is None and row.id is not None:
            viewer = Viewer(row.id, row.name, row.role)
        else:
            session.pop(SESSION_KEY, None)
    request.environ[VIEWER_KEY] = viewer
    return viewer


def require_reviewer() -> Viewer:
    """The current viewer if they may write reviews; otherwise abort with 403."""
    viewer = current_viewer()
    if viewer is None or not viewer.can_review:
        abort(403)
    return viewer


def safe_next(target: str | None, default: str) -> str:
    """A same-site path to go back to; anything pointing elsewhere becomes ``default``."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target
