"""Run Alembic migrations programmatically (``claimtrack migrate``); no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and ``database_url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at ``database_url`` up to ``revision``; idempotent."""
    command.upgrade(alembic_config(database_url), revision)


def autogenerate(database_url: str, message: str) -> None:
    """Write a new revision from the difference between the models and the database."""
    command.revision(alembic_config(database_url), message=message, autogenerate=True)


# Search structures the migrations create outside the models (see ``service.search``): the
# PostgreSQL ``claim.search`` column and SQLite's FTS5 table ``claim_fts`` with its shadow tables.
SEARCH_TABLE = "claim_fts"
SEARCH_COLUMN = "search"


def include_name(name: str | None, type_: Any, parent_names: Any) -> bool:
    """Alembic's ``include_name`` hook: leave the text-search structures out of comparisons."""
    if type_ == "table" and name is not None and name.startswith(SEARCH_TABLE):
        return False
    return not (type_ == "column" and name == SEARCH_COLUMN and parent_names.get("table_name") == "claim")
