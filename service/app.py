"""The Flask application factory: settings, database sessions, errors, API, dashboard."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service import errors, web
from service.config import Settings
from service.logs import configure_logging

_SETTING_NAMES = set(Settings.model_fields)


def load_settings(test_config: dict[str, Any] | None) -> tuple[Settings, dict[str, Any]]:
    """Settings from the environment, with ``test_config`` keys naming Settings fields
    (``DATABASE_URL`` → ``database_url``) overriding them; other keys are Flask config."""
    overrides: dict[str, Any] = {}
    flask_config: dict[str, Any] = {}
    for key, value in (test_config or {}).items():
        name = key.lower()
        if name in _SETTING_NAMES:
            overrides[name] = value
        else:
            flask_config[key] = value
    return Settings.from_env(**overrides), flask_config


def register_blueprints(app: Flask) -> None:
    """Mount the REST API, then the verification dashboard (pages and its review APIs)."""
    from service import dashboard
    from service.api import init_api

    init_api(app)
    dashboard.init_app(app)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Runs no migrations and starts no threads: processing starts on first enqueue."""
    settings, flask_config = load_settings(test_config)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_content_length,
    )
    if isinstance(app.json, DefaultJSONProvider):
        app.json.sort_keys = False  # keep fields in schema order: easier to read
    app.config.update(flask_config)
    configure_logging(settings)
    web.init_app(app, settings)
    register_blueprints(app)
    errors.init_app(app)
    return app
