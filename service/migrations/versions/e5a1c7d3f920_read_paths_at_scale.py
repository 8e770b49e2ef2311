"""read paths at scale: source keys, list-order index, conflict-link copies, text search

Revision ID: e5a1c7d3f920
Revises: d41e7b0c5a18
Create Date: 2026-12-03 06:20:00

- ``source.name_key`` and ``claim.source_key``: folded names the source filter compares with
  ``=`` on ordinary indexes (backfilled here with the same ``fold`` the models use).
- ``ix_claim_list_order``: the claim list's order, so a page reads ``page_size`` rows.
- ``conflictclaim.source_id`` / ``said_on``: copies of the claim's, so the conflicts board's
  filters and source list read the links alone.
- Text search: on PostgreSQL a generated ``claim.search`` tsvector with a GIN index; on SQLite
  an FTS5 table ``claim_fts`` over the claim rows, kept current by triggers. Neither is in the
  models (``service.search`` queries them); ``service.migrate.include_name`` keeps
  autogenerate from dropping them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from service.keys import fold, source_key

revision: str = "e5a1c7d3f920"
down_revision: str | None = "d41e7b0c5a18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000

PG_SEARCH = (
    "ALTER TABLE claim ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(text, '') || ' ' || coalesce(content, ''))) STORED"
)
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE claim_fts USING fts5(text, content, content='claim', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claim_fts_ai AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_fts(rowid, text, content) VALUES (new.id, new.text, new.content); END",
    "CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text, content) VALUES ('delete', old.id, old.text, old.content); END",
    "CREATE TRIGGER claim_fts_au AFTER UPDATE OF text, content ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text, content) VALUES ('delete', old.id, old.text, old.content); "
    "INSERT INTO claim_fts(rowid, text, content) VALUES (new.id, new.text, new.content); END",
    "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
]


def _backfill_keys() -> None:
    bind = op.get_bind()
    for source_id, name in bind.execute(sa.text("SELECT id, name FROM source")).all():
        bind.execute(
            sa.text("UPDATE source SET name_key = :key WHERE id = :id"), {"key": fold(name)[:255], "id": source_id}
        )
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, source_resolved, source_mention FROM claim WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        bind.execute(
            sa.text("UPDATE claim SET source_key = :key WHERE id = :id"),
            [{"key": source_key(resolved, mention), "id": i} for i, resolved, mention in rows],
        )
        last = rows[-1][0]
    bind.execute(
        sa.text(
            "UPDATE conflictclaim SET "
            "source_id = (SELECT claim.source_id FROM claim WHERE claim.id = conflictclaim.claim_id), "
            "said_on = (SELECT claim.said_on FROM claim WHERE claim.id = conflictclaim.claim_id)"
        )
    )


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        batch_op.create_index(batch_op.f("ix_source_name_key"), ["name_key"], unique=False)
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(length=1024), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_claim_source_key"), ["source_key"], unique=False)
        batch_op.create_index("ix_claim_list_order", [sa.text("article_id DESC"), "ordinal", "id"], unique=False)
    with op.batch_alter_table("conflictclaim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("said_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key("fk_conflictclaim_source_id_source", "source", ["source_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_conflictclaim_source_id"), ["source_id"], unique=False)
    _backfill_keys()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_SEARCH)
        op.execute("CREATE INDEX ix_claim_search ON claim USING gin (search)")
    else:
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claim_search")
        op.execute("ALTER TABLE claim DROP COLUMN IF EXISTS search")
    else:
        for trigger in ("claim_fts_ai", "claim_fts_ad", "claim_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS claim_fts")
    with op.batch_alter_table("conflictclaim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflictclaim_source_id"))
        batch_op.drop_constraint("fk_conflictclaim_source_id_source", type_="foreignkey")
        batch_op.drop_column("said_on")
        batch_op.drop_column("source_id")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_list_order")
        batch_op.drop_index(batch_op.f("ix_claim_source_key"))
        batch_op.drop_column("source_key")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_name_key"))
        batch_op.drop_column("name_key")
