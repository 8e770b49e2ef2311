"""The Celery application, built from the same ``Settings`` as the API.

``make_celery(settings)`` builds an app; ``celery_for(settings)`` caches one per broker URL
for senders. ``celery -A workers.celery_app worker`` also works: the module attribute
``app`` is built from the environment when first asked for, not at import.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from service.config import Settings
from service.db import dispose_engines
from service.logs import configure_logging

log = logging.getLogger(__name__)

_apps: dict[str, Celery] = {}
_apps_lock = threading.Lock()


def make_celery(settings: Settings) -> Celery:
    """A Celery app for ``settings``: late acknowledgement, prefetch 1, no result backend
    (the database holds every status), and the sweepers (stuck articles, due webhook
    deliveries) on the beat schedule."""
    if not settings.broker_url:
        raise ValueError("a Celery app needs CLAIMTRACK_BROKER_URL")
    configure_logging(settings)
    app = Celery("claimtrack", broker=settings.broker_url, include=["workers.tasks"])
    app.conf.update(
        claimtrack_settings=settings,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_default_queue="claimtrack",
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=3,
        broker_transport_options={
            # An unacknowledged message returns to the queue this long after its worker vanished;
            # the sweeper usually gets there first.
            "visibility_timeout": max(settings.stuck_after_seconds * 4, 60),
            "socket_connect_timeout": 3,
            "socket_timeout": 10,
        },
        beat_schedule={
            "claimtrack-sweep": {
                "task": "claimtrack.sweep",
                "schedule": float(settings.sweep_interval_seconds),
            },
            "claimtrack-send-due-webhooks": {
                "task": "claimtrack.send_due_webhooks",
                "schedule": float(settings.webhook_sweep_interval_seconds),
            },
        },
        timezone="UTC",
    )
    return app


def celery_for(settings: Settings) -> Celery:
    """The process-wide app for ``settings.broker_url`` (for sending tasks)."""
    key = settings.broker_url or ""
    with _apps_lock:
        app = _apps.get(key)
        if app is None:
            app = make_celery(settings)
            _apps[key] = app
        return app


def settings_of(app: Any) -> Settings:
    """The settings an app was built from (the environment's, for a foreign app)."""
    settings = app.conf.get("claimtrack_settings")
    return settings if isinstance(settings, Settings) else Settings.from_env()


@worker_process_init.connect
def _fresh_connections(**_: Any) -> None:
    # A forked worker child must not share its parent's pooled database connections.
    dispose_engines()


def __getattr__(name: str) -> Celery:
    # ``celery -A workers.celery_app`` looks for ``app``: build it from the environment then.
    if name in ("app", "celery"):
        return celery_for(Settings.from_env())
    raise AttributeError(name)
