"""What `make run` does, as subprocesses: migrate a SQLite file, ingest the seed corpus
without waiting, then `claimtrack serve` with no broker processes it and serves the claims."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BIN, SEED_FILE, Process, claimtrack_env, free_port, http, seed_articles, wait_for

pytestmark = pytest.mark.integration


def claimtrack(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "claimtrack"), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_embedded_service_processes_the_seed_corpus(
    tmp_path: Path, start_process: Callable[..., Process]
) -> None:
    seeds = seed_articles()
    settings = {"database_url": f"sqlite:///{tmp_path / 'claimtrack.sqlite3'}"}
    env = claimtrack_env(**settings)
    assert claimtrack("migrate", env=env).returncode == 0

    first = claimtrack("ingest", "--no-wait", str(SEED_FILE), env=env)
    assert first.returncode == 0, first.stderr
    assert f"stored {len(seeds)}, already present 0, invalid lines 0" in first.stdout
    again = claimtrack("ingest", "--no-wait", str(SEED_FILE), env=env)
    assert f"stored 0, already present {len(seeds)}, invalid lines 0" in again.stdout

    token = claimtrack("tokens", "create", "--role", "ingester", "newsroom", env=env).stdout.strip()
    assert len(token) > 20

    port = free_port()
    server = start_process("serve", "--port", str(port), **settings)
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: http("GET", f"{base}/healthz")[0] == 200, timeout=60, what="claimtrack serve")

    def all_done() -> bool:
        statuses = [http("GET", f"{base}/api/v1/articles/{i}")[1]["status"] for i in range(1, len(seeds) + 1)]
        return all(s == "done" for s in statuses)

    wait_for(all_done, timeout=180, what="the seed articles to be processed")
    status, page = http("GET", f"{base}/api/v1/claims?article_id=1&page_size=100")
    assert status == 200 and page["total"] > 0
    body = seeds[0]["body"]
    for claim in page["items"]:
        assert claim["content"] == " ".join(body[s:e] for s, e in claim["spans"]["content"])

    # A new article posted over HTTP is processed in the same process, off the request thread.
    status, posted = http(
        "POST",
        f"{base}/api/v1/articles",
        {"title": "t", "body": "The minister said the talks had failed."},
        token,
    )
    assert status == 202, posted
    wait_for(
        lambda: http("GET", f"{base}/api/v1/articles/{posted['id']}")[1]["status"] == "done",
        timeout=60,
        what="the posted article",
    )
    assert server.alive()
