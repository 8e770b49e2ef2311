"""Sources on the wire: normalised speakers with their aliases and claim counts."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.claims import ClaimPageSchema
from schemas.common import CleanString, PageArgsSchema, PageSchema
from schemas.fastdump import Schema
from service.vocabulary import KIND_CHARS, NAME_CHARS


class SourceBriefSchema(Schema):
    """A normalised source."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    affiliation = fields.String(allow_none=True)


class SourceQuerySchema(PageArgsSchema):
    """Filters for listing sources."""

    q = CleanString(
        validate=validate.Length(min=1, max=NAME_CHARS), metadata={"description": "Matches name or alias"}
    )
    kind = CleanString(validate=validate.Length(min=1, max=KIND_CHARS))


class SourceSchema(SourceBriefSchema):
    """A normalised source with the ways it is written and how often it is quoted."""

    aliases = fields.List(fields.String(), required=True)
    claim_count = fields.Integer(required=True)


class SourcePageSchema(PageSchema):
    """A page of sources, most quoted first."""

    items = fields.List(fields.Nested(SourceSchema), required=True)


class SourceDetailSchema(SourceSchema):
    """A source with one page of its claims, newest article first (follow `claims.next`)."""

    claims = fields.Nested(ClaimPageSchema, required=True)
