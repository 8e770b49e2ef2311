"""The ``claimtrack`` command: migrate, serve, worker, ingest, reingest, tokens, extract.

Every command reads its configuration from the environment (``Settings.from_env``); see the
README's Configuration table.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from service.config import Settings

log = logging.getLogger("claimtrack")


def _settings() -> Settings:
    return Settings.from_env()


def _setup_logging(settings: Settings) -> None:
    from service.logs import configure_logging

    configure_logging(settings)


@click.group()
def main() -> None:
    """claimtrack: attributed claims in news articles, and the conflicts between them."""


@main.command()
def migrate() -> None:
    """Bring the database up to the newest schema (idempotent)."""
    from service.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    click.echo("database is up to date")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the API and dashboard with gunicorn (one process, threads).

    Without a broker the embedded runner and sweeper run in the same process, so articles
    are processed with nothing else running; with a broker this only serves.
    """
    settings = _settings()
    _setup_logging(settings)
    mode = "embedded processing" if settings.embedded else f"broker {_redact(settings.broker_url)}"
    click.echo(f"claimtrack serving on http://{host}:{port} ({mode})")
    run_gunicorn(settings, host=host, port=port)


@main.command()
@click.option("--concurrency", "-c", default=1, show_default=True, type=int, help="worker processes")
@click.option("--beat/--no-beat", default=True, show_default=True, help="also schedule the sweeper")
def worker(concurrency: int, beat: bool) -> None:
    """Run a Celery worker (needs CLAIMTRACK_BROKER_URL); with --beat it also runs the sweeper
    on schedule (several workers may all run it: a Redis lock lets one sweep per interval)."""
    from workers.celery_app import make_celery

    settings = _settings()
    if settings.embedded:
        raise click.UsageError("set CLAIMTRACK_BROKER_URL (without a broker, `claimtrack serve` processes)")
    app = make_celery(settings)
    argv = [
        "worker",
        f"--loglevel={settings.log_level}",
        f"--concurrency={concurrency}",
        "--queues=claimtrack",
        f"--hostname=claimtrack-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
    ]
    if beat:
        schedule = Path(tempfile.gettempdir()) / f"claimtrack-beat-{os.getpid()}"
        argv += ["--beat", f"--schedule={schedule}"]
    app.worker_main(argv=argv)


@main.group()
def tokens() -> None:
    """API tokens (stored hashed; shown once)."""


@tokens.command("create")
@click.option("--role", required=True, type=click.Choice(["reader", "reviewer", "ingester", "admin"]))
@click.argument("name")
def tokens_create(role: str, name: str) -> None:
    """Create (or rotate) NAME's token for ROLE and print it once."""
    from service.db import session_scope
    from service.repo.tokens import create_token

    with session_scope(_settings().database_url) as session:
        token = create_token(session, name=name, role=role)
    click.echo(token)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--wait/--no-wait",
    default=None,
    help="wait until every article is processed (default: wait when embedded, not with a broker)",
)
def ingest(file: Path, wait: bool | None) -> None:
    """Store the articles of a JSON Lines FILE and send them for processing.

    Lines may use the API's fields or the seed corpus's (id, published, source). Identical
    content already stored is skipped. Without --wait in embedded mode, a running (or the
    next) `claimtrack serve` processes what was stored.
    """
    from service.db import session_scope
    from service.repo.articles import article_from_record, create_article
    from workers.dispatch import enqueue_article

    settings = _settings()
    wait = settings.embedded if wait is None else wait
    stored = present = invalid = 0
    to_process: list[int] = []
    lines = file.read_text(encoding="utf-8").splitlines()
    with session_scope(settings.database_url) as session:
        for number, line in enumerate(tqdm(lines, desc="storing", unit="article"), start=1):
            if not line.strip():
                continue
            try:
                data = article_from_record(json.loads(line))
            except ValueError as exc:  # json.JSONDecodeError is a ValueError too
                invalid += 1
                tqdm.write(f"line {number}: invalid ({exc})", file=sys.stderr)
                continue
            article, created = create_article(session, data=data)
            assert article.id is not None
            stored += created
            present += not created
            if created or article.status == "queued":
                to_process.append(article.id)
    if wait or not settings.embedded:
        for article_id in to_process:
            enqueue_article(settings, article_id)
    click.echo(f"stored {stored}, already present {present}, invalid lines {invalid}")
    if wait and to_process:
        _watch(settings, to_process, desc="processing")


@main.command()
@click.option("--wait/--no-wait", default=None, help="wait for the job (default: wait when embedded)")
@click.option("--dry-run", is_flag=True, help="only report what would change (nothing is written)")
@click.option("--from-dry-run", type=int, default=None, help="apply this finished dry-run job")
@click.option(
    "--article", "article_ids", type=int, multiple=True, help="re-extract this article (repeatable)"
)
def reingest(
    wait: bool | None, dry_run: bool, from_dry_run: int | None, article_ids: tuple[int, ...]
) -> None:
    """Re-extract every article whose claims come from an older extractor version.

    With --dry-run, report what would change and print the totals; with --from-dry-run JOB,
    apply that report to the articles unchanged since it was made.
    """
    from service.db import session_scope
    from service.repo.jobs import create_reingest_job, get_job, job_article_ids, job_progress
    from service.repo.reports import create_dry_run_job, create_run_from_report, select_articles
    from workers.dispatch import EXTRACTOR_VERSION, enqueue_job

    settings = _settings()
    wait = settings.embedded if wait is None else wait
    with session_scope(settings.database_url) as session:
        if from_dry_run is not None:
            source = get_job(session, job_id=from_dry_run)
            finished = source is not None and job_progress(session, job=source)["status"] == "done"
            if source is None or source.kind != "reingest_dry_run" or not finished:
                raise click.UsageError(f"job {from_dry_run} is not a finished dry run")
            job = create_run_from_report(session, dry_run=source, version=EXTRACTOR_VERSION, created_by="cli")
            for skipped in job.params.get("skipped", []):
                click.echo(f"skipping article {skipped['article_id']}: {skipped['reason']}")
        else:
            wanted = list(article_ids) if article_ids else None
            ids = select_articles(session, version=EXTRACTOR_VERSION, article_ids=wanted)
            if dry_run and not ids:
                raise click.UsageError("nothing to re-extract: no processed article is selected")
            if dry_run:
                job = create_dry_run_job(
                    session, article_ids=ids, version=EXTRACTOR_VERSION, created_by="cli"
                )
            else:
                job = create_reingest_job(
                    session, version=EXTRACTOR_VERSION, created_by="cli", article_ids=ids
                )
    assert job.id is not None
    ids = job_article_ids(job)
    what = "to report on" if dry_run else "to re-extract"
    click.echo(f"job {job.id}: {len(ids)} articles {what} with {EXTRACTOR_VERSION}")
    if ids:
        enqueue_job(settings, job.id)
        if dry_run and wait:
            _print_report(settings, job.id)
        elif wait:
            _watch(settings, ids, desc="re-extracting")


def _print_report(settings: Settings, job_id: int) -> None:
    """Wait for a dry run to finish, then print its totals as JSON."""
    from service.db import session_scope
    from service.repo.jobs import get_job, job_progress
    from service.repo.reports import report_totals

    while True:
        with session_scope(settings.database_url) as session:
            job = get_job(session, job_id=job_id)
            if job is None or job_progress(session, job=job)["status"] == "done":
                totals = report_totals(session, job_id=job_id)
                break
        time.sleep(0.5)
    click.echo(json.dumps({"job": job_id, "totals": totals}, indent=2))
    click.echo(f"report: /api/v1/jobs/{job_id}/report (dashboard: /jobs/{job_id}/report)")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["polnear"]), default="polnear", show_default=True)
@click.argument("infile", type=click.File("r", encoding="utf-8"))
def extract(fmt: str, infile: Any) -> None:
    """Run the extractor alone (no database) on {"doc_id", "text"} lines; write to stdout."""
    from workers.extraction.extract import run_polnear

    count = run_polnear(infile, sys.stdout)
    click.echo(f"{count} documents", err=True)


def _watch(settings: Settings, article_ids: list[int], *, desc: str) -> None:
    """A progress bar over the articles' statuses until every one is done or failed."""
    from service.db import session_scope
    from service.repo.jobs import article_statuses

    with tqdm(total=len(article_ids), desc=desc, unit="article") as bar:
        while True:
            with session_scope(settings.database_url) as session:
                statuses = article_statuses(session, article_ids=article_ids)
            finished = sum(1 for s in statuses.values() if s in ("done", "failed"))
            bar.update(finished - bar.n)
            if finished >= len(statuses):
                break
            time.sleep(0.5)
    failed = sum(1 for s in statuses.values() if s == "failed")
    click.echo(f"processed {len(statuses) - failed}, failed {failed}")


def run_gunicorn(settings: Settings, *, host: str, port: int) -> None:
    """Serve ``service.app:create_app()`` with gunicorn: one worker process, threads."""
    from gunicorn.app.base import BaseApplication

    def post_worker_init(_worker: Any) -> None:
        # The embedded runner lives in the serving process, started after gunicorn forks.
        if settings.embedded:
            from workers.runner import get_runner

            get_runner(settings)

    class Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": 1,
                "worker_class": "gthread",
                "threads": settings.serve_threads,
                "timeout": 120,
                "graceful_timeout": 10,
                "accesslog": "-",
                "loglevel": settings.log_level.lower(),
                "post_worker_init": post_worker_init,
                # One control socket per user home would clash between several servers.
                "control_socket_disable": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from service.app import create_app

            return create_app()

    Server().run()


def _redact(url: str | None) -> str:
    if not url or "@" not in url:
        return url or ""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"
