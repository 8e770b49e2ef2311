"""Topics, conflicts and sources on the wire: the conflict board's data."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from schemas.claims import ClaimSchema
from schemas.common import CleanString, IsoDate, PageArgsSchema, PageSchema, UtcDateTime, id_field
from service.models import CONFLICT_DECISIONS, CONFLICT_KINDS

CONFLICT_STATUSES = ("open", *CONFLICT_DECISIONS)


class TopicQuerySchema(PageArgsSchema):
    """Filters for listing topics."""

    conflicting = fields.Boolean(
        metadata={"description": "true: only topics with open conflicts; false: none"}
    )
    q = CleanString(
        validate=validate.Length(min=1, max=255), metadata={"description": "Matches label or keywords"}
    )


class TopicBriefSchema(ma.Schema):
    """A topic's identity and size."""

    id = fields.Integer(required=True)
    label = fields.String(required=True)
    keywords = fields.List(fields.String(), required=True)
    claim_count = fields.Integer(required=True)
    last_activity_at = UtcDateTime(required=True)


class TopicSummarySchema(TopicBriefSchema):
    """A topic in a list, with its number of open conflicts."""

    conflict_count = fields.Integer(required=True)


class TopicPageSchema(PageSchema):
    """A page of topics, newest activity first."""

    items = fields.List(fields.Nested(TopicSummarySchema), required=True)


class ConflictClaimSchema(ClaimSchema):
    """A claim inside a conflict, with the side of the conflict it stands on."""

    side = fields.Integer(allow_none=True)


class ConflictSchema(ma.Schema):
    """Claims in one topic that cannot all be true, and why."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(CONFLICT_KINDS)})
    explanation = fields.String(required=True)
    confidence = fields.Float(required=True)
    status = fields.String(required=True, metadata={"enum": list(CONFLICT_STATUSES)})
    topic_id = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    claims = fields.List(fields.Nested(ConflictClaimSchema), required=True)


class SourceBriefSchema(ma.Schema):
    """A normalised source."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    affiliation = fields.String(allow_none=True)


class SourceGroupSchema(ma.Schema):
    """A topic's claims from one source (``source`` is null for claims not normalised)."""

    source = fields.Nested(SourceBriefSchema, allow_none=True)
    claims = fields.List(fields.Nested(ClaimSchema), required=True)


class TopicDetailSchema(TopicBriefSchema):
    """A topic with its claims grouped by source, and its conflicts."""

    merged_from = fields.List(fields.Integer(), required=True)
    sources = fields.List(fields.Nested(SourceGroupSchema), required=True)
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)


class ConflictQuerySchema(PageArgsSchema):
    """Filters for the conflicts board; a conflict matches if any of its claims matches."""

    kind = fields.String(validate=validate.OneOf(CONFLICT_KINDS))
    source_id = id_field(metadata={"description": "A conflict with a claim from this source"})
    affiliation = CleanString(
        validate=validate.Length(min=1, max=255),
        metadata={"description": "A conflict with a claim from a source of this affiliation"},
    )
    date_from = IsoDate(metadata={"description": "A claim said on or after this date"})
    date_to = IsoDate(metadata={"description": "A claim said on or before this date"})
    min_confidence = fields.Float(validate=validate.Range(min=0.0, max=1.0))
    status = fields.String(
        load_default="open",
        validate=validate.OneOf((*CONFLICT_STATUSES, "any")),
        metadata={"description": "Review status of the conflicts; `any` for all"},
    )


class ConflictGroupSchema(ma.Schema):
    """One topic and its conflicts."""

    topic = fields.Nested(TopicBriefSchema, required=True)
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)


class ConflictPageSchema(PageSchema):
    """Conflicts grouped by topic; ``total`` counts topics."""

    items = fields.List(fields.Nested(ConflictGroupSchema), required=True)


class SourceQuerySchema(PageArgsSchema):
    """Filters for listing sources."""

    q = CleanString(
        validate=validate.Length(min=1, max=255), metadata={"description": "Matches name or alias"}
    )
    kind = CleanString(validate=validate.Length(min=1, max=32))


class SourceSchema(SourceBriefSchema):
    """A normalised source with the ways it is written and how often it is quoted."""

    aliases = fields.List(fields.String(), required=True)
    claim_count = fields.Integer(required=True)


class SourcePageSchema(PageSchema):
    """A page of sources, most quoted first."""

    items = fields.List(fields.Nested(SourceSchema), required=True)
