"""Jobs on the wire: batch ingestion and re-extraction runs and their progress."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import CleanString, PageSchema, UtcDateTime, id_field
from schemas.fastdump import Schema
from service.vocabulary import BATCH_ITEMS, VERSION_CHARS


class JobSchema(Schema):
    """A batch ingestion or re-extraction job."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": ["batch_ingest", "reingest", "reingest_dry_run"]})
    status = fields.String(required=True, metadata={"enum": ["queued", "running", "done", "failed"]})
    total = fields.Integer(required=True)
    done = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    params = fields.Dict(required=True)
    errors = fields.List(fields.Dict(), required=True)
    progress = fields.Dict(metadata={"description": "Counts of the job's articles by status"})
    created_by = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    finished_at = UtcDateTime(allow_none=True)
    report = fields.Dict(
        allow_none=True,
        metadata={
            "description": "A dry run's totals so far and where to read its report; null for other jobs"
        },
    )


class BatchAcceptedSchema(JobSchema):
    """A batch job, with the ids of its articles in submission order."""

    article_ids = fields.List(fields.Integer(), required=True)


class ReingestInSchema(Schema):
    """What to re-extract, and whether to only report what would change."""

    version = CleanString(
        allow_none=True,
        validate=validate.Length(min=1, max=VERSION_CHARS),
        metadata={
            "description": "Re-extract articles made by another version than this (default: the running one)"
        },
    )
    article_ids = fields.List(
        id_field(),
        validate=validate.Length(min=1, max=BATCH_ITEMS),
        metadata={"description": "Re-extract these articles (those that are `done`), whatever their version"},
    )
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "Only report what re-extraction would change (a `reingest_dry_run` job)"},
    )
    from_dry_run = id_field(
        metadata={
            "description": "Apply this finished dry run: re-extract its articles unchanged since it ran; "
            "the others are listed in the job's `params.skipped`"
        }
    )

    @ma.validates_schema
    def _one_way(self, data: dict[str, object], **_kwargs: object) -> None:
        if data.get("from_dry_run") is not None and (data.get("dry_run") or data.get("article_ids")):
            raise ma.ValidationError(
                "A run from a dry run covers the dry run's articles: leave out dry_run and article_ids.",
                "from_dry_run",
            )


class ClaimChangeSchema(Schema):
    """A claim as a report shows it."""

    id = fields.Integer(allow_none=True, metadata={"description": "null for a claim not stored yet"})
    ordinal = fields.Integer(required=True)
    source = fields.String(allow_none=True)
    cue = fields.String(required=True)
    content = fields.String(required=True)
    stance = fields.String(required=True)
    spans = fields.Dict(required=True)
    review_status = fields.String()


class ArticleReportSchema(Schema):
    """What re-extracting one article would change, and the state the report was made from."""

    article_id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": ["ok", "skipped", "failed"]})
    reason = fields.String(allow_none=True)
    content_hash = fields.String(required=True)
    claims_fingerprint = fields.String(required=True)
    extractor_version = fields.String(required=True)
    created_at = UtcDateTime(required=True)
    totals = fields.Dict(required=True)
    kept = fields.List(fields.Integer(), metadata={"description": "Ids of the claims that survive"})
    added = fields.List(fields.Nested(ClaimChangeSchema))
    removed = fields.List(fields.Nested(ClaimChangeSchema))
    changed = fields.List(
        fields.Dict(),
        metadata={
            "description": "`claim_id` (the claim that would be superseded), `fields`, `before`, `after`"
        },
    )
    conflicts_gained = fields.List(fields.Dict())
    conflicts_lost = fields.List(fields.Dict())
    reviewed_unmatched = fields.List(fields.Dict())


class JobReportSchema(PageSchema):
    """A dry-run re-extraction's report: the job, its totals, and a page of article reports."""

    job_id = fields.Integer(required=True)
    status = fields.String(required=True)
    extractor_version = fields.String(required=True)
    totals = fields.Dict(required=True)
    items = fields.List(fields.Nested(ArticleReportSchema), required=True)
