"""``/api/v1/articles/{id}/revisions``: the bodies an article had, one per revision."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from schemas.articles import RevisionPageSchema, RevisionSchema
from schemas.common import PageArgsSchema
from service.api.common import check_id, not_found, page_of, with_not_found
from service.auth import requires
from service.models import Article
from service.repo.articles import get_article
from service.repo.revisions import get_revision, list_revisions
from service.web import get_session

blp = Blueprint(
    "revisions",
    __name__,
    url_prefix="/api/v1/articles",
    description="Earlier bodies of articles revised under the same external_id",
)


def _article(article_id: int) -> Article:
    article = get_article(get_session(), article_id=check_id("article", article_id))
    if article is None:
        not_found("article", article_id)
    return article


@blp.route("/<int:article_id>/revisions")
class RevisionCollection(MethodView):
    """An article's revisions."""

    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, RevisionPageSchema)
    @with_not_found
    @requires("read")
    def get(self, args: dict[str, Any], article_id: int) -> dict[str, Any]:
        """Every revision of an article, oldest first (the current one last), without bodies."""
        revisions = list_revisions(get_session(), article=_article(article_id))
        page, size = args["page"], args["page_size"]
        items = [{**asdict(r), "body_chars": len(r.body)} for r in revisions[(page - 1) * size : page * size]]
        return page_of(items, total=len(revisions), page=page, page_size=size)


@blp.route("/<int:article_id>/revisions/<int:revision>")
class RevisionItem(MethodView):
    """One revision of an article."""

    @blp.response(200, RevisionSchema)
    @with_not_found
    @requires("read")
    def get(self, article_id: int, revision: int) -> dict[str, Any]:
        """The title and body an article had at revision `revision` (1 is the first posted)."""
        article = _article(article_id)
        found = get_revision(get_session(), article=article, revision=revision) if revision > 0 else None
        if found is not None:
            return asdict(found)
        abort(
            404, message=f"Article {article_id} has no revision {revision}; it has 1 to {article.revision}."
        )
        raise AssertionError("unreachable")
