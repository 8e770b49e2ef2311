"""What is said of someone, and their own word against it.

Most disputes in the news are not framed as accusations. "Lind says Berg has quietly
backed the casino plan" and Berg's "I never backed it" clash though nobody accused
anybody; "Clinton noted Trump initially supported the invasion" and Trump's "I was totally
against the war" are two accounts of one fact. Both rules here need the earlier claim to name
the other claim's speaker itself (not just their side), and the two to say nearly the same
thing, in shared words or in the embedding of their contents.

    denies_what_is_said_of_them(claim, other)   the person spoken of denies it
    contrary_account(claim, other)              the person spoken of says the contrary
    rival_account(claim, other)                 another side says the opposite of the same subject

Pure functions of :class:`ClaimFacts`; the caller has already checked both may conflict and
stand on different sides.
"""

from __future__ import annotations

import re
from dataclasses import replace

from workers.linking.facts import ClaimFacts
from workers.linking.parties import about_source, own_names, party_words
from workers.linking.relations import (
    ANSWER_NEAR,
    ANSWER_WINDOW,
    MIN_SIMILARITY,
    REPORTED_DENIAL,
    RESPONSE_DAYS,
    content_similarity,
    days_apart,
    is_denial,
    shared_terms,
    shared_tokens,
)
from workers.linking.semantic import alike
from workers.linking.text import is_negated, stem

# Embedding cosine for a denial by the person a claim speaks about, with no accusation made.
ABOUT_PARAPHRASE = 0.5
# ... and for their own account that holds the contrary word ("supported" / "against").
CONTRARY_PARAPHRASE = 0.4
LOCAL_CONTRARY_PARAPHRASE = 0.2  # ... within one story, where the person spoken of ties the two

# Predicates that cannot both hold of one thing, as regular expressions over words. General
# English, not the words of any one story: stance towards something, membership, arms,
# guilt, truth, direction of a change, compliance.
_CONTRARIES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(rf"\b(?:{left})\b", re.I), re.compile(rf"\b(?:{right})\b", re.I))
    for left, right in (
        ("support(?:s|ed|ing|ive|er|ers)?|back(?:s|ed|ing)|favou?r(?:s|ed)?|endors(?:e|es|ed|ing)",
         "oppos(?:e|es|ed|ing)|(?:is|was|were|are|been|be|am|'m|’m)\\s+[\"“‘']?(?:\\w+\\s+)?against"),
        ("includ(?:e|es|ed|ing)|extend(?:s|ed)? to|cover(?:s|ed)?",
         "exclud(?:e|es|ed|ing)|leave out|left out"),
        ("armed|had a (?:gun|weapon|knife|pistol|handgun)|with a (?:gun|weapon|knife|pistol|handgun)",
         "unarmed|had no (?:gun|weapon)"),
        ("guilty", "innocent|not guilty"),
        ("legal|lawful", "illegal|unlawful"),
        ("true|accurate|correct", "false|untrue|inaccurate|incorrect"),
        ("increas(?:e|es|ed|ing)|r(?:ise|ises|ose|isen)|gr(?:ow|ows|ew|own)",
         "decreas(?:e|es|ed|ing)|f(?:all|alls|ell|allen)|declin(?:e|es|ed|ing)|shr(?:ink|inks|ank|unk)"),
        ("compl(?:y|ied|ies|ying)|obey(?:ed|s)?", "refus(?:e|ed|es|ing)|disobey(?:ed|s)?|resist(?:ed|s)?"),
    )
)


def denies_what_is_said_of_them(claim: ClaimFacts, other: ClaimFacts) -> bool:
    """Whether ``claim`` is a denial by the person or body ``other`` speaks about, of what it
    says of them. Side by side in one story (a sentence or two apart, either order) two shared
    content words are enough; a little further on in the same story, or in another story of
    the same topic within the response window, the two must say nearly the same thing."""
    if not is_denial(claim) or other.stance not in ("assertion", "estimate"):
        return False
    if not _speaks_of(other, claim):
        return False
    if other.article_id == claim.article_id:
        distance = claim.sentence_start - other.sentence_start
        if abs(distance) <= ANSWER_NEAR and _same_words(claim, _said_of(other, claim)):
            return True  # side by side in the story, whichever the reporter gave first
        if not 0 <= distance <= ANSWER_WINDOW:
            return False
    elif not _same_topic_and_week(claim, other):
        return False
    return alike(claim, other, threshold=ABOUT_PARAPHRASE)


def contrary_account(claim: ClaimFacts, other: ClaimFacts) -> bool:
    """Whether ``claim``, by the person or body ``other`` speaks about, says the contrary of it:
    a pair of contrary words split between the two ("initially supported the invasion" /
    "totally against the war") in contents whose embeddings are close.

    Both are plain statements (a denial is :func:`denies_what_is_said_of_them`'s), in the same
    story or the same topic within the response window."""
    if is_denial(claim) or is_denial(other):
        return False
    if claim.stance not in ("assertion", "estimate") or other.stance not in ("assertion", "estimate"):
        return False
    if not _speaks_of(other, claim):
        return False
    if other.article_id != claim.article_id and not _same_topic_and_week(claim, other):
        return False
    if not _contrary_words(claim.content, other.content):
        return False
    same_story = other.article_id == claim.article_id
    return alike(claim, other, threshold=LOCAL_CONTRARY_PARAPHRASE if same_story else CONTRARY_PARAPHRASE)


_OPENING_SKIP = frozenset({"that", "the", "a", "an", "this", "these", "those", "its", "his", "her", "their"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "there"})
_WORDS = re.compile(r"[a-z0-9][a-z0-9'’-]*")
OPENING_WORDS = 2  # "the new levy …" / "the new levy …": the words a subject opens with


def rival_account(claim: ClaimFacts, other: ClaimFacts) -> bool:
    """Whether two plain statements from one story give opposite versions of the same subject:
    both open with the same words, not a pronoun ("the new levy does nothing for the harbour" /
    "the new levy paid for the harbour's cranes"), share another content word besides, and exactly
    one of them negates. ``other`` came first, within :data:`ANSWER_WINDOW` of ``claim``.

    The caller has checked the two stand on known, different sides."""
    distance = claim.sentence_start - other.sentence_start
    if claim.article_id != other.article_id or not 0 < distance <= ANSWER_WINDOW:
        return False
    if claim.stance != "assertion" or other.stance != "assertion":
        return False
    if is_negated(claim.content) == is_negated(other.content):
        return False
    opening = _opening(claim.content)
    return opening is not None and opening == _opening(other.content) and shared_terms(claim, other) >= 2


def _opening(content: str) -> tuple[str, ...] | None:
    """The stems of the words a content opens with, past "that" and articles (None for a pronoun)."""
    words = _WORDS.findall(content.lower())
    while words and words[0] in _OPENING_SKIP:
        words.pop(0)
    if len(words) < OPENING_WORDS or words[0] in _PRONOUNS:
        return None
    return tuple(stem(w) for w in words[:OPENING_WORDS])


def _speaks_of(claim: ClaimFacts, other: ClaimFacts) -> bool:
    """``claim`` says something of ``other``'s speaker itself, and is not a report of a denial."""
    return not REPORTED_DENIAL.search(claim.content) and about_source(claim, other)


def _said_of(claim: ClaimFacts, person: ClaimFacts) -> ClaimFacts:
    """What ``claim`` says of ``person``'s source: its content from the first mention of that
    source on ("Dahl set himself apart from Berg, who has lately seemed to back the plan" says
    of Berg "Berg, who has lately seemed to back the plan"); the whole claim if none is found."""
    starts = [
        m.start()
        for key in own_names(person)
        if (m := re.search(rf"\b{re.escape(key)}\b", claim.content, re.I)) is not None
    ]
    if not starts or min(starts) == 0:
        return claim
    return replace(claim, content=claim.content[min(starts):])


def _contrary_words(a: str, b: str) -> bool:
    """One text holds one word of a contrary pair and the other text the other word, and
    neither holds both."""
    for left, right in _CONTRARIES:
        la, ra, lb, rb = left.search(a), right.search(a), left.search(b), right.search(b)
        if (la and not ra and rb and not lb) or (ra and not la and lb and not rb):
            return True
    return False


def _same_topic_and_week(a: ClaimFacts, b: ClaimFacts) -> bool:
    same_topic = a.topic_id is not None and a.topic_id == b.topic_id
    return same_topic and days_apart(a, b) <= RESPONSE_DAYS


def _same_words(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Two claims that share two content words besides their parties' names, one of them a word
    for what was done or held (not only a name): a third party's name counts as the other
    ("has seemed supportive of Ortiz" / "did not support Ortiz")."""
    ignore = party_words(a, b)
    shared = shared_tokens(a, b, ignore=ignore)
    acts = sum(1 for kind in shared.values() if kind in ("word", "event"))
    return acts >= 1 and len(shared) >= 2 and content_similarity(a, b, ignore=ignore) >= MIN_SIMILARITY
