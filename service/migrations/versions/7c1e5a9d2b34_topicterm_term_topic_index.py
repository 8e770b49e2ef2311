"""topicterm (term, topic_id) index for bounded candidate-topic lookup

Revision ID: 7c1e5a9d2b34
Revises: 40b6bf936e53
Create Date: 2026-11-25 05:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "7c1e5a9d2b34"
down_revision: str | None = "40b6bf936e53"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("topicterm", schema=None) as batch_op:
        batch_op.create_index("ix_topicterm_term_topic", ["term", "topic_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("topicterm", schema=None) as batch_op:
        batch_op.drop_index("ix_topicterm_term_topic")
