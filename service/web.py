"""Per-request plumbing: the app's Settings and one database session per request on ``g``."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlmodel import Session

from service.config import Settings
from service.db import get_engine

EXTENSION_KEY = "claimtrack"


def init_app(app: Flask, settings: Settings) -> None:
    """Store ``settings`` on the app and close the request's session at teardown."""
    app.extensions[EXTENSION_KEY] = settings
    app.config["CLAIMTRACK"] = settings
    app.teardown_appcontext(close_session)


def get_settings() -> Settings:
    """The Settings of the running app."""
    settings: Settings = current_app.extensions[EXTENSION_KEY]
    return settings


def get_session() -> Session:
    """The request's session, opened on first use."""
    session: Session | None = g.get("db_session")
    if session is None:
        session = Session(get_engine(get_settings().database_url), expire_on_commit=False)
        g.db_session = session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    """Roll back anything uncommitted and return the connection to the pool."""
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
