"""One end-to-end ingest run for ``bench/bench_ingest.py``: a fresh PostgreSQL database, the API
under gunicorn as the production image runs it, ``claimtrack worker --concurrency N``, and a
client posting articles one by one through ``POST /api/v1/articles``.

While the articles are processed a sampler reads, twice a second, the backends waiting on a
lock (``pg_stat_activity.wait_event_type = 'Lock'``), the locks not granted (``pg_locks``) and
the load average; the worker's log gives Celery retries and ``busy`` outcomes (an article
another worker holds). CPU time is read from the worker processes themselves, before and
after, so it is the workers' own whatever else runs on the machine.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from bench.procstats import children, cpu_seconds, rss_mb
from service.migrate import upgrade
from tests.servers import BIN, PostgresServer, Process, claimtrack_env, free_port, wait_for

# The API as the production image runs it (Dockerfile CMD).
GUNICORN = ["--workers", "2", "--worker-class", "gthread", "--threads", "8", "--timeout", "120",
            "--no-control-socket", "service.app:create_app()"]  # fmt: skip
# A body with no attribution: loads the extractor in a worker child without making topics.
WARM_UP = "Markets were quiet on Tuesday. Trading volumes were low across the region."


@dataclass
class Sampler:
    """Lock waits and load average, sampled in a thread while a run is under way."""

    dsn: str
    interval: float = 0.5
    lock_waiting: list[int] = field(default_factory=list)
    not_granted: dict[str, int] = field(default_factory=dict)
    waiting_queries: dict[str, int] = field(default_factory=dict)
    samples_not_granted: list[int] = field(default_factory=list)
    load: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _loop(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self._stop.is_set():
                queries = conn.execute(
                    "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 60) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                ).fetchall()
                for (query,) in queries:
                    self.waiting_queries[query] = self.waiting_queries.get(query, 0) + 1
                rows = conn.execute("SELECT locktype, count(*) FROM pg_locks WHERE NOT granted GROUP BY 1")
                kinds: dict[str, int] = dict(rows.fetchall())
                self.lock_waiting.append(len(queries))
                self.samples_not_granted.append(sum(kinds.values()))
                for kind, count in kinds.items():
                    self.not_granted[kind] = self.not_granted.get(kind, 0) + int(count)
                self.load.append(os.getloadavg()[0])
                self._stop.wait(self.interval)

    def __enter__(self) -> Sampler:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def summary(self) -> dict[str, Any]:
        """How often and how many backends waited on a lock, and the load while sampling."""
        return {
            "samples": len(self.lock_waiting),
            "samples_with_lock_wait": sum(1 for n in self.lock_waiting if n),
            "max_backends_waiting_on_lock": max(self.lock_waiting, default=0),
            "samples_with_ungranted_locks": sum(1 for n in self.samples_not_granted if n),
            "ungranted_locks_by_type": self.not_granted,
            "statements_waiting_on_a_lock": self.waiting_queries,
            "load_1m_during": _spread(self.load),
        }


def _spread(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"median": None, "spread": None}
    spread = [round(min(values), 2), round(max(values), 2)]
    return {"median": round(statistics.median(values), 2), "spread": spread}


class Client:
    """A keep-alive JSON client for the API, with an ingester token."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.token = token

    def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST (or, without a body, GET) ``path``; the JSON answer, an error for any other status."""
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        method, data = ("POST", json.dumps(body)) if body is not None else ("GET", None)
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                answer = json.loads(response.read() or b"null")
                break
            except (OSError, http.client.HTTPException):
                # Refused, or a keep-alive connection the server closed while idle: start afresh
                # (posting an article twice is harmless, the API deduplicates by content).
                self.conn.close()
                if attempt == 2:
                    raise
        if response.status not in (200, 202):
            raise RuntimeError(f"{method} {path}: {response.status} {answer}")
        return dict(answer)


def _finished(dsn: str, ids: list[int]) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT count(*) FROM article WHERE id = ANY(%s) AND status IN ('done', 'failed')", (ids,)
        ).fetchone()
    return int(row[0]) if row else 0


def _store(dsn: str, ids: list[int]) -> dict[str, int]:
    """What the run left in the database: articles done, claims, topics, conflicts."""
    queries = {
        "done": "SELECT count(*) FROM article WHERE status = 'done' AND id = ANY(%(ids)s)",
        "claims": "SELECT count(*) FROM claim",
        "topics": "SELECT count(*) FROM topic WHERE merged_into_id IS NULL",
        "topics_merged": "SELECT count(*) FROM topic WHERE merged_into_id IS NOT NULL",
        # The same label twice among live topics: a topic made while an equal one was invisible.
        "topics_with_a_twin_label": "SELECT count(*) - count(DISTINCT label) FROM topic "
        "WHERE merged_into_id IS NULL",
        "conflicts": "SELECT count(*) FROM conflict",
        # Claims in a topic minus the topics' stored counts: above 0 when an update was lost.
        "topic_claim_count_drift": "SELECT (SELECT count(*) FROM claim WHERE topic_id IS NOT NULL) - "
        "(SELECT coalesce(sum(claim_count), 0) FROM topic WHERE merged_into_id IS NULL)",
    }
    with psycopg.connect(dsn) as conn:
        return {name: int(conn.execute(sql, {"ids": ids}).fetchone()[0]) for name, sql in queries.items()}  # type: ignore[index]


def memory(worker: Process, api: Process) -> dict[str, Any]:
    """Resident memory (MB) of each worker pool child and each API (gunicorn) worker."""
    assert worker.proc is not None and api.proc is not None
    return {
        "worker_children_mb": [round(rss_mb(p), 1) for p in children(worker.proc.pid)],
        "worker_parent_mb": round(rss_mb(worker.proc.pid), 1),
        "api_workers_mb": [round(rss_mb(p), 1) for p in children(api.proc.pid)],
        "api_master_mb": round(rss_mb(api.proc.pid), 1),
    }


def _cpu(proc: Process) -> dict[int, float]:
    assert proc.proc is not None
    return {p: cpu_seconds(p) for p in [proc.proc.pid, *children(proc.proc.pid)]}


def ingest(
    server: PostgresServer,
    broker_url: str,
    articles: list[dict[str, Any]],
    *,
    workers: int,
    workdir: Path,
    checkpoints: tuple[int, ...] = (),
) -> dict[str, Any]:
    """Post ``articles`` through the API to ``workers`` pool processes and time them to ``done``.

    Out: wall seconds, articles/s, words/s, worker CPU per article, lock waits, retries and
    ``busy`` outcomes, the rows left, and resident memory after warm-up and at each checkpoint
    (articles finished).
    """
    url = server.create_database()
    upgrade(url)
    dsn = url.replace("+psycopg", "")
    env = claimtrack_env(database_url=url, broker_url=broker_url, log_level="INFO", stuck_after_seconds=3600)
    token = subprocess.run(
        [str(BIN / "claimtrack"), "tokens", "create", "--role", "ingester", "bench"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    port = free_port()
    tag = f"w{workers}-{time.monotonic_ns()}"
    serve = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", *GUNICORN]
    api = Process(serve, env, workdir / f"api-{tag}.log")
    log = workdir / f"worker-{tag}.log"
    work = [str(BIN / "claimtrack"), "worker", "--concurrency", str(workers), "--no-beat"]
    worker = Process(work, env, log)
    api.start()
    worker.start()
    try:
        client = Client(port, token)
        wait_for(lambda: client.post("/readyz"), timeout=120, what="the API")
        wait_for(lambda: "ready" in log.read_text(errors="replace"), timeout=120, what="the worker")
        warm = [
            client.post("/api/v1/articles", {"title": f"warm-up {i}", "body": WARM_UP})["id"]
            for i in range(workers)
        ]
        wait_for(lambda: _finished(dsn, warm) == len(warm), timeout=300, what="warm-up")
        result: dict[str, Any] = {"workers": workers, "articles": len(articles), "memory": {}}
        result["memory"]["after_warm_up"] = memory(worker, api)
        words = sum(len(a["body"].split()) for a in articles)
        cpu_before = _cpu(worker)
        with Sampler(dsn) as sampler:
            started = time.perf_counter()
            ids = [client.post("/api/v1/articles", a)["id"] for a in articles]
            posted = time.perf_counter()
            pending = sorted(c for c in checkpoints if c <= len(ids))
            while (done := _finished(dsn, ids)) < len(ids):
                while pending and done >= pending[0]:
                    result["memory"][f"after_{pending.pop(0)}"] = memory(worker, api)
                time.sleep(0.25)
            seconds = time.perf_counter() - started
        for checkpoint in pending:
            result["memory"][f"after_{checkpoint}"] = memory(worker, api)
        cpu_after = _cpu(worker)
        cpu = sum(cpu_after.get(p, 0.0) - cpu_before.get(p, 0.0) for p in cpu_after)
        pool = {p: round(cpu_after[p] - cpu_before.get(p, 0.0), 2) for p in children(worker.proc.pid)}  # type: ignore[union-attr]
    finally:
        worker.stop()
        api.stop()
    text = log.read_text(errors="replace")
    result.update(
        {
            "words": words,
            "post_seconds": round(posted - started, 2),
            "seconds": round(seconds, 2),
            "articles_per_second": round(len(articles) / seconds, 3),
            "words_per_second": round(words / seconds, 1),
            "worker_cpu_seconds": round(cpu, 2),
            "worker_cpu_seconds_by_pool_process": list(pool.values()),
            "cpu_ms_per_article": round(1000 * cpu / len(articles), 1),
            "words_per_worker_cpu_second": round(words / cpu, 1) if cpu else None,
            "celery_retries": text.count(" retry: "),
            "busy_outcomes": text.count("'status': 'busy'"),
            # Articles whose topics another worker changed first, placed again (no update lost).
            "topics_placed_again": text.count("placing its claims again"),
            "locks": sampler.summary(),
            "store": _store(dsn, ids),
        }
    )
    return result
