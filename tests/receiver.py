"""A real webhook receiver for the tests: a threaded ``http.server`` on 127.0.0.1.

It records every POST (headers and body), answers with a status the test chooses, can hold
a request for a while before answering (to kill a sender mid-send), and can be stopped and
started again on the same port (a receiver that is down, then back).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.conftest import free_port


@dataclass(frozen=True)
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: str

    @property
    def payload(self) -> Any:
        return json.loads(self.body)

    @property
    def message_id(self) -> str:
        return self.headers["webhook-id"]


class Receiver:
    """Start with ``start()``; ``url`` is where to subscribe; ``received`` is what came in."""

    def __init__(self) -> None:
        self.port = free_port()
        self.status = 200
        self.hold_seconds = 0.0  # how long to hold each request before answering
        self.received: list[Received] = []
        self.arrived = threading.Event()  # set whenever a request has come in (before any hold)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> Receiver:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                owner.arrived.set()
                hold = owner.hold_seconds
                if hold:
                    threading.Event().wait(hold)
                with owner._lock:
                    owner.received.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                self.send_response(owner.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        server.allow_reuse_address = True
        threading.Thread(target=server.serve_forever, name="webhook-receiver", daemon=True).start()
        self._server = server
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def events(self, type_: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.received if type_ is None or r.payload["type"] == type_]


def expected_signature(secret: str, received: Received) -> str:
    """The Standard Webhooks signature recomputed here, independently of claimtrack's code."""
    key = base64.b64decode(secret.split("_", 1)[1])
    message = f"{received.headers['webhook-id']}.{received.headers['webhook-timestamp']}.{received.body}"
    return "v1," + base64.b64encode(hmac.new(key, message.encode(), hashlib.sha256).digest()).decode()
