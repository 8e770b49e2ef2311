"""Stance and quote type of a claim, from its cue and the words of its content, and its target.

In: the cue's lexicon entry, the content text, whether the cue is negated and, when the parse
is at hand, the content's tokens (``ContentParse``). Out: a ``Reading`` (one of the ``Stance``
values and the target spans: who an accusation is aimed at, whom a denial clears) and one of
the ``QuoteType`` values from ``types.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from workers.extraction.lexicon import (
    CHARGE_NOUNS,
    DENIAL_MARKERS,
    DENIAL_PHRASES,
    DENIED_PREDICATES,
    DOUBT_WORDS,
    NO_COMMENT_PATTERNS,
    WRONGDOING_NOUNS,
    CueSpec,
)
from workers.extraction.parsetools import Token
from workers.extraction.types import QuoteType, Span, Stance
from workers.extraction.wrongdoing import Act, find_acts, is_party, phrase_span, spans_of

_WORD = re.compile(r"[A-Za-z’'-]+")
_NEGATED_CLAIM = re.compile(
    r"\b(?:not true|not the case|never happened|no truth|not (?:been )?(?:violating|involved|responsible|"
    r"targeting|shelling|attacking)|were not|was not|is not|are not|did not|does not|do not|"
    r"has not|have not|had not)\b",
    re.IGNORECASE,
)
_ESTIMATE = re.compile(
    r"\b(?:estimat\w*|about|around|approximately|roughly|nearly|up to|at least|more than|some|almost)"
    r"\s+(?:[\d,.]+|\w+ (?:hundred|thousand|million))",
    re.IGNORECASE,
)
# Figures of money and shares are estimates whatever the verb: "would cost $20 billion",
# "a 12 percent jobless rate".
_FIGURE = re.compile(
    r"(?:[$€£]\s?\d[\d,.]*|(?<!top )(?<!the )\b\d[\d,.]*\s?(?:percent\b|per cent\b|%)|"
    r"\b\d[\d,.]*\s(?:million|billion|trillion)\s(?:dollars|euros|pounds)\b)",
    re.IGNORECASE,
)
# The source will not or cannot speak to the matter: "it would be improper for me to comment".
_WONT_SAY = re.compile(
    r"\b(?:improper|inappropriate|premature|not (?:appropriate|able|in a position)|unable)\b[^.;]{0,40}?"
    r"\bto (?:speak|comment|discuss|say|talk|elaborate|speculate|answer|address)\b",
    re.IGNORECASE,
)
# Speech verbs whose negation withholds an answer: "did not say how many", "could not explain why".
_ANSWER_CUES = frozenset({"say", "explain", "discuss", "elaborate", "answer", "specify", "comment",
                          "disclose", "reveal", "detail", "address", "tell", "clarify", "identify"})
# The evidence leaves the question open: "the videos were inconclusive", "do not show whether".
_OPEN_QUESTION = re.compile(
    r"\b(?:inconclusive|(?:unclear|unknown|uncertain) (?:whether|if|who|what|how|why)|"
    r"no (?:way|means) (?:of|to) (?:know|tell|verify|confirm)\w*|"
    r"(?:not|n't|never) (?:show|prove|establish|determine|confirm|verify|reveal|indicate)\w* "
    r"(?:whether|if|who|what|how|why|that)\b)",
    re.IGNORECASE,
)
# Cues that cast doubt on what they take as object; on a party's own quality ("questioned
# the mayor's eligibility", "challenged her honesty") that is a charge against the party.
_DOUBT_CUES = frozenset({"question", "challenge", "doubt", "impugn"})
_QUALITIES = frozenset({
    "eligibility", "honesty", "integrity", "motive", "motives", "credibility", "legitimacy", "competence",
    "judgment", "judgement", "credentials", "qualifications", "fitness", "loyalty", "patriotism", "sincerity",
    "truthfulness", "account", "version", "story", "claim", "claims", "figures", "numbers", "citizenship",
    "independence", "impartiality", "record", "sanity", "health", "faith", "ethics",
})
_EVIDENCE_CUES = frozenset({"show", "prove", "establish", "determine", "confirm", "verify", "reveal",
                            "indicate", "demonstrate", "document"})
_WH = frozenset({"whether", "if", "who", "what", "why", "how", "when", "where", "which"})
# Words that stand for the claim a denial answers, not for a party: "That is not true".
_PROPOSITION_PRONOUNS = frozenset({"it", "that", "this", "these", "those", "which", "what", "they", "all"})
_MALE = frozenset({"he", "him", "his", "mr", "mr.", "man", "spokesman", "father", "husband", "son", "king",
                   "brother", "congressman", "chairman", "sir", "lord", "boy", "prince"})
_FEMALE = frozenset({"she", "her", "mrs", "mrs.", "ms", "ms.", "miss", "woman", "spokeswoman", "mother",
                     "wife", "daughter", "queen", "sister", "congresswoman", "chairwoman", "lady", "dame",
                     "girl", "princess"})
_SILENT = ("comment", "say", "elaborate", "discuss", "message", "request", "call", "email", "question",
           "inquir", "queries")


@dataclass(frozen=True)
class ContentParse:
    """The parse around one claim: its content tokens, the cue's head and the source spans."""

    tokens: Sequence[Token]
    cue_head: Token | None
    source: list[Span]
    offset: int  # where the paragraph the tokens come from starts in the body


@dataclass(frozen=True)
class Reading:
    """A claim's stance and its target spans (empty when it accuses or clears no one)."""

    stance: Stance
    target: list[Span] = field(default_factory=list)


def _falsity(content: str, tokens: Sequence[Token], acts: Sequence[Act] = ()) -> bool:
    """The content calls something false: "the reports are untrue", "a hoax", "not true", doubts
    it ("skeptical of the finding") or negates a charge's predicate ("was not intentional",
    "That was not her view"). "lie" counts only as a noun ("that is a lie"): as a verb it
    accuses ("Doe lies"), as do the words of a deed charged ("he started this nonsense")."""
    lowered = " ".join(content.lower().replace("n't", " not").replace("’", "'").split())
    if any(p in lowered for p in DENIAL_PHRASES):
        return True
    found = {w.lower().strip("’'") for w in _WORD.findall(content)}
    found -= {a.charged.lower_ for a in acts if a.charged is not None and not a.negated}
    if found & DOUBT_WORDS or any(_negated_predicate(t) for t in tokens):
        return True
    words = found & DENIAL_MARKERS
    if words - {"lie", "lies"}:
        return True
    return bool(words) and (not tokens or any(
        t.lemma_.lower() == "lie" and t.pos_ == "NOUN" for t in tokens
    ))


def _negated_predicate(tok: Token) -> bool:
    """A negated copula that takes back a charge: "the timing was not intentional", "he was not
    involved", "That is not what happened", "That was not her view"."""
    if tok.lemma_.lower() != "be" or not any(c.dep_ == "neg" for c in tok.children):
        return False
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    complement = next((c for c in tok.children if c.dep_ in ("acomp", "attr", "prep")), None)
    if complement is None:
        return False
    if complement.lower_ in DENIED_PREDICATES or complement.lemma_.lower() in DENIED_PREDICATES:
        return True
    # "That was not her view": a demonstrative for the claim, a noun or clause for what it says.
    return subject is not None and subject.lower_ in ("that", "this") and complement.dep_ == "attr" and (
        complement.pos_ in ("NOUN", "PRON") and complement.lower_ not in ("one", "all")
    )


def _accused(parse: ContentParse, acts: list[Act]) -> list[Span]:
    """Who an accusation is aimed at: the object of "accused X of" / "blamed X for", the pobj of
    "accusations against X", else the agents of the acts the content names."""
    head = parse.cue_head
    if head is not None:
        for child in head.children:
            # Whatever "accused" or "blamed" takes as its object is the accused ("accused the
            # port authority of ..."), a party word or not.
            if child.dep_ == "dobj" and (is_party(child) or child.pos_ == "NOUN"):
                return [phrase_span(child, parse.offset)]
            if child.dep_ == "prep" and child.lower_ == "against":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return [phrase_span(obj, parse.offset)]
    return spans_of([a.agent for a in acts if not a.negated], parse.offset)


def _cleared(parse: ContentParse, acts: list[Act]) -> list[Span]:
    """Whom a denial clears: the agent of the act it restates ("denied that Doe lied" -> Doe),
    else the subject of the restated clause when that is a party, else the speaker ("denied
    the charge")."""
    agents = [a.agent for a in acts]
    if any(agents):
        return spans_of(agents, parse.offset)
    ids = {t.i for t in parse.tokens}
    heads = [t for t in parse.tokens if t.head.i not in ids or t.head == t]
    if any(t.lemma_.lower() in CHARGE_NOUNS for t in heads):
        return list(parse.source)
    for tok in parse.tokens:
        if tok.lower_ in _PROPOSITION_PRONOUNS and (tok.lower_ != "they" or _called_false(tok.head)):
            continue  # "It is untrue", "They are all false": the claim, not a party
        subject = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in ids and is_party(tok)
        if subject and (tok.head.dep_ in ("ccomp", "ROOT", "conj") or tok.head == parse.cue_head):
            return [phrase_span(tok, parse.offset)]
    return list(parse.source)


def _doubted_party(parse: ContentParse) -> Span | None:
    """The party whose quality a doubting cue's object is ("questioned the mayor's eligibility")."""
    head = parse.cue_head
    if head is None:
        return None
    for obj in head.children:
        if obj.dep_ != "dobj":
            continue
        owner = next((g for g in obj.children if g.dep_ == "poss"), None)
        if owner is not None and obj.lower_ in _QUALITIES and is_party(owner):
            return phrase_span(owner, parse.offset)
    return None


def _called_false(predicate: Token) -> bool:
    """The predicate is, or is completed by, a word that calls something false ("invented")."""
    return any(t.lower_ in DENIAL_MARKERS for t in (predicate, *predicate.children))


def _own_deed(act: Act, parse: ContentParse, quoted: bool) -> bool:
    """The act is the speaker's own ("we did not pay", "Doe said he is not releasing his
    returns"): reported speech's "he"/"she"/"it" stands for a singular speaker unless the
    speaker's words say otherwise; in the speaker's own quoted words only "I" and "we" do.
    Owning up or explaining is no charge against another."""
    agent = act.agent
    if agent is None or not parse.source:
        return False
    word = agent.lower_
    if word in ("i", "we", "me", "us"):
        return True
    if quoted or word not in ("he", "she", "it") or not parse.tokens:
        return False
    if any(t.pos_ == "PROPN" and t.i < agent.i for t in parse.tokens):
        return False  # "that Doe hides that he paid no rent": "he" is Doe
    doc = parse.tokens[0].doc
    speaker = [t for t in doc if any(s.start <= parse.offset + t.idx < s.end for s in parse.source)]
    words = {t.lower_ for t in speaker}
    if not speaker or words & {"they", "we", "and"} or speaker[-1].tag_ in ("NNS", "NNPS"):
        return False
    if word == "it":
        return not (words & (_MALE | _FEMALE))
    return not (words & (_FEMALE if word == "he" else _MALE))


def _charge_words(lowered: str) -> bool:
    return any(w in lowered for w in ("allegation", "accus", "claim", "report", "charge"))


def classify_stance(
    spec: CueSpec, content: str, *, cue_text: str, negated: bool, parse: ContentParse | None = None,
) -> Reading:
    """Cue entry + content (+ its parse) -> stance and target.

    The cue's own stance wins (deny, accuse, estimate, decline to comment); a plain reporting
    cue becomes a denial when the content calls something false ("untrue", "a hoax", "never
    happened") or negates an act of wrongdoing or an accusation ("Doe did not shell the town"),
    an accusation when the content pins an act of wrongdoing on someone ("Doe lied", "she was
    groped by Roe", "Russia was behind the hacks"), and an estimate when its figures are hedged.
    """
    lowered = content.lower()
    tokens = parse.tokens if parse is not None else ()
    if spec.stance == "no_comment":
        silent = "comment" in spec.frames or any(w in lowered for w in _SILENT)
        return Reading("no_comment" if silent else "assertion")
    if any(p in (cue_text + " " + lowered) for p in NO_COMMENT_PATTERNS) or _WONT_SAY.search(lowered):
        return Reading("no_comment")
    first = lowered.lstrip(" “\"'").split(" ", 1)[0]
    if negated and first in _WH and spec.lemma in _ANSWER_CUES:
        return Reading("no_comment")  # "did not say how many", "could not explain why"
    if _OPEN_QUESTION.search(lowered) or (negated and spec.lemma in _EVIDENCE_CUES and first in _WH):
        return Reading("unverified")
    acts = list(find_acts(tokens))
    if spec.stance == "accusation" and not negated:
        return Reading("accusation", _accused(parse, acts) if parse is not None else [])
    if spec.stance == "denial" and not negated:
        return Reading("denial", _cleared(parse, acts) if parse is not None else [])
    if spec.stance == "estimate":
        return Reading("estimate")
    doubts = spec.lemma in _DOUBT_CUES and not negated
    doubted = _doubted_party(parse) if doubts and parse is not None else None
    if doubted is not None:
        return Reading("accusation", [doubted])
    if spec.cls == "intention":
        return Reading("estimate" if _ESTIMATE.search(content) else "assertion")
    denied = [a for a in acts if a.negated]
    if _falsity(content, tokens, acts) or denied or (
        spec.cls == "communication" and _NEGATED_CLAIM.search(content) and (
            _charge_words(lowered) or "not true" in lowered or "not violating" in lowered
            or "were not" in lowered
        )
    ):
        return Reading("denial", _cleared(parse, denied or acts) if parse is not None else [])
    quoted = content.lstrip()[:1] in ("“", '"', "'", "‘")
    charged = [a for a in acts if (a.agent is not None or a.token.lemma_.lower() not in WRONGDOING_NOUNS)
               and not (parse is not None and _own_deed(a, parse, quoted))]
    if charged:
        return Reading("accusation", spans_of([a.agent for a in charged], parse.offset) if parse else [])
    if _ESTIMATE.search(content) or _FIGURE.search(content):
        return Reading("estimate")
    return Reading("assertion")


# Which stance a quotation running over several sentences takes when its sentences differ: a
# denial or a charge anywhere in it is what the quotation does ("They are all false. They're
# totally invented."); a withheld answer or an open question in its first sentence stays.
_WEIGHT: dict[Stance, int] = {"denial": 4, "accusation": 3, "estimate": 1, "assertion": 0}


def combine(first: Reading, later: Reading) -> Reading:
    """The reading of a quotation from that of its first sentences and of a continuation."""
    if first.stance not in _WEIGHT or later.stance not in _WEIGHT:
        return first
    if later.stance == first.stance:
        return Reading(first.stance, sorted({*first.target, *later.target}))
    return later if _WEIGHT[later.stance] > _WEIGHT[first.stance] else first


def classify_quote_type(body: str, content: list[Span], regions: list[Span]) -> QuoteType:
    """Content spans + quotation regions -> direct (all quoted), mixed (partly) or indirect."""
    total = sum(span.end - span.start for span in content)
    quoted = 0
    for span in content:
        for region in regions:
            lo, hi = max(span.start, region.start), min(span.end, region.end)
            if hi > lo:
                quoted += hi - lo
    if total == 0 or quoted == 0:
        return "indirect"
    # Quotation marks and a little punctuation outside them still read as a direct quote.
    return "direct" if quoted >= 0.9 * total else "mixed"
