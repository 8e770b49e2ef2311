"""Every error as an RFC 9457 problem document (``application/problem+json``).

HTTP errors keep their status and headers (``Allow`` on 405, ``WWW-Authenticate`` on 401);
validation errors carry an ``errors`` map; unexpected errors are logged and answered with a
generic 500 that never repeats the exception's text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, json
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# Locations webargs files validation errors under; the client only needs the fields.
_LOCATIONS = {"json", "query", "querystring", "view_args", "path", "headers", "form", "files", "cookies"}
_DETAILS = {
    400: "The request could not be read.",
    422: "The request did not validate; see errors.",
    500: "An unexpected error occurred. It has been logged.",
}


def problem(
    status: int,
    *,
    detail: str | None = None,
    errors: Mapping[str, Any] | None = None,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response:
    """A problem+json response for ``status``; ``extensions`` adds members (RFC 9457 §3.2)."""
    payload: dict[str, Any] = {
        "type": "about:blank",
        "title": title or _phrase(status),
        "status": status,
        "detail": detail or _DETAILS.get(status) or _phrase(status),
    }
    if errors:
        payload["errors"] = dict(errors)
    for name, value in (extensions or {}).items():
        payload.setdefault(name, value)
    response = Response(json.dumps(payload), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _flatten(messages: Any) -> dict[str, Any]:
    """Drop webargs' location level: ``{"json": {"title": [...]}}`` becomes ``{"title": [...]}``."""
    if not isinstance(messages, Mapping):
        return {"_schema": messages}
    flat: dict[str, Any] = {}
    for key, value in messages.items():
        if key in _LOCATIONS and isinstance(value, Mapping):
            flat.update({str(k): v for k, v in value.items()})
        elif key in _LOCATIONS:
            flat["_schema"] = value
        else:
            flat[str(key)] = value
    return flat


def _detail_from(messages: dict[str, Any]) -> str | None:
    """A single top-level message (e.g. "Invalid JSON body.") makes a good detail."""
    only = messages.get("_schema")
    if len(messages) == 1 and isinstance(only, list) and len(only) == 1 and isinstance(only[0], str):
        return only[0]
    return None


def handle_http_exception(error: HTTPException) -> Response:
    """Render any HTTP error (including webargs' 400/422) as problem+json."""
    status = error.code or 500
    if isinstance(error, InternalServerError) or status == 500:
        original = getattr(error, "original_exception", None)
        if original is not None:
            log.error("unhandled error", exc_info=original)
        return problem(500)
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    data = getattr(error, "data", None) or {}
    headers.update(data.get("headers") or {})
    errors: dict[str, Any] | None = None
    detail: str | None = data.get("message") or data.get("detail")
    messages = data.get("errors", data.get("messages"))
    if messages is not None:
        errors = _flatten(messages)
        detail = detail or _detail_from(errors)
        if detail is not None and errors == {"_schema": [detail]}:
            errors = None
    if detail is None and status not in _DETAILS and error.description:
        detail = error.description
    return problem(status, detail=detail, errors=errors, headers=headers)


def handle_database_unavailable(error: OperationalError) -> Response:
    """The database refused or dropped the connection: a retryable 503, not a 500."""
    log.error("database unavailable", exc_info=error)
    return problem(503, detail="The database is not available; retry shortly.", headers={"Retry-After": "5"})


def init_app(app: Flask) -> None:
    """Route every error through the problem+json handlers."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(OperationalError, handle_database_unavailable)
