"""Normalised sources and their aliases. Keyword-only, ``session`` first; no commits here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, or_, update
from sqlmodel import Session, col, select

from service.keys import fold
from service.models import Source, SourceAlias, utcnow
from service.repo.paging import count_rows, cut_page, offset_for
from service.repo.upsert import insert_ignoring_duplicates
from service.vocabulary import NAME_CHARS


@dataclass(frozen=True)
class SourceValues:
    """A normalised source to store: its name, kind, affiliation and folded aliases."""

    name: str
    kind: str
    affiliation: str | None
    aliases: tuple[str, ...]


def upsert_sources(session: Session, *, sources: Sequence[SourceValues]) -> dict[str, Source]:
    """The stored sources of ``sources`` by name, those new created; idempotent and safe against
    another worker creating the same sources at the same moment. Three statements whatever
    their number (four when a stored source takes an affiliation).

    A stored source without an affiliation takes the given one. Aliases (already folded to
    their lookup form) not yet known are added; an alias already taken by another source
    stays with it.
    """
    if not sources:
        return {}
    wanted: dict[str, SourceValues] = {}
    for values in sources:
        wanted.setdefault(values.name[:NAME_CHARS], values)
    now = utcnow()
    insert_ignoring_duplicates(
        session,
        table=Source,
        rows=[
            # The key is given, not left to its column default: a multi-row insert cannot
            # compute a default from each row's other values.
            {
                "name": name,
                "name_key": fold(name)[:NAME_CHARS],
                "kind": v.kind,
                "affiliation": v.affiliation,
                "created_at": now,
            }
            for name, v in sorted(wanted.items())
        ],
    )
    found = session.exec(select(Source).where(col(Source.name).in_(sorted(wanted)))).all()
    stored = {s.name: s for s in found}
    aliases: dict[str, int | None] = {}
    for name, values in sorted(wanted.items()):
        source = stored[name]
        if source.affiliation is None and values.affiliation is not None:
            source.affiliation = values.affiliation
            session.add(source)
        for alias in sorted({a[:NAME_CHARS] for a in values.aliases if a}):
            aliases.setdefault(alias, source.id)
    rows = [{"source_id": source_id, "alias": alias} for alias, source_id in sorted(aliases.items())]
    insert_ignoring_duplicates(session, table=SourceAlias, rows=rows)
    return {name: stored[name[:NAME_CHARS]] for name in (v.name for v in sources)}


def upsert_source(
    session: Session, *, name: str, kind: str, affiliation: str | None, aliases: Iterable[str]
) -> Source:
    """The stored source called ``name``, created if new (see :func:`upsert_sources`)."""
    values = SourceValues(name=name, kind=kind, affiliation=affiliation, aliases=tuple(aliases))
    return upsert_sources(session, sources=[values])[name]


def add_claim_counts(session: Session, *, deltas: dict[int, int]) -> None:
    """Add ``deltas[source_id]`` to each source's stored claim count, in one statement.

    Called wherever a claim gains, loses or changes its source, so ``Source.claim_count``
    stays the number of claims quoting the source and the most-quoted list reads an index.
    """
    changed = [{"sid": sid, "delta": d} for sid, d in sorted(deltas.items()) if d]
    if changed:
        table = Source.__table__  # type: ignore[attr-defined]
        session.exec(
            update(table)
            .where(table.c.id == bindparam("sid"))
            .values(claim_count=table.c.claim_count + bindparam("delta")),
            params=changed,
        )


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
    (case-insensitive substring). Three queries per page (two when the page shows every
    match: no count); the order reads the stored claim counts off their index
    (``ix_source_most_quoted``).
    """
    query = select(Source)
    if kind:
        query = query.where(Source.kind == kind)
    if q:
        pattern = f"%{q.lower()}%"
        aliased = select(SourceAlias.source_id).where(col(SourceAlias.alias).like(pattern))
        query = query.where(or_(func.lower(Source.name).like(pattern), col(Source.id).in_(aliased)))
    offset = offset_for(page, page_size)
    ordered = (
        query.order_by(col(Source.claim_count).desc(), col(Source.name)).offset(offset).limit(page_size + 1)
    )
    rows, _next, seen = cut_page(
        list(session.exec(ordered).all()), page_size=page_size, offset=offset, key=lambda last: [last.id]
    )
    total = seen.rows if seen.complete else count_rows(session, query)
    return source_items(session, sources=rows), int(total)


def source_items(session: Session, *, sources: list[Source]) -> list[dict[str, Any]]:
    """Sources as lists show them, each with its aliases and stored claim count, in one query.

    Each item: ``{"id", "name", "kind", "affiliation", "aliases": [str], "claim_count": int}``.
    """
    ids = [int(s.id) for s in sources if s.id is not None]
    aliases: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for source_id, alias in session.exec(
            select(SourceAlias.source_id, SourceAlias.alias)
            .where(col(SourceAlias.source_id).in_(ids))
            .order_by(col(SourceAlias.alias))
        ).all():
            aliases[int(source_id)].append(alias)
    return [
        {
            "id": int(s.id),
            "name": s.name,
            "kind": s.kind,
            "affiliation": s.affiliation,
            "aliases": aliases[int(s.id)],
            "claim_count": s.claim_count,
        }
        for s in sources
        if s.id is not None
    ]


def get_source(session: Session, *, source_id: int) -> dict[str, Any] | None:
    """One source as ``source_items`` shows it, or None."""
    source = session.get(Source, source_id)
    return source_items(session, sources=[source])[0] if source is not None else None
