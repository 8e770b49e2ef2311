"""Webhooks on the wire: subscriptions (the secret shown once, at creation) and deliveries."""

from __future__ import annotations

import json
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import HTTP_URL, CleanString, PageArgsSchema, PageSchema, UtcDateTime, id_field
from schemas.fastdump import Schema
from service.vocabulary import CONFLICT_KINDS, DELIVERY_STATUSES, NAME_CHARS, URL_CHARS, WEBHOOK_EVENTS


class WebhookInSchema(Schema):
    """A receiver URL, the events it wants, and optional filters."""

    url = CleanString(
        required=True,
        pattern=HTTP_URL,
        validate=validate.Length(max=URL_CHARS),
        metadata={"description": "http(s) URL of the receiver; see the URL policy in docs/api.md"},
    )
    events = fields.List(
        fields.String(validate=validate.OneOf(WEBHOOK_EVENTS)),
        required=True,
        validate=validate.Length(min=1, max=len(WEBHOOK_EVENTS)),
    )
    topic_id = id_field(allow_none=True, metadata={"description": "Only events touching this topic"})
    source_id = id_field(allow_none=True, metadata={"description": "Only events touching this source"})
    conflict_kind = fields.String(
        allow_none=True,
        validate=validate.OneOf(CONFLICT_KINDS),
        metadata={"description": "Only conflicts of this kind (narrows conflict events only)"},
    )
    description = CleanString(allow_none=True, validate=validate.Length(max=NAME_CHARS))

    @ma.post_load
    def _unique_events(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["events"] = list(dict.fromkeys(data["events"]))
        return data


class WebhookSchema(Schema):
    """A subscription (its secret is not shown again)."""

    id = fields.Integer(required=True)
    url = fields.String(required=True)
    events = fields.List(fields.String(metadata={"enum": list(WEBHOOK_EVENTS)}), required=True)
    topic_id = fields.Integer(allow_none=True)
    source_id = fields.Integer(allow_none=True)
    conflict_kind = fields.String(allow_none=True, metadata={"enum": list(CONFLICT_KINDS)})
    description = fields.String(allow_none=True)
    created_by = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)


class WebhookCreatedSchema(WebhookSchema):
    """A new subscription, with the signing secret: shown this once only."""

    secret = fields.String(
        required=True,
        metadata={"description": "`whsec_` + base64 key for the Standard Webhooks signature; shown once"},
    )


class WebhookPageSchema(PageSchema):
    """Subscriptions, oldest first."""

    items = fields.List(fields.Nested(WebhookSchema), required=True)


class DeliveryArgsSchema(PageArgsSchema):
    """Paging, and an optional status filter."""

    status = fields.String(validate=validate.OneOf(DELIVERY_STATUSES))


class DeliverySchema(Schema):
    """One event sent (or to be sent) to one subscription, and how its attempts went."""

    id = fields.Integer(required=True)
    subscription_id = fields.Integer(required=True)
    message_id = fields.String(required=True, metadata={"description": "The `webhook-id` header"})
    event = fields.String(required=True, metadata={"enum": list(WEBHOOK_EVENTS)})
    status = fields.String(required=True, metadata={"enum": list(DELIVERY_STATUSES)})
    attempts = fields.Integer(required=True)
    next_attempt_at = UtcDateTime(allow_none=True)
    last_attempt_at = UtcDateTime(allow_none=True)
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    delivered_at = UtcDateTime(allow_none=True)
    payload = fields.Method("_payload", metadata={"description": "The body sent, as JSON"})

    def _payload(self, delivery: Any) -> Any:
        return json.loads(delivery.body)


class DeliveryPageSchema(PageSchema):
    """A subscription's deliveries, newest first."""

    items = fields.List(fields.Nested(DeliverySchema), required=True)
