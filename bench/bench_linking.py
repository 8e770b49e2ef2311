"""Per-article cost of linking (topics + conflicts) at 100, 10,000 and 100,000 stored claims.

The store is a SQLite file. Stored claims are synthesised in bulk from real attributed text
(PolNeAR train, read at run time from the shared folder; nothing is copied into the project):
each is vectorised with the real topic vectoriser and grouped into topics whose centroids and
``TopicTerm`` entries are written as the pipeline would write them. Then the same real articles
(PolNeAR dev, through the real extractor) are linked with ``link_article`` at each size, each in a
transaction rolled back afterwards so the store stays at its size.

    .venv/bin/python bench/bench_linking.py [--articles 20] [--sizes 100,10000,100000]

Prints a table and writes ``bench/results/bench_linking.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import event, insert
from sqlmodel import Session, SQLModel, create_engine, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.models import Article, Claim, Source, Topic, TopicTerm  # noqa: E402
from workers.linking.embeddings import DIMENSIONS  # noqa: E402
from workers.linking.facts import ClaimFacts  # noqa: E402
from workers.linking.semantic import pack  # noqa: E402
from workers.linking.step import link_article  # noqa: E402
from workers.linking.topics import INDEX_TERMS, keywords_and_label, normalise, vectorise  # noqa: E402
from workers.pipeline import store_claims  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "eval-data" / "polnear"
RESULTS = ROOT / "bench" / "results" / "bench_linking.json"
CLAIMS_PER_TOPIC = 3
CLAIMS_PER_ARTICLE = 25
# Stored claims fall within the month before the timed articles: every topic is "recent", the
# worst case for candidate lookup.
WINDOW_END = date(2016, 10, 15)


def _random_embedding(rng: random.Random) -> bytes:
    """A random unit vector as a topic's stored embedding (float16 bytes)."""
    vector = np.array([rng.gauss(0.0, 1.0) for _ in range(DIMENSIONS)], dtype=np.float32)
    return pack(vector / np.linalg.norm(vector))


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


class Filler:
    """Adds synthetic stored claims (with sources, topics and index entries) in bulk."""

    def __init__(self, engine: Any, pool: list[tuple[str, str]]) -> None:
        self.engine = engine
        self.pool = pool
        self.count = 0
        self.rng = random.Random(7)

    def _claim(self, index: int) -> tuple[str, str]:
        """The index-th synthetic claim: real text, spliced from two claims after the first pass so
        that no two stored claims (and no two topics) are copies of each other."""
        size = len(self.pool)
        source, content = self.pool[index % size]
        rounds = index // size
        if rounds == 0:
            return source, content
        _, other = self.pool[(index * 7919 + rounds * 104729) % size]
        head, tail = content.split(), other.split()
        return source, " ".join(head[: max(1, len(head) // 2)] + tail[len(tail) // 2 :])

    def fill_to(self, target: int) -> None:
        with Session(self.engine) as session:
            if session.exec(select(func.count()).select_from(Source)).one() == 0:
                session.execute(
                    insert(Source),
                    [
                        {
                            "name": f"Synthetic source {i}",
                            "kind": "person",
                            "affiliation": f"Side {i % 40}",
                            "created_at": datetime.now(UTC),
                        }
                        for i in range(2000)
                    ],
                )
                session.commit()
            while self.count < target:
                self._batch(session, min(5000, target - self.count))
            session.commit()

    def _batch(self, session: Session, n: int) -> None:
        now = datetime.now(UTC)
        articles = [
            {
                "title": f"synthetic {self.count + i}",
                "body": "synthetic",
                "content_hash": f"syn-{self.count + i}",
                "status": "done",
                "attempts": 1,
                "created_at": now,
                "status_changed_at": now,
                "published_at": WINDOW_END - timedelta(days=self.rng.randint(0, 30)),
            }
            for i in range(0, n, CLAIMS_PER_ARTICLE)
        ]
        session.execute(insert(Article), articles)
        first_article = int(session.exec(select(func.max(Article.id))).one() or 0) - len(articles) + 1
        topics: list[dict[str, Any]] = []
        terms: list[dict[str, Any]] = []
        claims: list[dict[str, Any]] = []
        first_topic = (session.exec(select(func.max(Topic.id))).one() or 0) + 1
        for start in range(0, n, CLAIMS_PER_TOPIC):
            members = [self._claim(self.count + start + k) for k in range(CLAIMS_PER_TOPIC)]
            topic_id = first_topic + len(topics)
            article_id = first_article + start // CLAIMS_PER_ARTICLE
            day: date = articles[start // CLAIMS_PER_ARTICLE]["published_at"]  # type: ignore[assignment]
            merged: dict[str, float] = {}
            surface: dict[str, str] = {}
            kinds: dict[str, str] = {}
            for k, (source, content) in enumerate(members):
                vector = vectorise(
                    ClaimFacts(id=0, article_id=0, content=content, text=content, mention=source)
                )
                for term, weight in vector.weights.items():
                    merged[term] = merged.get(term, 0.0) + weight
                surface.update(vector.surface)
                kinds.update(vector.kinds)
                claims.append(
                    {
                        "article_id": article_id,
                        "source_id": self.rng.randint(1, 2000),
                        "topic_id": topic_id,
                        "ordinal": start + k,
                        "text": content,
                        "content": content,
                        "source_mention": source,
                        "cue": "said",
                        "cue_lemma": "say",
                        "spans": {},
                        "stance": "assertion",
                        "quote_type": "indirect",
                        "said_on": day,
                        "quantities": [],
                        "verification": {},
                        "confidence": 0.5,
                        "review_status": "unreviewed",
                        "extractor_version": "synthetic",
                        "created_at": now,
                    }
                )
            centroid = normalise(merged, 40)
            keywords, label = keywords_and_label(centroid, surface, kinds)
            topics.append(
                {
                    "id": topic_id,
                    "label": label,
                    "keywords": keywords,
                    "centroid": centroid,
                    "claim_count": CLAIMS_PER_TOPIC,
                    "created_at": now,
                    "last_activity_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC),
                    # A mean embedding per stored topic, so the nearest-topic index is as
                    # large as it would be (its cost depends on the count, not the values).
                    "embedding": _random_embedding(self.rng),
                    "embedded_count": CLAIMS_PER_TOPIC,
                    # Written well before the timed articles, as a stored archive's are (not
                    # inside the index's re-read margin).
                    "embedded_at": now - timedelta(hours=1),
                }
            )
            top = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
            terms.extend({"topic_id": topic_id, "term": t, "weight": w} for t, w in top)
        session.execute(insert(Topic), topics)
        session.execute(insert(TopicTerm), terms)
        session.execute(insert(Claim), claims[:n])
        session.commit()
        self.count += n


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


def _time_articles(
    engine: Any, extracted: list[tuple[dict[str, Any], Any]]
) -> list[tuple[float, float, int]]:
    """(wall ms, CPU ms, SQL statements) of ``link_article`` for each article, rolled back after."""
    statements = {"n": 0}

    def count(*_: Any) -> None:
        statements["n"] += 1

    out: list[tuple[float, float, int]] = []
    for doc, extraction in extracted:
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
            statements["n"] = 0
            event.listen(engine, "before_cursor_execute", count)
            wall, cpu = time.perf_counter(), time.process_time()
            link_article(session, article_id=int(article.id or 0))
            session.flush()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            event.remove(engine, "before_cursor_execute", count)
            session.rollback()
        out.append((wall * 1000, cpu * 1000, statements["n"]))
    return out


def _summary(runs: list[list[tuple[float, float, int]]], claims: list[int]) -> dict[str, float]:
    """Per article, the fastest of the passes (other processes only ever add time); then the
    median and mean over articles."""
    wall = [min(r[i][0] for r in runs) for i in range(len(claims))]
    cpu = [min(r[i][1] for r in runs) for i in range(len(claims))]
    return {
        "cpu_ms_per_article_median": round(statistics.median(cpu), 2),
        "cpu_ms_per_article_mean": round(statistics.mean(cpu), 2),
        "wall_ms_per_article_median": round(statistics.median(wall), 2),
        "cpu_ms_per_claim_median": round(
            statistics.median(c / max(1, n) for c, n in zip(cpu, claims, strict=True)), 3
        ),
        "queries_per_article_median": statistics.median(r[0][2] for r in zip(*runs, strict=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20, help="real articles timed at each size")
    parser.add_argument("--sizes", default="100,10000,100000", help="stored-claim counts to measure at")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes per size (the best is kept)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pool = _contents(_texts("train"))
    dev = _texts("dev")[: args.articles]
    print(f"extracting {len(dev)} dev articles …", flush=True)
    extracted = _extractions(dev)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/bench.sqlite3")
        SQLModel.metadata.create_all(engine)
        filler = Filler(engine, pool)
        for size in sizes:
            started = time.perf_counter()
            filler.fill_to(size)
            with Session(engine) as session:
                topics = session.exec(select(func.count()).select_from(Topic)).one()
                postings = session.exec(select(func.count()).select_from(TopicTerm)).one()
            runs = [_time_articles(engine, extracted) for _ in range(args.repeat)]
            best = _summary(runs, [len(e.attributions) for _, e in extracted])
            rows.append(
                {
                    "stored_claims": size,
                    "topics": topics,
                    "topic_terms": postings,
                    "fill_seconds": round(time.perf_counter() - started, 1),
                    **best,
                }
            )
            print(
                f"{size:>8} claims {topics:>7} topics "
                f"{best['cpu_ms_per_article_median']:8.2f} CPU ms/article median "
                f"{best['cpu_ms_per_article_mean']:8.2f} mean "
                f"{best['wall_ms_per_article_median']:8.2f} wall ms median "
                f"{best['queries_per_article_median']:.0f} queries",
                flush=True,
            )
    ratio = rows[-1]["cpu_ms_per_article_median"] / rows[0]["cpu_ms_per_article_median"]
    report = {
        "articles_timed": len(extracted),
        "database": "sqlite file",
        "sizes": rows,
        "largest_over_smallest": round(ratio, 2),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"largest / smallest per-article CPU cost (median): {ratio:.2f} "
        f"(written to {RESULTS.relative_to(ROOT)})"
    )


if __name__ == "__main__":
    main()
