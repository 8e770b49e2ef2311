"""CPU time per article by stage of the worker's path, on PostgreSQL, in one process.

Starts a private PostgreSQL (``tests.servers.PostgresServer``), migrates a fresh database,
stores the PolNeAR dev texts (read at run time from the shared folder, never copied into the
project) and runs ``workers.pipeline.process_article`` on each in turn, exactly as a worker
does. Each stage's function is wrapped to add up its CPU time (``time.process_time``); a stage
inside another is subtracted from its parent, so the stages add up to the whole. The first
``--warm-up`` articles load the models and are not counted.

    .venv/bin/python bench/profile_ingest.py [--articles 84] [--warm-up 4] [--cprofile out.prof]

Prints CPU ms per article by stage (median and mean) and the share of each; ``--out`` writes
them as JSON. Not a timing benchmark of the machine: wrap it in ``flock /work/bench.lock``
only if you compare its figures with another run's.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_ingest import dev_articles  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from tests.servers import PostgresServer  # noqa: E402

# (stage, module, function): each wrapped where the caller looks it up.
STAGES = (
    ("extract", "workers.pipeline", "extract_article"),
    ("store claims", "workers.pipeline", "store_claims_planned"),
    ("syndication", "workers.pipeline", "mark_syndication"),
    ("link: sources", "workers.linking.step", "_normalise_sources"),
    ("link: embed", "workers.linking.step", "_embed"),
    ("link: prepare topics", "workers.linking.step", "_prepare"),
    ("link: assign topics", "workers.linking.step", "_assign_topics"),
    ("link: write claims", "workers.linking.step", "_write_claims"),
    ("link: read others", "workers.linking.step", "recent_claims_in_topics"),
    ("link: dispute claims", "workers.linking.step", "_dispute_claims"),
    ("link: stored facts", "workers.linking.step", "stored_facts"),
    ("link: find conflicts", "workers.linking.step", "find_conflicts"),
    ("link: save conflicts", "workers.linking.step", "save_conflicts"),
    ("link: other", "workers.pipeline", "link_article"),
    ("whole article", "workers.pipeline", "_process_revision"),
)


class Clock:
    """CPU time of each stage, exclusive of the stages it calls."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.stack: list[list[float]] = []  # [start, time of children]

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.stack.append([time.process_time(), 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                start, children = self.stack.pop()
                spent = time.process_time() - start
                self.totals[stage] = self.totals.get(stage, 0.0) + spent - children
                if self.stack:
                    self.stack[-1][1] += spent

        return timed


def install(clock: Clock) -> None:
    for stage, module, name in STAGES:
        mod = importlib.import_module(module)
        setattr(mod, name, clock.wrap(stage, getattr(mod, name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=84)
    parser.add_argument("--warm-up", type=int, default=4)
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile of the counted articles")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from sqlmodel import Session

    from service.db import get_engine
    from service.repo.articles import create_article
    from workers.pipeline import process_article

    clock = Clock()
    install(clock)
    articles = dev_articles()[: args.articles]
    server = PostgresServer()
    server.start()
    try:
        url = server.create_database()
        upgrade(url)
        with Session(get_engine(url)) as session:
            ids = [int(create_article(session, data=a)[0].id or 0) for a in articles]
            session.commit()
        for article_id in ids[: args.warm_up]:
            process_article(url, article_id)
        per_article: list[dict[str, float]] = []
        profiler = cProfile.Profile() if args.cprofile else None
        for article_id in ids[args.warm_up :]:
            clock.totals = {}
            if profiler:
                profiler.enable()
            process_article(url, article_id)
            if profiler:
                profiler.disable()
            per_article.append(dict(clock.totals))
        if profiler and args.cprofile:
            profiler.dump_stats(str(args.cprofile))
    finally:
        server.stop()
    stages = [s for s, _, _ in STAGES]
    report = {
        stage: {
            "median_ms": round(1000 * statistics.median(a.get(stage, 0.0) for a in per_article), 1),
            "mean_ms": round(1000 * statistics.mean(a.get(stage, 0.0) for a in per_article), 1),
        }
        for stage in stages
    }
    total = sum(v["mean_ms"] for v in report.values())
    report["total"] = {"median_ms": round(1000 * statistics.median(sum(a.values()) for a in per_article), 1),
                       "mean_ms": round(total, 1)}  # fmt: skip
    words = sum(len(a["body"].split()) for a in articles[args.warm_up :])
    print(f"{len(per_article)} articles, {words / len(per_article):.0f} words each on average")
    for stage, v in report.items():
        share = 100 * v["mean_ms"] / total if total else 0.0
        print(f"{stage:>24}: median {v['median_ms']:7.1f} ms, mean {v['mean_ms']:7.1f} ms ({share:4.1f} %)")
    if args.out:
        args.out.write_text(json.dumps({"articles": len(per_article), "stages": report}, indent=2) + "\n")


if __name__ == "__main__":
    main()
