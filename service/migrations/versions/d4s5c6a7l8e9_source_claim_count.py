"""source.claim_count: the most-quoted source list off an index

Revision ID: d4s5c6a7l8e9
Revises: b2r3a4d5s6y7
Create Date: 2026-12-04 19:40:00

``GET /api/v1/sources`` lists sources most-quoted first. Counting every source's claims on each
request reads the whole claim table; the count is now stored on the source, kept by the writes
that give, change or take a claim's source, and read in order off
``ix_source_most_quoted (claim_count DESC, name)``. Backfilled here from the claims.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4s5c6a7l8e9"
down_revision: str | None = "b2r3a4d5s6y7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_count", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE source SET claim_count = counted.n FROM "
        "(SELECT source_id, count(*) AS n FROM claim WHERE source_id IS NOT NULL GROUP BY source_id) "
        "AS counted WHERE counted.source_id = source.id"
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(
            "ix_source_most_quoted", [sa.text("claim_count DESC"), "name"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index("ix_source_most_quoted")
        batch_op.drop_column("claim_count")
