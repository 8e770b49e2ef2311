"""The linking step: normalise an article's sources, assign its claims to topics, find conflicts.

``link_article`` runs after the article's claims are stored, in the same transaction;
``unlink_article`` runs before they are replaced. Neither commits. The rules are the pure
modules beside this one (``sources``, ``topics``, ``conflicts``); rows are read and written
through ``service.repo``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from sqlmodel import Session

from service.keys import target_key
from service.models import Article, Claim, Source, Topic, utcnow
from service.repo.articles import get_article
from service.repo.claim_store import (
    article_claims,
    claim_sources_and_dates,
    detach_from_topics,
    recent_claims_in_topics,
    recent_dispute_claims,
)
from service.repo.conflicts import delete_conflicts_for_claims, save_conflicts
from service.repo.sources import SourceValues, add_claim_counts, upsert_sources
from service.repo.syndication import story_article_ids
from service.repo.upsert import write_columns
from workers.linking.conflicts import answered_claim, dispute_keys, find_conflicts
from workers.linking.facts import ClaimFacts, QuantityFact
from workers.linking.gazetteer import fold
from workers.linking.parties import ACCUSE_CUES
from workers.linking.semantic import (
    SEMANTIC_JOIN,
    SEMANTIC_RELATED,
    Vector,
    embed_facts,
    fold_in,
    pack,
    unpack,
)
from workers.linking.semantic import cosine as semantic_cosine
from workers.linking.sources import NormalisedSource, normalise_article_sources
from workers.linking.topic_cache import TopicCache, TopicsChanged
from workers.linking.topic_updates import add_to_topic, create_topic, merge_topics
from workers.linking.topic_vectors import ArticleNeighbours, topic_vectors
from workers.linking.topics import (
    MAX_GAP_DAYS,
    ClaimVector,
    TopicCandidate,
    choose_topic,
    cosine,
    dot,
    vectorise,
)

log = logging.getLogger(__name__)

# Stored claims compared per topic (the most recent): bounds conflict detection per article.
CLAIMS_PER_TOPIC = 40
# Stored claims of the article's disputes read whatever their topic (accusations aimed at its
# deniers, denials by whom it accuses), the newest first.
DISPUTE_CLAIMS = 40
# Topics beyond its own whose claims a new claim is compared with (nearest by similarity).
RELATED_TOPICS = 2
RELATED_THRESHOLD = 0.15
# Nearest topics by embedding looked at per claim (to join, or to search for conflicts).
SEMANTIC_NEIGHBOURS = 4
# Times an article's topics are placed again when another worker changed one of them first.
LINK_ATTEMPTS = 4


@dataclass
class LinkResult:
    """What linking one article did."""

    article_id: int
    claims: int = 0
    sources: int = 0
    topics_created: list[int] = field(default_factory=list)
    topics_joined: list[int] = field(default_factory=list)
    topics_merged: list[tuple[int, int]] = field(default_factory=list)  # (gone, kept)
    conflicts: list[int] = field(default_factory=list)


def _facts(
    claim: Claim, source: Source | None, published: date | None, members: tuple[str, ...] = ()
) -> ClaimFacts:
    sentence = claim.spans.get("sentence") if isinstance(claim.spans, dict) else None
    quantities = tuple(
        QuantityFact(
            value=float(q["value"]),
            unit=q.get("unit"),
            measure=q.get("measure"),
            approximate=bool(q.get("approximate")),
        )
        for q in claim.quantities or []
        if isinstance(q, dict) and "value" in q
    )
    if source is not None and source.kind == "group" and not members:
        members = tuple(m for m in source.name.split(" and ") if m)
    return ClaimFacts(
        id=int(claim.id or 0),
        article_id=claim.article_id,
        content=claim.content,
        text=claim.text,
        source_name=source.name if source else None,
        source_kind=source.kind if source else "unknown",
        affiliation=source.affiliation if source else None,
        members=members,
        mention=claim.source_mention,
        target=claim.target,
        cue_lemma=claim.cue_lemma,
        stance=claim.stance,
        ordinal=claim.ordinal,
        published=published,
        said_on=claim.said_on,
        quantities=quantities,
        topic_id=claim.topic_id,
        sentence_start=int(sentence[0]) if sentence else 0,
        parent_id=claim.parent_claim_id,
        embedding=unpack(claim.embedding),
    )


def stored_facts(session: Session, *, claims: Sequence[Claim]) -> list[ClaimFacts]:
    """ClaimFacts for stored claims, loading their sources and articles' dates in one query."""
    found = claim_sources_and_dates(session, claim_ids=[int(c.id) for c in claims if c.id is not None])
    return [_facts(c, *found.get(int(c.id or 0), (None, None))) for c in claims]


def _normalise_sources(
    session: Session, article: Article, claims: list[Claim]
) -> tuple[dict[int, Source], dict[int, int]]:
    """Each claim's stored source (by claim id) and the changes of the sources' claim counts."""
    mentions = [(c.source_mention, c.source_resolved, "unknown") for c in claims]
    normalised = normalise_article_sources(mentions, publisher=article.publisher)
    merged: dict[str, NormalisedSource] = {}
    for result in normalised:
        if result is not None:
            seen = merged.get(result.name)
            aliases = tuple(sorted({*(seen.aliases if seen else ()), *result.aliases}))
            merged[result.name] = replace(seen or result, aliases=aliases)
    values = [
        SourceValues(n.name, n.kind, n.affiliation, (*n.aliases, fold(n.name)))
        for _, n in sorted(merged.items())
    ]
    stored = _upsert_sources(session, values)
    by_claim: dict[int, Source] = {}
    quoted: dict[int, int] = {}
    for claim, result in zip(claims, normalised, strict=True):
        source = stored[result.name] if result is not None else None
        if source is not None:
            by_claim[int(claim.id or 0)] = source
        new = source.id if source is not None else None
        if new != claim.source_id:
            for source_id, delta in ((claim.source_id, -1), (new, 1)):
                if source_id is not None:
                    quoted[source_id] = quoted.get(source_id, 0) + delta
    return by_claim, quoted


def _upsert_sources(session: Session, sources: list[SourceValues]) -> dict[str, Source]:
    """The stored sources of ``sources``. On PostgreSQL they are written in a transaction of
    their own, committed at once: a source describes a speaker, not the article, and a new one
    inserted in the article's transaction would keep another worker quoting the same speaker
    waiting on its unique key until the article commits. (SQLite has one writer, which the
    article's transaction already is.)"""
    if session.get_bind().dialect.name != "postgresql" or not sources:
        return upsert_sources(session, sources=sources)
    with Session(session.get_bind(), expire_on_commit=False) as own:
        stored = upsert_sources(own, sources=sources)
        own.commit()
    return {name: session.merge(s, load=False) for name, s in stored.items()}


def _embed(facts: list[ClaimFacts], done: dict[int, Vector]) -> dict[int, bytes]:
    """Embed the article's claims worth it, in one batch (those in ``done``, embedded by an
    earlier attempt, are not embedded again): set on the facts, returned packed (claim id ->
    bytes) for the stored rows."""
    by_id = {f.id: f for f in facts}
    todo = [f for f in facts if f.embedding is None and f.id not in done]
    done.update(embed_facts(todo))
    packed = {}
    for claim_id, vector in done.items():
        by_id[claim_id].embedding = vector
        packed[claim_id] = pack(vector)
    return packed


def _fold_embedding(topic: Topic, fact: ClaimFacts, vectors: ArticleNeighbours) -> None:
    """A member's embedding into its topic's mean (and the process index)."""
    if fact.embedding is None or topic.id is None:
        return
    mean = fold_in(unpack(topic.embedding), topic.embedded_count, fact.embedding)
    topic.embedding, topic.embedded_count, topic.embedded_at = pack(mean), topic.embedded_count + 1, utcnow()
    vectors.put(int(topic.id), mean)


def _merge_embeddings(keep: Topic, gone: Topic, vectors: ArticleNeighbours) -> None:
    """The kept topic's mean embedding after a merge; the gone one leaves the index."""
    means = [(unpack(t.embedding), t.embedded_count) for t in (keep, gone)]
    weighted = [(m, n) for m, n in means if m is not None and n > 0]
    if weighted:
        total = sum(n for _, n in weighted)
        mean = np.sum([m * (n / total) for m, n in weighted], axis=0).astype(np.float32)
        keep.embedding, keep.embedded_count, keep.embedded_at = pack(mean), total, utcnow()
        vectors.put(int(keep.id or 0), mean)
    gone.embedded_at = utcnow()  # other processes drop it from their index on refresh
    vectors.drop(int(gone.id or 0))


def _semantic_join(
    cache: TopicCache, vector: Vector, near: list[tuple[int, float]], day: date | None
) -> Topic | None:
    """The nearest live topic by embedding, if it is close enough and not long quiet."""
    for topic_id, score in near:
        if score < SEMANTIC_JOIN:
            return None
        topic = cache.get(topic_id)
        if topic is None or topic.merged_into_id is not None:
            continue
        if semantic_cosine(vector, unpack(topic.embedding)) < SEMANTIC_JOIN:
            continue  # the index is behind the row (merged, or changed by another process)
        if day and abs((day - topic.last_activity_at.date()).days) > MAX_GAP_DAYS:
            continue
        return topic
    return None


def _prepare(
    session: Session, facts: list[ClaimFacts]
) -> tuple[TopicCache, ArticleNeighbours, dict[int, ClaimVector]]:
    """Everything placing the claims reads, read up front: their lexical vectors, the nearest
    topics of their embeddings (one pass over the index), the topics they may join and ids for
    the topics they may create (``TopicCache.prefetch``)."""
    unplaced = [f for f in facts if f.topic_id is None]
    vectors = {f.id: vectorise(f) for f in unplaced}
    embedded = {f.id: f.embedding for f in unplaced if f.embedding is not None}
    # Each claim changes at most two topics (the one it joins, one merged into it).
    # No score under SEMANTIC_RELATED is ever looked at (joining asks for SEMANTIC_JOIN, higher).
    neighbours = ArticleNeighbours(
        topic_vectors(session), embedded, k=SEMANTIC_NEIGHBOURS, slack=2 * len(facts), floor=SEMANTIC_RELATED
    )
    cache = TopicCache(session)
    queries = [{t: v.weights[t] for t in v.top_terms()} for v in vectors.values() if v.weights]
    cache.prefetch(queries, near=neighbours.within(SEMANTIC_JOIN), new_topics=len(queries))
    return cache, neighbours, vectors


def _assign_topics(session: Session, facts: list[ClaimFacts], result: LinkResult) -> dict[int, set[int]]:
    """Topic of each new claim (in article order, on ``fact.topic_id``); returns related topic
    ids per claim. The topics are written, the claim rows are left to the caller.

    The lexical vector decides first (shared words, through the term index); a claim it leaves
    without a topic joins the nearest topic by embedding when that is very close, and the
    nearest topics by embedding are searched for conflicts beside the lexically related ones.
    """
    cache, vectors, claim_vectors = _prepare(session, facts)
    related: dict[int, set[int]] = {}
    for fact in sorted(facts, key=lambda f: f.ordinal):
        if fact.topic_id is not None:
            continue  # a claim kept through re-extraction keeps its topic (or the one it merged into)
        vector = claim_vectors[fact.id]
        target = answered_claim(fact, facts)
        if target is not None and target.topic_id is not None:
            answered = cache.get(target.topic_id)
            if answered is not None:
                add_to_topic(session, topic=answered, vector=vector, day=fact.day, index=False)
                _fold_embedding(answered, fact, vectors)
                cache.touch(answered)
                fact.topic_id = answered.id
                continue
        if not vector.weights:
            continue
        near = vectors.nearest(fact.id, SEMANTIC_NEIGHBOURS)
        topics = cache.candidates({t: vector.weights[t] for t in vector.top_terms()})
        candidates = [
            TopicCandidate(tid, t.centroid, t.claim_count, t.last_activity_at.date())
            for tid, t in topics.items()
        ]
        kinds = {tid: cache.kinds_of(t) for tid, t in topics.items()}
        decision = choose_topic(
            vector, candidates, day=fact.day, entity_kinds=kinds, local=frozenset(cache.dirty)
        )
        scored = sorted(((dot(vector.weights, c.centroid), c.id) for c in candidates), reverse=True)
        related[fact.id] = {tid for s, tid in scored[:RELATED_TOPICS] if s >= RELATED_THRESHOLD}
        related[fact.id] |= {tid for tid, s in near[:RELATED_TOPICS] if s >= SEMANTIC_RELATED}
        joined = None
        if decision.topic_id is None and fact.embedding is not None:
            joined = _semantic_join(cache, fact.embedding, near, fact.day)
        if joined is not None:
            topic = joined
            add_to_topic(session, topic=topic, vector=vector, day=fact.day, index=False)
            result.topics_joined.append(int(topic.id or 0))
        elif decision.topic_id is None:
            topic = create_topic(session, vector=vector, day=fact.day, index=False, topic_id=cache.new_id())
            result.topics_created.append(int(topic.id or 0))
        else:
            topic = topics[decision.topic_id]
            add_to_topic(session, topic=topic, vector=vector, day=fact.day, index=False)
            result.topics_joined.append(int(topic.id or 0))
            runner_up = [tid for s, tid in scored[1:2] if s >= decision.similarity * 0.9 and tid != topic.id]
            if runner_up and runner_up[0] in topics:
                other = topics[runner_up[0]]
                if cosine(topic.centroid, other.centroid) >= decision.similarity:
                    keep, gone = (topic, other) if topic.claim_count >= other.claim_count else (other, topic)
                    merge_topics(session, keep=keep, gone=gone, write=False)
                    _merge_embeddings(keep, gone, vectors)
                    result.topics_merged.append((int(gone.id or 0), int(keep.id or 0)))
                    cache.merged(keep=keep, gone=gone)
                    topic = keep
                    for f in facts:
                        if f.topic_id == gone.id:
                            f.topic_id = keep.id
        _fold_embedding(topic, fact, vectors)
        cache.touch(topic)
        fact.topic_id = topic.id
    cache.write()
    return related


def _dispute_claims(
    session: Session, facts: Sequence[ClaimFacts], *, exclude_article: int, seen: set[int]
) -> list[Claim]:
    """Stored claims of the disputes an article's claims take part in, in any topic: an answer
    may word the charge so differently that no topic holds both ("blamed Turkey for arming the
    Azeris" / "Turkey denies military involvement")."""
    accused, answering = dispute_keys(facts)
    found = recent_dispute_claims(
        session,
        accused={k for k in map(target_key, accused) if k},
        answering={k for k in map(target_key, answering) if k},
        accusation_cues=ACCUSE_CUES,
        exclude_article=exclude_article,
        limit=DISPUTE_CLAIMS,
    )
    return [c for c in found if int(c.id or 0) not in seen]


def link_article(session: Session, *, article_id: int) -> LinkResult:
    """Sources, topics and conflicts for one article's stored claims (not committed).

    In: an article whose claims are stored. Out: ``Claim.source_id`` and ``Claim.topic_id``
    set, topics created or updated (centroid, keywords, label, ``TopicTerm`` index, count,
    activity), conflicts between the article's claims and stored claims of the same and
    related topics saved; claims marked ``copy_of`` are left alone, and claims of the
    article's syndicated story (its original and that one's copies) are never compared.
    Idempotent: claims that already have a topic keep it, and conflicts are keyed, so a
    second run leaves the same rows.

    When another worker wrote a topic this article changes after it was read
    (``TopicsChanged``, on PostgreSQL), nothing of the placement is written and the claims are
    placed again on what is stored now (embeddings are kept), up to ``LINK_ATTEMPTS`` times;
    then ``TopicsChanged`` propagates, for the runner to retry the article later.
    """
    embedded: dict[int, Vector] = {}
    for _ in range(LINK_ATTEMPTS - 1):
        try:
            return _link_article(session, article_id=article_id, embedded=embedded)
        except TopicsChanged:
            log.info("article %s: topics changed by another worker; placing its claims again", article_id)
    # The last attempt: a ``TopicsChanged`` from it propagates.
    return _link_article(session, article_id=article_id, embedded=embedded)


def _link_article(session: Session, *, article_id: int, embedded: dict[int, Vector]) -> LinkResult:
    result = LinkResult(article_id=article_id)
    article = get_article(session, article_id=article_id)
    if article is None:
        return result
    # A syndicated copy's repeated claims are its original's: only its own claims are linked.
    claims = [c for c in article_claims(session, article_id=article_id) if c.copy_of is None]
    result.claims = len(claims)
    if not claims:
        return result
    sources, quoted = _normalise_sources(session, article, claims)
    result.sources = len({s.id for s in sources.values()})
    facts = [_facts(c, sources.get(int(c.id or 0)), article.published_at) for c in claims]
    embeddings = _embed(facts, embedded)
    related = _assign_topics(session, facts, result)
    _write_claims(session, claims, facts, sources, embeddings)
    topic_ids = {f.topic_id for f in facts if f.topic_id is not None} | set().union(*related.values(), set())
    others = recent_claims_in_topics(
        session,
        topic_ids={int(t) for t in topic_ids if t is not None},
        exclude_article=article_id,
        per_topic=CLAIMS_PER_TOPIC,
    )
    seen = {int(c.id or 0) for c in others}
    others += _dispute_claims(session, facts, exclude_article=article_id, seen=seen)
    # The articles of one syndicated story are one report: their claims never answer each other.
    story = story_article_ids(session, article=article)
    others = [c for c in others if c.article_id not in story and c.copy_of is None]
    candidates = find_conflicts(facts, stored_facts(session, claims=others))
    topic_of: dict[int, int | None] = {f.id: f.topic_id for f in facts}
    topic_of.update({int(c.id or 0): c.topic_id for c in others})
    members = {int(c.id or 0): (c.source_id, c.said_on) for c in (*claims, *others)}
    result.conflicts = save_conflicts(session, candidates=candidates, topic_of=topic_of, members=members)
    # Last, so the sources' rows stay locked only from here to the article's commit.
    add_claim_counts(session, deltas=quoted)
    return result


def _write_claims(
    session: Session,
    claims: list[Claim],
    facts: list[ClaimFacts],
    sources: dict[int, Source],
    embeddings: dict[int, bytes],
) -> None:
    """The article's claim rows take their source, topic and embedding, in one statement."""
    topic_of = {f.id: f.topic_id for f in facts}
    for claim in claims:
        claim_id = int(claim.id or 0)
        source = sources.get(claim_id)
        claim.source_id = source.id if source is not None else None
        claim.topic_id = topic_of.get(claim_id, claim.topic_id)
        claim.embedding = embeddings.get(claim_id, claim.embedding)
    write_columns(session, rows=claims, columns=("source_id", "topic_id", "embedding"))


def unlink_article(session: Session, *, article_id: int) -> int:
    """Undo an article's links before its claims are deleted or replaced (not committed).

    Removes every conflict any of its claims takes part in (reviews of those conflicts stay,
    detached), lowers the claim counts of its topics and clears the claims' topic. Sources and
    aliases stay: they describe speakers, not this article. Returns how many conflicts went.
    Idempotent: a second call finds nothing left to undo. Topic centroids keep the removed
    claims' words until later claims outweigh them; ids never change.
    """
    claims = article_claims(session, article_id=article_id)
    removed = delete_conflicts_for_claims(session, claim_ids=[int(c.id) for c in claims if c.id is not None])
    detach_from_topics(session, claims=claims)
    return removed
