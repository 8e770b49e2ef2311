"""Recall and speed of the nearest-topic index (``workers.linking.vector_index``) on real embeddings.

Topics are made as ``bench/bench_linking.py`` stores them (``bench.linking_data``): three
attributed claims each, in order on a first pass over the pool and random triples after, each
topic the mean of its members' embeddings, except that here the embeddings are the real ones
(all-MiniLM-L6-v2 of the claims' contents, PolNeAR train, read from the shared folder and
embedded at run time; nothing is kept in the project). The mean of three unrelated claims lies
between them, the hard case for the index's lists; ``--topics alike`` makes each topic of a
claim and two of its 20 nearest instead, claims that say much the same, as linking groups them.
Queries are the embeddings of ``--queries`` claim contents of PolNeAR dev, asked in batches of
20 (about an article's).

For each index size and number of lists probed: the share of what the exact search returns
that the index returns too (recall; a topic of the same score as one returned counts as it),
for each use the linking step makes of it: every topic at a cosine of 0.78 or more (a claim
may join it), the 2 and the 4 nearest at 0.4 or more (searched for conflicts); and the median
time of a batch of 20 queries on one BLAS thread, the index against the exact search (every
list read).

    .venv/bin/python bench/bench_topic_index.py [--sizes 10000,100000,333334] [--probes 8,16,32]
                                                [--topics triples|alike] [--queries 400]
                                                [--cache /tmp/embeddings.npz]

Prints a table and writes ``bench/results/bench_topic_index.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.linking_data import CLAIMS_PER_TOPIC  # noqa: E402
from workers.linking.embeddings import load_model  # noqa: E402
from workers.linking.semantic import SEMANTIC_JOIN, SEMANTIC_RELATED  # noqa: E402
from workers.linking.vector_index import VectorIndex  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "eval-data" / "polnear"
RESULTS = ROOT / "bench" / "results" / "bench_topic_index.json"
BATCH = 20
ALIKE = 20  # nearest pool entries a topic of alike claims draws its other two members from
TIE = 1e-5  # scores this close are one (the same product summed in another order)
K = 44  # SEMANTIC_NEIGHBOURS and the slack of an article of 20 claims, as the linking step asks


def _contents(split: str) -> list[str]:
    path = POLNEAR / f"{split}.canonical.jsonl"
    if not path.exists():
        sys.exit(f"PolNeAR {split} not found at {path}")
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                for rel in json.loads(line)["attributions"]:
                    content = " ".join(s["text"] for s in rel["content"])
                    if content.strip():
                        out.append(content)
    return out


def _embeddings(cache: Path | None) -> tuple[np.ndarray, np.ndarray]:
    if cache is not None and cache.exists():
        saved = np.load(cache)
        return saved["pool"], saved["queries"]
    model = load_model()
    started = time.perf_counter()
    pool = model.encode(_contents("train"), threads=os.cpu_count() or 1)
    queries = model.encode(_contents("dev"), threads=os.cpu_count() or 1)
    seconds = time.perf_counter() - started
    print(f"embedded {len(pool) + len(queries)} contents in {seconds:.0f} s", flush=True)
    if cache is not None:
        np.savez(cache, pool=pool, queries=queries)
    return pool, queries


def _topics(pool: np.ndarray, count: int, rng: np.random.Generator, kind: str) -> np.ndarray:
    """Mean embeddings of ``count`` topics of three pool entries: as the linking bench groups them
    (``triples``: in order, then at random), or each entry with two of its 20 nearest (``alike``:
    claims that say much the same, as the topics linking makes)."""
    if kind == "alike":
        near = np.empty((len(pool), ALIKE), dtype=np.intp)
        for start in range(0, len(pool), 2048):
            scores = pool[start : start + 2048] @ pool.T
            near[start : start + 2048] = np.argsort(-scores, axis=1)[:, 1 : ALIKE + 1]
        firsts = np.arange(count) % len(pool)
        picks = np.stack([rng.choice(ALIKE, CLAIMS_PER_TOPIC - 1, replace=False) for _ in range(count)])
        members = np.column_stack([firsts, near[firsts[:, None], picks]])
        return np.asarray(pool[members].mean(axis=1), dtype=np.float32)
    ordered = [list(range(i, i + CLAIMS_PER_TOPIC)) for i in range(0, len(pool) - CLAIMS_PER_TOPIC + 1,
                                                                       CLAIMS_PER_TOPIC)][:count]
    rest = [rng.choice(len(pool), CLAIMS_PER_TOPIC, replace=False) for _ in range(count - len(ordered))]
    return np.asarray(pool[np.asarray(ordered + rest)].mean(axis=1), dtype=np.float32)


def _recall(found: list[list[tuple[int, float]]], exact: list[list[tuple[int, float]]], k: int,
            floor: float) -> dict[str, float | int]:
    wanted = hits = 0
    for got, truth in zip(found, exact, strict=True):
        want = [s for _, s in truth[:k] if s >= floor]
        wanted += len(want)
        if want:  # topics of equal score count alike (some are copies; ties part at k by rounding)
            hits += min(len(want), sum(1 for _, s in got[:k] if s >= want[-1] - TIE))
    return {"recall": round(hits / wanted, 3) if wanted else 1.0, "exact_hits": wanted}


def _batches_ms(index: VectorIndex, queries: np.ndarray, *, exact: bool) -> float:
    times = []
    for start in range(0, len(queries), BATCH):
        started = time.perf_counter()
        index.nearest_many(queries[start : start + BATCH], K, floor=SEMANTIC_RELATED, exact=exact)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def measure(pool: np.ndarray, queries: np.ndarray, size: int, probes: list[int], kind: str) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    index, topics = VectorIndex(pool.shape[1]), _topics(pool, size, rng, kind)
    started = time.perf_counter()
    index.update_many(list(range(1, size + 1)), topics)
    row: dict[str, Any] = {"topics": size, "made_of": kind, "lists": index.lists,
                           "load_seconds": round(time.perf_counter() - started, 1)}
    exact = index.nearest_many(queries, K, floor=SEMANTIC_RELATED, exact=True)
    row["exact_batch_ms"] = _batches_ms(index, queries, exact=True)
    row["probes"] = {}
    for count in probes:
        index.probes = count
        found = index.nearest_many(queries, K, floor=SEMANTIC_RELATED)
        row["probes"][str(count)] = {
            "join": _recall(found, exact, K, SEMANTIC_JOIN),
            "nearest_2": _recall(found, exact, 2, SEMANTIC_RELATED),
            "nearest_4": _recall(found, exact, 4, SEMANTIC_RELATED),
            "batch_ms": _batches_ms(index, queries, exact=False),
        }
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,333334", help="topics in the index")
    parser.add_argument("--probes", default="8,16,32", help="lists read per query")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--topics", choices=("triples", "alike"), default="triples",
                        help="topics as the linking bench makes them, or of alike claims")
    parser.add_argument("--cache", type=Path, help="where to keep the embeddings between runs (.npz)")
    args = parser.parse_args()
    pool, dev = _embeddings(args.cache)
    queries = dev[np.random.default_rng(11).choice(len(dev), min(args.queries, len(dev)), replace=False)]
    from workers.linking.embeddings import blas_libraries

    rows = []
    with blas_libraries().limit(limits=1, user_api="blas"):
        for size in (int(s) for s in args.sizes.split(",")):
            row = measure(pool, queries, size, [int(p) for p in args.probes.split(",")], args.topics)
            rows.append(row)
            print(f"{size:>8} topics, {row['lists']:>4} lists (load {row['load_seconds']} s): exact "
                  f"{row['exact_batch_ms']} ms / {BATCH} queries", flush=True)
            for count, r in row["probes"].items():
                print(f"    {count:>3} lists read: {r['batch_ms']:>7} ms; recall: join {r['join']['recall']} "
                      f"(of {r['join']['exact_hits']}), 2 nearest {r['nearest_2']['recall']}, "
                      f"4 nearest {r['nearest_4']['recall']}", flush=True)
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    report = previous.get("topics", {})  # a run of one kind of topics keeps the other's
    report[args.topics] = {"queries": len(queries), "pool": len(pool), "batch": BATCH, "k": K,
                           "load_average": [round(x, 2) for x in os.getloadavg()], "sizes": rows}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"topics": report}, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
