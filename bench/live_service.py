"""The real claimtrack service for benchmarks: a fresh SQLite database, ``claimtrack serve``
with embedded processing on a free port, and a small JSON client for its API.

The commands run from this checkout (``PYTHONPATH`` points at it), not from whatever copy of
claimtrack happens to be installed, so a benchmark measures the code next to it.

    with LiveService(workdir) as service:
        service.post("/api/v1/articles", {...})
        claims = service.get_all("/api/v1/claims")
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# ``python -m service.cli`` has no ``__main__`` block: call the click group directly.
CLAIMTRACK = [sys.executable, "-c", "from service.cli import main; main()"]
MAX_PAGE_SIZE = 100


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveService:
    """``claimtrack migrate``, an ingester token and ``claimtrack serve`` on a new database."""

    def __init__(self, workdir: Path, *, start_timeout: float = 120) -> None:
        self.workdir = workdir
        self.start_timeout = start_timeout
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
        self.env.update(
            {
                "CLAIMTRACK_DATABASE_URL": f"sqlite:///{workdir / 'eval.sqlite3'}",
                "CLAIMTRACK_LOG_LEVEL": "WARNING",
                "PYTHONPATH": os.pathsep.join([str(ROOT), self.env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.token = ""
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = workdir / "serve.log"

    def command(self, *args: str) -> str:
        """Run one ``claimtrack`` command to completion; its standard output."""
        done = subprocess.run(
            [*CLAIMTRACK, *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise RuntimeError(f"claimtrack {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def __enter__(self) -> LiveService:
        self.command("migrate")
        self.token = self.command("tokens", "create", "--role", "ingester", "eval").strip().splitlines()[-1]
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [*CLAIMTRACK, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's worker stops with it
        )
        out.close()
        self._wait_ready()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"claimtrack serve exited:\n{tail}")
            with contextlib.suppress(OSError):
                if self.request("GET", "/readyz")[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"claimtrack serve not ready after {self.start_timeout} s")

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A JSON request with the ingester token; ``(status, parsed body)`` for any status."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def get(self, path: str) -> Any:
        status, body = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body}")
        return body

    def post(self, path: str, body: Any) -> Any:
        status, answer = self.request("POST", path, body)
        if status not in (200, 201, 202):
            raise RuntimeError(f"POST {path}: {status} {answer}")
        return answer

    def get_all(self, path: str) -> list[Any]:
        """Every item of a paginated list endpoint (``path`` may carry a query already)."""
        sep = "&" if "?" in path else "?"
        items: list[Any] = []
        page = 1
        while True:
            body = self.get(f"{path}{sep}page={page}&page_size={MAX_PAGE_SIZE}")
            items.extend(body["items"])
            if not body["items"] or page * MAX_PAGE_SIZE >= body["total"]:
                return items
            page += 1

    def wait_processed(self, article_ids: list[int], *, timeout: float = 1800) -> dict[int, str]:
        """Poll each article until every one is ``done`` or ``failed``; id -> status."""
        statuses: dict[int, str] = {}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for article_id in article_ids:
                if statuses.get(article_id) not in ("done", "failed"):
                    statuses[article_id] = self.get(f"/api/v1/articles/{article_id}")["status"]
            if all(s in ("done", "failed") for s in statuses.values()):
                return statuses
            time.sleep(0.5)
        raise RuntimeError(f"articles still processing after {timeout} s: {statuses}")
