"""Reviewed claims as schema.org ``ClaimReview`` JSON-LD, for publishing fact-checks.

``GET /api/v1/claims/{id}/claimreview`` returns one document; ``GET /api/v1/claimreviews``
returns a page of them as a JSON-LD ``@graph`` (``page``/``page_size`` query arguments; the
total is in ``X-Total-Count`` and the neighbouring pages in ``Link`` headers).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, url_for
from flask_smorest import Blueprint
from sqlalchemy import func
from sqlmodel import Session, col, select

from schemas.common import PageArgsSchema
from service.api.common import check_id, not_found, with_not_found
from service.auth import requires
from service.claimreview import claim_review, with_context
from service.errors import problem
from service.models import Claim, Review
from service.repo.claims import ClaimView, claims_by_ids
from service.web import get_session

JSONLD = "application/ld+json"

blp = Blueprint(
    "claimreview",
    __name__,
    url_prefix="/api/v1",
    description="Reviewed claims as schema.org ClaimReview JSON-LD.",
)


def _latest_reviews(session: Session, claim_ids: list[int]) -> dict[int, Review]:
    """Each claim's newest review, in one query."""
    latest: dict[int, Review] = {}
    rows = session.exec(
        select(Review)
        .where(col(Review.claim_id).in_(claim_ids))
        .order_by(col(Review.created_at), col(Review.id))
    ).all()
    for review in rows:
        if review.claim_id is not None:
            latest[review.claim_id] = review
    return latest


def _document(row: ClaimView, review: Review) -> dict[str, Any]:
    claim_id = row.claim.id
    return claim_review(
        row,
        review,
        claim_url=url_for("dashboard.claim", claim_id=claim_id, _external=True),
        article_url=url_for("dashboard.article", article_id=row.article.id, _external=True),
        publisher=current_app.config.get("CLAIMREVIEW_PUBLISHER", "claimtrack"),
    )


def _jsonld(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=JSONLD)


@blp.route("/claims/<int:claim_id>/claimreview")
@blp.doc(responses={200: {"description": "A ClaimReview JSON-LD document", "content": {JSONLD: {}}}})
@with_not_found
@requires("read")
def one(claim_id: int) -> Response:
    """The ClaimReview of a reviewed claim (404 while it is unreviewed)."""
    session = get_session()
    row = claims_by_ids(session, claim_ids=[check_id("claim", claim_id)]).get(claim_id)
    if row is None:
        not_found("claim", claim_id)
    review = _latest_reviews(session, [claim_id]).get(claim_id)
    if review is None or row.claim.review_status == "unreviewed":
        return problem(404, detail=f"Claim {claim_id} has not been reviewed yet.")
    return _jsonld(with_context(_document(row, review)))


@blp.route("/claimreviews")
@blp.doc(
    responses={200: {"description": "A page of ClaimReviews as a JSON-LD @graph", "content": {JSONLD: {}}}}
)
@requires("read")
@blp.arguments(PageArgsSchema, location="query")
def bulk(args: dict[str, Any]) -> Response:
    """Every reviewed claim's ClaimReview, most recently reviewed first, one page at a time.

    The total is in ``X-Total-Count``; ``Link`` headers point to the previous and next pages.
    """
    page, page_size = args["page"], args["page_size"]
    session = get_session()
    last = func.max(Review.created_at)
    reviewed = (
        select(Review.claim_id, last.label("last"))
        .join(Claim, col(Claim.id) == col(Review.claim_id))
        .where(col(Claim.review_status) != "unreviewed")
        .group_by(col(Review.claim_id))
    )
    total = int(session.exec(select(func.count()).select_from(reviewed.subquery())).one())
    ids = [
        int(claim_id)
        for claim_id, _last in session.exec(
            reviewed.order_by(last.desc(), col(Review.claim_id).desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
        if claim_id is not None
    ]
    rows = claims_by_ids(session, claim_ids=ids)
    latest = _latest_reviews(session, ids)
    graph = [_document(rows[i], latest[i]) for i in ids if i in rows and i in latest]
    response = _jsonld({"@context": "https://schema.org", "@graph": graph})
    response.headers["X-Total-Count"] = str(total)
    links = []
    if page > 1:
        links.append(f'<{url_for(".bulk", page=page - 1, page_size=page_size, _external=True)}>; rel="prev"')
    if page * page_size < total:
        links.append(f'<{url_for(".bulk", page=page + 1, page_size=page_size, _external=True)}>; rel="next"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response
