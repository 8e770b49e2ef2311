"""``GET /api/v1/conflicts``: conflicting claims grouped by topic, the heart of claimtrack."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.conflicts import ConflictPageSchema, ConflictQuerySchema
from service.api.common import bad_cursor, keyset_page_of, paging_args
from service.auth import requires
from service.repo.conflicts import list_conflicts_by_topic
from service.repo.paging import InvalidCursor
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
        does. `total` and the pagination count topics; follow `next` for the following page.
        """
        session = get_session()
        paging = paging_args(args)
        status = args.pop("status")
        try:
            result = list_conflicts_by_topic(
                session,
                **args,
                status=None if status == "any" else status,
                page=paging["page"],
                page_size=paging["page_size"],
                cursor=paging.get("cursor"),
                exact_total=paging["count"] == "exact",
            )
        except InvalidCursor:
            bad_cursor()
        return keyset_page_of(result.groups, total=result.total, args=paging, next_cursor=result.next_cursor)
