"""A PostgreSQL claimtrack database of N claims in the shape the service grows into, by COPY.

Shape, scaled from the issue's measurement (1,000,000 claims: 62k articles, 274k topics, 5k
conflicts): an article per 16 claims (8 to 24 each), articles ingested in publication order
over 2017-2020; sources quoted by a Zipf law (one in 30 claims is Donald Trump's, written
"Trump", "Mr. Trump", "President Donald Trump" or "he"), a fifth of claims without a
normalised source; 0.274 topics per claim, each topic's claims from nearby articles, its
keywords in its claims' words (one topic in 25 about a ceasefire); 0.005 conflicts per claim,
pairs of claims of one topic from different sources, 90 % open.

The tables are filled with ``COPY`` after the migrated schema's secondary indexes are dropped
(their definitions kept), foreign-key triggers off; the indexes are then rebuilt from those
definitions and the tables analysed, so the schema measured is the migrations' own.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg

from service.keys import fold

TABLES = ("article", "source", "sourcealias", "topic", "claim", "conflict", "conflictclaim")
KINDS = ("denial", "contradiction", "mutual_accusation", "numeric")
STANCES = ("assertion", "assertion", "assertion", "denial", "accusation", "estimate")
CUES = ("said", "told reporters", "denied", "accused", "claimed", "estimated", "wrote")
START = date(2017, 1, 1)
DAYS = 4 * 365
NOW = datetime(2021, 1, 1, tzinfo=UTC)
TRUMP_MENTIONS = ("Trump", "Mr. Trump", "President Donald Trump", "Donald Trump", "he")
COMMON = (  # noqa: SIM905
    "government forces officials minister talks border attack troops report president army "
    "police election vote economy prices market trade sanctions aid city region people week "
    "military security country statement spokesman agreement crisis protest court law plan "
    "health vaccine oil gas energy bank budget tax jobs workers strike water food refugees"
).split()
EVENTS = (  # noqa: SIM905
    "ceasefire shelling missile drone invasion referendum tariff recession lockdown outbreak "
    "embargo blockade hostage cyberattack bombing truce impeachment indictment summit coup"
).split()


def _word(rng: random.Random) -> str:
    # A long tail of rarer words, so the text index has a realistic vocabulary.
    return f"w{int(rng.paretovariate(1.1)) % 40_000}" if rng.random() < 0.3 else rng.choice(COMMON)


class Shape:
    """Row counts for ``claims`` claims."""

    def __init__(self, claims: int) -> None:
        self.claims = claims
        self.articles = max(10, claims // 16)
        self.sources = max(100, claims // 50)
        self.topics = max(10, int(claims * 0.274))
        self.conflicts = max(5, claims // 200)


def copy_rows(conn: psycopg.Connection[Any], table: str, columns: list[str], rows: Any) -> int:
    n = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def drop_indexes(conn: psycopg.Connection[Any], tables: tuple[str, ...] = TABLES) -> list[str]:
    """Drop the tables' secondary indexes; their ``CREATE INDEX`` statements."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
        "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conname = i.indexname)",
        (list(tables),),
    ).fetchall()
    for name, _definition in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def fill(url: str, claims: int, *, seed: int = 7) -> dict[str, Any]:
    """Fill the migrated, empty database at ``url`` (a libpq URL) with ``claims`` claims."""
    rng = random.Random(seed)
    shape = Shape(claims)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # no FK triggers while loading
        conn.execute("SET maintenance_work_mem = '256MB'")
        definitions = drop_indexes(conn)
        # Sources: 1 is Donald Trump; the rest are named, a third with an affiliation.
        affiliations = [f"Country {i}" for i in range(60)] + ["US", "Russia", "Ukraine", "Armenia"]
        sources = [("Donald Trump", "person", "US")] + [
            (f"Source {i}", rng.choice(("person", "government", "organisation")), rng.choice(affiliations))
            if i % 3 == 0
            else (f"Source {i}", "person", None)
            for i in range(2, shape.sources + 1)
        ]
        copy_rows(
            conn,
            "source",
            ["id", "name", "name_key", "kind", "affiliation", "created_at"],
            ((i + 1, n, fold(n), k, a, NOW) for i, (n, k, a) in enumerate(sources)),
        )
        aliases = [(1, "trump"), (1, "president trump"), (1, "mr. trump"), (1, "president donald trump")]
        aliases += [(i, f"source {i} alias") for i in range(2, shape.sources + 1, 4)]
        alias_rows = ((n + 1, s, a) for n, (s, a) in enumerate(aliases))
        copy_rows(conn, "sourcealias", ["id", "source_id", "alias"], alias_rows)
        # Articles, in publication order with a little noise.
        article_day = [
            START + timedelta(days=min(DAYS - 1, max(0, int(a * DAYS / shape.articles) + rng.randint(-3, 3))))
            for a in range(shape.articles)
        ]
        copy_rows(
            conn,
            "article",
            ["id", "title", "body", "published_at", "publisher", "content_hash", "status", "attempts",
             "extractor_version", "created_at", "status_changed_at"],
            (
                (a + 1, f"Article {a + 1}", "(body not stored in the bench)", article_day[a], "Reuters",
                 f"{a + 1:064x}", "done", 1, "bench", NOW, NOW)
                for a in range(shape.articles)
            ),
        )
        # Topics: keywords drawn per topic; one in 25 is about a ceasefire.
        topic_words = [
            [("ceasefire" if rng.random() < 0.04 else rng.choice(EVENTS)), rng.choice(COMMON), _word(rng)]
            for _ in range(shape.topics)
        ]
        topic_last: list[date] = [START] * shape.topics
        topic_count = [0] * shape.topics
        topic_claims: dict[int, list[tuple[int, int | None, date]]] = {}
        zipf = [1.0 / (r + 1) ** 1.07 for r in range(shape.sources)]
        zipf[0] = sum(zipf) / 30  # Donald Trump: one claim in thirty
        picks = rng.choices(range(shape.sources), weights=zipf, k=shape.claims)
        per_article = shape.claims / shape.articles

        def claim_rows() -> Any:
            claim_id = 0
            for a in range(shape.articles):
                if claim_id >= shape.claims:
                    return
                n = rng.randint(int(per_article / 2), int(per_article * 1.5))
                if a == shape.articles - 1:
                    n = shape.claims - claim_id
                n = min(n, shape.claims - claim_id)
                centre = int(a * shape.topics / shape.articles)
                for ordinal in range(n):
                    claim_id += 1
                    src = picks[claim_id - 1]
                    if src == 0:
                        mention = rng.choice(TRUMP_MENTIONS)
                        resolved, source_id = "Donald Trump", 1
                    elif rng.random() < 0.2:
                        mention = resolved = f"a {rng.choice(COMMON)} official"
                        source_id = None
                    else:
                        mention = resolved = sources[src][0]
                        source_id = src + 1
                    topic = min(shape.topics - 1, max(0, centre + int(rng.gauss(0, 3))))
                    words = topic_words[topic]
                    said_on = article_day[a] - timedelta(days=rng.choice((0, 0, 0, 1)))
                    body = " ".join([*words, *(_word(rng) for _ in range(9))])
                    rng.shuffle(words_copy := body.split())
                    content = " ".join(words_copy)
                    cue = rng.choice(CUES)
                    text = f"{mention} {cue} {content}."
                    topic_last[topic] = max(topic_last[topic], said_on)
                    topic_count[topic] += 1
                    topic_claims.setdefault(topic, []).append((claim_id, source_id, said_on))
                    key = fold(resolved)
                    yield (
                        claim_id, a + 1, source_id, topic + 1, ordinal, text, content, mention, resolved,
                        key, cue, cue.split()[0], "{}", rng.choice(STANCES), "indirect", said_on, "[]",
                        '{"publisher_unverified": false}', round(rng.random(), 3), "unreviewed", "bench", NOW,
                    )

        copy_rows(
            conn,
            "claim",
            ["id", "article_id", "source_id", "topic_id", "ordinal", "text", "content", "source_mention",
             "source_resolved", "source_key", "cue", "cue_lemma", "spans", "stance", "quote_type", "said_on",
             "quantities", "verification", "confidence", "review_status", "extractor_version", "created_at"],
            claim_rows(),
        )
        copy_rows(
            conn,
            "topic",
            ["id", "label", "keywords", "centroid", "claim_count", "created_at", "last_activity_at"],
            (
                (t + 1, " ".join(topic_words[t]), json.dumps(topic_words[t]), "{}", topic_count[t], NOW,
                 datetime.combine(topic_last[t], datetime.min.time(), UTC) + timedelta(seconds=t % 86_400))
                for t in range(shape.topics)
            ),
        )
        conn.execute(  # the sources' stored claim counts, as the migration backfills them
            "UPDATE source SET claim_count = counted.n FROM (SELECT source_id, count(*) AS n FROM claim "
            "WHERE source_id IS NOT NULL GROUP BY source_id) AS counted WHERE counted.source_id = source.id"
        )
        # Conflicts: two claims of one topic from different sources (bigger topics more often).
        candidates = [t for t, rows in topic_claims.items() if len(rows) >= 2]
        weights = [len(topic_claims[t]) for t in candidates]
        conflicts, links, keys = [], [], set()
        while len(conflicts) < shape.conflicts:
            t = rng.choices(candidates, weights=weights)[0]
            first, second = rng.sample(topic_claims[t], 2)
            key = f"{min(first[0], second[0])},{max(first[0], second[0])}"
            if key in keys or (first[1] is not None and first[1] == second[1]):
                continue
            keys.add(key)
            cid = len(conflicts) + 1
            status = "open" if rng.random() < 0.9 else rng.choice(("resolved", "not_a_conflict"))
            conflicts.append(
                (cid, t + 1, rng.choice(KINDS), "one denies what the other asserts", round(rng.random(), 3),
                 key, status, NOW)
            )
            links += [(cid, c[0], side, c[1], c[2]) for side, c in enumerate((first, second))]
        copy_rows(conn, "conflict", ["id", "topic_id", "kind", "explanation", "confidence", "key", "status",
                                 "created_at"], conflicts)
        copy_rows(conn, "conflictclaim", ["conflict_id", "claim_id", "side", "source_id", "said_on"], links)
        # The conflict summaries the triggers keep (triggers are off while loading).
        conn.execute(
            "UPDATE topic SET open_conflict_count = c.n FROM (SELECT topic_id, count(*) AS n FROM conflict "
            "WHERE status = 'open' GROUP BY topic_id) AS c WHERE c.topic_id = topic.id"
        )
        conn.execute(
            "UPDATE source SET conflict_link_count = c.n FROM (SELECT source_id, count(*) AS n "
            "FROM conflictclaim GROUP BY source_id) AS c WHERE c.source_id = source.id"
        )
        for definition in definitions:
            conn.execute(definition)
        for table in TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            ) if table != "conflictclaim" else None
            conn.execute(f"VACUUM ANALYZE {table}")
    return {
        "claims": shape.claims,
        "articles": shape.articles,
        "sources": shape.sources,
        "topics": shape.topics,
        "conflicts": shape.conflicts,
    }
