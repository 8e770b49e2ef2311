"""Celery tasks: thin wrappers around ``workers.pipeline``, ``workers.sweeper`` and ``workers.webhooks``.

Ids in, small dicts out; every task is idempotent and acknowledged late, so a worker that
dies mid-task leaves its message to be redelivered (and the sweeper as a second net).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from celery import Task, shared_task

from service.logs import bound_request_id
from workers.celery_app import settings_of
from workers.dispatch import (
    TASK_DELIVER_WEBHOOK,
    TASK_PROCESS_ARTICLE,
    TASK_RUN_JOB,
    TASK_SEND_DUE_WEBHOOKS,
    TASK_SWEEP,
    enqueue_webhooks,
)
from workers.pipeline import MAX_RETRIES, TRANSIENT_ERRORS, process_article, run_job
from workers.sweeper import sweep
from workers.webhooks import deliver, send_due

log = logging.getLogger(__name__)

_RETRY: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
}


@shared_task(name=TASK_PROCESS_ARTICLE, bind=True, acks_late=True, reject_on_worker_lost=True, **_RETRY)
def process_article_task(self: Task, article_id: int) -> dict[str, Any]:
    """Process one article (extract, store claims, link topics and conflicts); idempotent.

    In: an article id. Out: the outcome as a dict (``status``: done, failed, missing, busy,
    skipped). A message for an article already finished is skipped.
    """
    settings = settings_of(self.app)
    with bound_request_id(_request_id(self)):
        outcome = process_article(settings.database_url, article_id, skip_finished=True)
        enqueue_webhooks(settings, list(outcome.webhooks))
    return asdict(outcome)


@shared_task(name=TASK_RUN_JOB, bind=True, acks_late=True, reject_on_worker_lost=True, **_RETRY)
def run_job_task(self: Task, job_id: int) -> int:
    """Send a job's still-queued articles to ``claimtrack.process_article``; idempotent.

    In: a job id. Out: how many articles were sent.
    """
    database_url = settings_of(self.app).database_url
    request_id = _request_id(self)

    def send(article_id: int) -> None:
        process_article_task.apply_async(args=[article_id], headers={"request_id": request_id})

    with bound_request_id(request_id):
        return run_job(database_url, job_id, send=send)


@shared_task(name=TASK_SWEEP, bind=True, acks_late=True, **_RETRY)
def sweep_task(self: Task) -> dict[str, Any]:
    """Re-send articles stuck in ``queued``/``processing`` and close finished jobs.

    In: nothing. Out: what the sweep did. Safe to run concurrently from several beats: a
    short Redis lock lets one sweep run per interval.
    """
    settings = settings_of(self.app)
    if not _take_sweep_lock(settings.broker_url, settings.sweep_interval_seconds):
        return {"skipped": True}
    result = sweep(settings, send=lambda article_id: process_article_task.delay(article_id))
    return asdict(result)


@shared_task(name=TASK_DELIVER_WEBHOOK, bind=True, acks_late=True, reject_on_worker_lost=True, **_RETRY)
def deliver_webhook_task(self: Task, delivery_id: int) -> int:
    """Send one committed webhook delivery if it is due and unclaimed; idempotent.

    In: a delivery id. Out: 1 if delivered now, else 0 (a failed attempt is scheduled for a
    retry in the database and sent by ``claimtrack.send_due_webhooks``).
    """
    return deliver(settings_of(self.app), delivery_id)


@shared_task(name=TASK_SEND_DUE_WEBHOOKS, bind=True, acks_late=True, **_RETRY)
def send_due_webhooks_task(self: Task) -> int:
    """Send every due webhook delivery (retries, and sends whose message was lost or whose
    worker died); idempotent, and safe to run on several workers at once: each delivery is
    claimed by one. In: nothing. Out: how many were delivered."""
    settings = settings_of(self.app)
    # About one beat interval: the next beat carries on, and articles queued behind wait little.
    return send_due(settings, budget_seconds=max(1.0, float(settings.webhook_sweep_interval_seconds)))


def _request_id(task: Task) -> str | None:
    """The id of the API request whose work this task does (sent as a message header)."""
    value = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
    return str(value) if value else None


def _take_sweep_lock(broker_url: str | None, interval: int) -> bool:
    if not broker_url or not broker_url.startswith(("redis://", "rediss://")):
        return True
    import redis

    client = redis.Redis.from_url(broker_url, socket_connect_timeout=3, socket_timeout=5)
    try:
        return bool(client.set("claimtrack:sweep-lock", "1", nx=True, ex=max(1, interval - 1)))
    finally:
        client.close()
