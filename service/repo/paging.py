"""Counting and paging helpers shared by the read queries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from service.models import Topic


def count_rows(session: Session, query: SelectOfScalar[Any]) -> int:
    """How many rows ``query`` returns, counted by the database."""
    return int(session.exec(select(func.count()).select_from(query.subquery())).one())


def offset_for(page: int, page_size: int) -> int:
    """The row offset of 1-based ``page``."""
    return max(page - 1, 0) * page_size


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
