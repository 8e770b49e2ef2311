"""Normalised sources and their aliases. Keyword-only, ``session`` first; no commits here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from service.models import Claim, Source, SourceAlias
from service.repo.paging import count_rows, offset_for
from workers.linking.gazetteer import fold
from workers.linking.sources import NormalisedSource

Row = TypeVar("Row", bound=SQLModel)


def insert_unique(session: Session, *, row: Row, existing: Callable[[], Row | None]) -> Row:
    """Insert ``row``; if a concurrent worker inserted the same unique key first, return theirs.

    On PostgreSQL the insert runs in a savepoint so the losing worker's transaction survives.
    SQLite serialises writers, so there the insert is plain.
    """
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        session.add(row)
        session.flush()
        return row
    try:
        with session.begin_nested():
            session.add(row)
        return row
    except IntegrityError:
        found = existing()
        if found is None:
            raise
        return found


def upsert_source(session: Session, *, normalised: NormalisedSource) -> Source:
    """The stored source for ``normalised`` (by name, then by alias), created if new; idempotent.

    Aliases not yet known are added; an alias already taken by another source stays with it.
    Safe against another worker creating the same source at the same moment.
    """
    name = normalised.name[:255]

    def by_name() -> Source | None:
        return session.exec(select(Source).where(Source.name == name)).first()

    source = by_name()
    if source is None:
        source = insert_unique(
            session,
            row=Source(name=name, kind=normalised.kind, affiliation=normalised.affiliation),
            existing=by_name,
        )
    elif source.affiliation is None and normalised.affiliation is not None:
        source.affiliation = normalised.affiliation
        session.add(source)
    wanted = {a[:255] for a in (*normalised.aliases, fold(normalised.name)) if a}
    if wanted:
        taken = set(session.exec(select(SourceAlias.alias).where(col(SourceAlias.alias).in_(wanted))).all())
        for alias in sorted(wanted - taken):
            insert_unique(
                session,
                row=SourceAlias(source_id=int(source.id or 0), alias=alias),
                existing=lambda alias=alias: session.exec(  # type: ignore[misc]
                    select(SourceAlias).where(SourceAlias.alias == alias)
                ).first(),
            )
        session.flush()
    return source


def sources_by_id(session: Session, *, source_ids: list[int]) -> dict[int, Source]:
    """Sources keyed by id, in one query."""
    if not source_ids:
        return {}
    rows = session.exec(select(Source).where(col(Source.id).in_(sorted(set(source_ids))))).all()
    return {int(s.id): s for s in rows if s.id is not None}


def list_sources(
    session: Session,
    *,
    q: str | None = None,
    kind: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> tuple[list[dict[str, Any]], int]:
    """Normalised sources, most-quoted first: ``(items, total)``.

    Each item: ``{"id", "name", "kind", "affiliation", "aliases": [str], "claim_count": int}``.
    ``q`` matches the name or any alias (case-insensitive substring). Three queries per page.
    """
    query = select(Source)
    if kind:
        query = query.where(Source.kind == kind)
    if q:
        pattern = f"%{q.lower()}%"
        aliased = select(SourceAlias.source_id).where(col(SourceAlias.alias).like(pattern))
        query = query.where(or_(func.lower(Source.name).like(pattern), col(Source.id).in_(aliased)))
    total = count_rows(session, query)
    counts = (
        select(Claim.source_id, func.count(col(Claim.id)).label("n"))
        .where(col(Claim.source_id).is_not(None))
        .group_by(col(Claim.source_id))
        .subquery()
    )
    ordered = (
        query.outerjoin(counts, counts.c.source_id == Source.id)
        .order_by(func.coalesce(counts.c.n, 0).desc(), col(Source.name))
        .offset(offset_for(page, page_size))
        .limit(page_size)
    )
    rows = list(session.exec(ordered).all())
    ids = [int(s.id) for s in rows if s.id is not None]
    aliases: dict[int, list[str]] = {i: [] for i in ids}
    claim_counts: dict[int, int] = dict.fromkeys(ids, 0)
    if ids:
        for source_id, alias in session.exec(
            select(SourceAlias.source_id, SourceAlias.alias)
            .where(col(SourceAlias.source_id).in_(ids))
            .order_by(col(SourceAlias.alias))
        ).all():
            aliases[int(source_id)].append(alias)
        for counted_id, n in session.exec(
            select(Claim.source_id, func.count(col(Claim.id)))
            .where(col(Claim.source_id).in_(ids))
            .group_by(col(Claim.source_id))
        ).all():
            claim_counts[int(counted_id or 0)] = int(n)
    items = [
        {
            "id": int(s.id),
            "name": s.name,
            "kind": s.kind,
            "affiliation": s.affiliation,
            "aliases": aliases[int(s.id)],
            "claim_count": claim_counts[int(s.id)],
        }
        for s in rows
        if s.id is not None
    ]
    return items, int(total)
