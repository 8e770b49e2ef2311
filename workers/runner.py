"""The embedded runner: the pipeline's tasks in daemon threads of the serving process.

With no broker configured, ``workers.dispatch`` hands ids to this runner instead of Celery.
It runs the same ``process_article`` and ``run_job`` code off the request thread, retries
transient errors with backoff and jitter, and runs the sweeper in a thread of its own (once
at start for anything left over, then every ``sweep_interval_seconds``). A third kind of
thread sends webhook deliveries: woken when a change commits some, and every
``webhook_sweep_interval_seconds`` for retries.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
from datetime import timedelta

from service.config import Settings
from service.logs import bound_request_id
from workers.pipeline import MAX_RETRIES, TRANSIENT_ERRORS, process_article, run_job
from workers.sweeper import sweep
from workers.webhooks import send_due

log = logging.getLogger(__name__)

_runners: dict[str, EmbeddedRunner] = {}
_runners_lock = threading.Lock()

Item = tuple[str, int]  # ("article" | "job", id)


class EmbeddedRunner:
    """A queue of article and job ids worked off by ``settings.embedded_workers`` threads."""

    def __init__(self, settings: Settings, *, backoff_seconds: float = 1.0) -> None:
        self.settings = settings
        self.backoff_seconds = backoff_seconds
        self._queue: queue.Queue[Item] = queue.Queue()
        self._pending: set[Item] = set()
        self._request_ids: dict[Item, str] = {}
        self._busy = 0
        self._idle = threading.Condition()
        self._stop = threading.Event()
        self._webhooks_due = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start the worker threads and the sweeper thread (daemon threads); idempotent."""
        if self._threads:
            return
        for n in range(max(1, self.settings.embedded_workers)):
            self._threads.append(threading.Thread(target=self._work, name=f"claimtrack-run-{n}", daemon=True))
        self._threads.append(threading.Thread(target=self._sweep_loop, name="claimtrack-sweep", daemon=True))
        self._threads.append(
            threading.Thread(target=self._webhook_loop, name="claimtrack-webhooks", daemon=True)
        )
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the threads to stop after their current item and wait for them."""
        self._stop.set()
        self._webhooks_due.set()
        for thread in self._threads:
            thread.join(timeout)

    def submit_article(self, article_id: int, *, request_id: str | None = None) -> None:
        """Queue an article for processing (an article already waiting is not queued twice)."""
        self._submit(("article", article_id), request_id)

    def submit_job(self, job_id: int, *, request_id: str | None = None) -> None:
        """Queue a job: its queued articles are then submitted one by one."""
        self._submit(("job", job_id), request_id)

    def wake_webhooks(self) -> None:
        """Have the webhook thread send due deliveries now instead of at its next round."""
        self._webhooks_due.set()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued or running; False if ``timeout`` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._pending and self._busy == 0, timeout)

    def is_pending(self, article_id: int) -> bool:
        """Whether the article is waiting in this runner's queue."""
        with self._idle:
            return ("article", article_id) in self._pending

    def _submit(self, item: Item, request_id: str | None) -> None:
        with self._idle:
            if item in self._pending:
                return
            self._pending.add(item)
            if request_id:
                self._request_ids[item] = request_id
        self._queue.put(item)

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                item = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            with self._idle:
                self._pending.discard(item)
                request_id = self._request_ids.pop(item, None)
                self._busy += 1
            try:
                with bound_request_id(request_id):
                    self._run(item)
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

    def _run(self, item: Item) -> None:
        kind, object_id = item
        for attempt in range(MAX_RETRIES + 1):
            try:
                if kind == "article":
                    outcome = process_article(self.settings.database_url, object_id, skip_finished=True)
                    if outcome.webhooks:
                        self.wake_webhooks()
                else:
                    run_job(self.settings.database_url, object_id, send=self._submit_from_job)
                return
            except TRANSIENT_ERRORS:
                if attempt == MAX_RETRIES or self._stop.is_set():
                    log.exception("giving up on %s %s for now; the sweeper will retry it", kind, object_id)
                    return
                delay = min(60.0, self.backoff_seconds * 2**attempt)
                log.warning("transient error on %s %s; retrying in about %.1fs", kind, object_id, delay)
                self._stop.wait(random.uniform(0, delay))  # full jitter
            except Exception:
                log.exception("%s %s failed", kind, object_id)
                return

    def _submit_from_job(self, article_id: int) -> None:
        # A job's articles carry the request id of the request that started the job.
        from service.logs import request_id

        self.submit_article(article_id, request_id=request_id.get())

    def _sweep_loop(self) -> None:
        # At start nothing in this process is working on anything, so whatever is left
        # queued or processing (a restart, an ingest that did not wait) is picked up now.
        older_than: timedelta | None = timedelta(0)
        while not self._stop.is_set():
            try:
                sweep(self.settings, send=self.submit_article, older_than=older_than, exclude=self.is_pending)
            except Exception:
                log.exception("sweep failed")
            older_than = None
            self._stop.wait(max(1, self.settings.sweep_interval_seconds))


    def _webhook_loop(self) -> None:
        while not self._stop.is_set():
            self._webhooks_due.clear()
            try:
                send_due(self.settings, budget_seconds=max(1.0, self.settings.webhook_sweep_interval_seconds))
            except Exception:
                log.exception("sending webhooks failed")
            self._webhooks_due.wait(max(0.1, self.settings.webhook_sweep_interval_seconds))


def get_runner(settings: Settings) -> EmbeddedRunner:
    """The started runner of this process for ``settings.database_url``."""
    with _runners_lock:
        runner = _runners.get(settings.database_url)
        if runner is None:
            runner = EmbeddedRunner(settings)
            _runners[settings.database_url] = runner
            runner.start()
        return runner


def stop_runners() -> None:
    """Stop every runner of this process (tests, shutdown)."""
    with _runners_lock:
        runners = list(_runners.values())
        _runners.clear()
    for runner in runners:
        runner.stop()
