"""``/api/v1/claims``: filtered claim lists, one claim in full, and its review history."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.claims import ClaimDetailSchema, ClaimPageSchema, ClaimQuerySchema
from schemas.common import PageArgsSchema
from schemas.reviews import ReviewInSchema, ReviewPageSchema, ReviewSchema
from service.api.common import (
    JSON,
    accepts,
    check_id,
    keyset_list,
    not_found,
    page_of,
    paging_args,
    with_not_found,
)
from service.auth import actor_name, requires
from service.models import Claim, Review
from service.repo.claims import ClaimFilters, get_claim, list_claims
from service.repo.reviews import add_claim_review, claim_reviews
from service.web import get_session

blp = Blueprint(
    "claims", __name__, url_prefix="/api/v1/claims", description="Attributed claims and their reviews"
)


@blp.route("")
class ClaimCollection(MethodView):
    """Claims, filtered and paginated."""

    @blp.response(200, ClaimPageSchema)
    @requires("read")
    @blp.arguments(ClaimQuerySchema, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List claims, newest article first; every filter is optional and they combine with AND.

        Follow `next` to walk every page at the same cost however deep; `page` suits the
        first pages. `total` is exact up to 1,000 matches, else an estimate unless
        `count=exact` (`total_exact` says which).
        """
        paging = paging_args(args)
        fetch = partial(list_claims, get_session(), filters=ClaimFilters(**args))
        return keyset_list(paging, fetch, items="views")


@blp.route("/<int:claim_id>")
class ClaimItem(MethodView):
    """One claim."""

    @blp.response(200, ClaimDetailSchema)
    @with_not_found
    @requires("read")
    def get(self, claim_id: int) -> Any:
        """A claim with its spans, source, topic, conflicts and review history."""
        view = get_claim(get_session(), claim_id=check_id("claim", claim_id))
        if view is None:
            not_found("claim", claim_id)
        return view


@blp.route("/<int:claim_id>/reviews")
class ClaimReviews(MethodView):
    """A claim's append-only review history."""

    @blp.response(200, ReviewPageSchema)
    @with_not_found
    @requires("read")
    @blp.arguments(PageArgsSchema, location="query")
    def get(self, args: dict[str, Any], claim_id: int) -> dict[str, Any]:
        """The claim's reviews, oldest first."""
        session = get_session()
        if session.get(Claim, check_id("claim", claim_id)) is None:
            not_found("claim", claim_id)
        page, page_size = args["page"], args["page_size"]
        reviews, total = claim_reviews(session, claim_id=claim_id, page=page, page_size=page_size)
        return page_of(reviews, total=total, page=page, page_size=page_size)

    @blp.response(201, ReviewSchema, description="The review, now the claim's review status")
    @with_not_found
    @requires("review")
    @accepts(JSON)
    @blp.arguments(ReviewInSchema)
    def post(self, data: dict[str, Any], claim_id: int) -> Review:
        """Record a reviewer's verdict on a claim (reviewer or admin).

        History is append-only; the newest verdict becomes the claim's `review_status`.
        """
        review = add_claim_review(
            get_session(),
            claim_id=check_id("claim", claim_id),
            verdict=data["verdict"],
            note=data.get("note"),
            reviewer=actor_name() or "anonymous",
        )
        if review is None:
            not_found("claim", claim_id)
        return review
