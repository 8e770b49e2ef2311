"""The diff report of one article's re-extraction, from snapshots and a match plan."""

from __future__ import annotations

from dataclasses import dataclass

from workers.claim_matching import Changed, MatchPlan
from workers.reingest_report import ClaimSnapshot, build_report, not_reported


@dataclass(frozen=True)
class Conflict:
    id: int
    kind: str
    claim_ids: tuple[int, ...]


def claim(
    id: int | None, ordinal: int, content: str, stance: str = "assertion", review: str = "unreviewed"
) -> ClaimSnapshot:
    spans = {"source": [[0, 3]], "cue": [[4, 8]], "content": [[9, 9 + len(content)]]}
    return ClaimSnapshot(id, ordinal, "Baku", "said", content, stance, spans, review)


def test_the_report_names_every_change_and_counts_it() -> None:
    old = [
        claim(1, 0, "calm"),
        claim(2, 1, "shelled", "accusation", "confirmed"),
        claim(3, 2, "gone", review="false"),
    ]
    new = [claim(None, 0, "calm"), claim(None, 1, "shelled", "denial"), claim(None, 2, "fresh")]
    plan = MatchPlan(kept={0: 1}, changed=[Changed(new=1, old=2, fields=("stance",))], added=[2], removed=[3])
    before = {"2,7:denial": Conflict(5, "denial", (2, 7)), "1,8:numeric": Conflict(6, "numeric", (1, 8))}
    after = {"1,8:numeric": Conflict(6, "numeric", (1, 8)), "7,101:denial": Conflict(9, "denial", (7, 101))}
    report = build_report(
        old=old, new=new, plan=plan, conflicts_before=before, conflicts_after=after, new_ids={101: 1, 102: 2}
    )
    assert report["totals"] == {
        "articles": 1,
        "kept": 1,
        "added": 1,
        "removed": 1,
        "changed": 1,
        "conflicts_gained": 1,
        "conflicts_lost": 1,
        "reviewed_unmatched": 2,
    }
    assert report["kept"] == [1]
    assert [c["content"] for c in report["added"]] == ["fresh"]
    assert report["removed"][0]["id"] == 3 and report["removed"][0]["review_status"] == "false"
    assert report["changed"][0]["before"]["stance"] == "accusation"
    assert report["changed"][0]["after"] == {**new[1].as_dict(), "id": None}
    assert report["conflicts_lost"] == [
        {"conflict_id": 5, "kind": "denial", "claim_ids": [2, 7], "new_claims": []}
    ]
    assert report["conflicts_gained"] == [{"kind": "denial", "claim_ids": [7], "new_claims": [1]}]
    assert [(r["claim_id"], r["outcome"]) for r in report["reviewed_unmatched"]] == [
        (2, "changed"),
        (3, "removed"),
    ]


def test_an_unchanged_article_reports_only_kept_claims() -> None:
    old = [claim(1, 0, "calm")]
    report = build_report(
        old=old,
        new=[claim(1, 0, "calm")],
        plan=MatchPlan(kept={0: 1}),
        conflicts_before={},
        conflicts_after={},
        new_ids={},
    )
    assert report["kept"] == [1]
    assert all(
        report["totals"][k] == 0
        for k in ("added", "removed", "changed", "conflicts_gained", "conflicts_lost")
    )


def test_an_article_not_reported_counts_as_skipped_or_failed() -> None:
    assert not_reported("skipped", "article is queued") == {
        "status": "skipped",
        "reason": "article is queued",
        "totals": {"articles": 1, "skipped": 1},
    }
