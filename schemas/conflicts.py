"""Conflicts on the wire: the conflicts board, grouped by topic."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import ClaimSchema
from schemas.common import CleanString, IsoDate, KeysetPageSchema, ListArgsSchema, UtcDateTime, id_field
from schemas.fastdump import Schema
from schemas.reviews import ReviewSchema
from service.vocabulary import CONFLICT_KINDS, CONFLICT_STATUSES, NAME_CHARS


class TopicBriefSchema(Schema):
    """A topic's identity and size, as it heads a group of conflicts."""

    id = fields.Integer(required=True)
    label = fields.String(required=True)
    keywords = fields.List(fields.String(), required=True)
    claim_count = fields.Integer(required=True)
    last_activity_at = UtcDateTime(required=True)


class ConflictClaimSchema(ClaimSchema):
    """A claim inside a conflict, with the side of the conflict it stands on."""

    side = fields.Integer(allow_none=True)


class ConflictSchema(Schema):
    """Claims in one topic that cannot all be true, and why."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(CONFLICT_KINDS)})
    explanation = fields.String(required=True)
    confidence = fields.Float(required=True)
    status = fields.String(required=True, metadata={"enum": list(CONFLICT_STATUSES)})
    topic_id = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    claims = fields.List(fields.Nested(ConflictClaimSchema), required=True)


class ConflictDetailSchema(ConflictSchema):
    """One conflict with its topic and its decision history, oldest first."""

    topic = fields.Nested(TopicBriefSchema, allow_none=True)
    reviews = fields.List(fields.Nested(ReviewSchema), required=True)


class ConflictQuerySchema(ListArgsSchema):
    """Filters for the conflicts board; a conflict matches if any of its claims matches."""

    kind = fields.String(validate=validate.OneOf(CONFLICT_KINDS))
    source_id = id_field(metadata={"description": "A conflict with a claim from this source"})
    affiliation = CleanString(
        validate=validate.Length(min=1, max=NAME_CHARS),
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


class ConflictGroupSchema(Schema):
    """One topic and its conflicts."""

    topic = fields.Nested(TopicBriefSchema, required=True)
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)


class ConflictPageSchema(KeysetPageSchema):
    """Conflicts grouped by topic; ``total`` counts topics."""

    items = fields.List(fields.Nested(ConflictGroupSchema), required=True)
