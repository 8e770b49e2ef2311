"""``GET /healthz`` (the process answers) and ``GET /readyz`` (database and broker reachable)."""

from __future__ import annotations

import logging
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from schemas.health import HealthSchema
from service.db import get_engine
from service.errors import problem
from service.web import get_settings

log = logging.getLogger(__name__)

blp = Blueprint("health", __name__, description="Liveness and readiness probes")


def database_ready(database_url: str) -> bool:
    """True when ``SELECT 1`` succeeds.

    A server database is probed on its own short-lived connection with a 3-second connect
    timeout, so an unreachable host fails the probe quickly instead of hanging it.
    """
    server = not database_url.startswith("sqlite")
    engine = (
        create_engine(database_url, poolclass=NullPool, connect_args={"connect_timeout": 3})
        if server
        else get_engine(database_url)
    )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        log.warning("readiness: database not reachable", exc_info=True)
        return False
    finally:
        if server:
            engine.dispose()
    return True


def broker_ready(broker_url: str) -> bool:
    """True when the broker accepts a connection within two seconds."""
    from kombu import Connection

    try:
        with Connection(broker_url, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        log.warning("readiness: broker not reachable", exc_info=True)
        return False
    return True


@blp.route("/healthz")
class Liveness(MethodView):
    """The process is up and serving requests."""

    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """Liveness: answers 200 whenever the process serves requests."""
        return {"status": "ok", "checks": {}}


@blp.route("/readyz")
class Readiness(MethodView):
    """The service can do its work: database and (when configured) broker reachable."""

    @blp.response(200, HealthSchema)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self) -> Any:
        """Readiness: 200 when the database (and the broker, when configured) answer, else 503."""
        settings = get_settings()
        checks = {"database": "ok" if database_ready(settings.database_url) else "unreachable"}
        if settings.broker_url:
            checks["broker"] = "ok" if broker_ready(settings.broker_url) else "unreachable"
        failing = sorted(name for name, state in checks.items() if state != "ok")
        if failing:
            return problem(
                503, detail=f"Not ready: {', '.join(failing)} unreachable.", extensions={"checks": checks}
            )
        return {"status": "ok", "checks": checks}
