"""Ingest throughput through the real pipeline with one worker.

Stores ``--copies`` copies of the seed corpus (each copy's titles made unique, so nothing is
deduplicated), hands them to the embedded runner with one processing thread (or, with
``--broker-url``, to Celery: run one ``claimtrack worker --concurrency 1`` on the same
database and broker), and times until every article is ``done``: extraction, claim storage,
topics and conflicts, as in production. Prints articles/s and words/s and writes
``bench/results/bench_ingest.json``.

    python bench/bench_ingest.py [--copies 5] [--database-url URL] [--broker-url URL]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.db import session_scope  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.repo.articles import article_from_record, create_article  # noqa: E402
from service.repo.jobs import article_statuses  # noqa: E402
from workers.dispatch import enqueue_article  # noqa: E402
from workers.extraction import EXTRACTOR_VERSION  # noqa: E402
from workers.extraction.extract import extract_article  # noqa: E402
from workers.runner import get_runner, stop_runners  # noqa: E402

SEED = ROOT.parent / "shared" / "corpus" / "seed-articles.jsonl"
RESULTS = ROOT / "bench" / "results" / "bench_ingest.json"


def load_articles(copies: int) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = []
    for copy in range(copies):
        for record in records:
            data = article_from_record(record)
            data["title"] = f"{data['title']} [copy {copy}]"
            data["external_id"] = f"{data['external_id']}-{copy}"
            articles.append(data)
    return articles


def wait_finished(url: str, ids: list[int]) -> None:
    while True:
        with session_scope(url) as session:
            statuses = article_statuses(session, article_ids=ids)
        if all(s in ("done", "failed") for s in statuses.values()):
            return
        time.sleep(0.1)


def run(copies: int, database_url: str | None, broker_url: str | None = None) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    url = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    settings = Settings.from_env(
        database_url=url, broker_url=broker_url, embedded_workers=1, sweep_interval_seconds=3600
    )
    upgrade(url)
    articles = load_articles(copies)
    words = sum(len(a["body"].split()) for a in articles)
    extract_article("Warm-up: the minister said the model is loaded.")  # model load is not throughput

    started = time.perf_counter()
    ids = []
    with session_scope(url) as session:
        for data in articles:
            article, _ = create_article(session, data=data)
            assert article.id is not None
            ids.append(article.id)
    stored = time.perf_counter()
    for article_id in ids:
        enqueue_article(settings, article_id)
    if settings.embedded:
        get_runner(settings).wait_idle()
    wait_finished(url, ids)
    finished = time.perf_counter()
    stop_runners()
    with session_scope(url) as session:
        statuses = article_statuses(session, article_ids=ids)
    done = sum(1 for s in statuses.values() if s == "done")

    # Extraction alone, for how much of the time the rest of the pipeline takes.
    samples = []
    for data in articles[: len(articles) // copies]:
        t0 = time.perf_counter()
        extract_article(data["body"], published=None, publisher=data.get("publisher"))
        samples.append(time.perf_counter() - t0)
    processing = finished - stored
    return {
        "articles": len(articles),
        "done": done,
        "words": words,
        "store_seconds": round(stored - started, 3),
        "processing_seconds": round(processing, 3),
        "articles_per_second": round(len(articles) / processing, 2),
        "words_per_second": round(words / processing, 1),
        "extraction_only_median_ms": round(statistics.median(samples) * 1000, 1),
        "workers": 1,
        "runner": "embedded (same process_article code as the Celery task)"
        if settings.embedded
        else "celery worker, concurrency 1",
        "database": url.split(":", 1)[0],
        "extractor_version": EXTRACTOR_VERSION,
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.system()}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="copies of the 8 seed articles")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--broker-url", default=None, help="send to Celery instead of the embedded runner")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = run(args.copies, args.database_url, args.broker_url)
    print(
        f"{result['done']}/{result['articles']} articles, {result['words']} words "
        f"in {result['processing_seconds']} s with one worker: "
        f"{result['articles_per_second']} articles/s, {result['words_per_second']} words/s "
        f"(extraction alone: {result['extraction_only_median_ms']} ms per article, median)"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
