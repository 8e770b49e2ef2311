"""Decisions on conflicts over the API: ``POST`` and ``GET /api/v1/conflicts/{id}/reviews``.

A reviewer (or admin) marks a conflict ``resolved`` or ``not_a_conflict`` with a note; the
history is append-only and readable by anyone who may read the API.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response, current_app, jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from schemas.common import CleanString
from schemas.reviews import ReviewPageSchema, ReviewSchema
from service.dashboard.db import db_session
from service.models import CONFLICT_DECISIONS, ApiToken, Conflict
from service.repo.reviews import add_conflict_decision, conflict_reviews
from service.repo.tokens import authenticate

WRITE_ROLES = frozenset({"reviewer", "admin"})

blp = Blueprint(
    "conflict_reviews",
    __name__,
    url_prefix="/api/v1/conflicts",
    description="Reviewers' decisions on conflicts, append-only.",
)


class ConflictReviewInSchema(ma.Schema):
    """A decision on a conflict, with an optional note."""

    verdict = fields.String(required=True, validate=validate.OneOf(CONFLICT_DECISIONS))
    note = CleanString(allow_none=True, validate=validate.Length(max=10_000))


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="claimtrack"'
    return response


def bearer_token() -> ApiToken | None:
    """The live token in the ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return authenticate(db_session(), token=value.strip())


def read_allowed() -> Response | None:
    """None when the request may read; a 401 problem when reads need a token and none is given."""
    settings = current_app.config.get("SETTINGS")
    if getattr(settings, "read_token_required", False) and bearer_token() is None:
        return problem(401, "Unauthorized", "A bearer token is required.")
    return None


@blp.route("/<int:conflict_id>/reviews")
class ConflictReviews(MethodView):
    """The decision history of one conflict."""

    @blp.response(200, ReviewPageSchema)
    def get(self, conflict_id: int) -> Any:
        """A conflict's decisions, oldest first."""
        refused = read_allowed()
        if refused is not None:
            return refused
        session = db_session()
        if session.get(Conflict, conflict_id) is None:
            return problem(404, "Not Found", f"There is no conflict {conflict_id}.")
        items = conflict_reviews(session, conflict_id=conflict_id)
        return {"items": items, "page": 1, "page_size": max(1, len(items)), "total": len(items)}

    @blp.arguments(ConflictReviewInSchema)
    @blp.response(201, ReviewSchema)
    def post(self, data: dict[str, Any], conflict_id: int) -> Any:
        """Record a decision (``resolved`` or ``not_a_conflict``); needs a reviewer token."""
        token = bearer_token()
        if token is None:
            return problem(401, "Unauthorized", "A reviewer's bearer token is required.")
        if token.role not in WRITE_ROLES:
            return problem(403, "Forbidden", f"The {token.role} role cannot record reviews.")
        review = add_conflict_decision(
            db_session(),
            conflict_id=conflict_id,
            decision=data["verdict"],
            note=(data.get("note") or "").strip() or None,
            reviewer=token.name,
        )
        if review is None:
            return problem(404, "Not Found", f"There is no conflict {conflict_id}.")
        return review
