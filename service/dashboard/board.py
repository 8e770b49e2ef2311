"""The conflicts board: topics with conflicts, newest activity first, filtered and paginated.

Built on ``service.repo.conflicts.list_conflicts_by_topic`` (the query behind
``GET /api/v1/conflicts``, whose conflicts carry their claims), plus one query for the filter
choices (the sources the conflict links name, with their affiliations): a page costs the same
handful of statements whether the database holds ten topics or a million claims. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import CompoundSelect, bindparam, literal, union_all
from sqlmodel import Session, col, select

from service.models import Source
from service.repo.conflicts import TopicConflicts, list_conflicts_by_topic


@dataclass(frozen=True)
class BoardFilters:
    """What the board's filter form can narrow by; ``None`` means any (open conflicts by default)."""

    kind: str | None = None
    source_id: int | None = None
    affiliation: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = "open"
    page: int = 1
    page_size: int = 20

    def active(self) -> bool:
        """True when any filter narrows the board."""
        narrowing = (self.kind, self.source_id, self.affiliation, self.date_from, self.date_to)
        return any(v is not None for v in narrowing) or self.status != "open"


@dataclass
class Board:
    """One page of the board and what the filter form offers."""

    groups: list[TopicConflicts]
    total: int
    total_exact: bool
    page: int
    page_size: int
    sources: list[tuple[int, str]]
    affiliations: list[str]

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.page_size))


def load_board(session: Session, *, filters: BoardFilters) -> Board:
    """The board page for ``filters``, on the same query as ``GET /api/v1/conflicts``.

    A constant number of statements whatever the data size: the grouped conflicts with
    their claims, and the filter choices.
    """
    result = list_conflicts_by_topic(
        session,
        kind=filters.kind,
        source_id=filters.source_id,
        affiliation=filters.affiliation,
        date_from=filters.date_from,
        date_to=filters.date_to,
        status=filters.status,
        page=filters.page,
        page_size=filters.page_size,
    )
    sources, affiliations = _filter_choices(session, selected=filters.source_id)
    return Board(
        groups=result.groups,
        total=result.total.value,
        total_exact=result.total.exact,
        page=filters.page,
        page_size=filters.page_size,
        sources=sources,
        affiliations=affiliations,
    )


@cache
def _choices_statement(limit: int) -> CompoundSelect:
    """The filter choices' statement (the chosen source a bound ``selected``), built once: the
    union of subqueries costs more to build and key for the statement cache than to run."""
    linked = col(Source.conflict_link_count) > 0
    first = select(Source.id, Source.name).where(linked).order_by(col(Source.name)).limit(limit).subquery()
    wanted = select(Source.id, Source.name).where(col(Source.id) == bindparam("selected")).subquery()
    affiliations_query = (
        select(Source.affiliation)
        .where(linked)
        .where(col(Source.affiliation).is_not(None))
        .distinct()
        .subquery()
    )
    return union_all(
        select(literal(0).label("part"), first.c.id, first.c.name),
        select(literal(1), wanted.c.id, wanted.c.name),
        select(literal(2), literal(None), affiliations_query.c.affiliation),
    )


def _filter_choices(
    session: Session, *, selected: int | None, limit: int = 500
) -> tuple[list[tuple[int, str]], list[str]]:
    """The filter form's choices in one query: the sources that speak in at least one conflict
    (a positive ``conflict_link_count``, kept from the conflict links, read off
    ``ix_source_in_conflicts``), by name (at most ``limit``), then their affiliations.

    The ``selected`` source is always among them, so the form shows the filter in force: it
    comes in the same query (ahead of the others) when it is not among the first ``limit``.
    """
    rows = session.connection().execute(_choices_statement(limit), {"selected": selected or 0}).all()
    choices = [(int(i), str(n)) for part, i, n in rows if part == 0]
    picked = [(int(i), str(n)) for part, i, n in rows if part == 1]
    if picked and picked[0] not in choices:
        choices.insert(0, picked[0])
    return choices, sorted(str(n) for part, _i, n in rows if part == 2)
