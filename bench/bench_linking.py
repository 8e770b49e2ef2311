"""Per-article cost of linking (topics + conflicts) as the store grows, on SQLite and PostgreSQL.

Each database is migrated (PostgreSQL started the way the tests start theirs,
``tests.servers.PostgresServer``) and filled in bulk to each size in turn
(``bench.linking_data``: stored claims from real attributed text, PolNeAR train, read at run
time from the shared folder, nothing copied into the project; grouped into topics with their
centroids, index entries and mean embeddings). Then the same real articles (PolNeAR dev,
through the real extractor) are linked with ``link_article`` at each size, each in a
transaction rolled back afterwards so the store stays at its size, after one warm-up article
on a fresh engine (which loads the process's nearest-topic index at its full size). SQL
statements are counted with a ``before_cursor_execute`` listener.

Per size: statements per article (median and largest), and the per-article wall time, CPU time
of this process, and time inside SQL statements (from sending one to its result: the
database's share): the median over the articles in each of ``--repeat`` passes, reported as
the median of the passes with their spread (lowest and highest pass).

    .venv/bin/python bench/bench_linking.py [--articles 20] [--sizes 100,100000,1000000]
                                            [--databases sqlite,postgresql] [--repeat 3]

Prints a table and writes ``bench/results/bench_linking.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.linking_data import Filler, write_rows  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import Article, Topic, TopicTerm  # noqa: E402
from workers.linking.step import link_article  # noqa: E402
from workers.pipeline import store_claims  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "eval-data" / "polnear"
RESULTS = ROOT / "bench" / "results" / "bench_linking.json"
# Stored claims fall within the month before the timed articles: every topic is "recent", the
# worst case for candidate lookup.
WINDOW_END = date(2016, 10, 15)
Timing = tuple[float, float, int, float]  # wall ms, CPU ms, statements, ms inside SQL statements


def _texts(split: str) -> list[dict[str, Any]]:
    path = POLNEAR / f"{split}.canonical.jsonl"
    if not path.exists():
        sys.exit(f"PolNeAR {split} not found at {path}")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _contents(docs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(source text, content text) of every attributed claim in the documents."""
    out = []
    for doc in docs:
        for rel in doc["attributions"]:
            content = " ".join(s["text"] for s in rel["content"])
            source = " ".join(s["text"] for s in rel["source"])
            if content.strip():
                out.append((source, content))
    return out


def _extractions(docs: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Any]]:
    from workers.extraction.extract import extract_article

    return [
        (
            d,
            extract_article(
                d["text"], published=date.fromisoformat(d["publication_date"]), publisher=d.get("publisher")
            ),
        )
        for d in docs
    ]


def _link_one(engine: Engine, doc: dict[str, Any], extraction: Any) -> Timing:
    """Link one article with its claims stored, in a transaction rolled back afterwards."""
    statements = {"n": 0, "sql": 0.0, "started": 0.0}

    def count(*_: Any) -> None:
        statements["n"] += 1
        statements["started"] = time.perf_counter()

    def done(*_: Any) -> None:
        statements["sql"] += time.perf_counter() - statements["started"]

    with Session(engine) as session:
        article = Article(
            title=doc["title"],
            body=doc["text"],
            content_hash=f"bench-{doc['doc_id']}",
            published_at=date.fromisoformat(doc["publication_date"]),
            publisher=doc.get("publisher"),
        )
        session.add(article)
        session.flush()
        store_claims(session, article, extraction=extraction)
        session.flush()
        event.listen(engine, "before_cursor_execute", count)
        event.listen(engine, "after_cursor_execute", done)
        wall, cpu = time.perf_counter(), time.process_time()
        link_article(session, article_id=int(article.id or 0))
        session.flush()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        event.remove(engine, "before_cursor_execute", count)
        event.remove(engine, "after_cursor_execute", done)
        session.rollback()
    return wall * 1000, cpu * 1000, int(statements["n"]), statements["sql"] * 1000


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "low": round(min(values), 2),
        "high": round(max(values), 2),
    }


def _measure(url: str, extracted: list[tuple[dict[str, Any], Any]], repeat: int) -> dict[str, Any]:
    """Statements and per-article times at the store's current size (a fresh engine, so the
    process's nearest-topic index is loaded at this size by the warm-up article)."""
    engine = create_engine(url)
    try:
        _link_one(engine, *extracted[0])
        passes = [[_link_one(engine, *pair) for pair in extracted] for _ in range(repeat)]
        with Session(engine) as session:
            topics = session.exec(select(func.count()).select_from(Topic)).one()
            postings = session.exec(select(func.count()).select_from(TopicTerm)).one()
    finally:
        engine.dispose()
    statements = [t[2] for p in passes for t in p]
    return {
        "topics": topics,
        "topic_terms": postings,
        "statements_per_article_median": statistics.median(statements),
        "statements_per_article_max": max(statements),
        "wall_ms_per_article": _spread([statistics.median(t[0] for t in p) for p in passes]),
        "cpu_ms_per_article": _spread([statistics.median(t[1] for t in p) for p in passes]),
        "sql_ms_per_article": _spread([statistics.median(t[3] for t in p) for p in passes]),
    }


@contextmanager
def _database(kind: str, workdir: str) -> Iterator[str]:
    """A migrated, empty database of ``kind``; its URL."""
    if kind == "sqlite":
        url = f"sqlite:///{workdir}/bench.sqlite3"
        upgrade(url)
        yield url
        return
    from tests.servers import PostgresServer

    server = PostgresServer()
    server.start()
    try:
        url = server.create_database()
        upgrade(url)
        yield url
    finally:
        server.stop()


def _run(kind: str, sizes: list[int], pool: list[tuple[str, str]], extracted: list[Any], repeat: int) -> Any:
    rows = []
    with tempfile.TemporaryDirectory() as tmp, _database(kind, tmp) as url:
        filler = Filler(pool, window_end=WINDOW_END)
        engine = create_engine(url)
        for size in sizes:
            started = time.perf_counter()
            with engine.begin() as connection:
                write_rows(connection, filler.rows(size))
            fill = round(time.perf_counter() - started, 1)
            row = {"stored_claims": size, "fill_seconds": fill, **_measure(url, extracted, repeat)}
            rows.append(row)
            wall, cpu, sql = row["wall_ms_per_article"], row["cpu_ms_per_article"], row["sql_ms_per_article"]
            print(
                f"{kind:>10} {size:>8} claims {row['topics']:>7} topics "
                f"{row['statements_per_article_median']:>4.0f} statements "
                f"(max {row['statements_per_article_max']}) "
                f"wall {wall['median']:7.1f} ms [{wall['low']:.1f}-{wall['high']:.1f}] "
                f"CPU {cpu['median']:7.1f} ms [{cpu['low']:.1f}-{cpu['high']:.1f}] "
                f"in SQL {sql['median']:6.1f} ms [{sql['low']:.1f}-{sql['high']:.1f}] (fill {fill}s)",
                flush=True,
            )
        engine.dispose()
    first, last = rows[0]["wall_ms_per_article"]["median"], rows[-1]["wall_ms_per_article"]["median"]
    return {"sizes": rows, "largest_over_smallest_wall": round(last / first, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=20, help="real articles timed at each size")
    parser.add_argument("--sizes", default="100,100000", help="stored-claim counts to measure at")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes per size")
    args = parser.parse_args()
    # Stopped with SIGTERM, still stop the PostgreSQL server it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = [int(s) for s in args.sizes.split(",")]
    pool = _contents(_texts("train"))
    dev = _texts("dev")[: args.articles]
    print(f"extracting {len(dev)} dev articles …", flush=True)
    extracted = _extractions(dev)
    # Runs of other databases stay in the results file: one run can measure one database.
    report = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    report.setdefault("databases", {})
    for kind in args.databases.split(","):
        report["databases"][kind] = {
            "articles_timed": len(extracted),
            "repeats": args.repeat,
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            **_run(kind, sizes, pool, extracted, args.repeat),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        }
        ratio = report["databases"][kind]["largest_over_smallest_wall"]
        print(f"{kind}: largest / smallest per-article wall time {ratio}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
