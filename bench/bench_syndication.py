"""Cost of finding an article's syndicated original at 1,000 and 100,000 stored articles.

Stored articles get random MinHash signatures and their LSH bands (as ``save_sketch`` writes
them), plus one real wire story; then a trimmed copy of that story with a local paragraph is
looked up as ``mark_syndication`` does (band candidates, their sketches, the overlap rule),
many times, and the mean time and the number of SQL statements are reported per size.

    .venv/bin/python bench/bench_syndication.py [--sizes 1000,100000] [--lookups 200] [--url URL]

Without ``--url`` the store is a migrated SQLite file; pass a PostgreSQL URL of an empty
database to measure there. Prints a table and writes ``bench/results/bench_syndication.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import event, insert
from sqlmodel import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.db import get_engine  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import Article, ArticleBand, ArticleSketch  # noqa: E402
from service.repo.syndication import band_candidates, load_sketches  # noqa: E402
from tests.unit.linking.wire_stories import ORIGINAL, TRIMMED_WITH_LOCAL  # noqa: E402
from workers.linking.syndication import NUM_PERM, Sketch, band_hashes, overlap, sketch  # noqa: E402
from workers.syndicate import MAX_CANDIDATES  # noqa: E402

BATCH = 5_000


def fill(
    session: Session, *, start: int, count: int, rng: np.random.Generator, first: Sketch | None = None
) -> None:
    """``count`` articles from id ``start`` with random signatures and their bands (the first
    one with ``first``'s signature when given)."""
    now = datetime.now(UTC)
    for begin in range(start, start + count, BATCH):
        articles, sketches, bands = [], [], []
        for i in range(begin, min(begin + BATCH, start + count)):
            articles.append(
                {"id": i, "title": f"t{i}", "body": f"b{i}", "content_hash": f"h{i}", "status": "done",
                 "attempts": 1, "created_at": now, "status_changed_at": now}
            )  # fmt: skip
            item = Sketch(rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32).tobytes(), 300)
            if first is not None and i == start:
                item = first
            sketches.append({"article_id": i, "signature": item.signature, "shingles": item.shingles})
            bands += [{"band": b, "article_id": i} for b in set(band_hashes(item))]
        session.execute(insert(Article), articles)
        session.execute(insert(ArticleSketch), sketches)
        session.execute(insert(ArticleBand), bands)
    session.commit()


def lookup(session: Session, probe: Sketch, bands: list[int]) -> list[int]:
    """What ``mark_syndication`` reads to find the probe's original."""
    candidates = band_candidates(session, bands=bands, exclude=0, limit=MAX_CANDIDATES)
    sketches = load_sketches(session, article_ids=candidates)
    return [i for i, (sig, n) in sketches.items() if overlap(probe, Sketch(sig, n)).syndicated]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    upgrade(url)
    engine = get_engine(url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    rng = np.random.default_rng(7)
    probe = sketch(TRIMMED_WITH_LOCAL)
    bands = band_hashes(probe)
    rows: list[dict[str, Any]] = []
    stored = 0
    with Session(engine) as session:
        for size in [int(s) for s in args.sizes.split(",")]:
            # Article 1 is the wire story the probe is a copy of; the rest are random.
            story = None if stored else sketch(ORIGINAL)
            fill(session, start=stored + 1, count=size - stored, rng=rng, first=story)
            stored = size
            assert lookup(session, probe, bands) == [1]
            statements.clear()
            began = time.perf_counter()
            for _ in range(args.lookups):
                lookup(session, probe, bands)
            mean_ms = (time.perf_counter() - began) / args.lookups * 1000
            rows.append({"articles": size, "mean_ms": round(mean_ms, 3),
                         "statements_per_lookup": len(statements) / args.lookups})  # fmt: skip
            per_lookup = len(statements) / args.lookups
            print(f"{size:>9,} articles  {mean_ms:7.3f} ms/lookup  {per_lookup:.0f} statements")
    out = ROOT / "bench" / "results" / "bench_syndication.json"
    out.write_text(json.dumps({"store": engine.dialect.name, "results": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
