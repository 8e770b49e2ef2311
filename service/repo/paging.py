"""Counting and paging helpers shared by the read queries.

Lists answer a page and a ``total``. Counting every match of a broad filter over a million
claims costs more than the page itself, so totals are exact only up to ``COUNT_CAP`` matches
(a count that stops there) or when the caller asks; beyond it the total is PostgreSQL's
planner estimate, and says it is not exact. SQLite has no planner estimate to give, and an
embedded database is small enough to count, so there totals are always counted. Deep
pages go by keyset: a ``cursor`` naming the last row seen, encoded opaquely for clients.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from service.models import Topic

T = TypeVar("T")

# Matches counted exactly before a total becomes an estimate.
COUNT_CAP = 1_000


class InvalidCursor(ValueError):
    """A ``cursor`` that is not one this list hands out."""


@dataclass(frozen=True)
class Total:
    """How many rows a list holds; ``exact`` is False for an estimate."""

    value: int
    exact: bool


def count_rows(session: Session, query: SelectOfScalar[Any]) -> int:
    """How many rows ``query`` returns, counted by the database."""
    return int(session.exec(select(func.count()).select_from(query.subquery())).one())


def planner_estimate(session: Session, query: SelectOfScalar[Any]) -> int | None:
    """PostgreSQL's estimate of the rows ``query`` returns (``EXPLAIN``, nothing is run), else None."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    compiled = query.compile(dialect=bind.dialect, compile_kwargs={"render_postcompile": True})
    plan = session.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled.string}", compiled.params)
    document = plan.scalar_one()
    if isinstance(document, str):
        document = json.loads(document)
    return int(document[0]["Plan"]["Plan Rows"])


def count_total(session: Session, query: SelectOfScalar[Any], *, exact: bool, at_least: int = 0) -> Total:
    """The number of rows ``query`` returns: counted when ``exact`` or when there are at most
    ``COUNT_CAP``, else estimated (never below ``at_least``, the rows known to exist)."""
    if exact or session.get_bind().dialect.name != "postgresql":
        return Total(count_rows(session, query), True)
    bounded = count_rows(session, query.limit(COUNT_CAP + 1))
    if bounded <= COUNT_CAP:
        return Total(bounded, True)
    estimate = planner_estimate(session, query) or 0
    return Total(max(estimate, bounded, at_least), False)


def offset_for(page: int, page_size: int) -> int:
    """The row offset of 1-based ``page``."""
    return max(page - 1, 0) * page_size


def encode_cursor(values: list[Any]) -> str:
    """An opaque, URL-safe token for the sort key ``values`` of a list's last row."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, *, types: tuple[type, ...]) -> list[Any]:
    """The sort key in ``token``, checked to hold values of ``types``; ``InvalidCursor`` if not."""
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError) as exc:
        raise InvalidCursor(token) from exc
    if (
        not isinstance(values, list)
        or len(values) != len(types)
        or not all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(values, types, strict=True))
    ):
        raise InvalidCursor(token)
    return values


def cut_page(
    rows: list[T], *, page_size: int, offset: int, key: Callable[[T], list[Any]]
) -> tuple[list[T], str | None, int]:
    """A page read with ``LIMIT page_size + 1``: ``(rows, next_cursor, seen)``, where the cursor
    holds ``key`` of the last row (None on the last page) and ``seen`` is how many rows are
    known to exist (a floor for an estimated total)."""
    more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = encode_cursor(key(rows[-1])) if more and rows else None
    return rows, next_cursor, offset + len(rows) + (1 if more else 0)


def newest_topics_page(
    session: Session, query: SelectOfScalar[Topic], *, page: int, page_size: int
) -> list[Topic]:
    """One page of ``query``'s topics, newest activity first (ties by id, newest first)."""
    return list(
        session.exec(
            query.order_by(col(Topic.last_activity_at).desc(), col(Topic.id).desc())
            .offset(offset_for(page, page_size))
            .limit(page_size)
        ).all()
    )
