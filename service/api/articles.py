"""``/api/v1/articles``: submit one article or a batch, and read an article back with its status."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import marshmallow as ma
from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from schemas.articles import (
    ArticleAcceptedSchema,
    ArticleInSchema,
    ArticlePageSchema,
    ArticleQuerySchema,
    ArticleSchema,
)
from schemas.jobs import BatchAcceptedSchema
from service.api.common import (
    JSON,
    NDJSON,
    accepts,
    body_text,
    check_id,
    keyset_list,
    not_found,
    paging_args,
    parse_json,
    with_not_found,
)
from service.api.jobs import job_payload
from service.auth import actor_name, requires
from service.repo.article_list import ArticleFilters, list_articles
from service.repo.articles import claim_counts, get_article
from service.repo.jobs import create_batch_job
from service.repo.revisions import submit_article
from service.repo.takedown import delete_article
from service.vocabulary import BATCH_ITEMS
from service.web import get_session, get_settings
from workers.dispatch import enqueue_article, enqueue_job

blp = Blueprint(
    "articles",
    __name__,
    url_prefix="/api/v1/articles",
    description="Submit articles and follow their processing",
)

_BATCH_BODY = {
    "description": (
        "The articles, as a JSON array or as JSON Lines (one article object per line, "
        "`application/x-ndjson` or `application/jsonl`). One invalid item rejects the whole batch."
    ),
    "required": True,
    "content": {
        media: {
            "schema": {
                "type": "array",
                "minItems": 1,
                "maxItems": BATCH_ITEMS,
                "items": {"$ref": "#/components/schemas/ArticleIn"},
            }
        }
        for media in (JSON, *NDJSON[:2])
    },
}


def _location(article_id: int) -> dict[str, str]:
    return {"Location": url_for("articles.ArticleItem", article_id=article_id)}


@blp.route("")
class ArticleCollection(MethodView):
    """List articles; submit one article."""

    @blp.response(200, ArticlePageSchema)
    @requires("read")
    @blp.arguments(ArticleQuerySchema, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List articles, newest first (without their bodies); filters combine with AND.

        Follow `next` to walk every page at the same cost however deep. `total` is exact up
        to 1,000 matches, else an estimate unless `count=exact` (`total_exact` says which).
        """
        paging = paging_args(args)
        fetch = partial(list_articles, get_session(), filters=ArticleFilters(**args))
        return keyset_list(paging, fetch, items="items")

    @blp.response(202, ArticleAcceptedSchema, description="Stored (or revised) and queued for processing")
    @blp.alt_response(200, schema=ArticleAcceptedSchema, description="The same content was already stored")
    @requires("ingest")
    @accepts(JSON)
    @blp.arguments(ArticleInSchema, description="One article; the body is stored exactly as given")
    def post(self, data: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Submit an article.

        The article is stored (status `queued`) and then handed to processing. Re-posting the
        same title and body returns the stored article with 200 instead of storing it twice.
        A different title or body under the `external_id` of a stored article becomes that
        article's next revision (202, same id, `revision` one more): the old body is kept
        (`/articles/{id}/revisions/{n}`) and the claims are re-extracted; claims the edit left
        intact keep their ids, reviews and conflicts.
        """
        article, outcome = submit_article(get_session(), data=data)
        assert article.id is not None
        if outcome != "existing":
            enqueue_article(get_settings(), article.id)
        status = 200 if outcome == "existing" else 202
        payload = {"id": article.id, "status": article.status, "revision": article.revision}
        return payload, status, _location(article.id)


@blp.route("/<int:article_id>")
class ArticleItem(MethodView):
    """One article."""

    @blp.response(200, ArticleSchema)
    @with_not_found
    @requires("read")
    def get(self, article_id: int) -> dict[str, Any]:
        """An article with its body as stored, its processing status and claim count."""
        session = get_session()
        article = get_article(session, article_id=check_id("article", article_id))
        if article is None:
            not_found("article", article_id)
        counts = claim_counts(session, article_ids=[article_id])
        return {**article.model_dump(), "claim_count": counts.get(article_id, 0)}

    @blp.response(204, description="Deleted, with its claims, their conflicts and topic memberships")
    @with_not_found
    @requires("admin")
    def delete(self, article_id: int) -> tuple[str, int]:
        """Delete an article (admin): a legal takedown or a retraction.

        Its claims, their conflicts and topic memberships go with it; topics left without
        claims leave every list. Reviews stay in the audit trail, unlinked, with a `deleted`
        line in their note. Articles syndicated from it are processed again on their own.
        """
        requeued = delete_article(get_session(), article_id=check_id("article", article_id))
        if requeued is None:
            not_found("article", article_id)
        for copy_id in requeued:
            enqueue_article(get_settings(), copy_id)
        return "", 204


def _read_items() -> list[Any]:
    """The batch's items, from a JSON array or JSON Lines; 400 on anything unreadable."""
    text = body_text()
    if request.mimetype in NDJSON:
        items: list[Any] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except (ValueError, RecursionError):
                message = f"Line {number} is not valid JSON."
                abort(400, message=message, errors={str(len(items)): [message]})
        return items
    parsed = parse_json(text)
    if not isinstance(parsed, list):
        abort(422, message="Send a JSON array of articles.", errors={"_schema": ["Expected a JSON array."]})
    return list(parsed)


def _validated(items: list[Any]) -> list[dict[str, Any]]:
    if not items:
        abort(422, message="The batch is empty.", errors={"_schema": ["Send at least one article."]})
    if len(items) > BATCH_ITEMS:
        abort(
            422,
            message=f"A batch holds at most {BATCH_ITEMS} articles.",
            errors={"_schema": [f"Send at most {BATCH_ITEMS} articles per batch."]},
        )
    try:
        loaded: list[dict[str, Any]] = ArticleInSchema(many=True).load(items)
    except ma.ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        abort(
            422, message="Some articles did not validate; see errors (keyed by item index).", errors=messages
        )
        raise
    return loaded


@blp.route("/batch")
class ArticleBatch(MethodView):
    """Submit many articles as one job."""

    @blp.doc(requestBody=_BATCH_BODY)
    @blp.response(202, BatchAcceptedSchema, description="Stored as one job and queued for processing")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @requires("ingest")
    @accepts(JSON, *NDJSON)
    def post(self) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Submit a batch of articles.

        Every article is validated first; if any item is invalid nothing is stored and the
        422 `errors` map is keyed by the item's index. Articles whose content is already
        stored are reused. Follow the job at the `Location` it answers with.
        """
        articles = _validated(_read_items())
        session = get_session()
        job, article_ids = create_batch_job(session, articles=articles, created_by=actor_name())
        assert job.id is not None
        enqueue_job(get_settings(), job.id)
        payload = job_payload(session, job)
        payload["article_ids"] = article_ids
        return payload, 202, {"Location": url_for("jobs.JobItem", job_id=job.id)}
