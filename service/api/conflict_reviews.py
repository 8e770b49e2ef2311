"""Decisions on conflicts over the API: ``POST`` and ``GET /api/v1/conflicts/{id}/reviews``.

A reviewer (or admin) marks a conflict ``resolved`` or ``not_a_conflict`` with a note; the
history is append-only and readable by anyone who may read the API.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from schemas.common import CleanString, PageArgsSchema
from schemas.fastdump import Schema
from schemas.reviews import ReviewPageSchema, ReviewSchema
from service.api.common import JSON, accepts, check_id, not_found, page_of, with_not_found
from service.auth import actor_name, requires
from service.models import Conflict, Review
from service.repo.reviews import add_conflict_decision, conflict_reviews
from service.vocabulary import CONFLICT_DECISIONS
from service.web import get_session

blp = Blueprint(
    "conflict_reviews",
    __name__,
    url_prefix="/api/v1/conflicts",
    description="Reviewers' decisions on conflicts, append-only",
)


class ConflictReviewInSchema(Schema):
    """A decision on a conflict, with an optional note."""

    verdict = fields.String(required=True, validate=validate.OneOf(CONFLICT_DECISIONS))
    note = CleanString(allow_none=True, validate=validate.Length(max=10_000))


@blp.route("/<int:conflict_id>/reviews")
class ConflictReviews(MethodView):
    """A conflict's append-only decision history."""

    @blp.response(200, ReviewPageSchema)
    @with_not_found
    @requires("read")
    @blp.arguments(PageArgsSchema, location="query")
    def get(self, args: dict[str, Any], conflict_id: int) -> dict[str, Any]:
        """The conflict's decisions, oldest first."""
        session = get_session()
        if session.get(Conflict, check_id("conflict", conflict_id)) is None:
            not_found("conflict", conflict_id)
        page, page_size = args["page"], args["page_size"]
        reviews, total = conflict_reviews(session, conflict_id=conflict_id, page=page, page_size=page_size)
        return page_of(reviews, total=total, page=page, page_size=page_size)

    @blp.response(201, ReviewSchema, description="The decision, now the conflict's status")
    @with_not_found
    @requires("review")
    @accepts(JSON)
    @blp.arguments(ConflictReviewInSchema)
    def post(self, data: dict[str, Any], conflict_id: int) -> Review:
        """Record a decision on a conflict, `resolved` or `not_a_conflict` (reviewer or admin).

        History is append-only; the newest decision becomes the conflict's `status`.
        """
        review = add_conflict_decision(
            get_session(),
            conflict_id=check_id("conflict", conflict_id),
            decision=data["verdict"],
            note=(data.get("note") or "").strip() or None,
            reviewer=actor_name() or "anonymous",
        )
        if review is None:
            not_found("conflict", conflict_id)
        return review
