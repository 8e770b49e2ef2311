"""syndication: article.syndicated_from, claim.copy_of, MinHash sketches and LSH bands

Revision ID: b2r3a4d5s6y7
Revises: a1r3v1s10n01
Create Date: 2026-12-04 19:30:00

The same wire story published by several outlets is one story: a later copy points at the
first (``article.syndicated_from``) and its claims at the claims they repeat
(``claim.copy_of``). Near-duplicates are found through ``articleband`` (LSH band hashes of
each body's MinHash signature, read with ``IN`` on the primary key) and checked against the
signatures in ``articlesketch``. Existing articles get their sketch when next processed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b2r3a4d5s6y7"
down_revision: str | None = "a1r3v1s10n01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The claim table is altered in place (``ADD COLUMN ... REFERENCES``), never copied: a SQLite
# table copy would lose the triggers that keep ``claim_fts`` current. A downgrade has to copy
# it, so there the search index is dropped first and built again after.
SQLITE_SEARCH_TRIGGERS = [
    "CREATE TRIGGER claim_fts_ai AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_fts(rowid, text, content) VALUES (new.id, new.text, new.content); END",
    "CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text, content) VALUES ('delete', old.id, old.text, old.content); END",
    "CREATE TRIGGER claim_fts_au AFTER UPDATE OF text, content ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text, content) VALUES ('delete', old.id, old.text, old.content); "
    "INSERT INTO claim_fts(rowid, text, content) VALUES (new.id, new.text, new.content); END",
]


def _add_self_reference(table: str, column: str) -> None:
    """A nullable column referencing its own table's id, with its index, added in place."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {table} (id)")
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(f"fk_{table}_{column}", table, table, [column], ["id"])
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    _add_self_reference("article", "syndicated_from")
    _add_self_reference("claim", "copy_of")
    op.create_table(
        "articlesketch",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_table(
        "articleband",
        sa.Column("band", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("band", "article_id"),
    )
    op.create_index(op.f("ix_articleband_article_id"), "articleband", ["article_id"], unique=False)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index(op.f("ix_articleband_article_id"), table_name="articleband")
    op.drop_table("articleband")
    op.drop_table("articlesketch")
    if sqlite:
        for trigger in ("claim_fts_ai", "claim_fts_ad", "claim_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_index(op.f("ix_claim_copy_of"), table_name="claim")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_column("copy_of")
    if sqlite:
        for statement in SQLITE_SEARCH_TRIGGERS:
            op.execute(statement)
        op.execute("INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')")
    op.drop_index(op.f("ix_article_syndicated_from"), table_name="article")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("syndicated_from")
