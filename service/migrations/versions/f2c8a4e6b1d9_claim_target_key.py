"""claim.target_key: accusations found by whom they accuse, across topics

Revision ID: f2c8a4e6b1d9
Revises: e5a1c7d3f920
Create Date: 2026-12-03 16:20:00

An answer to an accusation may sit in another topic than the accusation ("blamed Turkey for
arming the Azeris" / "Turkey denies military involvement"): the linking step reads the recent
accusations aimed at an article's speakers by this key, on its index. Backfilled here with the
same ``target_key`` the models use.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from service.keys import target_key

revision: str = "f2c8a4e6b1d9"
down_revision: str | None = "e5a1c7d3f920"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000


def _backfill() -> None:
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, target FROM claim WHERE id > :last AND target IS NOT NULL ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        bind.execute(
            sa.text("UPDATE claim SET target_key = :key WHERE id = :id"),
            [{"key": target_key(target), "id": i} for i, target in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("target_key", sqlmodel.sql.sqltypes.AutoString(length=1024), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_claim_target_key"), ["target_key"], unique=False)
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_target_key"))
        batch_op.drop_column("target_key")
