"""Jobs on the wire: batch ingestion and re-extraction runs and their progress."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import CleanString, UtcDateTime
from service.vocabulary import VERSION_CHARS


class JobSchema(ma.Schema):
    """A batch ingestion or re-extraction job."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": ["batch_ingest", "reingest"]})
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


class BatchAcceptedSchema(JobSchema):
    """A batch job, with the ids of its articles in submission order."""

    article_ids = fields.List(fields.Integer(), required=True)


class ReingestInSchema(ma.Schema):
    """Which extractor version to bring the archive to (default: the running one)."""

    version = CleanString(allow_none=True, validate=validate.Length(min=1, max=VERSION_CHARS))
