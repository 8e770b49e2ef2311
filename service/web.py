"""Per-request plumbing: the app's Settings, one database session per request on ``g``, and
the request id (taken from ``X-Request-ID`` or made, returned in the response, and bound to
the log lines and tasks of the request)."""

from __future__ import annotations

import re

from flask import Flask, current_app, g, request
from flask.wrappers import Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from service.config import Settings
from service.db import get_engine
from service.logs import new_request_id, request_id
from service.repo.outbox import committed_deliveries
from workers.dispatch import enqueue_webhooks

EXTENSION_KEY = "claimtrack"
REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is kept when it is a plain token (letters, digits, - _ . :), else replaced.
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def init_app(app: Flask, settings: Settings) -> None:
    """Store ``settings`` on the app and close the request's session at teardown."""
    app.extensions[EXTENSION_KEY] = settings
    app.config["CLAIMTRACK"] = settings
    app.teardown_appcontext(close_session)
    app.before_request(bind_request_id)
    app.after_request(return_request_id)
    app.teardown_request(release_request_id)
    app.teardown_request(send_committed_webhooks)


def bind_request_id() -> None:
    """Take the request's id from ``X-Request-ID`` (or make one) and bind it for logging."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    value = given if _CLIENT_ID.match(given) else new_request_id()
    g.request_id = value
    g.request_id_token = request_id.set(value)


def return_request_id(response: Response) -> Response:
    """Name the request id in the response, so a client can quote it."""
    value = g.get("request_id")
    if value:
        response.headers[REQUEST_ID_HEADER] = value
    return response


def release_request_id(_exc: BaseException | None = None) -> None:
    """Unbind the request id at the end of the request (threads are reused)."""
    token = g.pop("request_id_token", None)
    if token is not None:
        request_id.reset(token)


def get_settings() -> Settings:
    """The Settings of the running app."""
    settings: Settings = current_app.extensions[EXTENSION_KEY]
    return settings


# Requests that only read. On PostgreSQL their session runs without a transaction block:
# under READ COMMITTED each statement sees its own snapshot either way, and a page saves
# the ``BEGIN`` and ``ROLLBACK`` round trips. A single write they make (a token's last use)
# commits as it runs.
READ_METHODS = frozenset({"GET", "HEAD"})
_readers: dict[str, Engine] = {}


def _reader(url: str) -> Engine:
    engine = get_engine(url)
    if engine.dialect.name != "postgresql":
        return engine
    reader = _readers.get(url)
    if reader is None or reader.pool is not engine.pool:  # made anew after dispose_engines()
        reader = _readers[url] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return reader


def get_session() -> Session:
    """The request's session, opened on first use (without a transaction block on a read)."""
    session: Session | None = g.get("db_session")
    if session is None:
        url = get_settings().database_url
        engine = _reader(url) if request.method in READ_METHODS else get_engine(url)
        session = Session(engine, expire_on_commit=False)
        g.db_session = session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    """Roll back anything uncommitted and return the connection to the pool."""
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()


def send_committed_webhooks(_exc: BaseException | None = None) -> None:
    """Hand the webhook deliveries the request committed to the sender; never raises (a
    hand-over lost to a broker outage only waits for the periodic sweep)."""
    session: Session | None = g.get("db_session")
    delivery_ids = committed_deliveries(session) if session is not None else []
    if delivery_ids:
        enqueue_webhooks(get_settings(), delivery_ids)
