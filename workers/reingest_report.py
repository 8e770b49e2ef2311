"""The diff report of re-extracting one article: what its claims and conflicts would become.

In: the article's stored claims and the re-extracted ones (as ``ClaimSnapshot``s), the
``MatchPlan`` relating them (``workers.claim_matching``), and the conflicts the article's
claims take part in before and after. Out: a JSON-ready dict with ``totals`` and the lists
behind them. Pure: no database, no Celery.

Conflicts are compared by key (kind and claim ids), so a conflict between two claims that both
survive is neither gained nor lost. New claims have no id until stored: the report names them
by their position (``ordinal``) in the article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from workers.claim_matching import MatchPlan


@dataclass(frozen=True)
class ClaimSnapshot:
    """A claim as the report shows it; ``id`` is None for a claim not stored yet."""

    id: int | None
    ordinal: int
    source: str | None
    cue: str
    content: str
    stance: str
    spans: Mapping[str, Any]
    review_status: str = "unreviewed"

    def as_dict(self) -> dict[str, Any]:
        """The claim's fields for the report."""
        roles = {r: self.spans.get(r, []) for r in ("source", "cue", "content")}
        return {
            "id": self.id,
            "ordinal": self.ordinal,
            "source": self.source,
            "cue": self.cue,
            "content": self.content,
            "stance": self.stance,
            "spans": roles,
        }


class ConflictLike(Protocol):
    """A conflict as reports compare them."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def claim_ids(self) -> tuple[int, ...]: ...


def _conflict(conflict: ConflictLike, new_ordinals: Mapping[int, int]) -> dict[str, Any]:
    """A conflict for the report; claims not stored yet are named by ordinal."""
    return {
        "kind": conflict.kind,
        "claim_ids": [i for i in conflict.claim_ids if i not in new_ordinals],
        "new_claims": sorted(new_ordinals[i] for i in conflict.claim_ids if i in new_ordinals),
    }


def build_report(
    *,
    old: Sequence[ClaimSnapshot],
    new: Sequence[ClaimSnapshot],
    plan: MatchPlan,
    conflicts_before: Mapping[str, ConflictLike],
    conflicts_after: Mapping[str, ConflictLike],
    new_ids: Mapping[int, int],
) -> dict[str, Any]:
    """The report of one article. ``plan`` keys are row indexes (``new``) and claim ids
    (``old``); ``new_ids`` maps the temporary ids the not-yet-stored claims had while the
    conflicts after were found to their row index."""
    by_id = {c.id: c for c in old}
    new_ordinals = {temp: new[index].ordinal for temp, index in new_ids.items()}
    changed = [
        {
            "claim_id": c.old,
            "fields": list(c.fields),
            "before": by_id[c.old].as_dict(),
            "after": new[c.new].as_dict(),
        }
        for c in plan.changed
    ]
    superseded = {c.old for c in plan.changed}
    reviewed = [
        {
            "claim_id": c.id,
            "review_status": c.review_status,
            "content": c.content,
            "outcome": "changed" if c.id in superseded else "removed",
        }
        for c in old
        if c.review_status != "unreviewed" and (c.id in superseded or c.id in set(plan.removed))
    ]
    gained = [
        _conflict(conflicts_after[k], new_ordinals)
        for k in sorted(set(conflicts_after) - set(conflicts_before))
    ]
    lost = [
        {"conflict_id": conflicts_before[k].id, **_conflict(conflicts_before[k], {})}
        for k in sorted(set(conflicts_before) - set(conflicts_after))
    ]
    report: dict[str, Any] = {
        "status": "ok",
        "kept": sorted(plan.kept.values()),
        "added": [new[i].as_dict() for i in plan.added],
        "removed": [{**by_id[i].as_dict(), "review_status": by_id[i].review_status} for i in plan.removed],
        "changed": changed,
        "conflicts_gained": gained,
        "conflicts_lost": lost,
        "reviewed_unmatched": reviewed,
    }
    report["totals"] = {
        "articles": 1,
        **{name: len(report[name]) for name in ("kept", "added", "removed", "changed")},
        "conflicts_gained": len(gained),
        "conflicts_lost": len(lost),
        "reviewed_unmatched": len(reviewed),
    }
    return report


def not_reported(status: str, reason: str) -> dict[str, Any]:
    """The report of an article the dry run could not re-extract (``skipped`` or ``failed``)."""
    return {"status": status, "reason": reason, "totals": {"articles": 1, status: 1}}
