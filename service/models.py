"""SQLModel tables: articles and their revisions, claims, sources, topics, conflicts, reviews, jobs
(with their per-article reports), API tokens, webhook subscriptions and their deliveries (the outbox).

Times are timezone-aware UTC. Spans are ``[[start, end], ...]`` lists of Python string offsets into
``Article.body`` exactly as submitted, end exclusive.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
    event,
    select,
    text,
)
from sqlmodel import Field, SQLModel, col

from service.keys import fold, source_key, target_key
from service.summaries import install_triggers
from service.vocabulary import (
    BYLINE_CHARS,
    ERROR_CHARS,
    EVENT_CHARS,
    HASH_CHARS,
    KIND_CHARS,
    MENTION_CHARS,
    NAME_CHARS,
    STATUS_CHARS,
    TERM_CHARS,
    URL_CHARS,
    VERDICT_CHARS,
    VERSION_CHARS,
)


def utcnow() -> datetime:
    """UTC now, timezone-aware: the one clock every table uses.

    The datetime columns are SQLModel's ``UTCDateTime``, which refuses naive values on write
    and returns aware UTC values on read.
    """
    return datetime.now(UTC)


def _name_key_default(context: Any) -> str | None:
    # Core inserts (``insert(Source).values(...)``) fill the key from the row's own name.
    name = context.get_current_parameters().get("name")
    return fold(name)[:NAME_CHARS] if name else None


def _source_key_default(context: Any) -> str | None:
    row = context.get_current_parameters()
    return source_key(row.get("source_resolved"), row.get("source_mention"))


def _target_key_default(context: Any) -> str | None:
    return target_key(context.get_current_parameters().get("target"))


class Article(SQLModel, table=True):
    """One submitted article; ``content_hash`` makes re-posting identical content a no-op."""

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = Field(default=None, index=True, max_length=NAME_CHARS)
    url: str | None = Field(default=None, max_length=URL_CHARS)
    title: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    published_at: date | None = Field(default=None, index=True)
    publisher: str | None = Field(default=None, max_length=NAME_CHARS)
    byline: str | None = Field(default=None, max_length=BYLINE_CHARS)
    dateline: str | None = Field(default=None, max_length=NAME_CHARS)
    content_hash: str = Field(max_length=HASH_CHARS, unique=True)
    status: str = Field(default="queued", max_length=STATUS_CHARS, index=True)
    status_reason: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    extractor_version: str | None = Field(default=None, max_length=VERSION_CHARS, index=True)
    job_id: int | None = Field(default=None, foreign_key="job.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    status_changed_at: datetime = Field(default_factory=utcnow, index=True)
    # The body's revision (1 as first posted; a new body under the same ``external_id`` adds
    # one) and when it was made; earlier bodies are kept as ``ArticleRevision`` rows.
    revision: int = 1
    revised_at: datetime | None = None
    # The revision the stored claims were extracted from (their spans index its body); None
    # for claims stored before revisions existed, which index the current body.
    claims_revision: int | None = None
    # The first stored article this one is a near-duplicate of (the same wire story from
    # another outlet): its claims are that article's claims, not independent confirmations.
    syndicated_from: int | None = Field(default=None, foreign_key="article.id", index=True)

    __table_args__ = (Index("ix_article_status_changed", "status", "status_changed_at"),)


class ArticleRevision(SQLModel, table=True):
    """An earlier body of an article, kept when a new revision replaced it."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    revision: int
    title: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(max_length=HASH_CHARS)
    # When this revision was made (the article's ``revised_at``, or ``created_at`` for the first).
    revised_at: datetime
    # When a newer revision replaced it.
    replaced_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("article_id", "revision", name="uq_articlerevision_article_revision"),)


class ArticleSketch(SQLModel, table=True):
    """An article body's MinHash signature (uint32 bytes) and shingle count, for syndication."""

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    shingles: int = 0


class ArticleBand(SQLModel, table=True):
    """LSH band hashes of an article's signature: near-duplicates share at least one band.

    Lookup is ``WHERE band IN (...)`` on the primary key's leading column, so its cost follows
    the number of matching articles, not the size of the archive.
    """

    band: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    article_id: int = Field(foreign_key="article.id", primary_key=True, index=True)


class Source(SQLModel, table=True):
    """A normalised real-world speaker: one row per person, body or country."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_CHARS, unique=True)
    # ``fold(name)``, filled on every write (see the events below): the source filter's lookup.
    name_key: str | None = Field(
        default=None, max_length=NAME_CHARS, index=True, sa_column_kwargs={"default": _name_key_default}
    )
    kind: str = Field(default="unknown", max_length=KIND_CHARS, index=True)
    affiliation: str | None = Field(default=None, max_length=NAME_CHARS, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # Claims quoting the source, kept by every write that gives, changes or takes a claim's
    # source (``service.repo.sources.add_claim_counts``): the most-quoted list reads an index.
    claim_count: int = 0
    # Conflict links naming the source, kept by database triggers on ``conflictclaim`` (see the
    # migration e5r6e7a8d9s0): the board's source choices read a partial index, not the links.
    conflict_link_count: int = 0

    __table_args__ = (
        Index("ix_source_most_quoted", Column("claim_count").desc(), "name"),
        Index(
            "ix_source_in_conflicts",
            "name",
            postgresql_where=text("conflict_link_count > 0"),
            sqlite_where=text("conflict_link_count > 0"),
        ),
    )


class SourceAlias(SQLModel, table=True):
    """A way a source is written ("Baku", "the Azeri defense ministry"), normalised to lower case."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    alias: str = Field(max_length=NAME_CHARS, unique=True)


class Topic(SQLModel, table=True):
    """An event or proposition several claims speak about; ids are stable across updates."""

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(max_length=NAME_CHARS)
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Sparse term weights of the topic's centroid, {term: weight}, for incremental assignment.
    centroid: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    claim_count: int = 0
    merged_into_id: int | None = Field(default=None, foreign_key="topic.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_activity_at: datetime = Field(default_factory=utcnow, index=True)
    # Mean sentence embedding of the claims that carry one (float16 bytes), how many there are,
    # and when it last changed: what the in-process nearest-topic index reloads from.
    embedding: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    embedded_count: int = 0
    embedded_at: datetime | None = Field(default=None, index=True)
    # Open conflicts of the topic, kept by database triggers on ``conflict`` (migration
    # e5r6e7a8d9s0): the conflicts board walks the topics that have some, newest activity first,
    # off a partial index.
    open_conflict_count: int = 0

    __table_args__ = (
        Index(
            "ix_topic_open_conflicts",
            Column("last_activity_at").desc(),
            Column("id").desc(),
            postgresql_where=text("open_conflict_count > 0"),
            sqlite_where=text("open_conflict_count > 0"),
        ),
    )


class TopicTerm(SQLModel, table=True):
    """Inverted index: the top terms of each topic, to find candidate topics without a full scan."""

    topic_id: int = Field(foreign_key="topic.id", primary_key=True)
    term: str = Field(max_length=TERM_CHARS, primary_key=True, index=True)
    weight: float = 0.0

    # Candidate lookup reads the newest topics carrying a term straight off this index
    # (``WHERE term = ? ORDER BY topic_id DESC LIMIT n``): its cost does not grow with the store.
    __table_args__ = (Index("ix_topicterm_term_topic", "term", "topic_id"),)


class Claim(SQLModel, table=True):
    """One attributed claim: who (source) said (cue) what (content), with spans into the body."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id")  # indexed by ix_claim_source_order
    topic_id: int | None = Field(default=None, foreign_key="topic.id", index=True)
    parent_claim_id: int | None = Field(default=None, foreign_key="claim.id")
    # The same claim in the article this one's article is syndicated from: a copy is shown as
    # an appearance of that claim, never linked to topics or conflicts of its own.
    copy_of: int | None = Field(default=None, foreign_key="claim.id", index=True)
    ordinal: int = 0  # position of the claim in its article
    text: str = Field(sa_column=Column(Text, nullable=False))  # the sentence(s) holding the claim
    content: str = Field(sa_column=Column(Text, nullable=False))
    source_mention: str | None = Field(default=None, max_length=MENTION_CHARS)
    source_resolved: str | None = Field(default=None, max_length=MENTION_CHARS)
    # ``source_key(source_resolved, source_mention)``, filled on every write: the source filter
    # compares it with ``=`` on its index instead of ``lower()`` of two columns.
    source_key: str | None = Field(
        default=None, max_length=MENTION_CHARS, index=True, sa_column_kwargs={"default": _source_key_default}
    )
    # Who the claim accuses, or whom a denial clears, as written ("Jane Doe", "the ministry").
    target: str | None = Field(default=None, max_length=MENTION_CHARS)
    # ``target_key(target)``, filled on every write: the accusations aimed at a speaker, read
    # with ``IN`` on this index across topics (an answer may sit in another topic).
    target_key: str | None = Field(
        default=None, max_length=MENTION_CHARS, index=True, sa_column_kwargs={"default": _target_key_default}
    )
    # The sentence embedding of the content (float16 bytes), for claims that can conflict.
    embedding: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    cue: str = Field(max_length=NAME_CHARS)
    cue_lemma: str = Field(max_length=VERSION_CHARS, index=True)
    spans: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    stance: str = Field(default="assertion", max_length=STATUS_CHARS, index=True)
    quote_type: str = Field(default="indirect", max_length=STATUS_CHARS)
    said_on: date | None = Field(default=None)  # indexed by ix_claim_said_on_order
    quantities: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    verification: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    confidence: float = Field(default=0.5, index=True)
    review_status: str = Field(default="unreviewed", max_length=STATUS_CHARS, index=True)
    extractor_version: str = Field(max_length=VERSION_CHARS, index=True)
    # The claim this one replaced when its article was re-extracted and its text changed. That
    # claim row is gone (its reviews stay, detached), so this is a plain id, not a foreign key.
    supersedes_id: int | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)

    # The claim list's order (newest article first, then reading order), walked from either end
    # of a page: offset and keyset pages stop after ``page_size`` rows instead of sorting all.
    # ``ix_claim_source_order``: one source's claims in that order (the source filter's pages);
    # ``ix_claim_said_on_order``: a date range with the list order (and, on PostgreSQL,
    # ``copy_of``), so a narrow range's page is sorted off the index alone.
    __table_args__ = (
        Index("ix_claim_list_order", Column("article_id").desc(), "ordinal", "id"),
        Index("ix_claim_source_order", "source_id", Column("article_id").desc(), "ordinal", "id"),
        Index(
            "ix_claim_said_on_order", "said_on", "article_id", "ordinal", "id", postgresql_include=["copy_of"]
        ),
    )


class Conflict(SQLModel, table=True):
    """Claims in one topic that cannot all be true, from sources of different affiliation."""

    id: int | None = Field(default=None, primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", index=True)
    kind: str = Field(max_length=KIND_CHARS, index=True)
    explanation: str = Field(sa_column=Column(Text, nullable=False))
    confidence: float = Field(default=0.5, index=True)
    # Sorted claim ids joined with the kind: re-detecting the same conflict is a no-op.
    key: str = Field(max_length=NAME_CHARS, unique=True)
    status: str = Field(default="open", max_length=STATUS_CHARS, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ConflictClaim(SQLModel, table=True):
    """Which claims a conflict links, and on which side of it each stands."""

    conflict_id: int = Field(foreign_key="conflict.id", primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", primary_key=True, index=True)
    side: int = 0
    # Copies of the claim's source and date, kept with the link when the conflict is saved: the
    # board's source list and the source and date filters read the links alone, no claim join.
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    said_on: date | None = None


class Review(SQLModel, table=True):
    """An append-only verdict on a claim or decision on a conflict."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True)
    conflict_id: int | None = Field(default=None, foreign_key="conflict.id", index=True)
    verdict: str = Field(max_length=VERDICT_CHARS)
    note: str | None = Field(default=None, sa_column=Column(Text))
    reviewer: str = Field(max_length=NAME_CHARS)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Job(SQLModel, table=True):
    """A batch ingestion or re-extraction run and its progress."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=KIND_CHARS, index=True)
    status: str = Field(default="queued", max_length=STATUS_CHARS, index=True)
    total: int = 0
    done: int = 0
    failed: int = 0
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    errors: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: str | None = Field(default=None, max_length=NAME_CHARS)
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class JobReport(SQLModel, table=True):
    """What a dry-run re-extraction found for one article, and the state it was made from.

    ``content_hash``, ``claims_fingerprint`` and ``extractor_version`` let a real run apply the
    report only to articles unchanged since. ``article_id`` is a plain id: a report outlives a
    deleted article.
    """

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    article_id: int = Field(index=True)
    content_hash: str = Field(max_length=HASH_CHARS)
    claims_fingerprint: str = Field(max_length=HASH_CHARS)
    extractor_version: str = Field(max_length=VERSION_CHARS)
    report: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("job_id", "article_id", name="uq_jobreport_job_article"),)


class ApiToken(SQLModel, table=True):
    """A bearer token, stored as a SHA-256 hash; the token itself is shown once at creation."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_CHARS, index=True)
    role: str = Field(max_length=STATUS_CHARS)
    token_hash: str = Field(max_length=HASH_CHARS, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    __table_args__ = (UniqueConstraint("name", "role", name="uq_apitoken_name_role"),)


class WebhookSubscription(SQLModel, table=True):
    """A receiver URL subscribed to events, optionally narrowed to a topic, source or conflict kind.

    The filters are plain ids, not foreign keys: a topic or source that goes away leaves the
    subscription in place (it then matches nothing of that topic). ``secret`` is the
    Standard Webhooks signing secret (``whsec_`` + base64); it is needed in clear to sign.
    """

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=URL_CHARS)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    topic_id: int | None = Field(default=None, index=True)
    source_id: int | None = Field(default=None, index=True)
    conflict_kind: str | None = Field(default=None, max_length=KIND_CHARS)
    description: str | None = Field(default=None, max_length=NAME_CHARS)
    secret: str = Field(max_length=HASH_CHARS * 2)
    created_by: str | None = Field(default=None, max_length=NAME_CHARS)
    created_at: datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription: the outbox row, written in the transaction of the change.

    ``body`` is the exact JSON sent (signed as is on every attempt); ``message_id`` is the
    ``webhook-id`` header, the same on every attempt so receivers can drop repeats. A worker
    claims a due row by moving ``next_attempt_at`` past a lease and stamping ``claim_token``;
    a worker that dies mid-send leaves the row due again when the lease runs out.
    """

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhooksubscription.id", index=True)
    message_id: str = Field(max_length=HASH_CHARS, unique=True)
    event: str = Field(max_length=EVENT_CHARS)
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=STATUS_CHARS)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default_factory=utcnow)
    claim_token: str | None = Field(default=None, max_length=HASH_CHARS)
    last_attempt_at: datetime | None = None
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=ERROR_CHARS)
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None

    # The sender's query: due pending rows, soonest first, read off this index.
    __table_args__ = (Index("ix_webhookdelivery_due", "status", "next_attempt_at"),)


# Keys are derived here, on every ORM write of the row, so no writer has to remember them.
@event.listens_for(Source, "before_insert")
@event.listens_for(Source, "before_update")
def _source_name_key(_mapper: Any, _connection: Any, source: Source) -> None:
    source.name_key = fold(source.name)[:NAME_CHARS]


@event.listens_for(Claim, "before_insert")
@event.listens_for(Claim, "before_update")
def _claim_keys(_mapper: Any, _connection: Any, claim: Claim) -> None:
    claim.source_key = source_key(claim.source_resolved, claim.source_mention)
    claim.target_key = target_key(claim.target)


@event.listens_for(ConflictClaim, "before_insert")
def _conflict_link_copies(_mapper: Any, connection: Any, link: ConflictClaim) -> None:
    # ``save_conflicts`` fills the copies in bulk; a link added one by one takes them here.
    if link.source_id is None and link.said_on is None:
        row = connection.execute(
            select(col(Claim.source_id), col(Claim.said_on)).where(col(Claim.id) == link.claim_id)
        ).first()
        if row is not None:
            link.source_id, link.said_on = row


# The conflict summaries' triggers come with the tables when a schema is made from the models.
event.listen(ConflictClaim.__table__, "after_create", install_triggers)  # type: ignore[attr-defined]
