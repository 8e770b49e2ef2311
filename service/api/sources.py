"""``GET /api/v1/sources``: normalised sources with their aliases and claim counts; one source
with its claims."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.common import ListArgsSchema
from schemas.sources import SourceDetailSchema, SourcePageSchema, SourceQuerySchema
from service.api.common import check_id, keyset_list, not_found, page_of, with_not_found
from service.auth import requires
from service.repo.claims import ClaimFilters, list_claims
from service.repo.sources import get_source, list_sources
from service.web import get_session

blp = Blueprint("sources", __name__, url_prefix="/api/v1/sources", description="Normalised sources")


@blp.route("")
class SourceCollection(MethodView):
    """Sources, most quoted first."""

    @blp.response(200, SourcePageSchema)
    @requires("read")
    @blp.arguments(SourceQuerySchema, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List normalised sources; `q` matches a name or alias."""
        page, page_size = args["page"], args["page_size"]
        items, total = list_sources(
            get_session(), q=args.get("q"), kind=args.get("kind"), page=page, page_size=page_size
        )
        return page_of(items, total=total, page=page, page_size=page_size)


@blp.route("/<int:source_id>")
class SourceItem(MethodView):
    """One source."""

    @blp.response(200, SourceDetailSchema)
    @with_not_found
    @requires("read")
    @blp.arguments(ListArgsSchema, location="query")
    def get(self, args: dict[str, Any], source_id: int) -> dict[str, Any]:
        """A source with its aliases, claim count and one page of its claims, newest article
        first; `page`, `page_size`, `cursor` and `count` page the claims as `GET /claims` does."""
        session = get_session()
        source = get_source(session, source_id=check_id("source", source_id))
        if source is None:
            not_found("source", source_id)
        fetch = partial(list_claims, session, filters=ClaimFilters(source=str(source_id)))
        claims = keyset_list(args, fetch, items="views")
        return {**source, "claims": claims}
