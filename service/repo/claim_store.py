"""Claim rows as the pipeline handles them: an article's claims loaded, replaced whole, and
taken out of their topics; always in the caller's transaction (nothing here commits)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import Integer, and_, column, or_, text
from sqlmodel import Session, col, delete, select, update

from service.models import Article, Claim, Review, Source, SourceAlias, Topic
from service.repo.conflicts import delete_conflicts_for_claims
from service.repo.sources import add_claim_counts
from service.repo.topic_index import newest_per_key


def article_claims(session: Session, *, article_id: int) -> list[Claim]:
    """An article's claim rows in text order."""
    return list(
        session.exec(
            select(Claim).where(Claim.article_id == article_id).order_by(col(Claim.ordinal), col(Claim.id))
        ).all()
    )


# One statement of fixed text on PostgreSQL (see ``service.repo.topic_index.topic_postings``).
_RECENT_IN_TOPICS_PG = text(
    "SELECT p.id FROM unnest(CAST(:topics AS integer[])) AS k(topic_id) "
    "CROSS JOIN LATERAL (SELECT c.id FROM claim AS c WHERE c.topic_id = k.topic_id "
    "AND c.article_id != :exclude ORDER BY c.id DESC LIMIT :n) AS p"
).columns(column("id", Integer))


def recent_claims_in_topics(
    session: Session, *, topic_ids: set[int], exclude_article: int, per_topic: int
) -> list[Claim]:
    """The ``per_topic`` most recent claims of each topic, from other articles than one, topic by
    topic (newest first within each): one query, each topic's claims read off its index."""
    if not topic_ids:
        return []
    if session.get_bind().dialect.name == "postgresql":
        ids = _RECENT_IN_TOPICS_PG.bindparams(topics=sorted(topic_ids), exclude=exclude_article, n=per_topic)
        found = session.exec(select(Claim).where(col(Claim.id).in_(ids))).all()
        return sorted(found, key=lambda c: (c.topic_id or 0, -(c.id or 0)))
    branches = [
        select(Claim.id)
        .where(Claim.topic_id == topic_id)
        .where(Claim.article_id != exclude_article)
        .order_by(col(Claim.id).desc())
        .limit(per_topic)
        for topic_id in sorted(topic_ids)
    ]
    out: list[Claim] = []
    for ids in newest_per_key(branches):
        out.extend(session.exec(select(Claim).where(col(Claim.id).in_(ids))).all())
    return sorted(out, key=lambda c: (c.topic_id or 0, -(c.id or 0)))


def claim_sources_and_dates(
    session: Session, *, claim_ids: Sequence[int]
) -> dict[int, tuple[Source | None, date | None]]:
    """Each claim's source (None if not normalised) and its article's publication date, in one
    query."""
    if not claim_ids:
        return {}
    rows = session.exec(
        select(col(Claim.id), Source, col(Article.published_at))
        .join(Article, col(Article.id) == Claim.article_id)
        .outerjoin(Source, col(Source.id) == Claim.source_id)
        .where(col(Claim.id).in_(sorted(set(claim_ids))))
    ).all()
    return {int(i or 0): (source, published) for i, source, published in rows}


def recent_dispute_claims(
    session: Session,
    *,
    accused: set[str],
    answering: set[str],
    accusation_cues: frozenset[str],
    exclude_article: int,
    limit: int,
) -> list[Claim]:
    """The newest stored claims of a dispute an article takes part in, whatever their topic.

    ``accused``: keys of the article's speakers; the accusations aimed at them (by
    ``Claim.target_key``) come back. ``answering``: keys of whom the article's accusations
    accuse; their denials (by the speaker's key or one of its aliases) come back. One query on
    the two keys' indexes, the ``limit`` newest from other articles.
    """
    if not accused and not answering:
        return []
    accusing = or_(col(Claim.stance) == "accusation", col(Claim.cue_lemma).in_(sorted(accusation_cues)))
    clauses = []
    if accused:
        clauses.append(and_(col(Claim.target_key).in_(sorted(accused)), accusing))
    if answering:
        aliases = select(col(SourceAlias.source_id)).where(col(SourceAlias.alias).in_(sorted(answering)))
        speaker = or_(col(Claim.source_key).in_(sorted(answering)), col(Claim.source_id).in_(aliases))
        clauses.append(and_(speaker, col(Claim.stance) == "denial"))
    return list(
        session.exec(
            select(Claim)
            .where(or_(*clauses))
            .where(Claim.article_id != exclude_article)
            .order_by(col(Claim.id).desc())
            .limit(limit)
        ).all()
    )


def detach_from_topics(session: Session, *, claims: Sequence[Claim]) -> None:
    """Take claims out of their topics: the topics' claim counts drop, the claims' topic clears."""
    counts: dict[int, int] = {}
    for claim in claims:
        if claim.topic_id is not None:
            counts[claim.topic_id] = counts.get(claim.topic_id, 0) + 1
    if counts:
        live = col(Topic.merged_into_id).is_(None)
        for topic in session.exec(select(Topic).where(col(Topic.id).in_(sorted(counts))).where(live)).all():
            topic.claim_count = max(0, topic.claim_count - counts[int(topic.id or 0)])
            session.add(topic)
    ids = [int(c.id) for c in claims if c.id is not None]
    if ids:
        session.exec(update(Claim).where(col(Claim.id).in_(ids)).values(topic_id=None))
    session.flush()


# What a re-extracted row brings to a stored claim that survives it; the claim keeps its id,
# source, topic, embedding, review status and creation time.
_CARRIED = (
    "ordinal",
    "text",
    "content",
    "source_mention",
    "source_resolved",
    "target",
    "cue",
    "cue_lemma",
    "spans",
    "stance",
    "quote_type",
    "said_on",
    "quantities",
    "verification",
    "confidence",
    "extractor_version",
)


def remove_claims(session: Session, *, claims: Sequence[Claim]) -> int:
    """Delete claims with their conflicts and topic memberships (not committed); returns how
    many conflicts went.

    Their sources' claim counts drop; review history is append-only, so reviews of the claims
    and of their conflicts stay, detached; nested claims and syndicated copies that pointed at
    them lose the link (a copy's is made again when its original's claims are).
    """
    ids = [int(c.id) for c in claims if c.id is not None]
    if not ids:
        return 0
    conflicts = delete_conflicts_for_claims(session, claim_ids=ids)
    detach_from_topics(session, claims=claims)
    quoted: dict[int, int] = {}
    for claim in claims:
        if claim.source_id is not None:
            quoted[claim.source_id] = quoted.get(claim.source_id, 0) - 1
    add_claim_counts(session, deltas=quoted)
    session.exec(update(Review).where(col(Review.claim_id).in_(ids)).values(claim_id=None))
    session.exec(update(Claim).where(col(Claim.parent_claim_id).in_(ids)).values(parent_claim_id=None))
    session.exec(update(Claim).where(col(Claim.copy_of).in_(ids)).values(copy_of=None))
    session.exec(delete(Claim).where(col(Claim.id).in_(ids)))
    return conflicts


def replace_claims(
    session: Session,
    *,
    article: Article,
    rows: Sequence[Claim],
    parents: Sequence[int | None],
    version: str,
    stored: Sequence[Claim],
    kept: Mapping[int, int],
    superseded: Mapping[int, int],
) -> list[Claim]:
    """Make ``rows`` the article's claims, replacing ``stored``, the ones it had; idempotent
    (not committed).

    ``kept[i]`` is the id of the stored claim row ``i`` continues: that claim keeps its id,
    source, topic, conflicts and reviews and takes row ``i``'s spans and fields, and the row
    itself is not stored. ``superseded[i]`` is the id of the stored claim row ``i`` replaces
    (recorded as its ``supersedes_id``). Every stored claim not kept goes, with its conflicts
    and topic membership; reviews stay, detached. ``parents[i]`` is the index in ``rows`` of
    the claim row ``i`` is nested in, kept as ``parent_claim_id``. The article records
    ``version`` as the extractor that made them and its current revision as the one they index.
    Returns the article's claims, one per row.
    """
    assert article.id is not None
    by_id = {int(c.id or 0): c for c in stored}
    final: list[Claim] = []
    for index, row in enumerate(rows):
        survivor = by_id.get(kept[index]) if index in kept else None
        if survivor is None:
            row.supersedes_id = superseded.get(index)
            session.add(row)
            final.append(row)
            continue
        for name in _CARRIED:
            setattr(survivor, name, getattr(row, name))
        survivor.parent_claim_id = None
        session.add(survivor)
        final.append(survivor)
    # New rows are inserted before the old ones go: SQLite reuses the highest deleted rowid, and
    # a claim that supersedes another must never take its id (nor a conflict its key).
    session.flush()
    surviving = set(kept.values())
    remove_claims(session, claims=[c for i, c in by_id.items() if i not in surviving])
    for claim, parent in zip(final, parents, strict=True):
        if parent is not None:
            claim.parent_claim_id = final[parent].id
            session.add(claim)
    article.extractor_version = version
    article.claims_revision = article.revision
    session.add(article)
    return final
