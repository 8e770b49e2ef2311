"""``GET /api/v1/sources``: normalised sources with their aliases and claim counts."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.sources import SourcePageSchema, SourceQuerySchema
from service.api.common import page_of
from service.auth import requires
from service.repo.sources import list_sources
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
