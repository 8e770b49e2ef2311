"""Conflict detection: which claims, from sources on different sides, cannot all be true.

Four kinds, each a general rule over :class:`ClaimFacts`:

- ``denial``: a claim that denies (deny, reject, dismiss …) what another side asserts or
  alleges, its object either restated or anaphoric ("such an attack", "the accusation");
- ``contradiction``: incompatible versions of one event (a rejection phrased as a statement,
  "allegations … were misinformation"; opposite battlefield outcomes; a negated restatement);
- ``mutual_accusation``: "X and Y accused each other of …", in one claim or in two;
- ``numeric``: different figures for the same measure, period and scope (two sources named in
  their own right need no known side: the figures themselves set them apart); sums a plan
  raises or costs over the same years count when a story sets them side by side.

Two more rules find denials whose two sides no cue links: the accused's answer to an accusation
(``_answers``) and the outlet's own rebuttal of a claim it reports (``_fact_checks``).

Claims from the same side never conflict; nor do publisher notes or "no comment".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workers.linking import explain
from workers.linking.facts import ClaimFacts
from workers.linking.numbers import BUDGET, figures, incompatible
from workers.linking.parties import (
    ACCUSE_CUES,
    accuses,
    accuses_anyone,
    aimed_at_source,
    identity,
    party_words,
    targets,
)
from workers.linking.relations import (
    ANSWER_NEAR,
    ANSWER_WINDOW,
    MIN_SIMILARITY,
    RECIPROCAL,
    REPORTED_DENIAL,
    RESPONSE_DAYS,
    anaphor_noun,
    content_similarity,
    days_apart,
    is_denial,
    opposite_outcomes,
    polarity_flip,
    shared_terms,
)
from workers.linking.said_of import contrary_account, denies_what_is_said_of_them, rival_account
from workers.linking.semantic import AIMED_PARAPHRASE, PARAPHRASE, alike, cosine
from workers.linking.sides import confidence, different_sides, eligible, known_sides, named_sides

DENY_CUES = frozenset({"deny", "reject", "dismiss", "refute", "dispute", "rebuff", "rebut", "contest"})
# Openings and cues that set a reply against what was just said.
CONTRAST_OPENINGS = ("but ", "but,", "however", "yet ", "still,", "in contrast", "instead,", "by contrast")
REBUT_CUES = frozenset({"counter", "rebut", "retort", "dispute", "contest", "insist", "maintain", "contend",
                        "disagree", "respond", "reply", "push"})
REBUTTAL_WINDOW = 600  # characters back to the claim a reply answers: a sentence or two
REBUTTAL_SIMILARITY = 0.2
FACT_CHECK = "fact-check"  # the cue lemma of the outlet's own rebuttals
# Cues by which a claim nested in another is still its own source's speech ("X said Y told …").
SPEECH_CUES = frozenset({
    "say", "tell", "claim", "state", "insist", "argue", "assert", "add", "announce", "declare",
    "write", "report", "confirm", "admit", "acknowledge", "warn", "maintain", "contend", "testify",
    "reply", "respond", "explain", "note", "describe", "call", "suggest", "predict",
}) | DENY_CUES | ACCUSE_CUES | frozenset({
    # a position held by someone else and named as such ("officials' confidence that …")
    "statement", "assertion", "report", "belief", "view", "conclusion", "finding", "assessment",
    "confidence", "consensus", "determination",
})
ACCUSATION_NOUNS = frozenset({"accusation", "charge", "allegation", "claim"})
ANAPHOR_WINDOW = 700  # characters between the denial's sentence and its antecedent's
AIMED_ANAPHOR_WINDOW = 2500  # ... when the antecedent is a charge against the denier
BUDGET_NEAR = 800  # characters: sums for a plan set side by side in a story, a sentence or two apart
SAME_PERIOD_DAYS = 1  # figures for "the same period" are given within a day of each other
NEGATED_PARAPHRASE = 0.72  # embedding cosine for "X did Y" and "X never did Y" in other words
# The accused's answer to an accusation: how far from it, and how alike in wording.
# Embedding cosine for the charge a denial answers in another article (see ``_charge_elsewhere``).
CHARGE_SIMILARITY = 0.3
ANSWER_NEAR_SIMILARITY = 0.15
ANSWER_FAR_SIMILARITY = 0.35
BOTH_SIDES = re.compile(
    r"^(?:both|the two|each) (?:sides|parties|countries|camps)$|^both$", re.I
)  # content similarity for a restated denial to answer a claim


@dataclass(frozen=True)
class ConflictCandidate:
    """A conflict found among claims: its kind, the claims on each side, and why."""

    kind: str
    side0: tuple[int, ...]
    side1: tuple[int, ...]
    confidence: float
    explanation: str

    @property
    def claim_ids(self) -> tuple[int, ...]:
        return tuple(sorted({*self.side0, *self.side1}))

    @property
    def key(self) -> str:
        """Sorted claim ids plus the kind: the same conflict found twice has the same key."""
        return ",".join(str(i) for i in self.claim_ids) + ":" + self.kind


def dispute_keys(facts: Sequence[ClaimFacts]) -> tuple[set[str], set[str]]:
    """Who an article's disputes involve, as name keys: the speakers of its denials (whose
    accusers may have spoken in any topic) and whom its accusations accuse (whose denials may
    sit in any topic). The linking step reads those stored claims beside its topics' claims."""
    accused: set[str] = set()
    answering: set[str] = set()
    for fact in facts:
        if fact.stance == "denial" and eligible(fact):
            accused |= identity(fact)
        if accuses_anyone(fact) and eligible(fact):
            answering |= targets(fact)
    return accused, answering


def _antecedent(denial: ClaimFacts, pool: Sequence[ClaimFacts]) -> ClaimFacts | None:
    """The claim an anaphoric denial answers: the nearest earlier claim in the same article from
    another side, preferring accusations aimed at the denier's side and claims naming the same noun."""
    noun = anaphor_noun(denial.content)
    best: tuple[float, ClaimFacts] | None = None
    for other in pool:
        if other.article_id != denial.article_id or other.id == denial.id or not eligible(other):
            continue
        if other.ordinal >= denial.ordinal or not different_sides(denial, other):
            continue
        if other.stance not in ("assertion", "accusation", "estimate") or is_denial(other):
            continue
        distance = denial.sentence_start - other.sentence_start
        aimed = accuses(other, denial)
        # a charge against the denier may stand a few paragraphs back ("the charges")
        if distance < 0 or distance > (AIMED_ANAPHOR_WINDOW if aimed else ANAPHOR_WINDOW):
            continue
        accusing = accuses_anyone(other)
        if noun in ACCUSATION_NOUNS and not (aimed or accusing):
            continue  # "denied the accusation" answers an accusation, not any earlier remark
        score = 1.0 - distance / (AIMED_ANAPHOR_WINDOW * 2)
        if aimed:
            score += 1.0
        if accusing:
            score += 0.5
        if noun and noun in (other.content + " " + other.text).lower():
            score += 0.5
        if best is None or score > best[0]:
            best = (score, other)
    return best[1] if best else None


def _earlier_accusation(denial: ClaimFacts, pool: Sequence[ClaimFacts]) -> ClaimFacts | None:
    """For an anaphoric denial with nothing to point back to in its own article: the latest
    accusation aimed at the denier's side, made in the previous week in another article about
    the same topics as the denier's article."""
    topics = {c.topic_id for c in pool if c.article_id == denial.article_id and c.topic_id is not None}
    best: ClaimFacts | None = None
    for other in pool:
        if other.article_id == denial.article_id or other.topic_id not in topics or not eligible(other):
            continue
        if not accuses_anyone(other):
            continue
        if not accuses(other, denial) or not different_sides(denial, other):
            continue
        if denial.day and other.day and not 0 <= (denial.day - other.day).days <= RESPONSE_DAYS:
            continue
        if best is None or (other.day or denial.day, other.id) > (best.day or denial.day, best.id):
            best = other
    return best


def answered_claim(claim: ClaimFacts, article_claims: Sequence[ClaimFacts]) -> ClaimFacts | None:
    """The claim of the same article a denial answers, if it answers one (else None).

    Anaphoric denials ("such an attack") take their antecedent; restated ones the most similar
    earlier claim from the other side that names the denier's side.
    """
    if not is_denial(claim) or not eligible(claim):
        return None
    if anaphor_noun(claim.content) is not None:
        return _antecedent(claim, article_claims)
    best: tuple[float, ClaimFacts] | None = None
    for other in article_claims:
        if other.article_id != claim.article_id or other.ordinal >= claim.ordinal or not eligible(other):
            continue
        if is_denial(other) or not different_sides(claim, other) or not accuses(other, claim):
            continue
        similarity = content_similarity(claim, other)
        if similarity >= MIN_SIMILARITY and (best is None or similarity > best[0]):
            best = (similarity, other)
    return best[1] if best else None


def _denials(claim: ClaimFacts, pool: Sequence[ClaimFacts]) -> Iterable[ConflictCandidate]:
    if not is_denial(claim):
        return
    # An explicit denial verb answers a claim; a rejection phrased otherwise ("said the reports
    # were false") gives a rival version of events.
    kind = "denial" if claim.cue_lemma in DENY_CUES else "contradiction"
    # "denied the charge", "called the charges fabricated": the charge is the antecedent
    if anaphor_noun(claim.content) is not None:
        target, base = _antecedent(claim, pool), 0.85
        if target is None:
            target, base = _earlier_accusation(claim, pool), 0.6
        if target is not None:
            yield ConflictCandidate(
                "denial",
                (target.id,),
                (claim.id,),
                confidence(base, target, claim),
                explain.explain_denial(target, claim),
            )
        return
    answered = False
    for other in pool:
        if (
            other.id == claim.id
            or not eligible(other)
            or not different_sides(claim, other)
            or is_denial(other)
        ):
            continue
        if other.stance not in ("assertion", "accusation", "estimate") or REPORTED_DENIAL.search(
            other.content
        ):
            continue  # "X said Y denied …" reports the denial, it does not assert what is denied
        if days_apart(claim, other) > RESPONSE_DAYS:
            continue
        similarity = content_similarity(claim, other)
        aimed = accuses(other, claim)
        # What is alleged against the denier, in other words, counts as shared wording (an
        # accusation aimed at them needs less of it than a claim that only names them).
        threshold = AIMED_PARAPHRASE if accuses_anyone(other) else PARAPHRASE
        paraphrase = aimed and alike(claim, other, threshold=threshold)
        if not paraphrase and similarity < (MIN_SIMILARITY if aimed else 2 * MIN_SIMILARITY):
            continue
        local = aimed and other.article_id == claim.article_id
        if not (paraphrase or local) and shared_terms(claim, other) < 2:
            continue
        # what the denial's own words reject ("dismissed Y's conclusion that …") is answered
        nested = other.parent_id == claim.id
        if not (aimed or nested or (kind == "denial" and known_sides(claim, other))):
            continue
        if kind == "contradiction" and not known_sides(claim, other):
            continue
        score = confidence(0.55 + 0.4 * min(similarity, 0.8), other, claim)
        text = (
            explain.explain_denial(other, claim)
            if kind == "denial"
            else explain.explain_contradiction(other, claim)
        )
        answered = True
        yield ConflictCandidate(kind, (other.id,), (claim.id,), score, text)
    if kind == "denial" and not answered:
        charge = _charge_elsewhere(claim, pool)
        if charge is not None:
            yield ConflictCandidate(
                "denial", (charge.id,), (claim.id,), confidence(0.5, charge, claim),
                explain.explain_denial(charge, claim),
            )


def _charge_elsewhere(denial: ClaimFacts, pool: Sequence[ClaimFacts]) -> ClaimFacts | None:
    """For a denial nothing in its own words ties to a claim: the accusation it most likely
    answers, made in another article within the response window and naming the denier itself
    ("Pompeo blamed Turkey for arming the Azeris" / "Turkey denies military involvement").
    The charge and the denial may word the act quite differently, so only the closest such
    accusation is taken, and only above :data:`CHARGE_SIMILARITY`."""
    best: tuple[float, ClaimFacts] | None = None
    for other in pool:
        if other.article_id == denial.article_id or not eligible(other) or is_denial(other):
            continue
        if not accuses_anyone(other) or not aimed_at_source(other, denial):
            continue
        if not different_sides(denial, other) or days_apart(denial, other) > RESPONSE_DAYS:
            continue
        score = cosine(denial.embedding, other.embedding)
        if score >= CHARGE_SIMILARITY and (best is None or score > best[0]):
            best = (score, other)
    return best[1] if best else None


def _fact_checks(claim: ClaimFacts, pool: Sequence[ClaimFacts]) -> Iterable[ConflictCandidate]:
    """The outlet's own rebuttal of the claim it frames ("incorrectly stated", "That claim is
    false"): the extractor points it at that claim, so this only checks the claim may conflict."""
    if claim.cue_lemma != FACT_CHECK or claim.parent_id is None:
        return
    rebutted = next((c for c in pool if c.id == claim.parent_id), None)
    if rebutted is None or not eligible(rebutted) or is_denial(rebutted):
        return
    yield ConflictCandidate(
        "denial", (rebutted.id,), (claim.id,), 0.6, explain.explain_fact_check(rebutted, claim)
    )


def _rebuttals(claim: ClaimFacts, pool: Sequence[ClaimFacts]) -> Iterable[ConflictCandidate]:
    """A reply set against what another source just said: a sentence opening with "But" or
    "However", or a cue that rebuts ("countered", "disputed"), about what a claim of another
    source a sentence or two before says. Only the closest match in wording is taken."""
    if claim.stance not in ("assertion", "denial", "accusation", "estimate"):
        return
    opening = claim.text.lstrip(" \"“‘'").lower()
    if not (opening.startswith(CONTRAST_OPENINGS) or claim.cue_lemma in REBUT_CUES):
        return
    best: tuple[float, ClaimFacts] | None = None
    for other in pool:
        if other.article_id != claim.article_id or other.id == claim.id or not eligible(other):
            continue
        distance = claim.sentence_start - other.sentence_start
        if not 0 < distance <= REBUTTAL_WINDOW or is_denial(other) or not different_sides(claim, other):
            continue
        if other.stance not in ("assertion", "accusation", "estimate") or not known_sides(claim, other):
            continue
        similarity = content_similarity(claim, other, ignore=party_words(claim, other))
        if alike(claim, other, threshold=NEGATED_PARAPHRASE):
            similarity = max(similarity, REBUTTAL_SIMILARITY)
        if similarity >= REBUTTAL_SIMILARITY and (best is None or similarity > best[0]):
            best = (similarity, other)
    if best is None:
        return
    yield _reply(best[1], claim, base=0.45 + 0.4 * min(best[0], 0.8))


def _reply(said: ClaimFacts, reply: ClaimFacts, *, base: float) -> ConflictCandidate:
    """A reply to ``said``: a denial when it denies, else a rival account."""
    if is_denial(reply):
        kind, text = "denial", explain.explain_denial(said, reply)
    else:
        kind, text = "contradiction", explain.explain_contradiction(said, reply)
    return ConflictCandidate(kind, (said.id,), (reply.id,), confidence(base, said, reply), text)


def _answers(claim: ClaimFacts, pool: Sequence[ClaimFacts]) -> Iterable[ConflictCandidate]:
    """The accused's answer: a claim by the party an accusation is aimed at, on what the
    accusation alleges ("X accused Doe of sleeping through the calls" / "Doe says she was awake
    all night"). Near the accusation in the same article a little shared wording is enough;
    further away, or in another article of the same topic, more is needed."""
    if claim.stance not in ("assertion", "denial", "accusation", "estimate"):
        return
    if is_denial(claim) and anaphor_noun(claim.content) is not None:
        return  # "denied such an attack" answers its antecedent (``_denials``), not any charge near it
    kind = "denial" if is_denial(claim) else "contradiction"
    answered = False
    nearest: tuple[int, ClaimFacts] | None = None
    for other in pool:
        if other.id == claim.id or not eligible(other) or is_denial(other):
            continue
        if not different_sides(claim, other):
            continue
        if not (accuses_anyone(other) and accuses(other, claim)):
            if denies_what_is_said_of_them(claim, other) or contrary_account(claim, other):
                closeness = cosine(claim.embedding, other.embedding)
                yield _reply(other, claim, base=0.45 + 0.4 * min(closeness, 0.8))
            continue
        if accuses(claim, other):
            continue  # a counter-accusation: mutual, or two stories, not an answer
        if kind != "denial" and not aimed_at_source(other, claim):
            continue  # a rival account answers only when the accusation names its source
        similarity = content_similarity(claim, other, ignore=party_words(claim, other))
        if other.article_id == claim.article_id:
            distance = claim.sentence_start - other.sentence_start
            if distance < 0:
                continue  # an answer follows what it answers
            if kind == "denial" and distance <= ANSWER_WINDOW and (nearest is None or distance < nearest[0]):
                nearest = (distance, other)
            needed = ANSWER_NEAR_SIMILARITY if distance <= ANSWER_NEAR else MIN_SIMILARITY
            close = similarity >= needed or alike(claim, other, threshold=AIMED_PARAPHRASE)
            if distance > ANSWER_WINDOW or not close:
                continue
        elif (
            kind != "denial"
            or days_apart(claim, other) > RESPONSE_DAYS
            or not (
                (other.topic_id is not None and other.topic_id == claim.topic_id
                 and similarity >= ANSWER_FAR_SIMILARITY)
                or alike(claim, other, threshold=AIMED_PARAPHRASE)
            )
        ):
            continue
        answered = True
        yield _reply(other, claim, base=0.5 + 0.4 * min(similarity, 0.8))
    if not answered and nearest is not None:
        # The accused's denial, worded apart from any charge, answers the latest charge against
        # them a few paragraphs up ("accused the board of stoking the row" / the board: "the
        # timing was not intentional").
        yield _reply(nearest[1], claim, base=0.4)


def _contradictions(claim: ClaimFacts, pool: Sequence[ClaimFacts]) -> Iterable[ConflictCandidate]:
    if is_denial(claim) or claim.stance not in ("assertion", "accusation"):
        return
    for other in pool:
        if other.id == claim.id or not eligible(other) or not different_sides(claim, other):
            continue
        if is_denial(other) or days_apart(claim, other) > SAME_PERIOD_DAYS or not known_sides(claim, other):
            continue
        if opposite_outcomes(claim, other):
            yield ConflictCandidate(
                "contradiction",
                (other.id,),
                (claim.id,),
                confidence(0.75, other, claim),
                explain.explain_contradiction(other, claim),
            )
        elif polarity_flip(claim, other) and (
            (shared_terms(claim, other) >= 3 and content_similarity(claim, other) >= 0.5)
            or alike(claim, other, threshold=NEGATED_PARAPHRASE)
            or rival_account(claim, other)
        ):
            yield ConflictCandidate(
                "contradiction",
                (other.id,),
                (claim.id,),
                confidence(0.6, other, claim),
                explain.explain_contradiction(other, claim),
            )


def _mutual(claim: ClaimFacts, pool: Sequence[ClaimFacts]) -> Iterable[ConflictCandidate]:
    reciprocal = RECIPROCAL.search(claim.content) or RECIPROCAL.search(claim.text)
    if reciprocal and accuses_anyone(claim):
        partners = [
            o
            for o in pool
            if o.article_id == claim.article_id
            and o.id != claim.id
            and o.sentence_start == claim.sentence_start
            and eligible(o)
            and different_sides(o, claim)
            and o.cue_lemma == claim.cue_lemma
        ]
        what = explain.what_is_alleged(claim).strip(" ,.")
        if partners:
            parties = [claim.source_name or "", partners[0].source_name or ""]
            ids = (claim.id,), (partners[0].id,)
            first, second = sorted(ids)
            yield ConflictCandidate(
                "mutual_accusation",
                first,
                second,
                confidence(0.9, claim, partners[0]),
                explain.explain_mutual(sorted(parties), what),
            )
        elif len(claim.members) >= 2:
            yield ConflictCandidate(
                "mutual_accusation", (claim.id,), (), 0.9, explain.explain_mutual(list(claim.members), what)
            )
        elif claim.source_name and BOTH_SIDES.search(claim.source_name):
            yield ConflictCandidate(
                "mutual_accusation", (claim.id,), (), 0.75, explain.explain_mutual([claim.source_name], what)
            )
        return
    if not eligible(claim):
        return
    if not accuses_anyone(claim):
        return
    for other in pool:
        if other.id == claim.id or not eligible(other) or not different_sides(claim, other):
            continue
        if not accuses_anyone(other):
            continue
        if (
            accuses(claim, other)
            and accuses(other, claim)
            and days_apart(claim, other) <= 2
            and known_sides(claim, other)
            and content_similarity(claim, other) >= MIN_SIMILARITY
        ):
            parties = sorted([claim.source_name or "", other.source_name or ""])
            yield ConflictCandidate(
                "mutual_accusation",
                (other.id,),
                (claim.id,),
                confidence(0.7, other, claim),
                explain.explain_mutual(parties, explain.what_is_alleged(other)),
            )


def _numeric(claim: ClaimFacts, pool: Sequence[ClaimFacts]) -> Iterable[ConflictCandidate]:
    mine = figures(claim)
    if not mine:
        return
    for other in pool:
        if other.id == claim.id or not eligible(other) or not different_sides(claim, other):
            continue
        if days_apart(claim, other) > SAME_PERIOD_DAYS:
            continue
        if not (known_sides(claim, other) or named_sides(claim, other)):
            continue
        side_by_side = other.article_id == claim.article_id and (
            abs(claim.sentence_start - other.sentence_start) <= BUDGET_NEAR
        )
        for q1, m1 in figures(other):
            for q2, m2 in mine:
                if m1.measure == BUDGET and not side_by_side:
                    continue  # which plan a sum is for, only the story's juxtaposition says
                if m1 == m2 and incompatible(q1, q2):
                    yield ConflictCandidate(
                        "numeric",
                        (other.id,),
                        (claim.id,),
                        confidence(0.7, other, claim),
                        explain.explain_numeric(other, q1, claim, q2),
                    )
                    break
            else:
                continue
            break


def _echoes(claims: dict[int, ClaimFacts]) -> set[int]:
    """Claims nested in another claim that are not a second speaker's own words: the same
    source again ("Doe said she opposes the deal" holds "she opposes the deal" by Doe), or an
    act the outer source reports rather than speech ("Doe says Roe has encouraged the rebels to
    fight"). Only the outer claim takes part in conflicts, except for a denial by the same source
    that the outer claim's plain speech holds ("Doe said that was wrong and dismissed the
    reports"): that denial answers what it names."""
    inner = set()
    for c in claims.values():
        parent = claims.get(c.parent_id) if c.parent_id is not None else None
        if parent is None:
            continue
        own_denial = c.cue_lemma in DENY_CUES and parent.cue_lemma not in DENY_CUES
        if (parent.source_name == c.source_name and not own_denial) or (
            c.cue_lemma not in SPEECH_CUES and c.stance not in ("denial", "accusation")
        ):
            inner.add(c.id)
    return inner


def find_conflicts(
    new_claims: Sequence[ClaimFacts], other_claims: Sequence[ClaimFacts]
) -> list[ConflictCandidate]:
    """Conflicts between an article's claims and each other or stored claims of candidate topics.

    Input: the new article's claims and the stored claims worth comparing (same topics, same
    days). Output: one :class:`ConflictCandidate` per conflict, deduplicated by ``key``, in a
    stable order. Pure and idempotent.
    """
    new_ids = {c.id for c in new_claims}
    days = [c.day for c in new_claims if c.day is not None]
    earliest = min(days) if days else None
    latest = max(days) if days else None

    def in_reach(c: ClaimFacts) -> bool:
        # Nothing links claims more than a response window apart, so the rest need no pairing.
        if c.day is None or earliest is None or latest is None:
            return True
        return (earliest - c.day).days <= RESPONSE_DAYS and (c.day - latest).days <= RESPONSE_DAYS

    everyone = {c.id: c for c in [*other_claims, *new_claims]}
    echoes = _echoes(everyone)
    pool = [
        c
        for c in everyone.values()
        if (eligible(c) or c.id in new_ids) and in_reach(c) and c.id not in echoes
    ]
    found: dict[str, ConflictCandidate] = {}
    answers: dict[tuple[int, str], ConflictCandidate] = {}
    for claim in sorted(new_claims, key=lambda c: (c.article_id, c.ordinal, c.id)):
        if claim.id in echoes:
            continue
        for candidate in (*_mutual(claim, pool), *_fact_checks(claim, pool)):
            found.setdefault(candidate.key, candidate)
        if not eligible(claim):
            continue
        for detector in (_denials, _contradictions, _numeric, _rebuttals):
            for candidate in detector(claim, pool):
                found.setdefault(candidate.key, candidate)
        for candidate in _answers(claim, pool):
            # One answer per accusation and answering source: the one closest to what it alleges.
            slot = (candidate.side0[0], claim.source_name or "")
            if slot not in answers or candidate.confidence > answers[slot].confidence:
                answers[slot] = candidate
    for candidate in answers.values():
        found.setdefault(candidate.key, candidate)
    # Articles arrive out of order: a stored denial may answer what a new article reports.
    new_articles = {c.article_id for c in new_claims}
    fresh = [c for c in pool if c.id in new_ids]
    for stored in pool:
        if stored.article_id in new_articles or stored.cue_lemma not in DENY_CUES:
            continue
        if anaphor_noun(stored.content) is None:
            for candidate in _denials(stored, fresh):
                found.setdefault(candidate.key, candidate)
    # Two rules may find the same pair: it is one conflict, told the way the surer rule tells it.
    by_pair: dict[tuple[int, ...], ConflictCandidate] = {}
    for candidate in found.values():
        kept = by_pair.get(candidate.claim_ids)
        if kept is None or candidate.confidence > kept.confidence:
            by_pair[candidate.claim_ids] = candidate
    return sorted(by_pair.values(), key=lambda c: (c.claim_ids, c.kind))
