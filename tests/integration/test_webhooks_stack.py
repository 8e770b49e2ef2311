"""Webhooks in the production topology: PostgreSQL, redis-server, a `claimtrack worker` (Celery)
subprocess and the API under `claimtrack serve`, sending to a real receiver on 127.0.0.1.

The stack is ``tests.integration.test_stack``'s, started with the webhook settings below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select

from service.db import get_engine
from service.models import Conflict
from service.webhooks import verify
from tests.conftest import seed_articles, wait_for
from tests.integration import test_stack
from tests.integration.test_stack import Stack
from tests.receiver import Receiver

pytestmark = pytest.mark.integration

stack = test_stack.stack  # the fixture, shared with the stack tests

WEBHOOKS = {
    "webhook_allow_private": True,  # the receiver is on 127.0.0.1
    "webhook_sweep_interval_seconds": 1,
    # A claim's lease must outlast one attempt (connect plus read timeouts).
    "webhook_connect_timeout_seconds": 1,
    "webhook_read_timeout_seconds": 6,
    "webhook_lease_seconds": 8,
    "webhook_retry_base_seconds": 0.5,
}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def webhook_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stack's processes start with the webhook settings too (autouse: set before ``stack``)."""
    for name, value in WEBHOOKS.items():
        monkeypatch.setitem(test_stack.FAST, name, value)


def subscribe(stack: Stack, receiver: Receiver, *events: str) -> dict[str, Any]:
    status, hook = stack.post("/api/v1/webhooks", {"url": receiver.url, "events": list(events)})
    assert status == 201, hook
    return dict(hook)


def deliveries(stack: Stack, hook_id: int) -> list[dict[str, Any]]:
    status, page = stack.get(f"/api/v1/webhooks/{hook_id}/deliveries?page_size=100")
    assert status == 200, page
    return list(page["items"])


def test_seed_articles_send_each_signed_event_once(stack: Stack, receiver: Receiver) -> None:
    hook = subscribe(stack, receiver, "conflict.created", "article.done")
    ids = []
    for seed in seed_articles():
        status, body = stack.post("/api/v1/articles", seed)
        assert status == 202, body
        ids.append(body["id"])
    for article_id in ids:
        assert stack.wait_done(article_id)["status"] == "done"
    with Session(get_engine(stack.db_url)) as session:
        conflicts = {int(c.id or 0) for c in session.exec(select(Conflict)).all()}
    assert conflicts
    wait_for(
        lambda: len(receiver.events()) >= len(ids) + len(conflicts),
        timeout=60,
        what="every event at the receiver",
    )
    got = receiver.events()
    assert Counter(g.message_id for g in got).most_common(1)[0][1] == 1  # none twice
    assert {g.payload["data"]["article"]["id"] for g in receiver.events("article.done")} == set(ids)
    assert {g.payload["data"]["conflict"]["id"] for g in receiver.events("conflict.created")} == conflicts
    assert all(verify(hook["secret"], headers=g.headers, body=g.body) for g in got)
    rows = deliveries(stack, hook["id"])
    assert len(rows) == len(got) and {(r["status"], r["attempts"]) for r in rows} == {("delivered", 1)}
    assert stack.worker.alive()


def test_killing_the_worker_mid_send_loses_no_delivery(stack: Stack, receiver: Receiver) -> None:
    hook = subscribe(stack, receiver, "article.done")
    receiver.hold_seconds = 5  # the worker waits on the receiver's answer...
    status, body = stack.post("/api/v1/articles", seed_articles()[0])
    assert status == 202, body
    assert receiver.arrived.wait(120), stack.worker.tail()
    stack.worker.kill()  # ...and is killed before it has it
    receiver.hold_seconds = 0
    [row] = deliveries(stack, hook["id"])
    assert (row["status"], row["attempts"]) == ("pending", 1)

    stack.worker = stack.start_worker()
    row = wait_for(
        lambda: (r := deliveries(stack, hook["id"])[0])["status"] == "delivered" and r,
        timeout=90,
        what="the delivery to be sent by the new worker",
    )
    assert row["attempts"] == 2 and row["last_status_code"] == 200
    sent = [g for g in receiver.events() if g.message_id == row["message_id"]]
    assert sent and all(verify(hook["secret"], headers=g.headers, body=g.body) for g in sent)
    assert sent[-1].payload["data"]["article"]["id"] == body["id"]
