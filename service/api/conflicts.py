"""``GET /api/v1/conflicts``: conflicting claims grouped by topic, the heart of claimtrack."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.conflicts import ConflictDetailSchema, ConflictPageSchema, ConflictQuerySchema
from service.api.common import check_id, keyset_list, not_found, paging_args, with_not_found
from service.auth import requires
from service.repo.conflicts import ConflictDetail, get_conflict, list_conflicts_by_topic
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
        fetch = partial(
            list_conflicts_by_topic, session, **args, status=None if status == "any" else status
        )
        return keyset_list(paging, fetch, items="groups")


@blp.route("/<int:conflict_id>")
class ConflictItem(MethodView):
    """One conflict."""

    @blp.response(200, ConflictDetailSchema)
    @with_not_found
    @requires("read")
    def get(self, conflict_id: int) -> ConflictDetail:
        """A conflict with its topic, kind, explanation, claims (each with its side) and the
        history of reviewers' decisions on it, oldest first."""
        detail = get_conflict(get_session(), conflict_id=check_id("conflict", conflict_id))
        if detail is None:
            not_found("conflict", conflict_id)
        return detail
