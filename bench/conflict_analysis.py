"""What the conflict scorer's totals do not say: which returned conflicts are right (for the
bootstrap), where each missed gold conflict was lost, and percentile intervals.

Matching is the shared scorer's own (``norm``, ``matches``, ``source_head``, ``source_text``,
imported from ``../shared/tools/score_conflicts.py``), so a claim matches a snippet here
exactly when it does there.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType
from typing import Any

SCORER = Path(__file__).resolve().parents[1] / ".." / "shared" / "tools" / "score_conflicts.py"
# Stages in pipeline order; a missed conflict is charged to the first one it fails.
STAGES = (
    "claim not extracted",
    "wrong stance",
    "wrong source",
    "no side",
    "different topics",
    "no rule fired",
)

Claim = dict[str, Any]
Snippet = tuple[str, str]


def load_scorer(path: Path = SCORER) -> ModuleType:
    """The shared scorer as a module (its ``main`` only runs as a script)."""
    spec = importlib.util.spec_from_file_location("score_conflicts", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_articles(gold: dict[str, Any]) -> set[str]:
    """The articles whose conflicts count for precision, as the scorer collects them."""
    names = set(gold.get("articles") or [])
    names.update(art for c in gold["conflicts"] for side in ("a", "b") for art, _ in c[side])
    names.update(a["article"] for a in gold.get("attributions", []))
    return names


def judge_returned(sc: ModuleType, gold: dict[str, Any], groups: list[dict[str, Any]]) -> list[bool]:
    """Right or wrong, for each returned conflict in scope (all its claims from gold articles)."""
    scope = gold_articles(gold)

    def holds(conflict: dict[str, Any], snippets: list[Snippet]) -> bool:
        return any(sc.matches(cl, *x) for cl in conflict["claims"] for x in snippets)

    verdicts = []
    for group in groups:
        for c in group.get("conflicts", []):
            if not c.get("claims") or not all(sc.ext(cl) in scope for cl in c["claims"]):
                continue
            mutual = c.get("kind") == "mutual_accusation" and holds(c, gold.get("mutual", []))
            paired = any(holds(c, g["a"]) and holds(c, g["b"]) for g in gold["conflicts"])
            verdicts.append(mutual or paired)
    return verdicts


def _claim_stage(sc: ModuleType, claim: Claim, att: dict[str, Any] | None) -> int:
    """How far one matching claim gets: index of its first failing stage (4 = all passed)."""
    if att is not None and sc.norm(claim.get("stance")) != att["stance"]:
        return 1
    head = sc.source_head(att.get("source")) if att else ""
    if head and head not in sc.norm(sc.source_text(claim)):
        return 2
    if not (claim.get("source") or {}).get("affiliation"):
        return 3
    return 4


def _side_progress(
    sc: ModuleType, claims: list[Claim], snippets: list[Snippet], atts: dict[Snippet, dict[str, Any]]
) -> tuple[int, list[Claim]]:
    """The furthest stage any claim of one side reaches, and the claims that pass all four."""
    best, passing = 0, []
    for art, snip in snippets:
        for claim in (cl for cl in claims if sc.matches(cl, art, snip)):
            stage = _claim_stage(sc, claim, atts.get((art, snip)))
            best = max(best, stage)
            if stage == 4:
                passing.append(claim)
    return best, passing


def miss_stage(
    sc: ModuleType, conflict: dict[str, Any], claims: list[Claim], atts: dict[Snippet, dict[str, Any]]
) -> tuple[str, str]:
    """The first stage a missed gold conflict fails, and which side fails it."""
    a_stage, a_ok = _side_progress(sc, claims, [tuple(x) for x in conflict["a"]], atts)
    b_stage, b_ok = _side_progress(sc, claims, [tuple(x) for x in conflict["b"]], atts)
    worst = min(a_stage, b_stage)
    if worst < 4:
        return STAGES[worst], "+".join(side for side, n in (("a", a_stage), ("b", b_stage)) if n == worst)
    topics_a: set[int] = {cl["topic_id"] for cl in a_ok if cl.get("topic_id") is not None}
    topics_b: set[int] = {cl["topic_id"] for cl in b_ok if cl.get("topic_id") is not None}
    if not topics_a & topics_b:
        return STAGES[4], f"a in topics {sorted(topics_a)}, b in {sorted(topics_b)}"
    return STAGES[5], f"shared topics {sorted(topics_a & topics_b)}"


def attribution_index(gold: dict[str, Any]) -> dict[Snippet, dict[str, Any]]:
    """Gold attributions keyed by (article, snippet)."""
    return {(a["article"], a["snippet"]): a for a in gold.get("attributions", [])}


def bootstrap(values: list[bool], n: int, *, seed: int = 13) -> list[float]:
    """A 95 % percentile interval of the share of true values, from ``n`` resamples with
    replacement (fixed seed, so the same data give the same interval)."""
    if not values or n <= 0:
        return [0.0, 0.0]
    rng = random.Random(seed)
    draws = sorted(sum(values[rng.randrange(len(values))] for _ in values) / len(values) for _ in range(n))
    return [round(draws[int(0.025 * n)], 4), round(draws[max(int(0.975 * n) - 1, 0)], 4)]
