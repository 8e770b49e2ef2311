"""Reads at scale: every list endpoint, filter and dashboard page against N claims on PostgreSQL.

Starts a private PostgreSQL the way the tests do (``tests.servers.PostgresServer``), migrates a
database, fills it to ``--claims`` claims by COPY (``bench.scale_data``), serves it with gunicorn
as the production image does (2 workers, gthread, 8 threads), and drives it with a bounded
client: ``--concurrency`` threads (default 4), each with its own keep-alive connection, sending
``--requests`` requests per endpoint and round (ids drawn at random from the stored rows), in
``--rounds`` rounds. Each endpoint's p50/p95/p99 is the median over the rounds, with the spread
(min-max over rounds) beside it. SQL statements per request are counted in-process on the same
database (the app behind a test client, an engine event counting statements), where each
endpoint is also timed alone, one request at a time (``in_process_ms``, and ``cpu_ms``: the
process's CPU time, which a loaded machine does not inflate); the slowest statement of the
slowest endpoints is shown with ``EXPLAIN (ANALYZE, BUFFERS)``.

Results go to ``bench/results/bench_scale.json``, one entry per claim count (runs at other counts
are kept), so growth from 100k to 1M reads off one file.

    PYTHONPATH=. .venv/bin/python bench/bench_scale.py [--claims 1000000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_data import fill  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "bench_scale.json"
BAR_MS = 50.0
BAR_STATEMENTS = 10


def endpoints(url: str) -> dict[str, list[str]]:
    """Each endpoint measured, as a list of concrete paths (ids drawn from the stored rows)."""
    import psycopg

    from service.repo.paging import encode_cursor

    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        def ids(sql: str) -> list[Any]:
            return [r[0] for r in conn.execute(sql).fetchall()]

        topics = ids("SELECT DISTINCT topic_id FROM conflict ORDER BY topic_id LIMIT 200")
        claims = ids("SELECT claim_id FROM conflictclaim ORDER BY claim_id LIMIT 200")
        articles = ids("SELECT id FROM article ORDER BY random() LIMIT 200")
        sources = ids("SELECT source_id FROM conflictclaim WHERE source_id IS NOT NULL GROUP BY 1 LIMIT 100")
        total = conn.execute("SELECT count(*) FROM claim").fetchone()[0]  # type: ignore[index]
        deep = conn.execute(
            "SELECT article_id, ordinal, id FROM claim ORDER BY article_id DESC, ordinal, id "
            "OFFSET %s LIMIT 1",
            (total // 2,),
        ).fetchone()
        days = ids("SELECT DISTINCT said_on FROM conflictclaim ORDER BY 1")
        groups = len(topics_open := ids("SELECT DISTINCT topic_id FROM conflict WHERE status = 'open'"))
        deep_topic = conn.execute(
            "SELECT t.last_activity_at, t.id FROM topic t WHERE t.id = ANY(%s) "
            "ORDER BY 1 DESC, 2 DESC OFFSET %s LIMIT 1",
            (topics_open, min(2000, groups // 2)),
        ).fetchone()
    rng = random.Random(3)
    month = [(d, d.replace(day=28)) for d in rng.sample(days, 20)]
    claim_cursor = encode_cursor(list(deep)) if deep else ""
    topic_cursor = encode_cursor([deep_topic[0].isoformat(), deep_topic[1]]) if deep_topic else ""
    return {
        "api claims": ["/api/v1/claims"],
        "api claims q=ceasefire": ["/api/v1/claims?q=ceasefire"],
        "api claims q=two words": ["/api/v1/claims?q=ceasefire%20talks", "/api/v1/claims?q=missile%20border"],
        "api claims source=Donald Trump": ["/api/v1/claims?source=Donald%20Trump"],
        "api claims source=alias": ["/api/v1/claims?source=president%20trump"],
        "api claims source=id": [f"/api/v1/claims?source={s}" for s in sources],
        "api claims stance=denial": ["/api/v1/claims?stance=denial"],
        "api claims date range": [f"/api/v1/claims?date_from={a}&date_to={b}" for a, b in month],
        "api claims q+source+dates": [
            f"/api/v1/claims?q=ceasefire&source=Donald%20Trump&date_from={month[0][0]}"
        ],
        "api claims page=120": ["/api/v1/claims?page=120"],
        "api claims cursor (middle)": [f"/api/v1/claims?cursor={claim_cursor}"],
        "api claims count=exact": ["/api/v1/claims?count=exact"],
        "api claims article_id": [f"/api/v1/claims?article_id={a}" for a in articles],
        "api claims topic_id": [f"/api/v1/claims?topic_id={t}" for t in topics],
        "api claim": [f"/api/v1/claims/{c}" for c in claims],
        "api topics": ["/api/v1/topics"],
        "api topics conflicting=true": ["/api/v1/topics?conflicting=true"],
        "api topics page=120": ["/api/v1/topics?page=120"],
        "api topic": [f"/api/v1/topics/{t}" for t in topics],
        "api conflicts": ["/api/v1/conflicts"],
        "api conflicts date range": [f"/api/v1/conflicts?date_from={a}&date_to={b}" for a, b in month],
        "api conflicts page=120": ["/api/v1/conflicts?page=120"],
        "api conflicts cursor (deep)": [f"/api/v1/conflicts?cursor={topic_cursor}"],
        "api conflicts kind+affiliation": ["/api/v1/conflicts?kind=denial&affiliation=US"],
        "api conflicts source_id": [f"/api/v1/conflicts?source_id={s}" for s in sources],
        "api sources": ["/api/v1/sources"],
        "api sources q": ["/api/v1/sources?q=trump"],
        "board /": ["/"],
        "board filtered": [f"/?kind=denial&affiliation=US&from={a}&to={b}" for a, b in month],
        "board page=120": ["/?page=120"],
        "board source": [f"/?source={s}" for s in sources],
        "dashboard topic": [f"/topics/{t}" for t in topics],
        "dashboard article": [f"/articles/{a}" for a in articles],
        "dashboard claim": [f"/claims/{c}" for c in claims],
        "dashboard sources": ["/sources/"],
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def drive(port: int, paths: list[str], *, requests: int, concurrency: int, rng: random.Random) -> list[float]:
    """``requests`` GETs spread over ``concurrency`` threads; each request's milliseconds."""
    plan = [rng.choice(paths) for _ in range(requests)]
    lock, times, errors = threading.Lock(), [], []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not plan:
                    break
                path = plan.pop()
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed)
                if response.status != 200:
                    errors.append(f"{path}: {response.status}")
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"failed requests: {errors[:3]}")
    return times


def count_statements(url: str, paths: dict[str, list[str]], *, repeat: int = 9) -> dict[str, dict[str, Any]]:
    """Per endpoint: statements one request issues, its slowest statement with parameters, and
    the median wall and CPU milliseconds of ``repeat`` requests served in this process one at
    a time (CPU time of the process: the Python side of a request, which does not depend on
    what else the machine runs)."""
    from sqlalchemy import event

    from service.app import create_app
    from service.db import get_engine

    app = create_app({"DATABASE_URL": url, "BROKER_URL": None})
    client = app.test_client()
    engine = get_engine(url)
    out: dict[str, dict[str, Any]] = {}
    for name, options in paths.items():
        path = options[0]
        client.get(path)  # warm: connection set-up is not the request's
        seen: list[list[Any]] = []

        def before(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
            seen.append([statement, params, time.perf_counter()])  # noqa: B023

        def after(*_args: Any) -> None:
            seen[-1][2] = time.perf_counter() - seen[-1][2]  # noqa: B023

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        try:
            status = client.get(path).status_code
        finally:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
        assert status == 200, (path, status)
        slowest = max(seen, key=lambda s: s[2]) if seen else None
        wall, cpu = [], []
        for _ in range(repeat):
            started, used = time.perf_counter(), time.process_time()
            client.get(path)
            cpu.append((time.process_time() - used) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        out[name] = {
            "statements": len(seen),
            "slowest": slowest,
            "in_process_ms": round(statistics.median(wall), 1),
            "cpu_ms": round(statistics.median(cpu), 1),
        }
    return out


def over_the_bars(table: dict[str, Any]) -> list[str]:
    """The endpoints whose p95 or statement count is over the bar."""
    return [n for n, r in table.items() if r["p95_ms"] >= BAR_MS or r["statements"] > BAR_STATEMENTS]


def explain(url: str, statement: str, params: Any) -> str:
    import psycopg

    if statement.startswith("EXPLAIN (FORMAT JSON) "):  # a planner estimate: explain what it estimates
        statement = statement.removeprefix("EXPLAIN (FORMAT JSON) ")

    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        rows = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params).fetchall()
    return "\n".join(r[0] for r in rows)


def serve(url: str, port: int, log: Path, *, workers: int = 2, threads: int = 8) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update({"CLAIMTRACK_DATABASE_URL": url, "CLAIMTRACK_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)})
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--control-socket", str(log.with_suffix(".ctl")),
        "service.app:create_app()",
    ]  # fmt: skip
    with log.open("ab") as out:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-2000:]}")


def measure(url: str, args: argparse.Namespace, shape: dict[str, Any]) -> dict[str, Any]:
    from tests.servers import free_port

    paths = {n: p for n, p in endpoints(url).items() if not args.only or args.only in n}
    port = free_port()
    load_before = list(os.getloadavg())
    proc = serve(url, port, Path(args.workdir) / "gunicorn.log", workers=args.workers, threads=args.threads)
    rng = random.Random(11)
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
    try:
        for options in paths.values():  # warm every endpoint once per worker
            drive(port, options, requests=4, concurrency=args.concurrency, rng=rng)
        for _ in range(args.rounds):
            for name, options in paths.items():
                times = drive(port, options, requests=args.requests, concurrency=args.concurrency, rng=rng)
                quantiles = (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
                rounds[name].append({q: percentile(times, p) for q, p in quantiles})
    finally:
        proc.terminate()
        proc.wait(20)
    counted = count_statements(url, paths)
    table: dict[str, Any] = {}
    for name, per_round in rounds.items():
        row: dict[str, Any] = {}
        for q in ("p50", "p95", "p99"):
            values = [r[q] for r in per_round]
            row[f"{q}_ms"] = round(statistics.median(values), 1)
            row[f"{q}_ms_spread"] = [round(min(values), 1), round(max(values), 1)]
        row["statements"] = counted[name]["statements"]
        row["in_process_ms"] = counted[name]["in_process_ms"]
        row["cpu_ms"] = counted[name]["cpu_ms"]
        row["example"] = paths[name][0]
        table[name] = row
    slowest = sorted(table, key=lambda n: -table[n]["p95_ms"])[: args.explain]
    plans = {}
    for name in slowest:
        found = counted[name]["slowest"]
        if found:
            plans[name] = {"statement": found[0], "plan": explain(url, found[0], found[1])}
    over = over_the_bars(table)
    return {
        "shape": shape,
        "concurrency": args.concurrency,
        "requests_per_endpoint_per_round": args.requests,
        "rounds": args.rounds,
        "server": f"gunicorn, {args.workers} workers, gthread, {args.threads} threads",
        "load_average": {"before": load_before, "after": list(os.getloadavg())},
        "endpoints": table,
        "over_the_bars": over,
        "explain_slowest": plans,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=40, help="per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--explain", type=int, default=4, help="EXPLAIN the slowest N endpoints")
    parser.add_argument("--database-url", help="measure this filled database instead of making one")
    parser.add_argument("--keep", action="store_true", help="leave the server running; print its URL")
    parser.add_argument("--workdir", default="/tmp")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the image's: 2)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (the image's: 8)")
    parser.add_argument(
        "--only", help="measure the endpoints whose name holds this text (their rows replace the stored ones)"
    )
    args = parser.parse_args()
    from service.migrate import upgrade
    from tests.servers import PostgresServer

    server = None
    if args.database_url:
        url, shape = args.database_url, {"claims": args.claims, "reused": True}
    else:
        server = PostgresServer()
        server.start()
        url = server.create_database()
        started = time.perf_counter()
        upgrade(url)
        shape = fill(url.replace("+psycopg", ""), args.claims)
        shape["fill_seconds"] = round(time.perf_counter() - started, 1)
        print(f"filled {shape} into {url}", flush=True)
    try:
        result = measure(url, args, shape)
    finally:
        if server is not None and not args.keep:
            server.stop()
        elif server is not None:
            print(f"kept: {url} (data in {server.datadir})")
    width = max(len(n) for n in result["endpoints"])
    print(f"{'endpoint':{width}}  p50    p95 (spread)          p99   statements  alone  CPU")
    for name, row in result["endpoints"].items():
        lo, hi = row["p95_ms_spread"]
        print(
            f"{name:{width}}  {row['p50_ms']:6.1f} {row['p95_ms']:6.1f} ({lo:.1f}-{hi:.1f}) "
            f"{row['p99_ms']:7.1f}   {row['statements']:10d}  "
            f"{row['in_process_ms']:5.1f} {row['cpu_ms']:5.1f}"
        )
    print("over the bars:", result["over_the_bars"] or "none")
    for name, plan in result["explain_slowest"].items():
        print(f"\n--- {name}: {plan['statement'][:300]}\n{plan['plan']}")
    stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.only and str(args.claims) in stored:
        kept = stored[str(args.claims)]
        kept["endpoints"].update(result["endpoints"])
        kept["over_the_bars"] = over_the_bars(kept["endpoints"])
    else:
        stored[str(args.claims)] = result
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(stored, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
