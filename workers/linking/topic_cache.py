"""The topics one article's linking reads and writes, read up front and written back at the end.

Before the article's claims are placed, one query reads the index postings of every term they
ask about, one the candidate topics of all of them (and the topics nearest by embedding), one
reserves the ids of the topics they may create. Placing claims then reads nothing; at the end
the changed topics are written back together: one insert of the new topics, one update of the
changed ones, two statements for their index entries and two for merged topics' rows. So an
article costs the same handful of statements whatever the store holds.

Another worker may change a topic between this article's read and its write. On PostgreSQL
the write first locks the topics it changes (in id order) and compares their row versions with
the ones read: if any moved, nothing is written and :class:`TopicsChanged` says the article's
linking must run again on what is stored now; no update is ever lost. The locks are held to
the end of the article's transaction, so they are taken as late as the write allows.
"""

from __future__ import annotations

from sqlmodel import Session

from service.models import Topic
from service.repo.topic_index import POSTINGS_PER_TERM, move_topics, reserve_topic_ids, topic_postings
from service.repo.topics import load_versioned_topics, lock_topic_versions
from service.repo.upsert import write_columns
from workers.linking.topic_updates import index_terms, reindex_all, topic_kinds

# Candidate topics scored per claim (by shared index terms) before the closest is chosen.
MAX_CANDIDATES = 24
# Candidates read up front beyond those: a merge mid-article can promote a topic or two.
SPARE_CANDIDATES = 2
# Every column linking may change on a topic, written for all changed topics alike so that
# their update is one statement.
TOPIC_COLUMNS = (
    "label",
    "keywords",
    "centroid",
    "claim_count",
    "merged_into_id",
    "last_activity_at",
    "embedding",
    "embedded_count",
    "embedded_at",
)


class TopicsChanged(Exception):
    """Topics this article changes were written by another transaction since they were read."""


class TopicCache:
    """Topics read or written while linking one article: each loaded once, written once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.topics: dict[int, Topic] = {}
        self.kinds: dict[int, dict[str, str]] = {}
        self.postings: dict[str, list[int]] = {}
        self.asked: set[str] = set()  # terms whose postings a claim has used
        self.dirty: set[int] = set()
        self.moves: dict[int, int] = {}  # merged topic -> topic kept
        self.reserved: list[int] = []
        self.absent: set[int] = set()  # asked for, not stored: never asked again
        self.versions: dict[int, str] = {}  # row versions as read (PostgreSQL)

    def prefetch(self, queries: list[dict[str, float]], *, near: set[int], new_topics: int) -> None:
        """Read what placing the claims will need: the postings of every query's terms, the
        best candidates of every query and the ``near`` topics, and ``new_topics`` topic ids."""
        found = topic_postings(self.session, terms={t for q in queries for t in q})
        self.postings.update({t: sorted(ids, reverse=True) for t, ids in found.items()})
        wanted = set(near)
        for weights in queries:
            wanted |= {tid for tid, _ in self._best(weights, MAX_CANDIDATES + SPARE_CANDIDATES)}
        self._load(wanted)
        self.reserved = reserve_topic_ids(self.session, count=new_topics)

    def _best(self, weights: dict[str, float], n: int) -> list[tuple[int, float]]:
        score: dict[int, float] = {}
        for term, weight in weights.items():
            if term not in self.postings:  # not asked for up front: read it now
                with self.session.no_autoflush:  # changed topics wait for ``write``
                    found = topic_postings(self.session, terms=[term])[term]
                self.postings[term] = sorted(found, reverse=True)
            for tid in self.postings[term]:
                score[tid] = score.get(tid, 0.0) + weight
        return sorted(score.items(), key=lambda kv: (-kv[1], -kv[0]))[:n]

    def _load(self, ids: set[int]) -> None:
        missing = ids - set(self.topics) - self.absent
        if missing:
            with self.session.no_autoflush:  # changed topics wait for ``write``
                topics, versions = load_versioned_topics(self.session, topic_ids=missing)
            self.topics.update(topics)
            self.versions.update(versions)
            self.absent |= missing - set(self.topics)

    def candidates(self, weights: dict[str, float]) -> dict[int, Topic]:
        """The topics sharing the most (weighted) query terms, at most ``MAX_CANDIDATES`` of them,
        plus those this article already touched."""
        self.asked.update(weights)
        ids = {tid for tid, _ in self._best(weights, MAX_CANDIDATES)} | self.dirty
        self._load(ids)
        return {i: self.topics[i] for i in ids if i in self.topics and self.topics[i].merged_into_id is None}

    def get(self, topic_id: int) -> Topic | None:
        """A topic by id (merged ones too), or None."""
        self._load({topic_id})
        return self.topics.get(topic_id)

    def kinds_of(self, topic: Topic) -> dict[str, str]:
        """Word kinds of a topic's terms (recomputed for topics this article changed)."""
        tid = int(topic.id or 0)
        if tid not in self.kinds or tid in self.dirty:
            self.kinds[tid] = topic_kinds(topic)[1]
        return self.kinds[tid]

    def touch(self, topic: Topic) -> None:
        """A topic this article created or changed."""
        tid = int(topic.id or 0)
        self.topics[tid] = topic
        self.dirty.add(tid)

    def new_id(self) -> int | None:
        """A reserved id for a new topic (None once they are used up: the row then takes one)."""
        return self.reserved.pop(0) if self.reserved else None

    def merged(self, *, keep: Topic, gone: Topic) -> None:
        """``gone`` was merged into ``keep``: its rows move at the end, and the postings not yet
        used list the two as the index will once the merge is written."""
        gone_id, keep_id = int(gone.id or 0), int(keep.id or 0)
        self.moves[gone_id] = keep_id
        self.dirty.discard(gone_id)
        self.topics[gone_id] = gone
        kept_terms = set(index_terms(keep))
        for term, ids in self.postings.items():
            if term in self.asked:
                continue
            ids[:] = [i for i in ids if i not in (gone_id, keep_id)]
            if term in kept_terms:
                ids[:] = sorted([*ids, keep_id], reverse=True)[:POSTINGS_PER_TERM]

    def discard(self) -> None:
        """Forget what placing the claims changed in the session (nothing of it was written):
        new topics leave it, changed ones are read again when next asked for."""
        for topic in self.topics.values():
            if topic in self.session.new:
                self.session.expunge(topic)
            elif topic in self.session:
                self.session.expire(topic)

    def write(self) -> None:
        """Write the changed topics, their index entries and the merges (not committed);
        :class:`TopicsChanged` (nothing written) if another transaction changed one of them
        since it was read."""
        live = [self.topics[t] for t in sorted(self.dirty) if self.topics[t].merged_into_id is None]
        gone = [self.topics[t] for t in sorted(self.moves)]
        new = [t for t in (*live, *gone) if t in self.session.new]
        read = {int(t.id or 0) for t in (*live, *gone) if t not in new} & set(self.versions)
        with self.session.no_autoflush:
            now = lock_topic_versions(self.session, topic_ids=read)
        moved = sorted(t for t in read if now.get(t) != self.versions[t])
        if moved:
            self.discard()
            raise TopicsChanged(f"topics {moved} changed since they were read")
        # New topics first: a changed topic may have been merged into one of them, and a new
        # topic may itself have been merged into another new one, which must be written before it.
        for batch in (
            [t for t in new if t.merged_into_id is None],
            [t for t in new if t.merged_into_id is not None],
        ):
            if batch:  # (an empty list would flush everything)
                self.session.flush(objects=batch)
        write_columns(self.session, rows=[t for t in (*live, *gone) if t not in new], columns=TOPIC_COLUMNS)
        move_topics(self.session, moves=self.moves)
        reindex_all(self.session, topics=live, dropped=sorted(self.moves))
