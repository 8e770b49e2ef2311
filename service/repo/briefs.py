"""Plain rows for list pages: the columns a page shows, read as Core rows into light dataclasses.

A page of conflicts or claims shows a handful of fields of tens of claims. Loading those as
ORM entities reads every column (the claim's embedding among them) and builds an instance
with identity-map bookkeeping for each, which costs the request more CPU than its queries.
These classes hold exactly the columns the lists show, under the models' own attribute names,
so the wire schemas and the dashboard templates read them as they read the models. No Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Select, select

from service.models import Article, Claim, Conflict, Source, Topic


@dataclass(slots=True)
class ClaimBrief:
    """A claim as lists show it (no embedding, keys or bookkeeping columns)."""

    id: int
    article_id: int
    source_id: int | None
    topic_id: int | None
    copy_of: int | None
    ordinal: int
    text: str
    content: str
    source_mention: str | None
    source_resolved: str | None
    cue: str
    target: str | None
    stance: str
    quote_type: str
    said_on: date | None
    quantities: list[dict[str, Any]]
    verification: dict[str, Any]
    spans: dict[str, Any]
    confidence: float
    review_status: str
    extractor_version: str
    supersedes_id: int | None


@dataclass(slots=True)
class ArticleBrief:
    """The article a listed claim comes from (no body)."""

    id: int
    external_id: str | None
    title: str
    published_at: date | None
    publisher: str | None
    url: str | None


@dataclass(slots=True)
class SourceBrief:
    """A normalised source's identity, as a claim's source shows it."""

    id: int
    name: str
    kind: str
    affiliation: str | None


@dataclass(slots=True)
class TopicBrief:
    """A topic as it heads a group of conflicts."""

    id: int
    label: str
    keywords: list[str]
    claim_count: int
    last_activity_at: datetime


@dataclass(slots=True)
class ConflictBrief:
    """A conflict's own columns, as lists show them."""

    id: int
    topic_id: int
    kind: str
    explanation: str
    confidence: float
    status: str
    created_at: datetime


def columns_of(brief: type, model: type) -> tuple[Column[Any], ...]:
    """The table columns of ``model`` named by the fields of ``brief``, in field order (so a
    row's values are the dataclass's positional arguments)."""
    table = model.__table__  # type: ignore[attr-defined]
    return tuple(table.c[f.name] for f in fields(brief))


CLAIM_BRIEF = columns_of(ClaimBrief, Claim)
ARTICLE_BRIEF = columns_of(ArticleBrief, Article)
SOURCE_BRIEF = columns_of(SourceBrief, Source)
TOPIC_BRIEF_COLUMNS = columns_of(TopicBrief, Topic)
CONFLICT_BRIEF = columns_of(ConflictBrief, Conflict)


def select_claim_briefs() -> Select[Any]:
    """A select of the ``ClaimBrief`` columns of ``claim`` (add conditions, order and limit)."""
    return select(*CLAIM_BRIEF)
