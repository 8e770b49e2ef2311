"""The application factory: settings from test_config, no side effects at creation."""

from __future__ import annotations

import threading

from service.app import create_app
from service.config import Settings


def test_test_config_keys_map_onto_settings(db_url):
    app = create_app(
        {
            "DATABASE_URL": db_url,
            "BROKER_URL": None,
            "MAX_CONTENT_LENGTH": 4096,
            "READ_TOKEN_REQUIRED": True,
            "TESTING": True,
        }
    )
    settings = app.config["CLAIMTRACK"]
    assert isinstance(settings, Settings)
    assert settings.database_url == db_url and settings.broker_url is None and settings.embedded
    assert settings.max_content_length == app.config["MAX_CONTENT_LENGTH"] == 4096
    assert settings.read_token_required is True
    assert app.testing is True


def test_settings_come_from_the_environment(monkeypatch, db_url):
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", db_url)
    monkeypatch.setenv("CLAIMTRACK_MAX_CONTENT_LENGTH", "2048")
    app = create_app()
    assert app.config["CLAIMTRACK"].database_url == db_url
    assert app.config["MAX_CONTENT_LENGTH"] == 2048


def test_creating_the_app_starts_no_threads(tmp_path):
    before = threading.active_count()
    create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/never-created.sqlite3", "BROKER_URL": None})
    assert threading.active_count() == before
    assert not (tmp_path / "never-created.sqlite3").exists()  # no connection, no migration
