"""Reviewed claims as schema.org ``ClaimReview`` JSON-LD, for publishing fact-checks.

``GET /api/v1/claims/{id}/claimreview`` returns one document; ``GET /api/v1/claimreviews``
returns a page of them as a JSON-LD ``@graph`` (``page``/``page_size`` query arguments; the
total is in ``X-Total-Count`` and the neighbouring pages in ``Link`` headers).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, request, url_for
from flask_smorest import Blueprint
from sqlalchemy import func
from sqlmodel import Session, col, select

from service.api.conflict_reviews import problem, read_allowed
from service.dashboard.db import db_session
from service.dashboard.jsonld import claim_review, with_context
from service.dashboard.queries import ClaimRow, claim_rows
from service.models import Claim, Review

MAX_PAGE_SIZE = 100
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


def _document(row: ClaimRow, review: Review) -> dict[str, Any]:
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


def _int(name: str, default: int, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        return None
    return int(raw)


@blp.route("/claims/<int:claim_id>/claimreview")
@blp.doc(responses={200: {"description": "A ClaimReview JSON-LD document", "content": {JSONLD: {}}}})
def one(claim_id: int) -> Response:
    """The ClaimReview for a reviewed claim (404 while it is unreviewed)."""
    refused = read_allowed()
    if refused is not None:
        return refused
    session = db_session()
    row = claim_rows(session, claim_ids=[claim_id]).get(claim_id)
    if row is None:
        return problem(404, "Not Found", f"There is no claim {claim_id}.")
    review = _latest_reviews(session, [claim_id]).get(claim_id)
    if review is None or row.claim.review_status == "unreviewed":
        return problem(404, "Not Found", f"Claim {claim_id} has not been reviewed yet.")
    return _jsonld(with_context(_document(row, review)))


@blp.route("/claimreviews")
@blp.doc(
    responses={200: {"description": "A page of ClaimReviews as a JSON-LD @graph", "content": {JSONLD: {}}}}
)
def bulk() -> Response:
    """Every reviewed claim's ClaimReview, most recently reviewed first, one page at a time."""
    refused = read_allowed()
    if refused is not None:
        return refused
    page = _int("page", 1, 100_000)
    page_size = _int("page_size", 50, MAX_PAGE_SIZE)
    if page is None or page_size is None:
        return problem(
            422,
            "Unprocessable Content",
            "page must be 1 or more; page_size between 1 and 100.",
            errors={"query": {"page": ["invalid"], "page_size": ["invalid"]}},
        )
    session = db_session()
    reviewed = (
        select(Review.claim_id, func.max(Review.created_at).label("last"))
        .join(Claim, col(Claim.id) == col(Review.claim_id))
        .where(col(Claim.review_status) != "unreviewed")
        .group_by(col(Review.claim_id))
    )
    total = session.exec(select(func.count()).select_from(reviewed.subquery())).one()
    ids = [
        int(claim_id)
        for claim_id, _last in session.exec(
            reviewed.order_by(func.max(Review.created_at).desc(), col(Review.claim_id).desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
        if claim_id is not None
    ]
    rows = claim_rows(session, claim_ids=ids)
    latest = _latest_reviews(session, ids)
    graph = [_document(rows[i], latest[i]) for i in ids if i in rows and i in latest]
    response = _jsonld({"@context": "https://schema.org", "@graph": graph})
    response.headers["X-Total-Count"] = str(total)
    links = []
    if page > 1:
        links.append(f'<{url_for(".bulk", page=page - 1, page_size=page_size, _external=True)}>; rel="prev"')
    if page * page_size < int(total):
        links.append(f'<{url_for(".bulk", page=page + 1, page_size=page_size, _external=True)}>; rel="next"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response
