"""Liveness and readiness answers."""

from __future__ import annotations

from marshmallow import fields

from schemas.fastdump import Schema


class HealthSchema(Schema):
    """``status`` is ``ok`` when the check passed; ``checks`` names what was checked."""

    status = fields.String(required=True)
    checks = fields.Dict(keys=fields.String(), values=fields.String())
