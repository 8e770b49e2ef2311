"""read summaries: open conflicts per topic, conflict links per source (kept by triggers), and
one source's claims in list order

Revision ID: e5r6e7a8d9s0
Revises: d4s5c6a7l8e9
Create Date: 2026-12-04 21:30:00

- ``topic.open_conflict_count``: the topic's conflicts with status ``open``. The conflicts
  board and ``GET /api/v1/conflicts`` (open conflicts, no other filter) walk
  ``ix_topic_open_conflicts`` (newest activity first, only topics that have some) instead of
  grouping every open conflict by topic on each request; ``GET /api/v1/topics`` reads each
  topic's open conflict count off the row.
- ``source.conflict_link_count``: the conflict links naming the source. The board's source
  choices read ``ix_source_in_conflicts`` (by name, only sources in some conflict).
- ``ix_claim_source_order`` (source, then the claim list's order) replaces the plain index on
  ``claim.source_id``: a page of one source's claims reads ``page_size`` entries instead of
  walking the list order past every other source's claims.
- ``ix_claim_said_on_order`` (date, then the list order; on PostgreSQL with ``copy_of``
  included) replaces the plain index on ``claim.said_on``: a narrow date range's page sorts
  the range's ids off the index alone (an index-only scan) and then reads its rows by id.

The two counts are kept by triggers on ``conflict`` and ``conflictclaim`` (insert, delete,
change of status, topic or source), so every write keeps them right: the linking step, topic
merges, re-extraction, article takedown and revisions, reviews. Backfilled here from the rows. On
SQLite a batch alter of ``conflict`` or ``conflictclaim`` recreates the table and drops its
triggers: such a migration must create them again (``service.summaries.TRIGGERS_SQLITE``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from service.summaries import SQLITE_TRIGGER_NAMES, TRIGGERS_POSTGRESQL, TRIGGERS_SQLITE

revision: str = "e5r6e7a8d9s0"
down_revision: str | None = "d4s5c6a7l8e9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = [
    "UPDATE topic SET open_conflict_count = (SELECT count(*) FROM conflict "
    "WHERE conflict.topic_id = topic.id AND conflict.status = 'open')",
    "UPDATE source SET conflict_link_count = (SELECT count(*) FROM conflictclaim "
    "WHERE conflictclaim.source_id = source.id)",
]


def upgrade() -> None:
    # Plain ADD COLUMN (no batch: on SQLite a batch alter would recreate the tables).
    op.add_column("topic", sa.Column("open_conflict_count", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(
        "source", sa.Column("conflict_link_count", sa.Integer(), nullable=False, server_default="0")
    )
    for statement in BACKFILL:
        op.execute(statement)
    op.create_index(
        "ix_topic_open_conflicts",
        "topic",
        [sa.text("last_activity_at DESC"), sa.text("id DESC")],
        postgresql_where=sa.text("open_conflict_count > 0"),
        sqlite_where=sa.text("open_conflict_count > 0"),
    )
    op.create_index(
        "ix_source_in_conflicts",
        "source",
        ["name"],
        postgresql_where=sa.text("conflict_link_count > 0"),
        sqlite_where=sa.text("conflict_link_count > 0"),
    )
    op.drop_index("ix_claim_source_id", table_name="claim")
    op.create_index(
        "ix_claim_source_order",
        "claim",
        ["source_id", sa.text("article_id DESC"), "ordinal", "id"],
    )
    op.drop_index("ix_claim_said_on", table_name="claim")
    op.create_index(
        "ix_claim_said_on_order",
        "claim",
        ["said_on", "article_id", "ordinal", "id"],
        postgresql_include=["copy_of"],
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in TRIGGERS_POSTGRESQL if postgresql else TRIGGERS_SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS conflict_topic_summary ON conflict")
        op.execute("DROP TRIGGER IF EXISTS conflictclaim_source_summary ON conflictclaim")
        op.execute("DROP FUNCTION IF EXISTS conflict_topic_summary()")
        op.execute("DROP FUNCTION IF EXISTS conflictclaim_source_summary()")
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_claim_said_on_order", table_name="claim")
    op.create_index("ix_claim_said_on", "claim", ["said_on"])
    op.drop_index("ix_claim_source_order", table_name="claim")
    op.create_index("ix_claim_source_id", "claim", ["source_id"])
    op.drop_index("ix_source_in_conflicts", table_name="source")
    op.drop_index("ix_topic_open_conflicts", table_name="topic")
    op.drop_column("source", "conflict_link_count")
    op.drop_column("topic", "open_conflict_count")
