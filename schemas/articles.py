"""Articles on the wire: what clients submit and what they get back."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.common import (
    HTTP_URL,
    CleanString,
    IsoDate,
    KeysetPageSchema,
    ListArgsSchema,
    PageSchema,
    UtcDateTime,
)
from schemas.fastdump import Schema
from service.vocabulary import (
    ARTICLE_STATUSES,
    BODY_CHARS,
    BYLINE_CHARS,
    NAME_CHARS,
    TITLE_CHARS,
    URL_CHARS,
)


class ArticleInSchema(Schema):
    """One article to ingest. Unknown fields are rejected."""

    external_id = CleanString(allow_none=True, validate=validate.Length(min=1, max=NAME_CHARS))
    url = CleanString(
        allow_none=True,
        validate=validate.Length(max=URL_CHARS),
        pattern=HTTP_URL,
    )
    title = CleanString(required=True, validate=validate.Length(min=1, max=TITLE_CHARS), not_blank=True)
    body = CleanString(
        required=True,
        validate=validate.Length(min=1, max=BODY_CHARS),
        not_blank=True,
        metadata={"description": "The article text; claim spans are offsets into it exactly as given"},
    )
    published_at = IsoDate(
        allow_none=True, metadata={"description": "ISO date (a timestamp is cut to its date)"}
    )
    publisher = CleanString(allow_none=True, validate=validate.Length(max=NAME_CHARS))
    byline = CleanString(allow_none=True, validate=validate.Length(max=BYLINE_CHARS))
    dateline = CleanString(allow_none=True, validate=validate.Length(max=NAME_CHARS))


class ArticleAcceptedSchema(Schema):
    """The answer to a submission: the article's id, processing status and revision."""

    id = fields.Integer(required=True)
    status = fields.String(required=True)
    revision = fields.Integer(required=True)


class ArticleQuerySchema(ListArgsSchema):
    """Filters for listing articles; all optional and combined with AND."""

    external_id = CleanString(validate=validate.Length(min=1, max=NAME_CHARS))
    status = fields.String(validate=validate.OneOf(ARTICLE_STATUSES))
    publisher = CleanString(
        validate=validate.Length(min=1, max=NAME_CHARS),
        metadata={"description": "The publisher as submitted (case-insensitive)"},
    )
    date_from = IsoDate(metadata={"description": "published_at on or after this date"})
    date_to = IsoDate(metadata={"description": "published_at on or before this date"})


class ArticleBriefSchema(Schema):
    """An article in a list: everything but the body."""

    id = fields.Integer(required=True)
    external_id = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    title = fields.String(required=True)
    published_at = fields.Date(allow_none=True)
    publisher = fields.String(allow_none=True)
    byline = fields.String(allow_none=True)
    dateline = fields.String(allow_none=True)
    status = fields.String(
        required=True, metadata={"description": "queued, processing, done or failed", "example": "done"}
    )
    status_reason = fields.String(allow_none=True, metadata={"description": "Why processing failed"})
    claim_count = fields.Integer(required=True)
    extractor_version = fields.String(allow_none=True)
    job_id = fields.Integer(allow_none=True)
    syndicated_from = fields.Integer(
        allow_none=True,
        metadata={"description": "The first stored article of the same wire story, when this is a copy"},
    )
    created_at = UtcDateTime(required=True)
    status_changed_at = UtcDateTime(required=True)
    revision = fields.Integer(
        required=True,
        metadata={"description": "1 as first posted; one more for each new body under the same external_id"},
    )
    revised_at = UtcDateTime(
        allow_none=True, metadata={"description": "When the current revision was posted (null for the first)"}
    )

class ArticleSchema(ArticleBriefSchema):
    """An article as stored, with its processing status and claim count."""

    body = fields.String(required=True)


class ArticlePageSchema(KeysetPageSchema):
    """A page of articles, newest first."""

    items = fields.List(fields.Nested(ArticleBriefSchema), required=True)


class RevisionSchema(Schema):
    """One revision of an article: the title and body it had, and when it was posted."""

    article_id = fields.Integer(required=True)
    revision = fields.Integer(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    content_hash = fields.String(required=True)
    revised_at = UtcDateTime(required=True)
    current = fields.Boolean(
        required=True, metadata={"description": "Whether this is the article's body now"}
    )


class RevisionSummarySchema(Schema):
    """A revision in the list: its number, when it was posted, and its size."""

    revision = fields.Integer(required=True)
    revised_at = UtcDateTime(required=True)
    content_hash = fields.String(required=True)
    title = fields.String(required=True)
    body_chars = fields.Integer(required=True)
    current = fields.Boolean(required=True)


class RevisionPageSchema(PageSchema):
    """An article's revisions, oldest first."""

    items = fields.List(fields.Nested(RevisionSummarySchema), required=True)
