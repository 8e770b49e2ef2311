"""claim.embedding, topic.embedding: sentence embeddings for semantic topics and conflicts

Revision ID: d41e7b0c5a18
Revises: b3f18c2d9e47
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "d41e7b0c5a18"
down_revision: str | None = "b3f18c2d9e47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("embedding", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("topic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("embedding", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("embedded_count", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("embedded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index("ix_topic_embedded_at", ["embedded_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("topic", schema=None) as batch_op:
        batch_op.drop_index("ix_topic_embedded_at")
        batch_op.drop_column("embedded_at")
        batch_op.drop_column("embedded_count")
        batch_op.drop_column("embedding")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_column("embedding")
