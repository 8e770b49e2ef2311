"""Webhooks from `claimtrack serve` with no broker: the serving process's embedded runner sends
them, woken by the commit that wrote them (the periodic sweep is set far beyond the test)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from service.webhooks import verify
from tests.conftest import BIN, Process, claimtrack_env, free_port, http, seed_articles, wait_for
from tests.receiver import Receiver

pytestmark = pytest.mark.integration


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


def test_the_embedded_service_sends_article_and_review_events(
    tmp_path: Path, start_process: Callable[..., Process], receiver: Receiver
) -> None:
    settings = {
        "database_url": f"sqlite:///{tmp_path / 'claimtrack.sqlite3'}",
        "webhook_allow_private": "true",
        "webhook_sweep_interval_seconds": 600,
    }
    env = claimtrack_env(**settings)

    def claimtrack(*args: str) -> str:
        done = subprocess.run(
            [str(BIN / "claimtrack"), *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    claimtrack("migrate")
    admin = claimtrack("tokens", "create", "--role", "admin", "editor")
    port = free_port()
    start_process("serve", "--port", str(port), **settings)
    base = f"http://127.0.0.1:{port}/api/v1"
    wait_for(lambda: http("GET", f"http://127.0.0.1:{port}/healthz")[0] == 200, timeout=60, what="serve")

    status, hook = http(
        "POST", f"{base}/webhooks", {"url": receiver.url, "events": ["article.done", "claim.reviewed"]}, admin
    )
    assert status == 201, hook
    status, posted = http("POST", f"{base}/articles", seed_articles()[1], admin)
    assert status == 202, posted
    [done] = wait_for(lambda: receiver.events("article.done"), timeout=120, what="article.done")
    assert done.payload["data"]["article"]["id"] == posted["id"]
    assert done.payload["data"]["article"]["claim_count"] > 0

    status, claims = http("GET", f"{base}/claims?article_id={posted['id']}")
    claim_id = claims["items"][0]["id"]
    status, _ = http("POST", f"{base}/claims/{claim_id}/reviews", {"verdict": "confirmed"}, admin)
    assert status == 201
    [reviewed] = wait_for(lambda: receiver.events("claim.reviewed"), timeout=30, what="claim.reviewed")
    assert reviewed.payload["data"]["claim"]["id"] == claim_id
    assert all(verify(hook["secret"], headers=g.headers, body=g.body) for g in (done, reviewed))

    def settled() -> list[tuple[str, str]] | None:
        """The deliveries once none is pending: the sender marks one delivered when the receiver
        has answered, a moment after the receiver got it."""
        _, page = http("GET", f"{base}/webhooks/{hook['id']}/deliveries", token=admin)
        rows = [(d["event"], d["status"]) for d in page["items"]]
        return None if any(state == "pending" for _, state in rows) else rows

    assert wait_for(settled, timeout=30, what="deliveries settled") == [
        ("claim.reviewed", "delivered"),
        ("article.done", "delivered"),
    ]
