"""Liveness and readiness answers."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields


class HealthSchema(ma.Schema):
    """``status`` is ``ok`` when the check passed; ``checks`` names what was checked."""

    status = fields.String(required=True)
    checks = fields.Dict(keys=fields.String(), values=fields.String())
