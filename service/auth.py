"""Bearer-token authorisation: which role may do what, and the decorator that enforces it.

Writes always need a token whose role allows the action; reads are open unless
``Settings.read_token_required`` is set, in which case any live token will do.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from functools import wraps
from typing import Any, TypeVar, cast

from flask import g, request
from flask_smorest import abort

from service.models import ApiToken
from service.repo.tokens import authenticate
from service.vocabulary import ROLES
from service.web import get_session, get_settings

ACTIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "ingest": frozenset({"ingester", "admin"}),
    "review": frozenset({"reviewer", "admin"}),
    "reingest": frozenset({"admin"}),
    "admin": frozenset({"admin"}),
}

SECURITY_SCHEME_NAME = "bearerAuth"
SECURITY_SCHEME: dict[str, Any] = {
    "type": "http",
    "scheme": "bearer",
    "description": (
        "A token created with `claimtrack tokens create --role ROLE NAME`. Roles: reader (read), "
        "ingester (submit articles), reviewer (record reviews), admin (everything, including "
        "reingest and deleting articles)."
    ),
}
_REALM = 'Bearer realm="claimtrack"'

F = TypeVar("F", bound=Callable[..., Any])


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if there is one."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_token() -> ApiToken | None:
    """The token the current request was authorised with (None for open reads)."""
    token: ApiToken | None = g.get("api_token")
    return token


def actor_name() -> str | None:
    """The name of the token behind this request, if any (who reviews, who starts a job)."""
    token = current_token()
    return token.name if token is not None else None


def authorize(action: str) -> ApiToken | None:
    """Check the request may perform ``action``; abort with 401 or 403 otherwise."""
    allowed = ACTIONS[action]
    if action == "read" and not get_settings().read_token_required:
        return None
    token = bearer_token()
    if token is None:
        abort(401, message="This request needs a bearer token.", headers={"WWW-Authenticate": _REALM})
    row = authenticate(get_session(), token=cast(str, token))
    if row is None:
        abort(
            401,
            message="The bearer token is not valid.",
            headers={"WWW-Authenticate": f'{_REALM}, error="invalid_token"'},
        )
    assert row is not None
    if row.role not in allowed:
        abort(403, message=f"The {row.role} role may not do this.")
    g.api_token = row
    return row


def requires(action: str) -> Callable[[F], F]:
    """Decorate a view so it runs only for a token allowed to perform ``action``.

    The view's OpenAPI operation gets the bearer security requirement and its 401 and 403
    responses (reads list the requirement as optional).
    """

    def decorator(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            authorize(action)
            return func(*args, **kwargs)

        doc: dict[str, Any] = deepcopy(getattr(wrapper, "_apidoc", {}))
        security: list[dict[str, list[str]]] = [{SECURITY_SCHEME_NAME: []}]
        if action == "read":
            security = [{}, {SECURITY_SCHEME_NAME: []}]
        doc.setdefault("manual_doc", {})["security"] = security
        responses = doc.setdefault("response", {}).setdefault("responses", {})
        responses.setdefault(401, []).append("UNAUTHORIZED")
        if action != "read":
            responses.setdefault(403, []).append("FORBIDDEN")
        wrapper._apidoc = doc  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorator
