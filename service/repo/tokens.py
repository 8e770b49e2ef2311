"""API bearer tokens: created once in plain text, stored only as a SHA-256 hash.

A token belongs to a ``(name, role)`` pair. Creating a token for a pair that already has one
rotates it: the old token stops working and the new one is returned.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import Session, col, select

from service.models import ApiToken, utcnow
from service.vocabulary import ROLES

# Recording every use would turn each read into a write; once a minute is precise enough.
_LAST_USED_RESOLUTION = timedelta(seconds=60)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


def create_token(session: Session, *, name: str, role: str) -> str:
    """Create (or rotate) the token for ``name`` with ``role``; commit; return it in plain text.

    The plain text is returned once and never stored. Raises ``ValueError`` for an unknown
    role or an empty name.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    name = name.strip()
    if not name:
        raise ValueError("a token needs a name")
    token = secrets.token_urlsafe(32)
    row = session.exec(select(ApiToken).where(ApiToken.name == name, ApiToken.role == role)).first()
    if row is None:
        row = ApiToken(name=name, role=role, token_hash=hash_token(token))
    else:
        row.token_hash = hash_token(token)
        row.created_at = utcnow()
        row.revoked_at = None
        row.last_used_at = None
    session.add(row)
    session.commit()
    return token


def authenticate(session: Session, *, token: str) -> ApiToken | None:
    """The live (not revoked) token row matching ``token``, or None."""
    if not token:
        return None
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > _LAST_USED_RESOLUTION:
        row.last_used_at = now
        session.add(row)
        session.commit()
    return row


def revoke_token(session: Session, *, name: str, role: str | None = None) -> int:
    """Revoke the live tokens called ``name`` (only the one for ``role`` when given); commit.

    Returns how many tokens were revoked.
    """
    query = select(ApiToken).where(ApiToken.name == name, col(ApiToken.revoked_at).is_(None))
    if role is not None:
        query = query.where(ApiToken.role == role)
    rows = list(session.exec(query).all())
    now = utcnow()
    for row in rows:
        row.revoked_at = now
        session.add(row)
    session.commit()
    return len(rows)
