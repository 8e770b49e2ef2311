"""A revision posted while the article is being processed: the worker finds the article
changed when it finishes, drops what it made from the old body, and processes the new one."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from service.db import get_engine, session_scope
from service.models import Article, Claim
from service.repo.revisions import submit_article
from workers import pipeline
from workers.pipeline import process_article

FIRST = "The port authority said the harbour would stay closed until further notice."
SECOND = "The port authority said the harbour would reopen on Friday. The mayor said it was good news."


def test_a_revision_during_processing_is_processed_by_the_same_worker(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(sqlite_url) as session:
        article, outcome = submit_article(
            session, data={"external_id": "w-1", "title": "Harbour", "body": FIRST}
        )
        assert outcome == "created"
        article_id = int(article.id or 0)
    real = pipeline.extract_article
    bodies: list[str] = []

    def extract_then_revise(body: str, **kwargs: Any) -> Any:
        bodies.append(body)
        if len(bodies) == 1:  # the update arrives while the first body is being read
            with session_scope(sqlite_url) as other:
                _, revised = submit_article(
                    other, data={"external_id": "w-1", "title": "Harbour", "body": SECOND}
                )
                assert revised == "revised"
        return real(body, **kwargs)

    monkeypatch.setattr(pipeline, "extract_article", extract_then_revise)
    outcome = process_article(sqlite_url, article_id)
    assert outcome.status == "done"
    assert bodies == [FIRST, SECOND]
    with Session(get_engine(sqlite_url)) as session:
        stored = session.get(Article, article_id)
        assert stored is not None
        assert (stored.status, stored.revision, stored.claims_revision) == ("done", 2, 2)
        claims = session.exec(select(Claim).where(Claim.article_id == article_id)).all()
        assert claims and all(
            SECOND[c.spans["content"][0][0] : c.spans["content"][0][1]] == c.content for c in claims
        )
