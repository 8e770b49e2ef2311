"""Shared fixtures: real servers (Redis, PostgreSQL, a Celery worker, the API under
gunicorn) started as subprocesses on free ports, and migrated databases.

The servers themselves are ``tests.servers`` (the benchmarks start theirs with the same
code); this module turns them into fixtures and re-exports them for the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from service.migrate import upgrade
from tests.servers import (
    BIN,
    ROOT,
    PostgresServer,
    Process,
    RedisServer,
    claimtrack_env,
    free_port,
    wait_for,
)

# Re-exported: the tests import the servers from here.
__all__ = [
    "BIN", "ROOT", "PostgresServer", "Process", "RedisServer", "claimtrack_env", "free_port", "wait_for",
]

SHARED = ROOT.parent / "shared"
SEED_FILE = SHARED / "corpus" / "seed-articles.jsonl"

# Settings come from CLAIMTRACK_* variables: a developer's own must not leak into the tests.
for _name in [k for k in os.environ if k.startswith("CLAIMTRACK_")]:
    del os.environ[_name]


def seed_articles() -> list[dict[str, Any]]:
    """The seed corpus as API article payloads."""
    if not SEED_FILE.exists():
        pytest.skip(f"seed corpus not found at {SEED_FILE}")
    out = []
    for line in SEED_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(
                {
                    "external_id": d["id"],
                    "title": d["title"],
                    "body": d["body"],
                    "published_at": d.get("published"),
                    "publisher": d.get("source"),
                    "byline": d.get("byline"),
                    "dateline": d.get("dateline"),
                }
            )
    return out


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite database migrated to head, copied for each test (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "claimtrack.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_url(tmp_path: Path, migrated_template: Path) -> str:
    """A fresh, migrated SQLite database of the test's own."""
    path = tmp_path / "claimtrack.sqlite3"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server for the session (tests may stop and restart it)."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL cluster for the session."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> str:
    """A fresh PostgreSQL database migrated with Alembic."""
    url = postgres_server.create_database()
    upgrade(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file migrated with Alembic."""
    url = f"sqlite:///{tmp_path / 'claimtrack.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture
def start_process(tmp_path: Path) -> Iterator[Callable[..., Process]]:
    """Start ``claimtrack ARGS...`` with the given settings; stopped at teardown (logs shown
    on failure)."""
    started: list[Process] = []

    def start(*args: str, **settings: Any) -> Process:
        log = tmp_path / f"{args[0]}-{len(started)}.log"
        proc = Process([str(BIN / "claimtrack"), *args], claimtrack_env(**settings), log).start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()
        sys.stderr.write(f"--- {' '.join(proc.args[1:])} log ---\n{proc.tail()}\n")


def http(method: str, url: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    """A JSON request with urllib; returns ``(status, parsed body)`` for any status."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        raw = err.read()
        try:
            return err.code, json.loads(raw or b"null")
        except ValueError:
            return err.code, raw.decode(errors="replace")
