"""Normalised sources and their aliases. Keyword-only, ``session`` first; no commits here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from service.models import Claim, Source, SourceAlias, utcnow
from service.repo.paging import count_rows, offset_for
from service.repo.upsert import insert_ignoring_duplicates, insert_or_get_id
from service.vocabulary import NAME_CHARS


def upsert_source(
    session: Session, *, name: str, kind: str, affiliation: str | None, aliases: Iterable[str]
) -> Source:
    """The stored source called ``name``, created if new; idempotent and safe against another
    worker creating the same source at the same moment.

    A stored source without an affiliation takes ``affiliation``. ``aliases`` (already folded
    to their lookup form) not yet known are added; an alias already taken by another source
    stays with it.
    """
    name = name[:NAME_CHARS]
    values = {"name": name, "kind": kind, "affiliation": affiliation, "created_at": utcnow()}
    source_id, _created = insert_or_get_id(session, table=Source, values=values, key="name")
    source = session.get(Source, source_id)
    assert source is not None
    if source.affiliation is None and affiliation is not None:
        source.affiliation = affiliation
        session.add(source)
    wanted = sorted({a[:NAME_CHARS] for a in aliases if a})
    insert_ignoring_duplicates(
        session, table=SourceAlias, rows=[{"source_id": source_id, "alias": a} for a in wanted]
    )
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

    Each item is a ``source_items`` item. ``q`` matches the name or any alias
    (case-insensitive substring). Three queries per page.
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
    return source_items(session, sources=rows), int(total)


def source_items(session: Session, *, sources: list[Source]) -> list[dict[str, Any]]:
    """Sources as lists show them, each with its aliases and claim count, in two queries.

    Each item: ``{"id", "name", "kind", "affiliation", "aliases": [str], "claim_count": int}``.
    """
    ids = [int(s.id) for s in sources if s.id is not None]
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
    return [
        {
            "id": int(s.id),
            "name": s.name,
            "kind": s.kind,
            "affiliation": s.affiliation,
            "aliases": aliases[int(s.id)],
            "claim_count": claim_counts[int(s.id)],
        }
        for s in sources
        if s.id is not None
    ]


def get_source(session: Session, *, source_id: int) -> dict[str, Any] | None:
    """One source as ``source_items`` shows it, or None."""
    source = session.get(Source, source_id)
    return source_items(session, sources=[source])[0] if source is not None else None
