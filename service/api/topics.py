"""``/api/v1/topics``: topics (optionally only those with conflicts) and one topic with its claims."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.topics import TopicDetailSchema, TopicPageSchema, TopicQuerySchema
from service.api.common import check_id, not_found, page_of, with_not_found
from service.auth import requires
from service.repo.topics import TopicView, get_topic_with_claims, list_topics
from service.web import get_session

blp = Blueprint("topics", __name__, url_prefix="/api/v1/topics", description="Topics and their claims")


@blp.route("")
class TopicCollection(MethodView):
    """Topics, newest activity first."""

    @blp.response(200, TopicPageSchema)
    @requires("read")
    @blp.arguments(TopicQuerySchema, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List topics; `conflicting=true` keeps those with open conflicts."""
        page, page_size = args["page"], args["page_size"]
        items, total = list_topics(
            get_session(),
            conflicting=args.get("conflicting"),
            q=args.get("q"),
            page=page,
            page_size=page_size,
            exact_total=args["count"] == "exact",
        )
        return page_of(items, total=total, page=page, page_size=page_size)


@blp.route("/<int:topic_id>")
class TopicItem(MethodView):
    """One topic."""

    @blp.response(200, TopicDetailSchema)
    @with_not_found
    @requires("read")
    def get(self, topic_id: int) -> TopicView:
        """A topic with its claims grouped by source, and its conflicts side by side.

        A topic merged into another answers with the topic it was merged into.
        """
        topic = get_topic_with_claims(get_session(), topic_id=check_id("topic", topic_id))
        if topic is None:
            not_found("topic", topic_id)
        return topic
