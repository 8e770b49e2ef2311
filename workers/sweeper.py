"""The sweeper: re-sends articles left ``queued`` or ``processing`` too long, and closes
finished jobs. It is what makes a lost message (a broker outage at ingest time, a worker
killed mid-task) cost a delay instead of an article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, col, select

from service.config import Settings
from service.db import get_engine
from service.models import Article, utcnow
from service.repo.articles import set_status, stuck_article_ids
from service.repo.jobs import finish_jobs

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    """What one sweep did."""

    resent: list[int] = field(default_factory=list)
    gave_up: list[int] = field(default_factory=list)
    jobs_finished: list[int] = field(default_factory=list)


def sweep(
    settings: Settings,
    *,
    send: Callable[[int], None],
    older_than: timedelta | None = None,
    exclude: Callable[[int], bool] | None = None,
) -> SweepResult:
    """Re-send stuck articles to ``send`` and finish completed jobs; safe to run any time.

    In: the settings (database, ``stuck_after_seconds``, ``max_attempts``). Out: which
    articles were re-sent, which were marked ``failed`` after ``max_attempts`` tries, and
    which jobs were closed. Each re-sent article's status clock is reset before it is sent
    (commit, then send), so it is not re-sent again for another ``stuck_after_seconds``.
    """
    age = older_than if older_than is not None else timedelta(seconds=settings.stuck_after_seconds)
    result = SweepResult()
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        ids = [i for i in stuck_article_ids(session, older_than=age) if exclude is None or not exclude(i)]
        if ids:
            for article in session.exec(select(Article).where(col(Article.id).in_(ids))).all():
                assert article.id is not None
                if article.attempts >= settings.max_attempts:
                    reason = f"gave up after {article.attempts} attempts"
                    set_status(session, article=article, status="failed", reason=reason)
                    result.gave_up.append(article.id)
                else:
                    article.status_changed_at = utcnow()
                    session.add(article)
                    result.resent.append(article.id)
            session.commit()
        result.jobs_finished = finish_jobs(session)
    for article_id in sorted(result.resent):
        send(article_id)
    if result.resent or result.gave_up:
        log.info("sweep: re-sent %d articles, gave up on %d", len(result.resent), len(result.gave_up))
    return result
