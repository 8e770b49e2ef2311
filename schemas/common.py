"""Building blocks shared by every schema: safe strings, dates, pagination and problem details."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from marshmallow import fields, types, validate

from schemas.fastdump import Schema

# Largest id a path or query parameter may carry: keeps every database's integer type happy.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100

# NUL is the one character no database stores; lone surrogates are refused in code below.
_SAFE_CHAR = r"[^\x00]"
# ASCII whitespace spelled out: ``\s`` means different things to Python and ECMA regexes.
_SAFE_VISIBLE_CHAR = r"[^ \t\n\r\f\v\x00]"
# The patterns are written so that Python's ``re.match`` and an OpenAPI (ECMA) ``pattern``
# agree, so generated clients and fuzzers know the rule too.
SAFE_TEXT = validate.Regexp(
    re.compile(rf"^{_SAFE_CHAR}*$"), error="Must not contain NUL or invalid characters."
)
NOT_BLANK_TEXT = validate.Regexp(
    re.compile(rf"^{_SAFE_CHAR}*{_SAFE_VISIBLE_CHAR}{_SAFE_CHAR}*$"),
    error="Must not be blank or contain NUL or invalid characters.",
)
HTTP_URL = validate.Regexp(
    re.compile(r"^https?://[^ \t\n\r\f\v\x00]+$"), error="Must be an http(s) URL without spaces."
)


class CleanString(fields.String):
    """A string that every database can store: no NUL characters, no lone surrogates.

    The rule is also a validator with a ``pattern`` (``not_blank=True`` also demands a visible
    character), so the OpenAPI document states it; pass ``pattern`` to use another pattern.
    """

    default_error_messages: types.ErrorMessages = {  # noqa: RUF012
        "nul": "Must not contain NUL characters.",
        "surrogate": "Must be valid Unicode text.",
    }

    def __init__(
        self, *, not_blank: bool = False, pattern: validate.Regexp | None = None, **kwargs: Any
    ) -> None:
        given = kwargs.pop("validate", None)
        validators: list[Any] = (
            [] if given is None else list(given) if isinstance(given, list | tuple) else [given]
        )
        validators.append(pattern or (NOT_BLANK_TEXT if not_blank else SAFE_TEXT))
        super().__init__(validate=validators, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("nul")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise self.make_error("surrogate") from exc
        return text


class IsoDate(fields.Date):
    """An ISO 8601 date (``2020-11-06``); a full ISO timestamp is accepted and cut to its date."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not value:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value).date()
        except ValueError as exc:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from exc


class UtcDateTime(fields.DateTime):
    """Stored naive-UTC timestamps, written with an explicit ``Z``-equivalent offset."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        result = super()._serialize(value, attr, obj, **kwargs)
        return None if result is None else str(result)


def id_field(**kwargs: Any) -> fields.Integer:
    """A positive database id."""
    return fields.Integer(strict=False, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class PageArgsSchema(Schema):
    """``page`` (from 1) and ``page_size`` (1 to 100) query parameters."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


CURSOR_CHARS = 512
COUNTS = ("estimate", "exact")


class ListArgsSchema(PageArgsSchema):
    """Paging of the big lists: ``page`` for the first pages, ``cursor`` (a ``next`` link's) for
    any depth, and ``count=exact`` to have ``total`` counted however many rows match."""

    cursor = CleanString(
        validate=validate.Length(min=1, max=CURSOR_CHARS),
        pattern=validate.Regexp(re.compile(r"^[A-Za-z0-9_-]+$"), error="Not a cursor."),
        metadata={"description": "Continue after the page that handed out this cursor (its `next` link)"},
    )
    count = fields.String(
        load_default="estimate",
        validate=validate.OneOf(COUNTS),
        metadata={
            "description": "`exact`: count every match for `total`; `estimate` (default): exact up to "
            "1,000 matches, an estimate beyond (`total_exact` says which)"
        },
    )


class PageSchema(Schema):
    """The envelope of every list: subclasses add ``items``."""

    page = fields.Integer(
        required=True, allow_none=True, metadata={"description": "null for a page reached by cursor"}
    )
    page_size = fields.Integer(required=True)
    total = fields.Integer(required=True)
    total_exact = fields.Boolean(
        required=True, metadata={"description": "false when `total` is an estimate (ask `count=exact`)"}
    )


class KeysetPageSchema(PageSchema):
    """A page of a list that can be walked by cursor."""

    next = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The URL of the next page (same filters, by cursor); null on the last"},
    )


class ProblemSchema(Schema):
    """An RFC 9457 problem document, served as ``application/problem+json``."""

    type = fields.String(required=True, metadata={"description": "A URI identifying the problem type"})
    title = fields.String(required=True, metadata={"description": "Short summary of the problem type"})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    detail = fields.String(metadata={"description": "What went wrong with this request"})
    errors = fields.Dict(
        metadata={"description": "Validation errors: field (or item index) to messages"},
    )
