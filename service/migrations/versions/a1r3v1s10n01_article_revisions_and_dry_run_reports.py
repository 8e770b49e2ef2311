"""article revisions and dry-run re-extraction reports

Revision ID: a1r3v1s10n01
Revises: c3w4e5b6h7k8
Create Date: 2026-12-04 19:05:03

A new body posted under a known ``external_id`` becomes a new revision of the same article:
``article.revision`` / ``revised_at`` say which and when, earlier bodies are kept in
``articlerevision``, ``article.claims_revision`` records which body the stored claims' spans
index, and ``claim.supersedes_id`` links a claim whose text changed to the one it replaced.
``jobreport`` holds a dry-run re-extraction's report per article, with the state it was made from.
Existing articles are revision 1; their claims index their current body (``claims_revision``
left empty means exactly that).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "a1r3v1s10n01"
down_revision: str | None = "c3w4e5b6h7k8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "articlerevision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("revised_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("replaced_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_id", "revision", name="uq_articlerevision_article_revision"),
    )
    with op.batch_alter_table("articlerevision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articlerevision_article_id"), ["article_id"], unique=False)

    op.create_table(
        "jobreport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("claims_fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("extractor_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "article_id", name="uq_jobreport_job_article"),
    )
    with op.batch_alter_table("jobreport", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobreport_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobreport_job_id"), ["job_id"], unique=False)

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("revised_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("claims_revision", sa.Integer(), nullable=True))

    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_claim_supersedes_id"), ["supersedes_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_supersedes_id"))
        batch_op.drop_column("supersedes_id")

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("claims_revision")
        batch_op.drop_column("revised_at")
        batch_op.drop_column("revision")

    with op.batch_alter_table("jobreport", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobreport_job_id"))
        batch_op.drop_index(batch_op.f("ix_jobreport_article_id"))
    op.drop_table("jobreport")

    with op.batch_alter_table("articlerevision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articlerevision_article_id"))
    op.drop_table("articlerevision")
