"""Inserts that tolerate a concurrent worker inserting the same unique key first.

Both PostgreSQL and SQLite have ``INSERT … ON CONFLICT DO NOTHING``; these helpers use the
dialect's own construct, so no savepoint or retry is needed when two workers race. Beside
them, ``write_columns`` writes many loaded rows back in one statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel


def _insert(session: Session, table: type[SQLModel]) -> Any:
    name = session.get_bind().dialect.name
    dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(name)
    if dialect is None:
        raise NotImplementedError(f"claimtrack supports PostgreSQL and SQLite, not {name}")
    return dialect.insert(table)


def insert_ignoring_duplicates(
    session: Session, *, table: type[SQLModel], rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert ``rows`` (column → value maps) into ``table``, skipping any whose unique key exists."""
    if rows:
        session.exec(_insert(session, table).values(list(rows)).on_conflict_do_nothing())


def insert_returning_ids(
    session: Session, *, table: type[SQLModel], rows: Sequence[Mapping[str, Any]], key: str
) -> dict[Any, int]:
    """Insert ``rows`` in one statement, skipping any whose unique column ``key`` exists;
    returns ``{key value: id}`` of the rows this call inserted."""
    if not rows:
        return {}
    column, row_id = getattr(table, key), table.id  # type: ignore[attr-defined]
    statement = _insert(session, table).values(list(rows)).on_conflict_do_nothing().returning(column, row_id)
    return {value: int(found) for value, found in session.exec(statement).all()}


def write_columns(session: Session, *, rows: Sequence[SQLModel], columns: Sequence[str]) -> None:
    """Write ``columns`` of loaded ``rows`` (one table, keyed by ``id``) as they are in memory,
    in one statement (executemany) whichever values changed; the rows are clean afterwards.

    The unit of work would group rows by the set of columns that changed, one statement per
    group; this writes them all alike.
    """
    if not rows:
        return
    table = type(rows[0]).__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(f"v_{name}") for name in columns})
    )
    params = [{"row_id": row.id, **{f"v_{n}": getattr(row, n) for n in columns}} for row in rows]  # type: ignore[attr-defined]
    for row in rows:  # clean in the session first, so the flush below leaves them to this write
        for name in columns:
            set_committed_value(row, name, getattr(row, name))
    session.flush()
    session.exec(statement, params=params)
