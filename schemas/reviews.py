"""Reviews on the wire: a reviewer's verdict on a claim, and the append-only history."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.common import CleanString, PageSchema, UtcDateTime
from schemas.fastdump import Schema
from service.vocabulary import CLAIM_VERDICTS, NOTE_CHARS


class ReviewInSchema(Schema):
    """A verdict on a claim, with an optional note."""

    verdict = fields.String(required=True, validate=validate.OneOf(CLAIM_VERDICTS))
    note = CleanString(allow_none=True, validate=validate.Length(max=NOTE_CHARS))


class ReviewSchema(Schema):
    """One entry of a review history."""

    id = fields.Integer(required=True)
    claim_id = fields.Integer(allow_none=True)
    conflict_id = fields.Integer(allow_none=True)
    verdict = fields.String(required=True)
    note = fields.String(allow_none=True)
    reviewer = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class ReviewPageSchema(PageSchema):
    """A claim's review history, oldest first."""

    items = fields.List(fields.Nested(ReviewSchema), required=True)
