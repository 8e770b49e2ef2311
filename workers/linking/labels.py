"""Topic labels: a short noun phrase naming what happened and where.

A label is one head event (the topic's strongest event word, in its noun form), an optional
weapon or object word in front of it ("Missile attack", "Ceasefire violations"), then up to two
place names ("Shelling of Marinka and Vuhledar"). Without an event word the strongest keyword
stands alone. Fixed rules and word lists, so the same centroid always gives the same label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from workers.linking.gazetteer import fold, load_gazetteer
from workers.linking.text import EVENT_STEMS, stem

MAX_LABEL = 80
MAX_PLACES = 2
PLACE_SHARE = 0.25  # a place must weigh at least this share of the strongest place to be named
MODIFIER_SHARE = 0.85  # an act must weigh this share of a stronger modifier to head the label

# Event stems (see ``text.stem``) and the noun a label uses for them.
NOUNS: dict[str, str] = {
    "accus": "accusations",
    "airstrike": "airstrikes",
    "arrest": "arrests",
    "attack": "attack",
    "blast": "blast",
    "bomb": "bombing",
    "bombard": "bombardment",
    "bribe": "bribery",
    "captur": "capture",
    "casualty": "casualties",
    "clash": "clashes",
    "corrupt": "corruption",
    "dead": "deaths",
    "death": "deaths",
    "deni": "denial",
    "deny": "denial",
    "deploy": "deployment",
    "detain": "detentions",
    "die": "deaths",
    "explosion": "explosion",
    "fight": "fighting",
    "hack": "hacking",
    "immigra": "immigration",
    "impeach": "impeachment",
    "indict": "indictment",
    "infection": "infections",
    "invad": "invasion",
    "invasion": "invasion",
    "investigat": "investigation",
    "kill": "killings",
    "launch": "launch",
    "leak": "leak",
    "mercenar": "mercenaries",
    "negotiat": "negotiations",
    "occup": "occupation",
    "peacekeep": "peacekeepers",
    "protest": "protests",
    "repel": "repelled attacks",
    "resign": "resignation",
    "retak": "recapture",
    "retreat": "retreat",
    "sanction": "sanctions",
    "shell": "shelling",
    "shoot": "shooting",
    "shot": "shooting",
    "strike": "strikes",
    "talk": "talks",
    "target": "targeting",
    "vaccin": "vaccination",
    "violat": "violations",
    "vote": "vote",
    "withdraw": "withdrawal",
    "wound": "injuries",
}

# Words that say with what or against what an act was done: they go in front of the head
# ("Rocket attack", "Ceasefire violations"), never stand as the head while an act is present.
MODIFIERS = frozenset(
    {"artillery", "drone", "missile", "rocket", "ceasefire", "truce", "airspace", "border", "nuclear"}
)
# Which modifiers fit which heads.
_MODIFIES: dict[str, frozenset[str]] = {
    "attack": frozenset({"artillery", "drone", "missile", "rocket", "border"}),
    "strikes": frozenset({"drone", "missile", "rocket"}),
    "launch": frozenset({"missile", "rocket", "drone"}),
    "violations": frozenset({"ceasefire", "truce", "airspace", "border"}),
    "talks": frozenset({"ceasefire", "truce", "nuclear"}),
    "negotiations": frozenset({"ceasefire", "truce", "nuclear"}),
    "withdrawal": frozenset({"border"}),
    "deal": frozenset({"ceasefire", "truce", "nuclear"}),
    "agreement": frozenset({"ceasefire", "truce", "nuclear", "border"}),
}
# Heads that take "of", "on" or "from" before places; the rest take "in".
_OF = frozenset({"shelling", "bombardment", "bombing", "capture", "recapture", "occupation", "invasion"})
_FROM = frozenset({"withdrawal", "retreat"})
_ON = frozenset({"attack", "strikes", "airstrikes", "repelled attacks", "targeting", "launch"})

_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}$")


def _event_stem(term: str) -> str | None:
    """The event stem ``term`` belongs to, if it names an event (same rule as the tokeniser)."""
    if term in EVENT_STEMS:
        return term
    for event in sorted(EVENT_STEMS, key=len, reverse=True):
        if len(event) >= 4 and term.startswith(event):
            return event
    return None


def noun_form(term: str, surface: str) -> str:
    """The noun a label uses for an event term: "violating" -> "violations", "shelled" -> "shelling"."""
    for key in (term, stem(surface), _event_stem(term) or ""):
        if key in NOUNS:
            return NOUNS[key]
    return surface.lower()  # no known noun: keep the word as written


def _is_place(name: str) -> bool:
    """Whether an entity name reads as a place: not a title, body, organisation, outlet or acronym."""
    gaz = load_gazetteer()
    key = fold(name)
    key = key[:-2] if key.endswith("'s") else key
    if not name[:1].isupper() or _ACRONYM.match(name.replace(".", "")):
        return False
    if key in gaz.title_words or key in gaz.titles or key in gaz.body_words or key in gaz.media:
        return False
    if key in gaz.organisations or key in gaz.metonyms or key in gaz.people or key in gaz.country_words:
        return False
    if "'" in name or "’" in name or key.endswith(("ern", "ish")):
        return False  # possessives and adjectives ("Western") name no place
    return key not in _NOT_PLACES and key.split("-")[-1] not in gaz.org_suffixes


# Capitalised words that are pieces of longer names or of company names, not places themselves.
_NOT_PLACES = frozenset(
    {"east", "west", "north", "south", "central", "sea", "airways", "airlines", "president", "twitter"}
)
# First words of split multi-word names: when one is among the terms, the names are unreliable.
_NAME_PIECES = frozenset({"los", "las", "san", "santa", "new", "middle", "el", "al", "de", "la"})


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_label(
    ordered: Sequence[tuple[str, float]], surface: Mapping[str, str], kinds: Mapping[str, str]
) -> str:
    """A topic label from its terms (strongest first), their surface forms and kinds."""
    events: list[tuple[str, str, float]] = []  # (noun, event stem, weight)
    for term, weight in ordered:
        if kinds.get(term) == "entity":
            continue
        if kinds.get(term) == "event" or _event_stem(term) is not None:
            word = surface.get(term, term)
            event = _event_stem(term) or term
            noun = word.lower() if event in MODIFIERS else noun_form(term, word)
            if noun not in {n for n, _, _ in events}:
                events.append((noun, event, weight))
    head = phrase = ""
    if events:
        acts = [(n, w) for n, e, w in events if e not in MODIFIERS]
        mods = [(n, w) for n, e, w in events if e in MODIFIERS]
        strongest_mod = mods[0][1] if mods else 0.0
        if acts and acts[0][1] >= strongest_mod * MODIFIER_SHARE:
            head = acts[0][0]
            fitting = [n for n, _ in mods if n in _MODIFIES.get(head, frozenset())]
            phrase = f"{fitting[0]} {head}" if fitting else head
        else:
            head = phrase = mods[0][0]

    if not phrase:
        return _cap(_fallback_keyword(ordered, surface, kinds))[:MAX_LABEL]
    if any(fold(surface.get(t, t)) in _NAME_PIECES for t, _ in ordered if kinds.get(t) == "entity"):
        return _cap(phrase)[:MAX_LABEL]  # names came apart ("San", "Diego"): none is safe to print
    used = set(phrase.lower().split())
    places: list[str] = []
    top_place = 0.0
    for term, weight in ordered:
        if kinds.get(term) != "entity":
            continue
        name = surface.get(term, term)
        if not _is_place(name):
            continue
        top_place = top_place or weight
        if weight < top_place * PLACE_SHARE:
            break
        words = set(name.lower().replace("-", " ").split())
        if words & used:
            continue
        places.append(name)
        used |= words
        if len(places) == MAX_PLACES:
            break

    label = _cap(phrase)
    if places:
        prep = "of" if head in _OF else "on" if head in _ON else "from" if head in _FROM else "in"
        for count in range(len(places), 0, -1):
            candidate = f"{label} {prep} {' and '.join(places[:count])}"
            if len(candidate) <= MAX_LABEL:
                return candidate
    return label[:MAX_LABEL]


def _fallback_keyword(
    ordered: Sequence[tuple[str, float]], surface: Mapping[str, str], kinds: Mapping[str, str]
) -> str:
    """The strongest keyword that can stand as a label: no adverb, no possessive ending."""
    words = [surface.get(t, t) for t, _ in ordered if kinds.get(t) != "country"]
    words = words or [surface.get(t, t) for t, _ in ordered]
    for word in words:
        word = re.sub(r"['’]s$", "", word)
        if len(word) > 2 and not word.lower().endswith("ly"):
            return word
    return words[0] if words else "claims"
