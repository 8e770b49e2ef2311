"""A speaker's affiliation from the words around their name in the mention itself.

The gazetteer knows few people; the text usually says whom a speaker works for. These rules read
the mention the extractor kept ("Jane Doe, an analyst at the Harbor Institute,") and give the
principal it names, or None:

- an apposition with a role and a preposition: "X, an analyst at the independent Harbor
  Institute" -> Harbor Institute, "X, head of the Fiscal Research Center" -> Fiscal Research Center;
- a possessive role: "X, the Acme Corp's lawyer", "one of the family's attorneys, X" -> Acme
  Corp, family;
- a body's role before the name or in the apposition: "Acme Corp spokesman X",
  "X, the Springfield police chief" -> Acme Corp, Springfield police.

A former member ("a former Acme Corp executive") no longer speaks for the body, and a relative
clause ("X, who has campaigned for Y,") says what they did, not for whom they speak.

    >>> context_affiliation("Jane Doe, an analyst at the independent Harbor Institute,", "Jane Doe")
    'Harbor Institute'
    >>> context_affiliation("Springfield police chief Tom Roe", "Tom Roe")
    'Springfield police'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workers.linking.gazetteer import fold, load_gazetteer

# Nouns that name a role someone holds for a body (as a head noun, in the singular or plural).
ROLE_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "lawyer", "attorney", "counsel",
    "aide", "adviser", "advisor", "analyst", "economist", "professor", "head", "director", "chief",
    "chairman", "chairwoman", "chair", "president", "executive", "officer", "official", "member",
    "fellow", "scholar", "researcher", "expert", "strategist", "pollster", "manager", "editor",
    "host", "anchor", "moderator", "correspondent", "reporter", "founder", "partner", "leader",
    "representative", "staffer", "surrogate", "secretary", "commissioner", "mayor", "governor",
    "justice", "judge", "general", "commander", "deputy", "lecturer", "dean", "administrator",
    "coordinator", "organizer", "organiser", "employee", "worker", "ceo", "cfo", "chancellor",
    "sheriff", "detective", "investigator", "consultant", "treasurer", "trustee", "minister",
})
_PLURALS = frozenset(w + "s" for w in ROLE_NOUNS) | {"attorneys", "spokesmen", "spokeswomen"}
# Words around a role that are not the body: "senior", "executive director", "editor in chief".
_ROLE_WORDS = ROLE_NOUNS | _PLURALS | frozenset({
    "senior", "junior", "chief", "deputy", "vice", "assistant", "associate", "top", "lead", "press",
    "campaign", "general", "executive", "managing", "political", "science", "policy", "in", "outside",
    "longtime", "veteran", "personal", "national", "district", "state", "attorney",
})
_FORMER = re.compile(r"\b(?:former|ex-|onetime|one-time|erstwhile|retired)\b", re.I)
_RELATIVE = re.compile(r"^(?:who|whose|which|that|whom)\b", re.I)
_QUANTIFIER = re.compile(r"^(?:one|some|two|several|many)\s+of\s+", re.I)
_LEAD = re.compile(rf"^(?:{_QUANTIFIER.pattern[1:]})?(?:the|a|an|another|his|her|their|its)\s+", re.I)
_PREP_ROLE = re.compile(
    r"^(?P<role>(?:[\w.-]+\s+){0,4}?[\w.-]+)\s+(?:of|for|at|with|to)\s+(?P<principal>.+)$", re.I
)
_POSSESSIVE = re.compile(r"^(?P<principal>.+?)['’]s?\s+(?P<role>(?:[\w.-]+\s+){0,3}[\w.-]+)$")
# Where a principal's name stops: a clause, a place, a second role ("and a professor at …").
_PRINCIPAL_END = re.compile(
    r"\s+(?:and|in|on|that|which|who|where|since|until|during|as|from|about|over|near|based|"
    r"overseeing|oversees)\s+.*$|[,;(].*$",
    re.I,
)
_CAPITALISED = re.compile(r"^[A-Z0-9]")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "rev", "the"})
_NAME_LINKS = frozenset({"of", "for", "and", "the", "&", "on", "de"})
# Lower-case bodies a role may be held for with a definite article: "the family's attorneys".
_COMMON_BODIES = frozenset({"family", "company", "police", "department", "union", "council", "board",
                            "committee"})


def context_affiliation(mention: str, name: str) -> str | None:
    """The body or person the mention says ``name`` speaks for, as written there, or None."""
    if not mention:
        return None
    text = mention.replace("’", "'").strip(" ,.;:")
    found = _locate(text, name)
    if found is None:
        return None
    before, after = text[: found[0]].rstrip(), text[found[1] :].strip(" ,")
    principal = _current(_descriptor, after.split(",")[0]) if after else None
    if principal is None and before.endswith(","):
        principal = _current(_descriptor, before.rstrip(",").split(",")[-1])  # "a lawyer for Acme, Jane Doe"
    elif principal is None and before and "," not in before:
        principal = _current(_premodifier, before)  # "Acme spokesman Jane Doe"
    return principal


def _current(read: Callable[[str], str | None], part: str) -> str | None:
    """What ``read`` finds in the roles a person holds now: "the Acme host and former Zenith
    anchor" is Acme's; a former role alone gives nothing."""
    if not _FORMER.search(part):
        return read(part)
    for role in part.split(" and "):
        if not _FORMER.search(role):
            return read(role)
    return None


def _locate(text: str, name: str) -> tuple[int, int] | None:
    """Where ``name`` stands in the mention, its dots and spacing as written ("Jeffrey N Trimble"
    in "Jeffrey N. Trimble, …"), else its last word alone ("Donald Trump" in "Mr. Trump")."""
    words = [re.escape(w.strip(".")) for w in name.split()]
    for pattern in (r"\.?\s+".join(words), words[-1] if words else ""):
        match = re.search(rf"\b{pattern}\b\.?", text) if pattern else None
        if match:
            return match.start(), match.end()
    return None


def _descriptor(part: str) -> str | None:
    """The principal of an apposition: "an analyst at the Harbor Institute" -> Harbor Institute."""
    part = _PARENTHESES.sub("", part).strip()
    if not part or _RELATIVE.match(part):
        return None
    bare = _LEAD.sub("", part)
    match = _PREP_ROLE.match(bare)
    if match and _is_role(match.group("role")):
        return _principal(match.group("principal"))
    match = _POSSESSIVE.match(_QUANTIFIER.sub("", part))
    if match and _is_role(match.group("role")):
        return _principal(match.group("principal"), possessor=True)
    return _premodifier(bare)


def _premodifier(words_before: str) -> str | None:
    """The body before a role: "Acme Corp spokesman" -> Acme Corp ("Sen." or "Mr." alone: None)."""
    words = _LEAD.sub("", _PARENTHESES.sub("", words_before).strip()).split()
    roles = (_ROLE_WORDS | _title_words()) - _COMMON_BODIES
    while words and (fold(words[-1]).strip(".") in roles or (
        len(words) > 1 and fold(words[-1]) in _NAME_LINKS and fold(words[-2]).strip(".") in roles
    )):
        words.pop()  # "Acme Executive Director", "Secretary of State"
    if len(words) == len(_LEAD.sub("", words_before.strip()).split()):
        return None  # no role word: "Jane" in "Jane Doe" is no body
    while words and not _CAPITALISED.match(words[0]):
        words.pop(0)  # "retired Air Force" -> "Air Force"
    return _principal(" ".join(words)) if words else None


def _is_role(role: str) -> bool:
    words = [fold(w).strip(".") for w in role.split()]
    return bool(words) and words[-1] in ROLE_NOUNS | _PLURALS and all(w[:1].islower() or w in _ROLE_WORDS
                                                                        or w in ROLE_NOUNS for w in words)


def _principal(text: str, *, possessor: bool = False) -> str | None:
    """The body's name: capitalised words ("the independent Harbor Institute" -> Harbor Institute), a
    possessor's name ("the Tax Foundation's policy center" -> Tax Foundation), or a common body
    with a definite article ("the family")."""
    text = _PRINCIPAL_END.sub("", text.strip()).strip(" .")
    if not possessor and "'" in text:
        text = text.split("'")[0]
    words = text.split()
    definite = bool(words) and words[0].lower() == "the"
    while words and (fold(words[0]) in _HONORIFICS or not _CAPITALISED.match(words[0])):
        if fold(words[0]).strip(".") in _COMMON_BODIES and definite and len(words) == 1:
            return words[0].lower()
        words.pop(0)
    kept: list[str] = []
    for word in words:
        if _CAPITALISED.match(word) or (kept and fold(word) in _NAME_LINKS):
            kept.append(word)
        elif fold(word) in _COMMON_BODIES and kept:
            kept.append(word)  # "the Springfield police"
            break
        else:
            break
    while kept and fold(kept[-1]) in _NAME_LINKS:
        kept.pop()
    name = " ".join(kept).strip(" .")
    last = fold(kept[-1]).strip(".") if kept else ""
    titled = last in _title_words() and last not in _COMMON_BODIES
    if not name or fold(name).strip(".") in _HONORIFICS or titled:
        return None  # "U.S. Secretary" is a title, not a body
    return name


def _title_words() -> frozenset[str]:
    return load_gazetteer().title_words


_PARENTHESES = re.compile(r"\([^()]*\)")
