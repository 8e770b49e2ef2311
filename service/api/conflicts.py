"""``GET /api/v1/conflicts``: conflicting claims grouped by topic, the heart of claimtrack."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.conflicts import ConflictPageSchema, ConflictQuerySchema
from service.api.common import page_of
from service.auth import requires
from service.repo.conflicts import list_conflicts_by_topic
from service.web import get_session

blp = Blueprint(
    "conflicts", __name__, url_prefix="/api/v1/conflicts", description="Conflicting claims by topic"
)


@blp.route("")
class ConflictCollection(MethodView):
    """Conflicts grouped by topic."""

    @blp.response(200, ConflictPageSchema)
    @requires("read")
    @blp.arguments(ConflictQuerySchema, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Topics with conflicts, newest activity first, each with its conflicting claims.

        A conflict matches the source, affiliation and date filters when any of its claims
        does. `total` and the pagination count topics.
        """
        session = get_session()
        page, page_size = args.pop("page"), args.pop("page_size")
        status = args.pop("status")
        groups, total = list_conflicts_by_topic(
            session, **args, status=None if status == "any" else status, page=page, page_size=page_size
        )
        return page_of(groups, total=total, page=page, page_size=page_size)
