"""``/api/v1/webhooks``: subscribing receivers to events (admin), and their deliveries.

The URL policy (``service.webhooks.check_url``) is applied here and again before every
attempt; a refused URL is a 422 naming the reason.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from schemas.common import PageArgsSchema
from schemas.webhooks import (
    DeliveryArgsSchema,
    DeliveryPageSchema,
    WebhookCreatedSchema,
    WebhookInSchema,
    WebhookPageSchema,
    WebhookSchema,
)
from service.api.common import JSON, accepts, check_id, not_found, page_of, with_not_found
from service.auth import actor_name, requires
from service.models import Source, Topic, WebhookSubscription
from service.repo.webhooks import (
    create_subscription,
    delete_subscription,
    get_subscription,
    list_deliveries,
    list_subscriptions,
)
from service.web import get_session, get_settings
from service.webhooks import UrlRefused, check_url, new_secret

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/webhooks",
    description="Signed event notifications to receivers (admin)",
)


def _refuse(field: str, message: str) -> None:
    abort(422, message=message, errors={field: [message]})


def _check(data: dict[str, Any]) -> None:
    """422 for a URL the policy refuses, or a topic or source filter that names nothing."""
    try:
        check_url(data["url"], allow_private=get_settings().webhook_allow_private)
    except UrlRefused as exc:
        _refuse("url", str(exc))
    session = get_session()
    for field, table, what in (("topic_id", Topic, "topic"), ("source_id", Source, "source")):
        ident = data.get(field)
        if ident is not None and session.get(table, ident) is None:
            _refuse(field, f"There is no {what} with id {ident}.")


def _subscription(subscription_id: int) -> WebhookSubscription:
    found = get_subscription(get_session(), subscription_id=check_id("webhook", subscription_id))
    if found is None:
        not_found("webhook", subscription_id)
    return found


@blp.route("")
class Webhooks(MethodView):
    """Webhook subscriptions."""

    @blp.response(200, WebhookPageSchema)
    @requires("admin")
    @blp.arguments(PageArgsSchema, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every subscription, oldest first (admin)."""
        page, page_size = args["page"], args["page_size"]
        items, total = list_subscriptions(get_session(), page=page, page_size=page_size)
        return page_of(items, total=total, page=page, page_size=page_size)

    @blp.response(201, WebhookCreatedSchema, description="The subscription, with its secret (shown once)")
    @requires("admin")
    @accepts(JSON)
    @blp.arguments(WebhookInSchema)
    def post(self, data: dict[str, Any]) -> WebhookSubscription:
        """Subscribe a receiver URL to events (admin).

        Events: `conflict.created`, `conflict.reviewed`, `claim.reviewed`, `article.done`,
        `article.failed`; optionally only those touching `topic_id` or `source_id`, or
        conflicts of `conflict_kind`. Each delivery is a signed POST (Standard Webhooks
        headers `webhook-id`, `webhook-timestamp`, `webhook-signature`), retried with backoff
        for a day. A URL that is not http(s), carries credentials, or resolves to a private,
        loopback, link-local or multicast address is refused with 422.
        """
        _check(data)
        values = {**data, "secret": new_secret(), "created_by": actor_name()}
        return create_subscription(get_session(), values=values)


@blp.route("/<int:subscription_id>")
class WebhookItem(MethodView):
    """One subscription."""

    @blp.response(200, WebhookSchema)
    @with_not_found
    @requires("admin")
    def get(self, subscription_id: int) -> WebhookSubscription:
        """A subscription, without its secret (admin)."""
        return _subscription(subscription_id)

    @blp.response(204, description="Unsubscribed; its pending deliveries will not be sent")
    @with_not_found
    @requires("admin")
    def delete(self, subscription_id: int) -> None:
        """Remove a subscription and its deliveries (admin)."""
        if not delete_subscription(get_session(), subscription_id=check_id("webhook", subscription_id)):
            not_found("webhook", subscription_id)


@blp.route("/<int:subscription_id>/deliveries")
class WebhookDeliveries(MethodView):
    """A subscription's deliveries."""

    @blp.response(200, DeliveryPageSchema)
    @with_not_found
    @requires("admin")
    @blp.arguments(DeliveryArgsSchema, location="query")
    def get(self, args: dict[str, Any], subscription_id: int) -> dict[str, Any]:
        """Deliveries newest first, with status (`pending`, `delivered`, `failed`), attempts,
        next attempt, last status code and last error (admin)."""
        _subscription(subscription_id)  # 404 for an unknown subscription
        page, page_size = args["page"], args["page_size"]
        items, total = list_deliveries(
            get_session(),
            subscription_id=subscription_id,
            page=page,
            page_size=page_size,
            status=args.get("status"),
        )
        return page_of(items, total=total, page=page, page_size=page_size)
