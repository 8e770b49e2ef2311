"""Webhooks over the HTTP API: subscribing (admin only, URL policy), and what a real receiver on
127.0.0.1 gets when reviews are recorded: each event once, signed, retried while it is down."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session, col, select

from service.app import create_app
from service.config import Settings
from service.models import WebhookDelivery
from service.webhooks import verify
from tests.api.factories import make_article, make_claim, make_conflict, make_topic
from tests.receiver import Receiver, expected_signature
from workers.webhooks import send_due

PROBLEM = "application/problem+json"


@pytest.fixture
def app_config() -> dict[str, object]:
    # The receiver listens on 127.0.0.1, which the default policy refuses.
    return {"WEBHOOK_ALLOW_PRIVATE": True, "WEBHOOK_RETRY_BASE_SECONDS": 0.2}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def claim(session: Session) -> Any:
    return make_claim(session, make_article(session))


def settings_of(app: Flask, **changes: Any) -> Settings:
    settings: Settings = app.extensions["claimtrack"]
    return settings.model_copy(update=changes)


def subscribe(client: Any, headers: dict[str, dict[str, str]], **body: Any) -> dict[str, Any]:
    response = client.post("/api/v1/webhooks", json=body, headers=headers["admin"])
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def review(client: Any, headers: dict[str, dict[str, str]], claim_id: int, verdict: str = "disputed") -> None:
    response = client.post(
        f"/api/v1/claims/{claim_id}/reviews", json={"verdict": verdict}, headers=headers["reviewer"]
    )
    assert response.status_code == 201, response.get_json()


def deliveries(client: Any, headers: dict[str, dict[str, str]], hook_id: int, **args: Any) -> dict[str, Any]:
    response = client.get(
        f"/api/v1/webhooks/{hook_id}/deliveries", query_string=args, headers=headers["admin"]
    )
    assert response.status_code == 200, response.get_json()
    return dict(response.get_json())


def test_the_secret_is_made_by_the_server_and_shown_once(client, headers, receiver):
    hook = subscribe(client, headers, url=receiver.url, events=["claim.reviewed", "claim.reviewed"])
    assert hook["secret"].startswith("whsec_") and len(hook["secret"]) > 40
    assert hook["events"] == ["claim.reviewed"] and hook["created_by"] == "admin-user"
    shown = client.get(f"/api/v1/webhooks/{hook['id']}", headers=headers["admin"]).get_json()
    assert "secret" not in shown and shown["url"] == receiver.url
    listed = client.get("/api/v1/webhooks", headers=headers["admin"]).get_json()
    assert [h["id"] for h in listed["items"]] == [hook["id"]] and listed["total"] == 1
    assert "secret" not in listed["items"][0]
    other = subscribe(client, headers, url=receiver.url, events=["article.done"])
    assert other["secret"] != hook["secret"]


def test_deleting_a_subscription_twice_is_404_the_second_time(client, headers, receiver):
    hook = subscribe(client, headers, url=receiver.url, events=["article.done"])
    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers["admin"]).status_code == 204
    again = client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers["admin"])
    assert again.status_code == 404 and again.mimetype == PROBLEM
    assert (
        client.get(f"/api/v1/webhooks/{hook['id']}/deliveries", headers=headers["admin"]).status_code == 404
    )


@pytest.mark.parametrize("role", ["reader", "reviewer", "ingester"])
def test_only_an_admin_may_see_or_change_webhooks(client, headers, receiver, role):
    body = {"url": receiver.url, "events": ["article.done"]}
    response = client.post("/api/v1/webhooks", json=body, headers=headers[role])
    assert response.status_code == 403 and response.mimetype == PROBLEM
    hook = subscribe(client, headers, **body)
    for path in (
        "/api/v1/webhooks",
        f"/api/v1/webhooks/{hook['id']}",
        f"/api/v1/webhooks/{hook['id']}/deliveries",
    ):
        assert client.get(path, headers=headers[role]).status_code == 403
        assert client.get(path).status_code == 401
    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers[role]).status_code == 403


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://example.com/hooks", "http(s)"),
        ("http://user:secret@example.com/hooks", "user name or password"),
        ("http://127.0.0.1:9/hooks", "127.0.0.1"),
        ("http://localhost/hooks", "loopback"),
        ("http://10.1.2.3/hooks", "10.1.2.3"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]:8080/hooks", "::1"),
        ("http://[::ffff:192.168.0.1]/hooks", "private"),
        ("http://224.0.0.1/hooks", "multicast"),
        ("http://0.0.0.0/hooks", "0.0.0.0"),
        ("http://[/hooks", "cannot be read"),
    ],
)
def test_a_url_the_policy_refuses_is_a_422_problem(db_url, tokens, url, says):
    client = create_app({"DATABASE_URL": db_url, "BROKER_URL": None, "TESTING": True}).test_client()
    response = client.post(
        "/api/v1/webhooks",
        json={"url": url, "events": ["conflict.created"]},
        headers={"Authorization": f"Bearer {tokens['admin']}"},
    )
    assert response.status_code == 422 and response.mimetype == PROBLEM
    problem = response.get_json()
    assert says in problem["detail"] or says in " ".join(problem["errors"]["url"]), problem
    listed = client.get("/api/v1/webhooks", headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert listed.get_json()["total"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["conflict.created"]}, "url"),
        ({"url": "http://127.0.0.1:9/", "events": []}, "events"),
        ({"url": "http://127.0.0.1:9/", "events": ["conflict.deleted"]}, "events"),
        ({"url": "http://127.0.0.1:9/", "events": ["claim.reviewed"], "topic_id": 999}, "topic_id"),
        ({"url": "http://127.0.0.1:9/", "events": ["claim.reviewed"], "source_id": 999}, "source_id"),
        (
            {"url": "http://127.0.0.1:9/", "events": ["conflict.created"], "conflict_kind": "rumour"},
            "conflict_kind",
        ),
    ],
)
def test_a_bad_subscription_is_a_422_naming_the_field(client, headers, body, field):
    response = client.post("/api/v1/webhooks", json=body, headers=headers["admin"])
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert field in response.get_json()["errors"]


def test_a_review_is_delivered_once_and_its_signature_verifies(
    app, client, headers, claim, receiver, enqueued
):
    hook = subscribe(client, headers, url=receiver.url, events=["claim.reviewed"])
    review(client, headers, claim.id, "false")
    assert len(enqueued.webhooks) == 1  # handed to the sender once the review was committed

    assert send_due(settings_of(app)) == 1
    assert send_due(settings_of(app)) == 0
    [got] = receiver.events()
    assert got.payload["type"] == "claim.reviewed"
    assert got.payload["data"]["claim"]["id"] == claim.id
    assert got.payload["data"]["claim"]["review_status"] == "false"
    assert got.payload["data"]["review"]["verdict"] == "false"
    assert verify(hook["secret"], headers=got.headers, body=got.body)
    assert got.headers["webhook-signature"] == expected_signature(hook["secret"], got)
    assert abs(int(got.headers["webhook-timestamp"]) - time.time()) < 60
    assert not verify(hook["secret"], headers=got.headers, body=got.body.replace("false", "true"))
    other = subscribe(client, headers, url=receiver.url, events=["article.done"])
    assert not verify(other["secret"], headers=got.headers, body=got.body)

    page = deliveries(client, headers, hook["id"])
    [row] = page["items"]
    assert (row["status"], row["attempts"], row["last_status_code"]) == ("delivered", 1, 200)
    assert row["message_id"] == got.message_id and row["event"] == "claim.reviewed"
    assert row["payload"] == got.payload and row["delivered_at"] is not None


def test_filters_choose_which_events_a_subscription_gets(app, client, headers, session, receiver):
    article = make_article(session)
    topic, elsewhere = make_topic(session), make_topic(session, "missile attack on Ordubad")
    first = make_claim(session, article, topic_id=topic.id)
    second = make_claim(
        session, article, topic_id=topic.id, content="Stepanakert was shelled", stance="assertion"
    )
    conflict = make_conflict(session, topic, [first, second], kind="denial")
    in_topic = subscribe(client, headers, url=receiver.url, events=["claim.reviewed"], topic_id=topic.id)
    other_topic = subscribe(
        client, headers, url=receiver.url, events=["claim.reviewed"], topic_id=elsewhere.id
    )
    denials = subscribe(
        client,
        headers,
        url=receiver.url,
        events=["conflict.reviewed", "claim.reviewed"],
        conflict_kind="denial",
    )
    numeric = subscribe(
        client, headers, url=receiver.url, events=["conflict.reviewed"], conflict_kind="numeric"
    )

    review(client, headers, first.id)
    decided = client.post(
        f"/api/v1/conflicts/{conflict.id}/reviews", json={"verdict": "resolved"}, headers=headers["reviewer"]
    )
    assert decided.status_code == 201
    send_due(settings_of(app))

    def count(hook: dict[str, Any]) -> dict[str, int]:
        items = deliveries(client, headers, hook["id"])["items"]
        return {event: sum(1 for i in items if i["event"] == event) for event in {i["event"] for i in items}}

    assert count(in_topic) == {"claim.reviewed": 1}
    assert count(other_topic) == {}
    assert count(denials) == {"claim.reviewed": 1, "conflict.reviewed": 1}  # the kind narrows conflicts only
    assert count(numeric) == {}
    [decision] = receiver.events("conflict.reviewed")
    data = decision.payload["data"]
    assert data["conflict"]["id"] == conflict.id and data["review"]["verdict"] == "resolved"
    assert sorted(c["id"] for c in data["conflict"]["claims"]) == sorted([first.id, second.id])
    assert len(receiver.events()) == 3


def test_a_receiver_that_is_down_gets_the_event_when_it_is_back(app, client, headers, claim):
    down = Receiver()  # not started: connections are refused
    hook = subscribe(client, headers, url=down.url, events=["claim.reviewed"])
    review(client, headers, claim.id)
    assert send_due(settings_of(app)) == 0

    [row] = deliveries(client, headers, hook["id"])["items"]
    assert (row["status"], row["attempts"], row["last_status_code"]) == ("pending", 1, None)
    assert "could not reach" in row["last_error"] and row["next_attempt_at"] is not None
    assert deliveries(client, headers, hook["id"], status="delivered")["total"] == 0

    down.start()
    try:
        deadline = time.monotonic() + 10
        while not down.events() and time.monotonic() < deadline:
            send_due(settings_of(app))  # nothing is sent before the retry is due
            time.sleep(0.05)
        [got] = down.events()
    finally:
        down.stop()
    [row] = deliveries(client, headers, hook["id"])["items"]
    assert (row["status"], row["attempts"], row["last_status_code"]) == ("delivered", 2, 200)
    assert row["last_error"] is None and got.message_id == row["message_id"]
    assert verify(hook["secret"], headers=got.headers, body=got.body)


def test_an_error_answer_is_recorded_and_retries_stop_after_the_window(app, client, headers, claim, receiver):
    receiver.status = 500
    hook = subscribe(client, headers, url=receiver.url, events=["claim.reviewed"])
    review(client, headers, claim.id)
    send_due(settings_of(app, webhook_retry_window_seconds=0))
    [row] = deliveries(client, headers, hook["id"])["items"]
    assert (row["status"], row["last_status_code"], row["next_attempt_at"]) == ("failed", 500, None)
    assert "500" in row["last_error"]
    assert send_due(settings_of(app)) == 0 and len(receiver.events()) == 1  # failed is final


def test_the_url_policy_is_checked_again_when_sending(app, client, headers, claim, receiver, session):
    hook = subscribe(client, headers, url=receiver.url, events=["claim.reviewed"])
    review(client, headers, claim.id)
    send_due(settings_of(app, webhook_allow_private=False))
    assert receiver.events() == []
    [row] = deliveries(client, headers, hook["id"])["items"]
    assert row["status"] == "pending" and "127.0.0.1" in row["last_error"]


def test_deleting_a_subscription_drops_its_pending_deliveries(app, client, headers, claim, receiver, session):
    hook = subscribe(client, headers, url=receiver.url, events=["claim.reviewed"])
    review(client, headers, claim.id)
    assert client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers["admin"]).status_code == 204
    assert send_due(settings_of(app)) == 0 and receiver.events() == []
    assert (
        session.exec(select(WebhookDelivery).where(col(WebhookDelivery.subscription_id) == hook["id"])).all()
        == []
    )
