"""Logging for operators: one line per event on stdout, as text or as JSON, with a request id.

``configure_logging`` is called once by every entry point (``claimtrack serve``, ``worker``
and the other commands, and gunicorn or Celery started directly through ``create_app`` and
``workers.celery_app``). ``request_id`` is the id of the API request being served, or of the
request whose work a task is doing; every log line carries it.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

from service.config import Settings

request_id: ContextVar[str | None] = ContextVar("claimtrack_request_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
# The loggers claimtrack writes to; everything else keeps its library's own configuration.
OWN_LOGGERS = ("service", "workers", "claimtrack")
_HANDLER_NAME = "claimtrack-stdout"


class RequestIdFilter(logging.Filter):
    """Stamps each record with the current request id ("-" outside any request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


def new_request_id() -> str:
    """A fresh request id: 32 hex characters."""
    return uuid.uuid4().hex


@contextmanager
def bound_request_id(value: str | None) -> Iterator[None]:
    """Run a block with ``value`` as the request id (a task doing a request's work)."""
    token = request_id.set(value)
    try:
        yield
    finally:
        request_id.reset(token)


def configure_logging(settings: Settings) -> None:
    """Send claimtrack's loggers to stdout at ``settings.log_level``, in ``settings.log_format``.

    Idempotent: a second call replaces the handler instead of adding one more.
    """
    handler = logging.StreamHandler(sys.stdout)
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(RequestIdFilter())
    if settings.log_format == "json":
        renamed = {"levelname": "level", "name": "logger"}
        handler.setFormatter(JsonFormatter(JSON_FIELDS, rename_fields=renamed))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    for name in OWN_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [h for h in logger.handlers if h.get_name() != _HANDLER_NAME]
        logger.addHandler(handler)
        logger.setLevel(settings.log_level.upper())
