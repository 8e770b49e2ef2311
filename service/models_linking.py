"""Indexes the topic and conflict steps need beyond the base tables.

``ix_topicterm_term_topic`` lets candidate lookup read the newest topics carrying a term
straight off the index (``WHERE term = ? ORDER BY topic_id DESC LIMIT n``), so its cost does
not grow with the number of stored topics.
"""

from __future__ import annotations

from sqlalchemy import Index, Table

from service.models import TopicTerm

_TABLE: Table = TopicTerm.__table__  # type: ignore[attr-defined]
TOPICTERM_TERM_TOPIC = Index("ix_topicterm_term_topic", _TABLE.c.term, _TABLE.c.topic_id)
