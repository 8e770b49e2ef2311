"""Serialising with a schema, planned once: the same output as marshmallow's ``Schema.dump``.

A page of conflicts holds hundreds of nested claims; marshmallow looks up every field of
every object through several layers of generic calls, which costs more than the queries
behind the page. ``Schema`` (the base of the wire schemas) plans its dump once per schema
instance: for each field the attribute path to read, and how to turn the value into JSON
data (nested schemas and lists of them planned the same way, leaf fields through their own
``_serialize``, so formats such as dates stay marshmallow's). Fields it does not know
(``Method`` and the like) and schemas with dump hooks go through marshmallow unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import marshmallow as ma
from marshmallow import fields, missing
from marshmallow.utils import ensure_text_type

Convert = Callable[[Any], Any]
Dump = Callable[[Any], dict[str, Any]]

# Set while ``plain_dumps`` runs: every dump goes through marshmallow, for comparison.
_plain: ContextVar[bool] = ContextVar("plain_dumps", default=False)


# Per type: whether its objects have items (asked of the class: asking a model instance goes
# through its ``__getattr__``).
_has_items: dict[type, bool] = {}
# The types seen without items: their values are read by attribute alone, with no more checks.
_attribute_only: set[type] = set()


def _get(obj: Any, key: str) -> Any:
    """``marshmallow.utils._get_value_for_key``: an item if ``obj`` has one, else the attribute."""
    kind = type(obj)
    if kind in _attribute_only:
        return getattr(obj, key, missing)
    if kind is dict:
        if key in obj:
            return obj[key]
        return getattr(obj, key, missing)
    items = _has_items.get(kind)
    if items is None:
        items = _has_items[kind] = hasattr(kind, "__getitem__")
        if not items:
            _attribute_only.add(kind)
    if not items:
        return getattr(obj, key, missing)
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(obj, key, missing)


def _reader(path: tuple[str, ...]) -> Callable[[Any], Any]:
    if len(path) == 1:
        (key,) = path

        def read_one(obj: Any) -> Any:
            if type(obj) in _attribute_only:
                return getattr(obj, key, missing)
            return _get(obj, key)

        return read_one

    if len(path) == 2:  # ``claim.id`` and the like: the common nested read, unrolled
        first, second = path

        def read_two(obj: Any) -> Any:
            obj = getattr(obj, first, missing) if type(obj) in _attribute_only else _get(obj, first)
            return getattr(obj, second, missing) if type(obj) in _attribute_only else _get(obj, second)

        return read_two

    def read_path(obj: Any) -> Any:
        for key in path:
            obj = _get(obj, key)
        return obj

    return read_path


def _converter(field: fields.Field[Any]) -> Convert | None:
    """How a planned field turns a read value into data; None for fields left to marshmallow."""
    if isinstance(field, fields.Nested):
        nested = field.schema
        if not isinstance(nested, Schema):
            return None
        many = bool(nested.many or field.many)
        dump_one = nested.planned_dump()
        if dump_one is None:
            return None
        planned: Dump = dump_one
        if many:
            return lambda value: None if value is None else [planned(each) for each in value]
        return lambda value: None if value is None else planned(value)
    if isinstance(field, fields.List):
        inner = _converter(field.inner)
        if inner is None:
            return None
        convert_inner: Convert = inner
        return lambda value: None if value is None else [convert_inner(each) for each in value]
    if not type(field)._CHECK_ATTRIBUTE:
        return None
    plain = _plain_converter(field)
    if plain is not None:
        return plain
    serialize = field._serialize
    return lambda value: serialize(value, None, None)


def _same(value: Any, kind: type) -> Any:
    return value if value is None or type(value) is kind else kind(value)


def _plain_converter(field: fields.Field[Any]) -> Convert | None:
    """Integers, floats and strings as marshmallow writes them (``int(v)``, ``float(v)``,
    text, None kept), without its calls; None for other fields."""
    method = type(field)._serialize
    if method is fields.String._serialize:
        return lambda value: value if value is None or type(value) is str else ensure_text_type(value)
    if method is fields.Number._serialize and not getattr(field, "as_string", False):
        number = type(field)
        kind = getattr(number, "num_type", None)
        if getattr(number, "_format_num", None) is fields.Number._format_num and kind in (int, float):
            return lambda value: _same(value, kind)
    return None


def plan_dump(schema: Schema) -> Dump | None:
    """The schema's planned dump of one object, or None when marshmallow must do it."""
    if schema._hooks[ma.decorators.PRE_DUMP] or schema._hooks[ma.decorators.POST_DUMP]:
        return None
    steps: list[tuple[str, Callable[[Any], Any], Convert, Any]] = []
    for name, field in schema.dump_fields.items():
        convert = _converter(field)
        if convert is None:
            return None
        key = field.data_key if field.data_key is not None else name
        path = tuple((field.attribute or name).split("."))
        steps.append((key, _reader(path), convert, field.dump_default))

    def dump(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, read, convert, default in steps:
            value = read(obj)
            if value is missing:
                if default is missing:
                    continue
                value = default() if callable(default) else default
            out[key] = convert(value)
        return out

    return dump


class Schema(ma.Schema):
    """A marshmallow schema whose ``dump`` runs a plan made once per instance (same output)."""

    _planned: Dump | None
    _plan_made = False

    def planned_dump(self) -> Dump | None:
        """This instance's plan, made on first use (None: marshmallow dumps it)."""
        if not self._plan_made:
            self._planned = plan_dump(self)
            self._plan_made = True
        return self._planned

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        planned = None if _plain.get() else self.planned_dump()
        if planned is None:
            return super().dump(obj, many=many)
        if self.many if many is None else many:
            return [planned(each) for each in obj]
        return planned(obj)


@contextmanager
def plain_dumps() -> Iterator[None]:
    """Within the block, schemas dump through marshmallow alone (to compare outputs)."""
    token = _plain.set(True)
    try:
        yield
    finally:
        _plain.reset(token)
