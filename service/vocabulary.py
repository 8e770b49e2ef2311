"""The words and sizes the tables and the wire contract share: enumerations and length limits.

``service.models`` sizes its columns with these and ``schemas`` validates requests with them,
so a limit is written once. This module imports nothing, so the schemas can use it without
loading the models' table machinery (or anything of the workers).
"""

from __future__ import annotations

# Enumerations. STANCES and QUOTE_TYPES match ``workers.extraction.types`` (a test checks it):
# the extractor is pure and imports nothing of the service.
STANCES = ("assertion", "denial", "accusation", "estimate", "no_comment", "unverified")
QUOTE_TYPES = ("direct", "indirect", "mixed")
ARTICLE_STATUSES = ("queued", "processing", "done", "failed")
ROLES = ("reader", "reviewer", "ingester", "admin")
CLAIM_VERDICTS = ("confirmed", "disputed", "false", "misattributed", "unverifiable")
REVIEW_STATUSES = ("unreviewed", *CLAIM_VERDICTS)
CONFLICT_DECISIONS = ("resolved", "not_a_conflict")
CONFLICT_STATUSES = ("open", *CONFLICT_DECISIONS)
CONFLICT_KINDS = ("denial", "contradiction", "mutual_accusation", "numeric")
JOB_KINDS = ("batch_ingest", "reingest")
JOB_STATUSES = ("queued", "running", "done", "failed")
WEBHOOK_EVENTS = ("conflict.created", "conflict.reviewed", "claim.reviewed", "article.done", "article.failed")
# pending: waiting for its next attempt (or being sent); delivered: a 2xx answer; failed: given up.
DELIVERY_STATUSES = ("pending", "delivered", "failed")

# Length limits (characters) of stored strings, and of the request fields that fill them.
NAME_CHARS = 255  # external ids, publishers, datelines, source names and aliases, labels, cues
URL_CHARS = 2048
BYLINE_CHARS = 1024
MENTION_CHARS = 1024  # a source as written, and as resolved
KIND_CHARS = 32  # source kinds, conflict kinds, job kinds
STATUS_CHARS = 16  # article, claim-review, conflict and job statuses; stances; quote types
VERSION_CHARS = 64  # extractor versions, cue lemmas
TERM_CHARS = 128  # one term of the topic index
HASH_CHARS = 64  # SHA-256 hex digests
VERDICT_CHARS = 32
EVENT_CHARS = 32  # webhook event types
ERROR_CHARS = 1_000  # the last error of a webhook delivery, as stored
# Request-only limits: what the API accepts, beyond which it answers 422.
TITLE_CHARS = 1_000
BODY_CHARS = 1_000_000
NOTE_CHARS = 10_000
QUERY_CHARS = 500
BATCH_ITEMS = 5_000
