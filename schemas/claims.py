"""Claims on the wire: the filters of ``GET /claims`` and the claim shape every endpoint returns."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.common import CleanString, IsoDate, KeysetPageSchema, ListArgsSchema, UtcDateTime, id_field
from schemas.fastdump import Schema
from schemas.reviews import ReviewSchema
from service.vocabulary import NAME_CHARS, QUERY_CHARS, QUOTE_TYPES, REVIEW_STATUSES, STANCES

_Span = fields.List(fields.Integer(), validate=validate.Length(equal=2))


class ClaimQuerySchema(ListArgsSchema):
    """Filters for listing claims; all optional and combined with AND."""

    article_id = id_field()
    external_id = CleanString(validate=validate.Length(min=1, max=NAME_CHARS))
    source = CleanString(
        validate=validate.Length(min=1, max=NAME_CHARS),
        metadata={
            "description": "A source id, or a source name, alias or the source as written (case-insensitive)"
        },
    )
    stance = fields.String(validate=validate.OneOf(STANCES))
    topic_id = id_field()
    q = CleanString(
        validate=validate.Length(min=1, max=QUERY_CHARS),
        metadata={
            "description": "Words to find in the claim's sentence and content (web-search syntax: "
            '`"a phrase"`, `or`, `-excluded`; word forms match, e.g. ceasefires finds ceasefire)'
        },
    )
    date_from = IsoDate(metadata={"description": "said_on on or after this date"})
    date_to = IsoDate(metadata={"description": "said_on on or before this date"})
    min_confidence = fields.Float(validate=validate.Range(min=0.0, max=1.0))
    review_status = fields.String(validate=validate.OneOf(REVIEW_STATUSES))


class ArticleRefSchema(Schema):
    """The article a claim comes from."""

    id = fields.Integer(required=True)
    external_id = fields.String(allow_none=True)
    title = fields.String(required=True)
    published_at = fields.Date(allow_none=True)


class SourceRefSchema(Schema):
    """Who a claim is attributed to; ``id`` is null when the source is not normalised."""

    id = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True)
    mention = fields.String(allow_none=True)
    kind = fields.String(required=True)
    affiliation = fields.String(allow_none=True)


class SpansSchema(Schema):
    """Character offsets ``[start, end)`` into the article body, per role."""

    source = fields.List(_Span, required=True)
    cue = fields.List(_Span, required=True)
    content = fields.List(_Span, required=True)
    target = fields.List(_Span, required=True, metadata={"description": "Where the target is written"})


class AppearanceSchema(Schema):
    """An article a claim appears in."""

    article_id = fields.Integer(required=True)
    publisher = fields.String(allow_none=True)
    title = fields.String(required=True)


class ClaimSchema(Schema):
    """One attributed claim, as every endpoint returns it."""

    id = fields.Integer(required=True, attribute="claim.id")
    article = fields.Nested(ArticleRefSchema, required=True)
    text = fields.String(required=True, attribute="claim.text")
    content = fields.String(required=True, attribute="claim.content")
    spans = fields.Nested(SpansSchema, required=True)
    source = fields.Nested(SourceRefSchema, required=True)
    cue = fields.String(required=True, attribute="claim.cue")
    target = fields.String(
        allow_none=True,
        attribute="claim.target",
        metadata={"description": "Who an accusation is aimed at, or whom a denial clears, as written"},
    )
    stance = fields.String(required=True, attribute="claim.stance", metadata={"enum": list(STANCES)})
    quote_type = fields.String(
        required=True, attribute="claim.quote_type", metadata={"enum": list(QUOTE_TYPES)}
    )
    said_on = fields.Date(allow_none=True, attribute="claim.said_on")
    verification = fields.Dict(required=True, attribute="claim.verification")
    review_status = fields.String(required=True, attribute="claim.review_status")
    topic_id = fields.Integer(allow_none=True, attribute="claim.topic_id")
    extractor_version = fields.String(required=True, attribute="claim.extractor_version")
    supersedes = fields.Integer(
        allow_none=True,
        attribute="claim.supersedes_id",
        metadata={
            "description": "The id of the claim this one replaced when its article was revised or "
            "re-extracted and the claim's text changed (that claim is gone; its reviews stay)"
        },
    )
    confidence = fields.Float(required=True, attribute="claim.confidence")
    quantities = fields.List(fields.Dict(), required=True, attribute="claim.quantities")
    copy_of = fields.Integer(
        allow_none=True,
        attribute="claim.copy_of",
        metadata={"description": "The claim this one repeats, in the article its article is syndicated from"},
    )
    appearances = fields.List(
        fields.Nested(AppearanceSchema),
        required=True,
        metadata={
            "description": "The claim's article, then the syndicated copies repeating it: one story "
            "published by several outlets is one claim, not independent confirmations"
        },
    )


class TopicRefSchema(Schema):
    """The topic a claim belongs to."""

    id = fields.Integer(required=True)
    label = fields.String(required=True)
    keywords = fields.List(fields.String(), required=True)


class ConflictRefSchema(Schema):
    """A conflict the claim takes part in, with every claim it links."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    explanation = fields.String(required=True)
    confidence = fields.Float(required=True)
    status = fields.String(required=True)
    topic_id = fields.Integer(required=True)
    claim_ids = fields.List(fields.Integer(), required=True)


class ClaimDetailSchema(ClaimSchema):
    """One claim with its topic, conflicts and review history."""

    topic = fields.Nested(TopicRefSchema, allow_none=True)
    conflicts = fields.List(fields.Nested(ConflictRefSchema), required=True)
    reviews = fields.List(fields.Nested(ReviewSchema), required=True)
    created_at = UtcDateTime(required=True, attribute="claim.created_at")


class ClaimPageSchema(KeysetPageSchema):
    """A page of claims."""

    items = fields.List(fields.Nested(ClaimSchema), required=True)
