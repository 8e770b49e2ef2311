"""Engines and sessions. One engine per database URL per process; no Flask here."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the embedded worker write while the API reads; the busy timeout makes
    # concurrent writers wait instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def get_engine(url: str) -> Engine:
    """Return the process-wide engine for ``url``, creating it on first use."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                # A connect timeout so an unreachable server fails a request fast instead of hanging it.
                connect_args = {"connect_timeout": 10} if url.startswith("postgresql") else {}
                engine = create_engine(
                    url, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args=connect_args
                )
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    """Drop pooled connections, e.g. after a fork (Celery's worker_process_init)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
