"""The migrations build exactly the schema the models describe: no table, column or index
that autogenerate would add or drop (the text-search structures, made by the migrations
alone, are left out of the comparison as they are of autogenerate)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import service.models  # noqa: F401  (the tables, registered with SQLModel.metadata)
from service.migrate import include_name, upgrade


def test_a_freshly_migrated_database_matches_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"include_name": include_name}), SQLModel.metadata
        )
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
