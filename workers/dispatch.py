"""Handing work to whichever runner is configured: a Celery message, or the embedded runner.

``enqueue_article`` and ``enqueue_job`` are how the API and the command line start work;
they are called after the rows they name are committed, and never raise. This module is
the API's one door into ``workers``: importing it loads neither Celery's tasks nor the
extractor, so the API process stays small until (in embedded mode) it runs work itself.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from service.config import Settings
from service.logs import request_id
from workers.extraction import EXTRACTOR_VERSION

if TYPE_CHECKING:
    from workers.runner import EmbeddedRunner

log = logging.getLogger(__name__)

TASK_PROCESS_ARTICLE = "claimtrack.process_article"
TASK_RUN_JOB = "claimtrack.run_job"
TASK_SWEEP = "claimtrack.sweep"
TASK_DELIVER_WEBHOOK = "claimtrack.deliver_webhook"
TASK_SEND_DUE_WEBHOOKS = "claimtrack.send_due_webhooks"

__all__ = [
    "EXTRACTOR_VERSION",
    "TASK_DELIVER_WEBHOOK",
    "TASK_PROCESS_ARTICLE",
    "TASK_RUN_JOB",
    "TASK_SEND_DUE_WEBHOOKS",
    "TASK_SWEEP",
    "enqueue_article",
    "enqueue_job",
    "enqueue_webhooks",
]


def enqueue_article(settings: Settings, article_id: int) -> None:
    """Hand a committed ``queued`` article to the configured runner; never raises.

    With a broker: a Celery message (if the broker is down the failure is logged and the
    sweeper re-sends the article later). Embedded: the in-process runner, started on first use.
    The current request id travels with the work, so its log lines name the request.
    """
    if settings.embedded:
        _embedded(settings).submit_article(article_id, request_id=request_id.get())
        return
    _send(settings, TASK_PROCESS_ARTICLE, article_id)


def enqueue_job(settings: Settings, job_id: int) -> None:
    """Hand a committed job to the configured runner; never raises (see ``enqueue_article``)."""
    if settings.embedded:
        _embedded(settings).submit_job(job_id, request_id=request_id.get())
        return
    _send(settings, TASK_RUN_JOB, job_id)


def enqueue_webhooks(settings: Settings, delivery_ids: list[int]) -> None:
    """Have committed webhook deliveries sent now rather than at the next sweep; never raises.

    With a broker: one ``claimtrack.deliver_webhook`` message per delivery (a lost message
    only delays it until the sweep). Embedded: the runner's webhook thread is woken.
    """
    if not delivery_ids:
        return
    if settings.embedded:
        _embedded(settings).wake_webhooks()
        return
    for delivery_id in delivery_ids:
        _send(settings, TASK_DELIVER_WEBHOOK, delivery_id)


def _embedded(settings: Settings) -> EmbeddedRunner:
    # Imported here, not at the top: the runner brings the pipeline and the extractor, which
    # a process that only serves (with a broker) must never load.
    from workers.runner import get_runner

    return get_runner(settings)


def _send(settings: Settings, task_name: str, object_id: int) -> bool:
    from workers.celery_app import celery_for

    try:
        celery_for(settings).send_task(
            task_name,
            args=[object_id],
            headers={"request_id": request_id.get()},
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.3, "interval_max": 1.0},
        )
    except Exception:  # the broker is down: the row is committed, the sweeper re-sends it
        log.warning("could not send %s(%s) to the broker; the sweeper will re-send it", task_name, object_id)
        return False
    return True
