"""The seed articles, extracted and linked in order: the conflicts DESIGN section 2 lists come out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from service.models import Article, Claim, Source
from service.repo.conflicts import list_conflicts_by_topic
from service.repo.views import ConflictView
from workers.linking.gazetteer import side_of
from workers.linking.step import link_article
from workers.pipeline import store_claims

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "seed-articles.jsonl"
if not SEED.exists():  # the repository may sit one level shallower than a worktree
    SEED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seed-articles.jsonl"


@pytest.fixture(scope="module")
def linked() -> Iterator[tuple[Session, list[ConflictView]]]:
    if not SEED.exists():
        pytest.skip(f"seed corpus not found at {SEED}")
    extraction = pytest.importorskip("workers.extraction.extract")
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        for line in SEED.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            article = Article(
                external_id=d["id"],
                title=d["title"],
                body=d["body"],
                publisher=d.get("source"),
                published_at=date.fromisoformat(d["published"]),
                content_hash=d["id"],
            )
            session.add(article)
            session.flush()
            result = extraction.extract_article(
                article.body, published=article.published_at, publisher=article.publisher
            )
            store_claims(session, article, extraction=result)
            session.flush()
            link_article(session, article_id=int(article.id or 0))
        session.commit()
        groups = list_conflicts_by_topic(session, page_size=500).groups
        conflicts = [c for g in groups for c in g.conflicts]
        yield session, conflicts


def _find(conflicts: list[ConflictView], kind: str, *needles: str) -> list[ConflictView]:
    out = []
    for conflict in conflicts:
        text = " ".join(c.claim.text for c in conflict.claims).lower()
        if conflict.kind == kind and all(n.lower() in text for n in needles):
            out.append(conflict)
    return out


def test_denial_of_the_missile_attack_on_ordubad(linked: tuple[Session, list[ConflictView]]) -> None:
    _, conflicts = linked
    found = _find(conflicts, "denial", "Ordubad", "denied such an attack")
    assert found, "Armenia's denial is linked to Baku's accusation"
    sides = {c.side: c.source.name for c in found[0].claims}
    assert sides == {0: "Azerbaijan", 1: "Armenia"}


def test_contradiction_over_the_shelling_of_stepanakert(linked: tuple[Session, list[ConflictView]]) -> None:
    _, conflicts = linked
    found = _find(conflicts, "contradiction", "Rescue Service", "civilian areas")
    assert found
    names = {c.source.name for c in found[0].claims}
    assert names == {"Nagorno-Karabakh Emergency and Rescue Service", "Azerbaijan Ministry of Defence"}


def test_mutual_accusation_of_violating_a_ceasefire(linked: tuple[Session, list[ConflictView]]) -> None:
    _, conflicts = linked
    found = _find(conflicts, "mutual_accusation", "accused each other", "violating a ceasefire")
    assert found
    assert "Armenia and Azerbaijan accuse each other" in found[0].explanation


def test_no_conflict_between_claims_of_the_same_side(linked: tuple[Session, list[ConflictView]]) -> None:
    session, conflicts = linked
    for conflict in conflicts:
        ids = [c.claim.id for c in conflict.claims]
        if len(ids) < 2:
            continue
        claims = session.exec(select(Claim).where(Claim.id.in_(ids))).all()  # type: ignore[union-attr]
        sources = {s.id: s for s in session.exec(select(Source)).all()}
        sides = {
            side_of(sources[c.source_id].affiliation) or sources[c.source_id].name
            for c in claims
            if c.source_id is not None
        }
        assert len(sides) == len(ids), conflict.explanation


def test_running_counts_of_one_source_are_not_numeric_conflicts(
    linked: tuple[Session, list[ConflictView]],
) -> None:
    _, conflicts = linked
    for conflict in conflicts:
        if conflict.kind == "numeric":
            names = [c.source.affiliation for c in conflict.claims]
            assert len(set(names)) == len(names)
