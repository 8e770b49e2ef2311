"""The topic writes and reads of linking, each one statement for a whole article.

Candidate topics of every query term come back from one query (each term's newest postings,
read straight off the ``(term, topic_id)`` index), new topics get their ids reserved in one
query, index entries of every changed topic are rewritten with one delete and one insert, and
merged topics' claims and conflicts move with one statement per table. Linking an article thus
costs a fixed number of statements whatever the store holds. Keyword-only, ``session`` first;
nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import case, delete, func, text, tuple_, union_all, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from service.models import Claim, Conflict, Topic, TopicTerm
from service.repo.upsert import insert_ignoring_duplicates
from service.vocabulary import TERM_CHARS

# Postings read per query term, newest topics first: bounds the lookup whatever the corpus size.
POSTINGS_PER_TERM = 25
# Branches of one ``UNION ALL`` (SQLite allows 500 terms in a compound select).
BRANCHES = 400


def newest_per_key(branches: Sequence[Any]) -> list[Any]:
    """``UNION ALL`` selects of ``branches`` (each ordered and limited on its own index), in
    chunks SQLite accepts; each branch is wrapped so both dialects take its ``LIMIT``."""
    out: list[Any] = []
    for start in range(0, len(branches), BRANCHES):
        parts = [core_select(branch.subquery()) for branch in branches[start : start + BRANCHES]]
        out.append(union_all(*parts) if len(parts) > 1 else parts[0])
    return out


# On PostgreSQL one statement of fixed text: a lateral look-up per term of an array, each read
# off the ``(term, topic_id)`` index. Its plan and SQLAlchemy's compiled form are reused from
# one article to the next, where a union of one branch per term is compiled afresh every time
# (the compiling cost the worker more CPU than the database spent answering).
_POSTINGS_PG = text(
    "SELECT k.term, p.topic_id FROM unnest(CAST(:terms AS varchar[])) AS k(term) "
    "CROSS JOIN LATERAL (SELECT t.topic_id FROM topicterm AS t WHERE t.term = k.term "
    "ORDER BY t.topic_id DESC LIMIT :n) AS p"
)


def topic_postings(session: Session, *, terms: Iterable[str]) -> dict[str, set[int]]:
    """For each term, the newest topics (at most ``POSTINGS_PER_TERM``) listing it in their index
    entries; one query for up to 400 terms (any number on PostgreSQL). Every asked term has an
    entry, empty if unknown."""
    wanted = sorted(set(terms))
    found: dict[str, set[int]] = {t: set() for t in wanted}
    if not wanted:
        return found
    if session.get_bind().dialect.name == "postgresql":
        rows = session.exec(_POSTINGS_PG, params={"terms": wanted, "n": POSTINGS_PER_TERM})  # type: ignore[call-overload]
        for term, topic_id in rows:
            found[str(term)].add(int(topic_id))
        return found
    branches = [
        select(TopicTerm.term, TopicTerm.topic_id)
        .where(TopicTerm.term == term)
        .order_by(col(TopicTerm.topic_id).desc())
        .limit(POSTINGS_PER_TERM)
        for term in wanted
    ]
    for query in newest_per_key(branches):
        for term, topic_id in session.exec(query).all():
            found[str(term)].add(int(topic_id))
    return found


def reserve_topic_ids(session: Session, *, count: int) -> list[int]:
    """``count`` ids for topics about to be created, ascending, in one query.

    PostgreSQL draws them from the table's sequence (ids a transaction does not use are
    skipped, as any rolled-back insert's are). SQLite has a single writer, and the caller's
    transaction has already written, so the ids after the largest stored one are its own.
    """
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.exec(  # type: ignore[call-overload]
            text("SELECT nextval(pg_get_serial_sequence('topic', 'id')) FROM generate_series(1, :n)"),
            params={"n": count},
        ).all()
        return sorted(int(r[0]) for r in rows)
    top = int(session.exec(select(func.max(Topic.id))).one() or 0)
    return list(range(top + 1, top + 1 + count))


def write_indexes(session: Session, *, terms: dict[int, dict[str, float]]) -> None:
    """Make each topic's inverted-index entries exactly ``terms[topic_id]`` (an empty map drops
    them all), in two statements for all the topics: one delete of the entries no longer
    wanted, one insert of the wanted ones with ``ON CONFLICT DO NOTHING``.

    Lookup reads which topics carry a term, not the weights, so an entry already there keeps
    its row; another worker adding the same entry at the same moment is harmless.
    """
    if not terms:
        return
    session.flush()  # the topics' own rows first: their locks order concurrent writers
    wanted = {tid: {term[:TERM_CHARS]: w for term, w in entries.items()} for tid, entries in terms.items()}
    pairs = sorted((tid, t) for tid, entries in wanted.items() for t in entries)
    stale = delete(TopicTerm).where(col(TopicTerm.topic_id).in_(sorted(wanted)))
    if pairs:
        stale = stale.where(tuple_(col(TopicTerm.topic_id), col(TopicTerm.term)).not_in(pairs))
    session.exec(stale)
    rows = [{"topic_id": tid, "term": t, "weight": wanted[tid][t]} for tid, t in pairs]
    insert_ignoring_duplicates(session, table=TopicTerm, rows=rows)


def write_index(session: Session, *, topic_id: int, terms: dict[str, float]) -> None:
    """Make one topic's inverted-index entries exactly ``terms`` (see :func:`write_indexes`)."""
    write_indexes(session, terms={topic_id: terms})


def move_topics(session: Session, *, moves: dict[int, int]) -> None:
    """Move merged topics' claims and conflicts (``moves``: gone id -> kept id, chains followed
    to the last topic kept): one statement per table. Their index entries are the caller's
    to drop (:func:`write_indexes` with no terms)."""
    if not moves:
        return
    final = {}
    for gone in moves:
        keep, hops = moves[gone], 0
        while keep in moves and hops < len(moves):
            keep, hops = moves[keep], hops + 1
        final[gone] = keep
    ids = sorted(final)
    for model in (Claim, Conflict):
        column = col(model.topic_id)
        session.exec(
            update(model).where(column.in_(ids)).values(topic_id=case(final, value=column)),
            execution_options={"synchronize_session": False},
        )


def move_topic(session: Session, *, gone_id: int, keep_id: int) -> None:
    """Move a merged topic's claims and conflicts to the topic it was merged into; drop its index."""
    move_topics(session, moves={gone_id: keep_id})
    write_indexes(session, terms={gone_id: {}})
