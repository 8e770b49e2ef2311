"""Sources: the mention as written, what it refers to in the article, and a first guess at its kind.

In: the body, each claim's source span (in text order) and the article's named mentions
(noun phrases with a proper noun). Out: a ``SourceRef`` per claim with ``resolved`` (and
``resolved_span`` when the full mention stands elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workers.extraction.lexicon import (
    ANONYMOUS_HEADS,
    GOVERNMENT_WORDS,
    MEDIA_WORDS,
    MILITARY_WORDS,
    ORG_WORDS,
    PERSON_NOUNS,
    PERSON_TITLES,
    PLACE_NAMES,
    PLACE_NOUNS,
)
from workers.extraction.types import SourceKind, SourceRef, Span

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i"})
FIRST_PERSON = frozenset({"i", "we", "me", "my", "our", "us"})
_GROUP_PRONOUNS = frozenset({"they", "it", "we", "them", "who", "which"})
_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "its", "his", "her", "their"})
_ANON_DETS = frozenset({"a", "an", "one", "two", "three", "four", "several", "some", "many", "other",
                        "senior", "independent", "unnamed", "anonymous"})
_WORD = re.compile(r"[\w’'.-]+")
_COUNTRY_HINT = re.compile(r"^(?:[A-Z][a-z]+)(?: [A-Z][a-z]+)?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z.&-]{1,7}$")
# words that may qualify a place name: "South Korea", "New York", "Greater London"
_PLACE_QUALIFIERS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                               "western", "central", "new", "greater", "upper", "lower", "united",
                               "saudi", "sri", "costa", "el", "san", "nagorno", "nagorno-karabakh"})


# Person nouns beyond the lexicon's that a definite description of a speaker may end in.
ROLE_NOUNS = PERSON_NOUNS | frozenset({
    "nominee", "businessman", "businesswoman", "billionaire", "mogul", "tycoon", "lady", "host",
    "anchor", "contender", "challenger", "incumbent", "rival", "opponent", "star", "actress",
    "actor", "developer", "spokesperson", "representative", "commissioner", "justice", "strategist",
})
_FEMALE = frozenset({"mrs", "ms", "miss", "lady", "dame", "queen", "princess", "madam", "spokeswoman",
                     "congresswoman", "chairwoman", "businesswoman", "woman", "wife", "mother",
                     "daughter", "sister", "grandmother", "actress", "girl", "widow", "aunt", "niece",
                     "ex-wife", "she"})
_MALE = frozenset({"mr", "sir", "lord", "king", "prince", "spokesman", "congressman", "businessman",
                   "man", "husband", "father", "son", "brother", "grandfather", "boy", "uncle",
                   "nephew", "ex-husband", "he"})


@dataclass(frozen=True)
class Mention:
    """A noun phrase or pronoun in the article that may name a speaker.

    ``role`` says what it is: ``name`` (a proper noun phrase), ``description`` ("the
    nominee"), ``pronoun``, ``relative`` ("who"), or ``source`` (an earlier claim's resolved
    source). Once linked, ``text`` is the full mention it stands for and ``target`` where that
    stands in the body.
    """

    span: Span
    text: str  # the full mention this one stands for
    kind: SourceKind
    target: Span | None = None  # where ``text`` stands in the body, when not at ``span``
    sentence: int = -1  # index of its sentence in the article
    subject: int = 0  # 2: the main clause's subject, 1: another clause's (or a subject's possessor)
    quoted: bool = False  # inside a quotation
    gender: str | None = None  # "f" or "m" when its words or a pronoun tell
    role: str = "source"


def gender_of(text: str) -> str | None:
    """"Mrs. Clinton", "the spokeswoman" -> "f"; "Mr. Trump" -> "m"; otherwise None."""
    words = set(_words(text))
    female, male = bool(words & _FEMALE), bool(words & _MALE)
    return "f" if female and not male else "m" if male and not female else None


def _words(text: str) -> list[str]:
    """Lower-case words of a mention, without surrounding dots and apostrophes."""
    return [w.lower().strip(".’'") for w in _WORD.findall(text)]


def is_place(text: str) -> bool:
    """"Luxembourg", "South Korea", "the town of Terter", "Tovuz district": a place, not a person."""
    words = _words(text)
    if words and words[0] in _DETERMINERS | {"a", "an"}:
        words = words[1:]
    if not words:
        return False
    if text.strip() in ("US", "U.S.", "UK", "U.K."):
        return True
    if " ".join(words) in PLACE_NAMES or words[-1] in PLACE_NOUNS:
        return True
    if len(words) >= 3 and words[0] in PLACE_NOUNS and words[1] == "of":
        return True  # "the town of Terter"
    if words[-1] in PLACE_NAMES:
        return all(w in _PLACE_QUALIFIERS or w in PLACE_NAMES for w in words[:-1])
    return False


def is_person_like(text: str, kind: SourceKind) -> bool:
    """Whether "he"/"she" may stand for this mention: a titled or personal name, or a person noun."""
    words = _words(text)
    if not words or is_place(text):
        return False
    raw = _WORD.findall(text)
    if words[-1] in PERSON_NOUNS:
        return True  # "the spokeswoman", "Russia's foreign minister"
    if any(w in PERSON_TITLES for w in words[:-1]) and raw[-1][:1].isupper():
        return True  # "Mr. Smith", "Foreign Minister Lavrov"
    if kind != "person":
        return False
    last = words[-1]
    return raw[-1][:1].isupper() and last not in (ORG_WORDS | MEDIA_WORDS | GOVERNMENT_WORDS | MILITARY_WORDS)


def guess_kind(text: str, *, has_proper: bool) -> SourceKind:
    """Mention text -> a first guess at the source kind from its words."""
    words = _words(text)
    if not words:
        return "unknown"
    if words[0] in _PERSON_PRONOUNS and len(words) == 1:
        return "person"
    if has_proper and is_place(text):
        return "country"
    wordset = set(words)
    head = words[-1]
    raw_last = _WORD.findall(text)[-1]
    name_final = has_proper and raw_last[:1].isupper() and head not in (
        GOVERNMENT_WORDS | MILITARY_WORDS | MEDIA_WORDS | ORG_WORDS
    ) and len(words) >= 2 and words[-2][:1].isalpha() and _WORD.findall(text)[-2][:1].isupper()
    if not has_proper and (head in ANONYMOUS_HEADS or "source" in wordset or "sources" in wordset) and (
        words[0] in _ANON_DETS or words[0] not in _DETERMINERS
    ):
        return "anonymous"
    if name_final and not wordset & MEDIA_WORDS and not wordset & ORG_WORDS:
        return "person"  # "Russian Foreign Minister Sergei Lavrov": a titled person
    if wordset & MILITARY_WORDS:
        return "military"
    if wordset & MEDIA_WORDS:
        return "media"
    if wordset & GOVERNMENT_WORDS:
        return "government"
    if wordset & ORG_WORDS:
        return "organisation"
    if has_proper and len(words) == 1 and _ACRONYM.match(text.strip()):
        return "organisation"  # "NATO", "OSCE"
    if has_proper and len(words) == 1 and _COUNTRY_HINT.match(text):
        country_like = text.endswith(("ia", "an", "ey", "ce", "ny", "nd", "in", "es", "il"))
        return "country" if country_like else "person"
    if has_proper:
        return "person"
    return "unknown"


_JOINERS = frozenset({"and", "or", "in", "of", "for", "at", "from", "on", "with"})


def _name_like(text: str) -> bool:
    """"Armen Manjoyan", "Mr. Smith": capitalised words with no leading determiner."""
    words = text.split()
    if len(words) < 2 or words[0].lower() in _DETERMINERS:
        return False
    return all(w[:1].isupper() for w in words[-2:])


_PLURAL_PRONOUNS = frozenset({"they", "them"})
_PLURAL_BACK = 3  # earlier mentions a plural pronoun looks back over for a plural speaker


def plural_noun(text: str) -> bool:
    """A phrase headed by a common noun in the plural: "former workers", "team staffers"."""
    raw = _WORD.findall(text)
    if not raw or not (raw[-1][:1].islower() or len(raw) == 1):
        return False  # "Cheryl Mills" is one person; "Residents" opening a sentence is a group
    last = raw[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "'s", "’s", "us", "is"))


def _titled_person(text: str) -> bool:
    """A role and then a personal name ("Clinton aide Cheryl Mills", "Acme spokesman Bo Lind"):
    one person, whatever kind the words around the name suggest, so never "they" or "it"."""
    raw = _WORD.findall(text)
    words = [w.lower().strip(".’'") for w in raw]
    if len(raw) < 3 or not all(w[:1].isupper() for w in raw[-2:]):
        return False
    return any(w in ROLE_NOUNS or w in PERSON_TITLES for w in words[:-2])


def _find_antecedent(words: list[str], start: int, mentions: list[Mention], kind_hint: str) -> Mention | None:
    """The earlier mention a pronoun, definite description or short name stands for, if any."""
    earlier = [m for m in mentions if m.span.end <= start and (m.role != "pronoun" or m.target is not None)]
    if len(words) == 1 and words[0] in _PERSON_PRONOUNS:
        for m in reversed(earlier):
            if not is_person_like(m.text, m.kind):
                continue
            if m.target is not None or _name_like(m.text) or m.kind != "person":
                return m
        return None
    if len(words) == 1 and words[0] in _PLURAL_PRONOUNS:
        # "Former workers said … They added …": the nearest earlier speaker named in the plural
        for m in sorted(earlier, key=lambda m: m.span.start, reverse=True)[:_PLURAL_BACK]:
            if m.target is not None and m.kind != "person" and plural_noun(m.text):
                return m
    if len(words) == 1 and words[0] in _GROUP_PRONOUNS:
        # an earlier source first ("The ministry said ... It said ..."), then any named body
        for pool in ([m for m in earlier if m.target is not None], earlier):
            for m in reversed(pool):
                if m.kind not in ("person", "anonymous", "unknown") and not _titled_person(m.text):
                    return m
        return None
    if words and words[0] in _DETERMINERS and len(words) <= 3:
        # every word of the description is in the antecedent: "the campaign" may be "the Clinton
        # campaign", but "the Trump campaign" is not
        for m in reversed(earlier):
            mw = [w.lower() for w in _WORD.findall(m.text)]
            if set(words[1:]) <= set(mw) and len(mw) > len(words) - 1:
                return m
        return None
    if 1 <= len(words) <= 2 and kind_hint == "person":
        for m in earlier:
            mw = [w.lower() for w in _WORD.findall(m.text)]
            if len(mw) > len(words) and mw[-len(words):] == words and mw[-len(words) - 1] not in _JOINERS:
                return m  # a name's end, not a pair or a place: "Azerbaijan" is not "a crew in Azerbaijan"
    return None


_DOCUMENTS = (
    "report|reports|study|studies|analysis|analyses|brief|submission|filing|filings|statement|"
    "letter|memo|memoir|notes|tweet|tweets|post|posts|email|emails|complaint|lawsuit|suit|ad|ads|"
    "advertisement|book|column|op-ed|editorial|article|survey|poll|review|testimony|transcript|"
    "records|documents|document|affidavit|motion|release|website|blog|video|speech|remarks|comments"
)
# "Her submission to the court", "Ivana Trump's brief", "a study by Prof. Ana Ruiz",
# "a letter from his doctor": a document speaks for whoever the text says wrote it.
_OWNED_DOCUMENT = re.compile(
    rf"^(?:the |a |an )?(?P<owner>.+?)(?:['’]s?|(?<=^his)|(?<=^her)|(?<=^their)|(?<=^its)) "
    rf"(?:[\w-]+ ){{0,3}}(?:{_DOCUMENTS})\b(?: (?:to|on|in|at|about|over) .{{1,60}})?$",
    re.I,
)
_AUTHORED_DOCUMENT = re.compile(
    rf"^(?:the |a |an |one )?(?:[\w-]+ ){{0,4}}(?:{_DOCUMENTS}) (?:by|from) (?P<owner>[^,]+?),?$", re.I
)


def _document_author(body: str, spans: list[Span], mentions: list[Mention]) -> SourceRef | None:
    """A document source -> its author, when the text names one (possessor, "by X", "from X")."""
    if len(spans) != 1:
        return None
    text = body[spans[0].start : spans[0].end]
    match = _OWNED_DOCUMENT.match(text) or _AUTHORED_DOCUMENT.match(text)
    if match is None or not match.group("owner").strip():
        return None
    start = spans[0].start + match.start("owner")
    owner = Span(start, spans[0].start + match.end("owner"))
    written = body[owner.start : owner.end]
    owner_kind = guess_kind(written, has_proper=written[:1].isupper())
    if owner_kind == "unknown" and written.lower() not in _PERSON_PRONOUNS:
        return None  # "the new report" names no one the claim could speak for
    linked = _linked(body, [owner], mentions)
    if linked is not None and linked.target is not None:
        return SourceRef(mention=text, resolved=linked.text, resolved_span=linked.target,
                         kind="person" if linked.role in ("pronoun", "description") else linked.kind)
    if written.lower() in _PERSON_PRONOUNS:
        return None
    return SourceRef(mention=text, resolved=written, resolved_span=owner, kind=owner_kind)


def _linked(body: str, spans: list[Span], mentions: list[Mention]) -> Mention | None:
    """The linked mention the source is: its pronoun, "who", description or short name (alone
    or with an apposition or clause after a comma, not "Trump's campaign")."""
    if not spans:
        return None
    for m in mentions:
        if m.target is None or m.role == "source" or m.span.start != spans[0].start:
            continue
        if m.role in ("pronoun", "relative") and m.span == spans[0] and len(spans) == 1:
            return m
        whole = m.span.end == spans[-1].end or body[m.span.end : m.span.end + 1] in (",", "(")
        if m.role in ("description", "name") and whole:
            return m
    return None


def resolve_source(
    body: str,
    spans: list[Span],
    mentions: list[Mention],
    *,
    has_proper: bool,
    speaker: SourceRef | None = None,
) -> SourceRef:
    """Source spans + the article's linked mentions -> ``SourceRef`` with the mention resolved.

    ``mentions`` holds the article's mentions as ``coreference.link_mentions`` linked them
    and, as they are resolved, earlier sources (whose ``text`` is already their full mention),
    so "she" after "Lahtinen" after "Prime Minister Aino Lahtinen" reaches the full mention.
    ``speaker`` is the source of the quotation a first-person source ("I") speaks in.
    """
    mention = " ".join(body[s.start : s.end] for s in spans)
    kind = guess_kind(mention, has_proper=has_proper)
    words = [w.lower().strip("’'") for w in _WORD.findall(mention)]
    if speaker is not None and len(words) == 1 and words[0] in FIRST_PERSON:
        return SourceRef(mention=mention, resolved=speaker.resolved, resolved_span=speaker.resolved_span,
                         kind=speaker.kind)
    authored = _document_author(body, spans, mentions)
    if authored is not None:
        return authored
    linked = _linked(body, spans, mentions)
    if linked is not None and linked.target is not None:
        pronoun = len(words) == 1 and words[0] in _PERSON_PRONOUNS
        return SourceRef(mention=mention, resolved=linked.text, resolved_span=linked.target,
                         kind="person" if pronoun or linked.role == "description" else linked.kind)
    # a short proper name ("Mnatsakanyan") may stand for an earlier full one whatever it looks like
    hint = "person" if has_proper and len(words) <= 2 else kind
    antecedent = _find_antecedent(words, spans[0].start, mentions, hint) if spans else None
    if antecedent is None:
        return SourceRef(mention=mention, resolved=mention, resolved_span=None, kind=kind)
    resolved_kind = antecedent.kind if kind in ("unknown", "person") or hint != kind else kind
    if len(words) == 1 and words[0] in _PERSON_PRONOUNS:
        resolved_kind = "person"  # "he" for "the minister" is the minister, not the ministry
    return SourceRef(
        mention=mention,
        resolved=antecedent.text,
        resolved_span=antecedent.target or antecedent.span,
        kind=resolved_kind,
    )


def remember(ref: SourceRef, spans: list[Span]) -> Mention:
    """A resolved source as a mention later pronouns and short names can point back to."""
    return Mention(spans[0], ref.resolved, ref.kind, ref.resolved_span or spans[0])
