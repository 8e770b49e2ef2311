"""End-to-end ingest on PostgreSQL + Redis with one and two worker processes, against the
extractor's own speed on the same text, in one run.

Starts a private PostgreSQL and Redis the way the tests do (``tests.servers``). Each run gets a
fresh database, the API under gunicorn as the production image runs it, and
``claimtrack worker --concurrency N`` (N pool processes, as ``docker-compose.yml`` runs them);
a client posts copies of the seed articles (titles made unique, so nothing is deduplicated)
one by one through ``POST /api/v1/articles`` and the clock stops when every one is ``done``
(extraction, claims, sources, topics, conflicts). Runs with one and two workers alternate,
``--repeats`` of each; figures are the median with the spread (min-max), never the best.

Beside articles/s and words/s: the workers' CPU time per article (from the worker processes,
so it is theirs whatever else runs), whether they waited on locks (``pg_stat_activity`` and
``pg_locks`` sampled, Celery retries and ``busy`` outcomes counted), the topics each run
made, the load average before and during, and, in one longer run, the resident memory of the
worker pool processes and of the API's workers after warm-up, half-way and at the end. The
extractor's words/s is ``bench/bench_extractor.py --corpus seed`` (one core, CPU time, median
of three) on the same seed articles.

    .venv/bin/python bench/bench_ingest.py [--copies 12] [--repeats 3] [--memory-articles 1000]

Copies of one seed article are one wire story to the syndication step (their repeated claims
are not linked): use ``--corpus dev`` for throughput on different stories.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest_run import ingest  # noqa: E402
from service.repo.articles import article_from_record  # noqa: E402
from tests.servers import PostgresServer, RedisServer  # noqa: E402
from workers.extraction import EXTRACTOR_VERSION  # noqa: E402

SEED = ROOT.parent / "shared" / "corpus" / "seed-articles.jsonl"
DEV = ROOT.parent / "shared" / "eval-data" / "polnear" / "dev.canonical.jsonl"
RESULTS = ROOT / "bench" / "results" / "bench_ingest.json"
API_FIELDS = ("external_id", "title", "body", "published_at", "publisher", "byline", "dateline")


def load_articles(copies: int, *, tag: str = "copy") -> list[dict[str, Any]]:
    """``copies`` copies of the seed articles as API payloads, titles and external ids unique."""
    records = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = []
    for copy in range(copies):
        for record in records:
            data = {k: v for k, v in article_from_record(record).items() if k in API_FIELDS and v is not None}
            data["title"] = f"{data['title']} [{tag} {copy}]"
            data["external_id"] = f"{data.get('external_id', 'seed')}-{tag}-{copy}"
            if "published_at" in data:
                data["published_at"] = data["published_at"].isoformat()
            articles.append(data)
    return articles


def dev_articles() -> list[dict[str, Any]]:
    """The PolNeAR dev texts, read at run time (never stored in the project), as articles: 84
    different stories, where the seed copies repeat eight."""
    lines = DEV.read_text(encoding="utf-8").splitlines()
    return [
        {"title": f"dev {i}", "body": json.loads(line)["text"], "external_id": f"dev-{i}"}
        for i, line in enumerate(lines)
        if line.strip()
    ]


def extractor_speed(workdir: Path, corpus: str) -> dict[str, Any]:
    """``bench_extractor.py`` on the same text, in its own process (it pins itself to one core)."""
    out = workdir / "extractor.json"
    script = ROOT / "bench" / "bench_extractor.py"
    which = "seed" if corpus == "seed" else "auto"
    command = [sys.executable, str(script), "--corpus", which, "--out", str(out)]
    subprocess.run(command, check=True, cwd=ROOT)
    return dict(json.loads(out.read_text()))


def _median(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    values = [r[key] for r in runs]
    return {"median": round(statistics.median(values), 3), "spread": [min(values), max(values)]}


def summarise(runs: list[dict[str, Any]], extractor_wps: float) -> dict[str, Any]:
    """Medians and spreads of the repeats of one worker count, against the extractor."""
    wps = _median(runs, "words_per_second")
    return {
        "repeats": len(runs),
        "articles_per_second": _median(runs, "articles_per_second"),
        "words_per_second": wps,
        "share_of_extractor_words_per_second": round(wps["median"] / extractor_wps, 3),
        "cpu_ms_per_article": _median(runs, "cpu_ms_per_article"),
        "words_per_worker_cpu_second": _median(runs, "words_per_worker_cpu_second"),
        "topics": [r["store"]["topics"] for r in runs],
        "topics_with_a_twin_label": [r["store"]["topics_with_a_twin_label"] for r in runs],
        "topic_claim_count_drift": [r["store"]["topic_claim_count_drift"] for r in runs],
        "conflicts": [r["store"]["conflicts"] for r in runs],
        "samples_with_lock_wait": sum(r["locks"]["samples_with_lock_wait"] for r in runs),
        "samples_with_ungranted_locks": sum(r["locks"]["samples_with_ungranted_locks"] for r in runs),
        "lock_samples": sum(r["locks"]["samples"] for r in runs),
        "celery_retries": sum(r["celery_retries"] for r in runs),
        "busy_outcomes": sum(r["busy_outcomes"] for r in runs),
        "topics_placed_again": sum(r.get("topics_placed_again", 0) for r in runs),
    }


def growth(memory: dict[str, Any], first: str, last: str) -> dict[str, Any]:
    """RSS change between two checkpoints, per worker pool process and API worker (MB)."""
    a, b = memory[first], memory[last]
    return {
        key: [round(y - x, 1) for x, y in zip(a[key], b[key], strict=False)]
        for key in ("worker_children_mb", "api_workers_mb")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=12, help="copies of the 8 seed articles per repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--memory-articles", type=int, default=1000, help="0: no memory run")
    parser.add_argument("--memory-workers", type=int, default=1)
    parser.add_argument("--corpus", choices=("seed", "dev"), default="seed",
                        help="dev: the 84 PolNeAR dev texts once each instead of seed copies")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="claimtrack-bench-ingest-"))
    load_before = [round(x, 2) for x in os.getloadavg()]
    print(f"load average before: {load_before} on {os.cpu_count()} CPUs", flush=True)
    extractor = extractor_speed(workdir, args.corpus)
    extractor_wps = float(extractor["extract_words_per_second"])
    articles = load_articles(args.copies) if args.corpus == "seed" else dev_articles()
    pg, redis = PostgresServer(), RedisServer(workdir)
    pg.start()
    redis.start()

    def write(runs: dict[int, list[dict[str, Any]]], memory_run: dict[str, Any] | None) -> dict[str, Any]:
        """Summarise what has run so far and write it (after the repeats, again after memory)."""
        summary = {str(n): summarise(r, extractor_wps) for n, r in runs.items()}
        if "1" in summary and "2" in summary:
            one, two = summary["1"], summary["2"]
            summary["two_over_one"] = {
                key: round(two[key]["median"] / one[key]["median"], 2)
                for key in ("articles_per_second", "cpu_ms_per_article")
            }
        report = {
            "what": "end-to-end ingest through the API, Celery workers, Redis and PostgreSQL 15",
            "statistic": "median of the repeats; spread is min-max",
            "corpus": "seed copies, titles unique" if args.corpus == "seed" else "polnear dev texts",
            "articles_per_repeat": len(articles),
            "words_per_repeat": sum(len(a["body"].split()) for a in articles),
            "extractor": {k: v for k, v in extractor.items() if "words_per_second" in k
                          or k in ("corpus", "words", "load_average_1m")},
            "by_workers": summary,
            "memory": memory_run,
            "runs": runs,
            "machine": {
                "cpus": os.cpu_count(),
                "load_average_before": load_before,
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
                "shared": "other people's processes ran on the same 2 cores (see load averages)",
            },
            "bench_seconds": round(time.perf_counter() - bench_started, 1),
            "extractor_version": EXTRACTOR_VERSION,
            "python": platform.python_version(),
        }
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return report

    runs: dict[int, list[dict[str, Any]]] = {n: [] for n in args.workers}
    memory_run: dict[str, Any] | None = None
    bench_started = time.perf_counter()
    try:
        for repeat in range(args.repeats):
            for n in args.workers:  # alternated, so a busy spell of the machine hits both
                load = os.getloadavg()[0]
                run = ingest(pg, redis.url, articles, workers=n, workdir=workdir)
                run["load_1m_before"] = round(load, 2)
                runs[n].append(run)
                print(
                    f"repeat {repeat + 1}, {n} worker(s): {run['articles_per_second']} articles/s, "
                    f"{run['words_per_second']} words/s, {run['cpu_ms_per_article']} CPU ms/article, "
                    f"topics {run['store']['topics']}, load {run['locks']['load_1m_during']}",
                    flush=True,
                )
        write(runs, None)
        if args.memory_articles:
            copies = -(-args.memory_articles // 8)
            many = load_articles(copies, tag="memory")[: args.memory_articles]
            half = args.memory_articles // 2
            memory_run = ingest(pg, redis.url, many, workers=args.memory_workers, workdir=workdir,
                                checkpoints=(half, args.memory_articles))  # fmt: skip
            last = f"after_{args.memory_articles}"
            memory_run["growth_mb"] = growth(memory_run["memory"], f"after_{half}", last)
    finally:
        redis.stop()
        pg.stop()
    print_report(write(runs, memory_run))
    print(f"wrote {args.output}")


def print_report(report: dict[str, Any]) -> None:
    """The figures a reader wants, from the written report."""
    ex = report["extractor"]
    lo, hi = ex["extract_words_per_second_spread"]
    print(f"extractor alone (one core, CPU): {ex['extract_words_per_second']} words/s ({lo}-{hi})")
    for n, s in report["by_workers"].items():
        if not n.isdigit():
            continue
        a, w, c = s["articles_per_second"], s["words_per_second"], s["cpu_ms_per_article"]
        print(
            f"{n} worker(s): {a['median']} articles/s ({a['spread'][0]}-{a['spread'][1]}), "
            f"{w['median']} words/s ({w['spread'][0]}-{w['spread'][1]}) = "
            f"{100 * s['share_of_extractor_words_per_second']:.0f} % of the extractor; "
            f"{c['median']} CPU ms/article ({c['spread'][0]}-{c['spread'][1]}); topics {s['topics']}; "
            f"lock waits in {s['samples_with_lock_wait']}/{s['lock_samples']} samples, "
            f"retries {s['celery_retries']}, busy {s['busy_outcomes']}"
        )
    if "two_over_one" in report["by_workers"]:
        print(f"two workers over one: {report['by_workers']['two_over_one']}")
    if report["memory"]:
        for name, m in report["memory"]["memory"].items():
            print(f"RSS {name}: worker pool {m['worker_children_mb']} MB, "
                  f"API workers {m['api_workers_mb']} MB")  # fmt: skip
        print(f"growth between the checkpoints: {report['memory']['growth_mb']}")
    print(f"load average before {report['machine']['load_average_before']}, "
          f"after {report['machine']['load_average_after']}")  # fmt: skip


if __name__ == "__main__":
    main()
