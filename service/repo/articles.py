"""Data access for articles and their processing status. Keyword-only, ``session`` first."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from service.models import Article, Claim, utcnow
from service.repo.outbox import Event, article_event, emit

ARTICLE_FIELDS = ("external_id", "url", "title", "body", "published_at", "publisher", "byline", "dateline")


def content_hash(*, title: str, body: str) -> str:
    """The identity of an article's content: re-posting the same title and body is a no-op."""
    digest = hashlib.sha256()
    digest.update(title.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(body.encode("utf-8"))
    return digest.hexdigest()


def find_by_hash(session: Session, *, digest: str) -> Article | None:
    """The stored article with this content hash, if any."""
    return session.exec(select(Article).where(Article.content_hash == digest)).first()


def create_article(
    session: Session, *, data: dict[str, Any], job_id: int | None = None
) -> tuple[Article, bool]:
    """Store an article as ``queued`` and commit; return ``(article, created)``.

    Identical content already stored returns the existing row with ``created=False``; a
    concurrent insert of the same content is caught by the unique hash and resolved the same way.
    """
    digest = content_hash(title=data["title"], body=data["body"])
    existing = find_by_hash(session, digest=digest)
    if existing is not None:
        return existing, False
    values: dict[str, Any] = {k: data.get(k) for k in ARTICLE_FIELDS}
    values["published_at"] = parse_date(values.get("published_at"))
    article = Article(**values, content_hash=digest, job_id=job_id)
    session.add(article)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = find_by_hash(session, digest=digest)
        if existing is None:
            raise
        return existing, False
    session.refresh(article)
    return article, True


def get_article(session: Session, *, article_id: int) -> Article | None:
    """One article by id."""
    return session.get(Article, article_id)


def article_titles(session: Session, *, article_ids: Sequence[int]) -> dict[int, str]:
    """Titles by article id, in one query (ids with no article are left out)."""
    if not article_ids:
        return {}
    wanted = sorted(set(article_ids))
    rows = session.exec(select(Article.id, Article.title).where(col(Article.id).in_(wanted))).all()
    return {int(i or 0): title for i, title in rows}


def claim_counts(session: Session, *, article_ids: Sequence[int]) -> dict[int, int]:
    """How many claims each article has, in one query."""
    if not article_ids:
        return {}
    rows = session.exec(
        select(Claim.article_id, func.count(col(Claim.id)))
        .where(col(Claim.article_id).in_(list(article_ids)))
        .group_by(col(Claim.article_id))
    ).all()
    counts = {article_id: 0 for article_id in article_ids}
    counts.update({int(a): int(n) for a, n in rows})
    return counts


def set_status(session: Session, *, article: Article, status: str, reason: str | None = None) -> None:
    """Move an article to ``status`` (not committed: the caller owns the transaction); ``done``
    and ``failed`` also write their ``article.done``/``article.failed`` webhook deliveries."""
    article.status = status
    article.status_reason = reason
    article.status_changed_at = utcnow()
    session.add(article)
    if status in ("done", "failed"):
        emit(session, events=lambda: [article_event(session, article=article)])


def finish_if_current(session: Session, *, article_id: int, revision: int) -> bool:
    """Mark an article ``done`` if it is still at ``revision`` (not committed); False when a
    newer revision was stored meanwhile, which the caller's transaction must then not commit."""
    result = session.exec(
        update(Article)
        .where(col(Article.id) == article_id)
        .where(col(Article.revision) == revision)
        .values(status="done", status_reason=None, status_changed_at=utcnow())
    )
    if not result.rowcount:
        return False

    def finished() -> list[Event]:  # read only when someone is subscribed
        article = session.get(Article, article_id, populate_existing=True)
        return [article_event(session, article=article)] if article is not None else []

    emit(session, events=finished)
    return True


def start_processing(session: Session, *, article_id: int) -> Article | None:
    """Mark an article ``processing`` and count the attempt; commit. None if it does not exist."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    article.attempts += 1
    set_status(session, article=article, status="processing")
    session.commit()
    session.refresh(article)
    return article


def stuck_article_ids(session: Session, *, older_than: timedelta, limit: int = 500) -> list[int]:
    """Articles left ``queued`` or ``processing`` for longer than ``older_than``, oldest first."""
    cutoff: datetime = utcnow() - older_than
    rows = session.exec(
        select(Article.id)
        .where(col(Article.status).in_(["queued", "processing"]))
        .where(col(Article.status_changed_at) < cutoff)
        .order_by(col(Article.status_changed_at))
        .limit(limit)
    ).all()
    return [int(r) for r in rows if r is not None]


def outdated_article_ids(session: Session, *, version: str, limit: int | None = None) -> list[int]:
    """Articles whose claims come from an extractor version other than ``version``."""
    query = (
        select(Article.id)
        .where(Article.status == "done")
        .where((col(Article.extractor_version).is_(None)) | (Article.extractor_version != version))
        .order_by(col(Article.id))
    )
    if limit is not None:
        query = query.limit(limit)
    return [int(r) for r in session.exec(query).all() if r is not None]


def parse_date(value: str | date | None) -> date | None:
    """Accept ``YYYY-MM-DD`` (or a full ISO timestamp) and return the date part."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


# PostgreSQL advisory locks take two int4 keys: this namespace and the article id.
_LOCK_NAMESPACE = 0x636C  # "cl"
_TRY_LOCK = text("SELECT pg_try_advisory_lock(:ns, :id)")
_UNLOCK = text("SELECT pg_advisory_unlock(:ns, :id)")
_local_locks: set[tuple[str, int]] = set()
_local_guard = threading.Lock()


@contextmanager
def article_lock(engine: Engine, *, article_id: int) -> Iterator[bool]:
    """Hold the processing lock of one article; yields False when someone else holds it.

    On PostgreSQL this is a session-level advisory lock on a dedicated connection, shared
    by every worker process and freed by the server if the holder dies mid-task. Elsewhere
    (the embedded SQLite default, one process) it is a lock inside this process.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            held = bool(conn.execute(_TRY_LOCK, {"ns": _LOCK_NAMESPACE, "id": article_id}).scalar())
            conn.commit()
            try:
                yield held
            finally:
                if held:
                    try:
                        conn.execute(_UNLOCK, {"ns": _LOCK_NAMESPACE, "id": article_id})
                        conn.commit()
                    except Exception:  # a dead connection has released the lock already
                        conn.invalidate()
        return
    key = (str(engine.url), article_id)
    with _local_guard:
        held = key not in _local_locks
        if held:
            _local_locks.add(key)
    try:
        yield held
    finally:
        if held:
            with _local_guard:
                _local_locks.discard(key)


# Seed-corpus keys and the API's names for them.
_SEED_KEYS = {"id": "external_id", "published": "published_at", "source": "publisher"}
_MAX_LENGTHS = {"external_id": 255, "url": 2048, "publisher": 255, "byline": 1024, "dateline": 255}


def article_from_record(record: Any) -> dict[str, Any]:
    """One JSON Lines record (API format, or the seed corpus's ``id``/``published``/``source``
    keys) as the fields ``create_article`` stores; raises ValueError for an unusable record."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    data: dict[str, Any] = {}
    for key, value in record.items():
        name = _SEED_KEYS.get(key, key)
        if name in ARTICLE_FIELDS and (name not in data or data[name] is None):
            data[name] = value
    for name in ("title", "body"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise ValueError(f"missing {name}")
    for name, limit in _MAX_LENGTHS.items():
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            data[name] = str(value)
        if data.get(name) is not None and len(data[name]) > limit:
            raise ValueError(f"{name} longer than {limit} characters")
    try:
        data["published_at"] = parse_date(data.get("published_at"))
    except (TypeError, ValueError) as exc:
        raise ValueError("published_at is not a YYYY-MM-DD date") from exc
    return {name: data.get(name) for name in ARTICLE_FIELDS}
