"""The conflicts board: topics with conflicts, newest activity first, filtered and paginated.

Built on ``service.repo.conflicts.list_conflicts_by_topic`` (the query behind
``GET /api/v1/conflicts``, whose conflicts carry their claims), plus two queries for the
filter choices: a page costs the same handful of statements whether the database holds ten
topics or ten thousand. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from service.models import Claim, ConflictClaim, Source
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
    groups, total = list_conflicts_by_topic(
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
    return Board(
        groups=groups,
        total=total,
        page=filters.page,
        page_size=filters.page_size,
        sources=_conflict_sources(session, selected=filters.source_id),
        affiliations=_affiliations(session),
    )


def _conflict_sources(session: Session, *, selected: int | None, limit: int = 500) -> list[tuple[int, str]]:
    """Sources that speak in at least one conflict, by name: the source filter's choices.

    The ``selected`` source is always among them, so the form shows the filter in force.
    """
    in_conflicts = select(Claim.source_id).join(ConflictClaim, col(ConflictClaim.claim_id) == col(Claim.id))
    rows = session.exec(
        select(Source.id, Source.name)
        .where(col(Source.id).in_(in_conflicts))
        .order_by(col(Source.name))
        .limit(limit)
    ).all()
    choices = [(int(i), str(n)) for i, n in rows if i is not None]
    if selected is not None and all(i != selected for i, _n in choices):
        source = session.get(Source, selected)
        if source is not None:
            choices.insert(0, (selected, source.name))
    return choices


def _affiliations(session: Session) -> list[str]:
    """Every affiliation a source has, sorted: the affiliation filter's choices."""
    rows = session.exec(
        select(Source.affiliation)
        .where(col(Source.affiliation).is_not(None))
        .distinct()
        .order_by(col(Source.affiliation))
    ).all()
    return [str(a) for a in rows if a]
