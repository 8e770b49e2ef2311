"""Helpers the API blueprints share: content-type checks, 404s, page envelopes, docs."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from copy import deepcopy
from functools import wraps
from http import HTTPStatus
from typing import Any, NoReturn, TypeVar, cast
from urllib.parse import urlencode

from flask import request
from flask_smorest import abort

from schemas.common import MAX_ID
from service.repo.paging import InvalidCursor, Total

JSON = "application/json"
NDJSON = ("application/x-ndjson", "application/jsonl", "application/json-lines")

F = TypeVar("F", bound=Callable[..., Any])


def _document(func: Any, *statuses: int) -> None:
    """Add the standard error responses for ``statuses`` to a view's OpenAPI operation."""
    doc: dict[str, Any] = deepcopy(getattr(func, "_apidoc", {}))
    responses = doc.setdefault("response", {}).setdefault("responses", {})
    for status in statuses:
        responses.setdefault(status, []).append(HTTPStatus(status).name)
    func._apidoc = doc


def body_text() -> str:
    """The request body as text; 400 when it is not UTF-8 (413 comes from Flask's size limit)."""
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        abort(400, message="The body is not valid UTF-8.")
        raise


def parse_json(text: str, *, what: str = "The body") -> Any:
    """``json.loads`` that answers 400 for anything unreadable: bad syntax, numbers too long
    to convert, nesting too deep for the parser."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        abort(400, message=f"{what} is not valid JSON.")
        raise


def accepts(*mimetypes: str, allow_empty: bool = False) -> Callable[[F], F]:
    """Reject a request body of any other media type with 415 (an empty body passes if allowed).

    A JSON body is also checked to be readable here, so what reaches the schema is valid JSON.
    """

    def decorator(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            empty = not request.content_length and not request.headers.get("Transfer-Encoding")
            if not (allow_empty and empty) and request.mimetype not in mimetypes:
                abort(
                    415,
                    message=f"Send the body as {' or '.join(mimetypes)}.",
                    headers={"Accept-Post": ", ".join(mimetypes)},
                )
            if not empty and request.mimetype == JSON:
                parse_json(body_text())
            return func(*args, **kwargs)

        _document(wrapper, 400, 413, 415)
        return cast(F, wrapper)

    return decorator


def with_not_found(func: F) -> F:
    """Document the 404 a view answers for an unknown id."""
    _document(func, 404)
    return func


def not_found(what: str, ident: int) -> NoReturn:
    """Abort with a 404 naming what was not found."""
    abort(404, message=f"There is no {what} with id {ident}.")
    raise AssertionError("unreachable")


def check_id(what: str, ident: int) -> int:
    """A path id, or a 404 when it is beyond any id the database can hold."""
    if ident > MAX_ID:
        not_found(what, ident)
    return ident


def page_of(
    items: Sequence[Any], *, total: int | Total, page: int | None, page_size: int
) -> dict[str, Any]:
    """The list envelope: ``{"items", "page", "page_size", "total", "total_exact"}``."""
    counted = total if isinstance(total, Total) else Total(total, True)
    return {
        "items": list(items),
        "page": page,
        "page_size": page_size,
        "total": counted.value,
        "total_exact": counted.exact,
    }


def paging_args(args: dict[str, Any]) -> dict[str, Any]:
    """Take the paging arguments (``page``, ``page_size``, ``cursor``, ``count``) out of ``args``."""
    return {k: args.pop(k) for k in ("page", "page_size", "cursor", "count") if k in args}


def keyset_page_of(
    items: Sequence[Any], *, total: Total, args: dict[str, Any], next_cursor: str | None
) -> dict[str, Any]:
    """The envelope of a list walked by cursor: ``page_of`` plus ``next``, the URL of the
    following page (the request's own query with ``cursor`` in place of ``page``)."""
    page = None if args.get("cursor") else args["page"]
    envelope = page_of(items, total=total, page=page, page_size=args["page_size"])
    envelope["next"] = None
    if next_cursor is not None:
        query = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "cursor")]
        envelope["next"] = f"{request.path}?{urlencode([*query, ('cursor', next_cursor)])}"
    return envelope


def bad_cursor() -> NoReturn:
    """Answer 422 for a ``cursor`` this list did not hand out."""
    abort(422, errors={"cursor": ["Not a cursor of this list; follow a `next` link."]})
    raise AssertionError("unreachable")


def keyset_list(paging: dict[str, Any], fetch: Callable[..., Any], *, items: str) -> dict[str, Any]:
    """Run a keyset-paged list query and answer its envelope (``keyset_page_of``).

    ``paging`` is what ``paging_args`` took out of the query; ``fetch`` is called with
    ``page``, ``page_size``, ``cursor`` and ``exact_total`` and returns a page whose
    ``items`` attribute holds the rows, with ``total`` and ``next_cursor``. A cursor this
    list did not hand out answers 422.
    """
    try:
        result = fetch(
            page=paging["page"],
            page_size=paging["page_size"],
            cursor=paging.get("cursor"),
            exact_total=paging["count"] == "exact",
        )
    except InvalidCursor:
        bad_cursor()
    return keyset_page_of(
        getattr(result, items), total=result.total, args=paging, next_cursor=result.next_cursor
    )
