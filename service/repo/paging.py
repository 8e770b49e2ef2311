"""Counting and paging helpers shared by the read queries.

Lists answer a page and a ``total``. Counting every match of a broad filter over a million
claims costs more than the page itself, so totals are exact only up to ``COUNT_CAP`` matches
(a count that stops there), when the page shows them all, or when the caller asks; beyond
it the total is PostgreSQL's planner estimate, and says it is not exact. SQLite has no
planner estimate to give, and an embedded database is small enough to count, so there
totals are always counted. Deep pages go by keyset: a ``cursor`` naming the last row seen,
encoded opaquely for clients.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

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


@dataclass(frozen=True)
class Seen:
    """What reading a page shows of the list's size: ``rows`` known to exist, and whether
    they are all of them (``complete``: a first or later page by number that came out short)."""

    rows: int
    complete: bool = False


# A planner estimate above this many rows is taken as it is: no bounded count is tried.
TRUSTED_ESTIMATE = 2 * COUNT_CAP


def count_total(session: Session, query: SelectOfScalar[Any], *, exact: bool, seen: Seen = Seen(0)) -> Total:
    """The number of rows ``query`` returns.

    Known without a statement when the page read them all (``seen.complete``); else counted
    when ``exact`` (and always on SQLite). On PostgreSQL the planner's estimate comes first
    (``EXPLAIN``, nothing run): beyond ``TRUSTED_ESTIMATE`` it is the total; below it the
    rows are counted up to ``COUNT_CAP`` and the total is exact when there are no more. An
    estimate is never below ``seen.rows``, the rows known to exist.
    """
    if seen.complete:
        return Total(seen.rows, True)
    if exact or session.get_bind().dialect.name != "postgresql":
        return Total(count_rows(session, query), True)
    estimate = planner_estimate(session, query) or 0
    bounded = 0
    if estimate <= TRUSTED_ESTIMATE:
        bounded = count_rows(session, query.limit(COUNT_CAP + 1))
        if bounded <= COUNT_CAP:
            return Total(bounded, True)
    return Total(max(estimate, bounded, seen.rows), False)


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
    rows: list[T], *, page_size: int, offset: int, key: Callable[[T], list[Any]], by_cursor: bool = False
) -> tuple[list[T], str | None, Seen]:
    """A page read with ``LIMIT page_size + 1``: ``(rows, next_cursor, seen)``, where the cursor
    holds ``key`` of the last row (None on the last page) and ``seen`` tells how many rows are
    known to exist (a floor for an estimated total; the total itself when a page by number,
    ``by_cursor`` False, came out short and not empty, or is the first)."""
    more = len(rows) > page_size
    rows = rows[:page_size]
    next_cursor = encode_cursor(key(rows[-1])) if more and rows else None
    complete = not more and not by_cursor and (bool(rows) or offset == 0)
    return rows, next_cursor, Seen(offset + len(rows) + (1 if more else 0), complete)
