"""The conflict summaries the read paths use, kept by the database itself.

``topic.open_conflict_count`` (open conflicts of the topic) and ``source.conflict_link_count``
(conflict links naming the source) are kept by triggers on ``conflict`` and ``conflictclaim``:
insert, delete, and a change of status, topic or source. Every write keeps them right, the
linking step, topic merges, re-extraction, takedowns, revisions and reviews alike. The
migration e5r6e7a8d9s0 creates the triggers; ``install_triggers`` creates them with the tables
when a schema is made from the models (``SQLModel.metadata.create_all``).
"""

from __future__ import annotations

from typing import Any

TRIGGERS_POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION conflict_topic_summary() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status
         AND OLD.topic_id = NEW.topic_id THEN
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'open' THEN
        UPDATE topic SET open_conflict_count = open_conflict_count - 1 WHERE id = OLD.topic_id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'open' THEN
        UPDATE topic SET open_conflict_count = open_conflict_count + 1 WHERE id = NEW.topic_id;
      END IF;
      RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER conflict_topic_summary AFTER INSERT OR DELETE OR UPDATE OF status, topic_id "
    "ON conflict FOR EACH ROW EXECUTE FUNCTION conflict_topic_summary()",
    """
    CREATE OR REPLACE FUNCTION conflictclaim_source_summary() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.source_id IS NOT DISTINCT FROM NEW.source_id THEN
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.source_id IS NOT NULL THEN
        UPDATE source SET conflict_link_count = conflict_link_count - 1 WHERE id = OLD.source_id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.source_id IS NOT NULL THEN
        UPDATE source SET conflict_link_count = conflict_link_count + 1 WHERE id = NEW.source_id;
      END IF;
      RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER conflictclaim_source_summary AFTER INSERT OR DELETE OR UPDATE OF source_id "
    "ON conflictclaim FOR EACH ROW EXECUTE FUNCTION conflictclaim_source_summary()",
]

TRIGGERS_SQLITE = [
    "CREATE TRIGGER conflict_topic_summary_ai AFTER INSERT ON conflict WHEN new.status = 'open' BEGIN "
    "UPDATE topic SET open_conflict_count = open_conflict_count + 1 WHERE id = new.topic_id; END",
    "CREATE TRIGGER conflict_topic_summary_ad AFTER DELETE ON conflict WHEN old.status = 'open' BEGIN "
    "UPDATE topic SET open_conflict_count = open_conflict_count - 1 WHERE id = old.topic_id; END",
    "CREATE TRIGGER conflict_topic_summary_au AFTER UPDATE OF status, topic_id ON conflict "
    "WHEN old.status IS NOT new.status OR old.topic_id IS NOT new.topic_id BEGIN "
    "UPDATE topic SET open_conflict_count = open_conflict_count - 1 "
    "WHERE id = old.topic_id AND old.status = 'open'; "
    "UPDATE topic SET open_conflict_count = open_conflict_count + 1 "
    "WHERE id = new.topic_id AND new.status = 'open'; END",
    "CREATE TRIGGER conflictclaim_source_summary_ai AFTER INSERT ON conflictclaim "
    "WHEN new.source_id IS NOT NULL BEGIN "
    "UPDATE source SET conflict_link_count = conflict_link_count + 1 WHERE id = new.source_id; END",
    "CREATE TRIGGER conflictclaim_source_summary_ad AFTER DELETE ON conflictclaim "
    "WHEN old.source_id IS NOT NULL BEGIN "
    "UPDATE source SET conflict_link_count = conflict_link_count - 1 WHERE id = old.source_id; END",
    "CREATE TRIGGER conflictclaim_source_summary_au AFTER UPDATE OF source_id ON conflictclaim "
    "WHEN old.source_id IS NOT new.source_id BEGIN "
    "UPDATE source SET conflict_link_count = conflict_link_count - 1 WHERE id = old.source_id; "
    "UPDATE source SET conflict_link_count = conflict_link_count + 1 WHERE id = new.source_id; END",
]

SQLITE_TRIGGER_NAMES = [
    f"{base}_{suffix}"
    for base in ("conflict_topic_summary", "conflictclaim_source_summary")
    for suffix in ("ai", "ad", "au")
]



def install_triggers(_table: Any, connection: Any, **_kw: Any) -> None:
    """``after_create`` hook of the ``conflictclaim`` table (made after ``conflict``, ``topic``
    and ``source``): create the summary triggers for the connection's database."""
    postgresql = connection.dialect.name == "postgresql"
    for statement in TRIGGERS_POSTGRESQL if postgresql else TRIGGERS_SQLITE:
        connection.exec_driver_sql(statement)
