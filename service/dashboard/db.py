"""The request's database session: the same one the API views use (``service.web``)."""

from __future__ import annotations

from sqlmodel import Session

from service.web import get_session


def db_session() -> Session:
    """The per-request session, opened on first use and closed at teardown by the app."""
    return get_session()
