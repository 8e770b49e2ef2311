"""One settings object, read from the environment (``CLAIMTRACK_*``) when asked for, never at import."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything claimtrack can be configured with; see the README's Configuration table."""

    # SQLAlchemy URL. Default: an embedded SQLite file in the working directory.
    database_url: str = field(default_factory=lambda: f"sqlite:///{Path.cwd() / 'claimtrack.sqlite3'}")
    # Celery broker URL (e.g. redis://localhost:6379/0). Unset: tasks run in-process.
    broker_url: str | None = None
    # Largest request body accepted, in bytes.
    max_content_length: int = 8 * 1024 * 1024
    # When true, reads need a bearer token too (any role).
    read_token_required: bool = False
    # Flask session signing key for the dashboard; set it in production.
    secret_key: str = "claimtrack-dev-secret-change-me"
    # Articles left queued/processing longer than this are re-sent by the sweeper.
    stuck_after_seconds: int = 300
    # How often the sweeper runs (worker beat, or the embedded runner's loop).
    sweep_interval_seconds: int = 60
    # An article tried this many times (retries and re-sends) is marked failed by the sweeper.
    max_attempts: int = 8
    # `claimtrack serve` (embedded WSGI server): threads serving requests.
    serve_threads: int = 8
    # Embedded mode: how many in-process threads process articles.
    embedded_workers: int = 1
    # Logging level for the service and workers.
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``CLAIMTRACK_<FIELD>`` variables; ``overrides`` win over both."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"CLAIMTRACK_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            kind = str(f.type)
            if "bool" in kind:
                values[f.name] = _bool(raw)
            elif "int" in kind:
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        values.update(overrides)
        return cls(**values)

    @property
    def embedded(self) -> bool:
        """True when no broker is configured: tasks run in-process."""
        return not self.broker_url
