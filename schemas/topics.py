"""Topics on the wire: lists, and one topic with its claims grouped by source."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import ClaimSchema
from schemas.common import COUNTS, CleanString, PageArgsSchema, PageSchema
from schemas.conflicts import ConflictSchema, TopicBriefSchema
from schemas.fastdump import Schema
from schemas.sources import SourceBriefSchema
from service.vocabulary import NAME_CHARS


class TopicQuerySchema(PageArgsSchema):
    """Filters for listing topics."""

    count = fields.String(
        load_default="estimate",
        validate=validate.OneOf(COUNTS),
        metadata={"description": "`exact`: count every topic for `total`; else exact up to 1,000"},
    )
    conflicting = fields.Boolean(
        metadata={"description": "true: only topics with open conflicts; false: none"}
    )
    q = CleanString(
        validate=validate.Length(min=1, max=NAME_CHARS), metadata={"description": "Matches label or keywords"}
    )


class TopicSummarySchema(TopicBriefSchema):
    """A topic in a list, with its number of open conflicts."""

    conflict_count = fields.Integer(required=True)


class TopicPageSchema(PageSchema):
    """A page of topics, newest activity first."""

    items = fields.List(fields.Nested(TopicSummarySchema), required=True)


class SourceGroupSchema(Schema):
    """A topic's claims from one source (``source`` is null for claims not normalised)."""

    source = fields.Nested(SourceBriefSchema, allow_none=True)
    claims = fields.List(fields.Nested(ClaimSchema), required=True)


class TopicDetailSchema(TopicBriefSchema):
    """A topic with its claims grouped by source, and its conflicts."""

    merged_from = fields.List(fields.Integer(), required=True)
    sources = fields.List(fields.Nested(SourceGroupSchema), required=True)
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)
