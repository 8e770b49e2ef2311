"""One settings object, read from the environment (``CLAIMTRACK_*``) when asked for, never at import.

``pydantic-settings`` does the reading and the type conversion: ``CLAIMTRACK_MAX_ATTEMPTS=3``
becomes an int, ``CLAIMTRACK_READ_TOKEN_REQUIRED=yes`` a bool, and a value that is not of
its field's type stops the command with a message naming the variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "CLAIMTRACK_"


def _default_database_url() -> str:
    return f"sqlite:///{Path.cwd() / 'claimtrack.sqlite3'}"


class Settings(BaseSettings):
    """Everything claimtrack can be configured with; see the README's Configuration table."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, frozen=True, extra="ignore")

    # SQLAlchemy URL. Default: an embedded SQLite file in the working directory.
    database_url: str = Field(default_factory=_default_database_url)
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
    # Log lines as plain text, or one JSON object per line (for log collectors).
    log_format: Literal["text", "json"] = "text"
    # Webhooks: allow receivers on private, loopback, link-local or multicast addresses
    # (refused by default so a subscription cannot reach the service's own network).
    webhook_allow_private: bool = False
    # Seconds to wait for a receiver to accept the connection, and then to answer.
    webhook_connect_timeout_seconds: float = 3.0
    webhook_read_timeout_seconds: float = 10.0
    # First retry delay of a failed delivery; each further retry waits about twice as long.
    webhook_retry_base_seconds: float = 10.0
    # Longest wait between two attempts, and how long a delivery is retried before it is failed.
    webhook_retry_max_seconds: float = 3600.0
    webhook_retry_window_seconds: int = 86_400
    # A delivery claimed by a worker that died is sent again this many seconds after the claim.
    webhook_lease_seconds: int = 60
    # How often due deliveries (retries, missed sends) are swept and sent.
    webhook_sweep_interval_seconds: int = 10

    @model_validator(mode="after")
    def _lease_outlasts_an_attempt(self) -> Settings:
        # A claim that ran out while its sender still waited on the receiver would let a
        # second worker send the same delivery at the same time.
        attempt = self.webhook_connect_timeout_seconds + self.webhook_read_timeout_seconds
        if self.webhook_lease_seconds <= attempt:
            raise ValueError(
                f"CLAIMTRACK_WEBHOOK_LEASE_SECONDS ({self.webhook_lease_seconds}) must be longer than one "
                f"webhook attempt's timeouts ({attempt:g} s: connect plus read)"
            )
        return self

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from the ``CLAIMTRACK_<FIELD>`` environment variables (empty ones count as
        unset); ``overrides`` (field names) win over them."""
        return cls(**overrides)

    @property
    def embedded(self) -> bool:
        """True when no broker is configured: tasks run in-process."""
        return not self.broker_url
