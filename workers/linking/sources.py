"""Source normalisation: one name per real-world speaker, with a kind and the side it speaks for.

``normalise_source("the Azeri defense ministry")`` and
``normalise_source("Azerbaijan's defense ministry")`` both give ``Azerbaijan Ministry of
Defence`` (kind ``government``, affiliation ``Azerbaijan``); ``"Baku"`` gives ``Azerbaijan``;
``"Armenian defense ministry spokeswoman Jane Doe"`` gives the person ``Jane Doe`` speaking for
Armenia. Rules and the reviewed gazetteer decide; nothing is keyed to particular articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from workers.linking.context import context_affiliation
from workers.linking.gazetteer import Gazetteer, fold, load_gazetteer

_LEADING = re.compile(r"^(?:the|a|an|one|two|three|four|five|several|some|many|other|another)\s+", re.I)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|de|van|von|al-\w+|bin|ibn|la|le|del|da)$")
_ANONYMOUS_HINT = re.compile(r"\b(?:unnamed|anonymous|anonymity|familiar with|not authori[sz]ed)\b", re.I)


@dataclass(frozen=True)
class NormalisedSource:
    """A speaker as claimtrack stores it: ``Source.name``, ``kind``, ``affiliation`` and aliases.

    ``members`` lists the parties of a compound source ("Armenia and Azerbaijan each said …").
    """

    name: str
    kind: str
    affiliation: str | None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


_TRAILING = re.compile(r"\s+(?:each|both|all|alike|themselves)$", re.I)


def _clean(text: str) -> str:
    text = _TRAILING.sub("", text.strip().strip(",.;:\"“”'").strip())
    while True:
        stripped = _LEADING.sub("", text)
        if stripped == text:
            return text
        text = stripped


def _split_apposition(text: str) -> tuple[str, str]:
    """ "Jane Doe, Armenia's foreign minister" -> ("Jane Doe", "Armenia's foreign minister")."""
    if "," not in text:
        return text, ""
    head, _, tail = text.partition(",")
    return head.strip(), tail.strip()


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam"})
_LOCATIVE = frozenset(
    {"in", "at", "near", "from", "to", "into", "around", "across", "inside", "outside", "on"}
)


def _find_country(words: list[str], gaz: Gazetteer) -> tuple[str | None, int, int]:
    """The first country-naming phrase in folded ``words``: (country, start, end).

    A place after a locative preposition ("sources working in Baku") says where, not for whom.
    """
    for start in range(len(words)):
        if start > 0 and words[start - 1] in _LOCATIVE:
            continue
        for size in range(min(gaz.max_country_words, len(words) - start), 0, -1):
            key = " ".join(words[start : start + size])
            country = gaz.country_of(key)
            if country is None and key.endswith("'s"):
                country = gaz.country_of(key[:-2])
            if country is not None:
                return country, start, start + size
    return None, -1, -1


def _trailing_name(original: str, gaz: Gazetteer) -> str | None:
    """The proper name a mention ends with ("… spokeswoman Jane Doe" -> "Jane Doe")."""
    tokens = original.replace("’", "'").split()
    name: list[str] = []
    for token in reversed(tokens):
        bare = token.strip(",.;:()")
        key = fold(bare)
        if (
            not _NAME_TOKEN.match(bare)
            or key in gaz.title_words
            or key + "." in gaz.title_words  # "Gov" of "Gov. Jane Doe"
            or gaz.country_of(key)
            or key in gaz.body_words
            or key.endswith("'s")
        ):
            break
        name.insert(0, bare)
    if not name:
        return None
    before = tokens[len(tokens) - len(name) - 1].lower() if len(tokens) > len(name) else ""
    if before in _LOCATIVE:
        return None  # "sources working in Baku": a place, not the speaker's name
    for size in range(len(name), 0, -1):
        known = gaz.people.get(fold(" ".join(name[-size:])))
        if known is None:
            continue
        # "Ivanka Trump" is not Donald Trump: a given name before a known surname alone that is
        # not the known person's names someone else ("Crooked Hillary Clinton" is still her)
        names = fold(known.name).split(" ")
        dropped = [fold(w).strip(".") for w in name[:-size]]
        if size > 1 or all(len(w) <= 1 or w in names or w in _HONORIFICS for w in dropped):
            return " ".join(name[-size:])
        break
    while len(name) > 1 and fold(name[0]).strip(".") in _HONORIFICS:
        name = name[1:]  # "Mr. Berg" is Berg, whom the article names in full elsewhere
    candidate = " ".join(name)
    if fold(candidate) in gaz.organisations or fold(candidate) in gaz.media:
        return None
    if fold(name[-1]) in gaz.org_suffixes or len(name) > 4:
        return None
    return candidate


def _find_body(rest: str, gaz: Gazetteer, country: str) -> str | None:
    special = gaz.institutions.get(country, {})
    for key, name in special.items():
        if key in rest:
            return name
    best: str | None = None
    best_len = 0
    for key, body in gaz.body_words.items():
        if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", rest) and len(key) > best_len:
            best, best_len = body, len(key)
    if best is None:
        return None
    return country if best == "Government" else f"{country} {best}"


def _affiliation_in(words: list[str], gaz: Gazetteer) -> str | None:
    """The side named in a title ("Clinton campaign spokesman", "director for the Red Cross")."""
    words = [w.removesuffix("'s") for w in words]
    text = " ".join(words)
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            key = " ".join(words[start : start + size])
            if (key in gaz.people and size > 1) or (size == 1 and key in gaz.people and key != words[-1]):
                return gaz.people[key].affiliation
    for alias, org in gaz.organisations.items():
        if len(alias) > 3 and re.search(rf"\b{re.escape(alias)}\b", text):
            return org.name
    return None


_AGENT = re.compile(
    r"^(?P<role>(?:[\w-]+ ){0,3}?(?:spokes(?:man|woman|person)|lawyer|attorney|aide|adviser|advisor|"
    r"representative|staffer|surrogate|strategist|lawyers|attorneys|aides|advisers|spokespeople))"
    r" (?P<prep>for|to|of) (?P<principal>.+)$",
    re.I,
)
_CAMPAIGN = re.compile(r"^(?:the )?(.+?)(?:'s)? (?:presidential |election |re-election )?campaign$")
_HEAD_END = frozenset({"in", "at", "with", "who", "working", "familiar", "close", "for", "from", "on", "of"})


def _anonymous_head(words: list[str], gaz: Gazetteer) -> bool:
    """Whether the phrase's head noun (before any modifier clause) is an anonymous marker."""
    head = words
    for i, word in enumerate(words):
        if word in _HEAD_END and i > 0:
            head = words[:i]
            break
    return head[-1] in gaz.anonymous_heads


def _agent(text: str, kind_guess: str, publisher: str | None) -> NormalisedSource | None:
    """ "a spokeswoman for the Clinton campaign" -> that role, speaking for the campaign's side."""
    match = _AGENT.match(text)
    if match is None or "," in text:
        return None
    principal = _normalise_text(match.group("principal"), "unknown", publisher)
    if principal is None or principal.kind in ("anonymous", "publisher"):
        return None
    side = principal.affiliation or principal.name
    role = match.group("role")
    name = f"{role[:1].upper()}{role[1:]} {match.group('prep').lower()} {principal.name}"
    return NormalisedSource(name, "person", side)


def _trailing_person(text: str, gaz: Gazetteer) -> str | None:
    """The name closing a mention after a title: "Tulsa, Okla., police officer Betty Shelby"."""
    last = text.rsplit(",", 1)[-1].strip()
    name = _trailing_name(last, gaz)
    if name is None or len(name.split()) < 2 or len(last.split()) <= len(name.split()):
        return None
    before = last.split()[-len(name.split()) - 1]
    return name if before[:1].islower() or fold(before) in gaz.title_words else None


def _person(name: str, country: str | None, gaz: Gazetteer, words: list[str]) -> NormalisedSource:
    known = gaz.people.get(fold(name))
    if known is not None:
        return NormalisedSource(known.name, "person", known.affiliation or country)
    title_words = [w for w in words if w not in fold(name).split(" ")]
    return NormalisedSource(name, "person", country or _affiliation_in(title_words, gaz))


def _compound(text: str, kind_guess: str, publisher: str | None) -> NormalisedSource | None:
    """ "Armenia and Azerbaijan" -> a group whose members are the two sides."""
    parts = [_normalise_text(p, kind_guess, publisher) for p in re.split(r"\s+and\s+", text)]
    if len(parts) < 2 or any(p is None or p.affiliation is None for p in parts):
        return None
    members = tuple(dict.fromkeys(p.affiliation for p in parts if p is not None and p.affiliation))
    if len(members) < 2:
        return None
    return NormalisedSource(" and ".join(members), "group", None, members=members)


# US newswire party labels: "Rep. Jane Doe (R-Utah)", "Sen. Roe, D-Mass.", "Democratic Sen. Roe".
_PARTY_TAG = re.compile(
    r"(?:\(|,\s*|\b)(?P<party>[RD])-[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?\.?(?:\)|\b)|\((?P<alone>[RD])\)"
)
_PARTY_WORD = re.compile(r"\b(?P<party>Republican|Democratic|Democrat)\b(?!\s+(?:Party|National|Caucus))")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_PARTIES = {"r": "Republican Party", "d": "Democratic Party", "republican": "Republican Party",
            "democratic": "Democratic Party", "democrat": "Democratic Party"}


def party_label(text: str) -> str | None:
    """The party a US politician's label names: "(R-Utah)" -> Republican Party."""
    match = _PARTY_TAG.search(text) or _PARTY_WORD.search(text)
    if match is None:
        return None
    return _PARTIES[(match.groupdict().get("party") or match.group("alone")).lower()]


def _normalise_text(original: str, kind_guess: str, publisher: str | None) -> NormalisedSource | None:
    bare = _PARENTHESES.sub("", _PARTY_TAG.sub("", original)).strip(" ,") or original
    result = _normalise_plain(bare, kind_guess, publisher)
    if result is not None and result.affiliation is None and result.kind in ("person", "organisation"):
        party = party_label(original)
        if party is not None and fold(result.name) != fold(party):
            return replace(result, affiliation=party)
        if result.kind == "person":
            return replace(result, affiliation=_principal_side(bare, result.name, publisher))
    elif result is not None and result.kind == "person" and _is_country(result.affiliation):
        # "X, a fellow at the American Enterprise Institute": the institute, not the country
        institute = _principal_side(bare, result.name, publisher, bodies_only=True)
        if institute is not None:
            return replace(result, affiliation=institute)
    return result


def _is_country(affiliation: str | None) -> bool:
    return affiliation is not None and fold(affiliation) in load_gazetteer().country_words


def _principal_side(
    mention: str, name: str, publisher: str | None, *, bodies_only: bool = False
) -> str | None:
    """The side of the body or person the mention says ``name`` works for ("Jane Doe, an analyst
    at the Harbor Institute" -> Harbor Institute; "Alan Roe, Smith's lawyer" -> Smith's side). A body
    the gazetteer does not know speaks for itself, whatever country its name holds; with
    ``bodies_only`` only such a body is given."""
    principal = context_affiliation(mention, name)
    if principal is None or fold(principal) == fold(name):
        return None
    gaz = load_gazetteer()
    key = _clean(principal)
    words = fold(key).split(" ")
    own_body = any(w in gaz.org_suffixes for w in words) and not (
        gaz.country_of(words[0]) or gaz.country_of(fold(key))  # "Russian Embassy", "White House"
    )
    if own_body and fold(key) not in gaz.organisations:
        return _title(key)  # "the Center for American Progress" speaks for itself, not for a country
    found = _normalise_text(principal, "organisation", publisher)
    if found is None or found.kind in ("anonymous", "publisher") or fold(found.name) == fold(name):
        return None
    if found.kind in ("organisation", "media") and fold(found.name) not in gaz.organisations:
        return found.name
    return None if bodies_only else found.affiliation or found.name


def _normalise_plain(original: str, kind_guess: str, publisher: str | None) -> NormalisedSource | None:
    gaz = load_gazetteer()
    text = _clean(original)
    key = fold(text)
    if not key or key in gaz.pronouns:
        return None
    if publisher and key == fold(publisher):
        return NormalisedSource(text, "publisher", None)
    for table_hit in (gaz.country_words.get(key), gaz.metonyms.get(key)):
        if table_hit:
            return NormalisedSource(table_hit, "government", table_hit)
    if key in gaz.people:
        person = gaz.people[key]
        return NormalisedSource(person.name, "person", person.affiliation)
    if key in gaz.organisations:
        org = gaz.organisations[key]
        return NormalisedSource(org.name, org.kind, org.affiliation or org.name)
    if key in gaz.media:
        return NormalisedSource(_title(text), "media", None)
    if " and " in key and not any(" and " in body and body in key for body in gaz.body_words):
        group = _compound(text, kind_guess, publisher)
        if group is not None:
            return group
    campaign = _CAMPAIGN.match(key)
    if campaign and campaign.group(1) in gaz.people:
        person = gaz.people[campaign.group(1)]
        return NormalisedSource(f"{person.name} campaign", "organisation", person.affiliation)
    agent = _agent(text, kind_guess, publisher)
    if agent is not None:
        return agent
    head, tail = _split_apposition(text)
    words = fold(head + " " + tail).split(" ")
    country, c_start, c_end = _find_country(words, gaz)
    closing = _trailing_person(text, gaz) if tail else None
    if closing is not None and (_trailing_name(head, gaz) or "").count(" ") == 0:
        return _person(closing, country, gaz, fold(text).split(" "))
    group = _members_of(head, gaz)
    if group is not None:
        return group
    name = _trailing_name(head, gaz) or (_trailing_name(tail, gaz) if tail else None)
    if name is not None and (len(name.split()) >= 2 or fold(name) in gaz.people or kind_guess == "person"):
        return _person(name, country, gaz, words)
    head_words = fold(head).split(" ")
    anonymous = name is None and (_anonymous_head(head_words, gaz) or bool(_ANONYMOUS_HINT.search(key)))
    if country is not None and c_start < len(head_words):
        rest = " ".join(words[c_end:])
        body = _find_body(rest, gaz, country)
        if body is not None:
            bare = body.removeprefix(country + " ")
            kind = "military" if bare in gaz.military_bodies else "government"
            return NormalisedSource(body, kind, country)
        if anonymous:
            return NormalisedSource(f"Anonymous source ({country})", "anonymous", country)
        if not rest or rest in {"side", "government", "leadership"}:
            return NormalisedSource(country, "government", country)
    if any(m in gaz.media for m in head_words) or head_words[-1] in gaz.media_suffixes:
        return NormalisedSource(_title(head), "media", None)
    for alias, org in gaz.organisations.items():
        if len(alias) > 3 and re.search(rf"\b{re.escape(alias)}\b", key):
            return NormalisedSource(org.name, org.kind, org.affiliation or org.name)
    if anonymous or kind_guess == "anonymous":
        return NormalisedSource("Anonymous source", "anonymous", country)
    if name is not None:
        return _person(name, country, gaz, words)
    kind = kind_guess if kind_guess not in ("unknown", "country", "person") else "organisation"
    return NormalisedSource(_title(head), kind, country)


def _members_of(head: str, gaz: Gazetteer) -> NormalisedSource | None:
    """A group named by what it is part of and the members' word of a known body ("Oversight
    Committee Republicans", "House Democrats"): that group, on the body's side."""
    words = fold(head).split(" ")
    last = words[-1] if words else ""
    org = gaz.organisations.get(last)
    if len(words) < 2 or org is None or not last.endswith("s") or len(last) <= 4:
        return None
    return NormalisedSource(_title(head), "organisation", org.affiliation or org.name)


def _title(text: str) -> str:
    return text if any(ch.isupper() for ch in text) else text.title()


def normalise_source(
    mention: str | None,
    resolved: str | None = None,
    kind_guess: str = "unknown",
    *,
    publisher: str | None = None,
) -> NormalisedSource | None:
    """Normalise one source mention (``resolved`` wins when the extractor resolved a pronoun).

    Returns None for a claim with no usable source (empty or an unresolved pronoun). Pure and
    idempotent: the same strings always give the same result. ``aliases`` holds the folded
    spellings that on their own normalise to the same name, so they are safe to store.
    """
    candidates = [t for t in (resolved, mention) if t and fold(_clean(t)) not in load_gazetteer().pronouns]
    for text in candidates:
        result = _normalise_text(text, kind_guess, publisher)
        if result is None:
            continue
        aliases = []
        for spelling in {fold(_clean(t)) for t in candidates}:
            alone = _normalise_text(spelling, kind_guess, publisher)
            if alone is not None and alone.name == result.name and len(spelling) <= 255:
                aliases.append(spelling)
        return replace(result, aliases=tuple(sorted(aliases)))
    return None


def _surname(name: str) -> str:
    return fold(name).split(" ")[-1]


def normalise_article_sources(
    mentions: Sequence[tuple[str | None, str | None, str]],
    *,
    publisher: str | None = None,
) -> list[NormalisedSource | None]:
    """Normalise every ``(mention, resolved, kind_guess)`` of one article, using the article as context.

    Beyond :func:`normalise_source`: an unqualified body ("the Emergency and Rescue Service")
    takes the country of the same body named in full elsewhere in the article, a bare
    surname ("Doe") becomes the full name ("Jane Doe") the article introduced, and a person's
    affiliation from one mention holds for their other mentions.
    """
    results = [normalise_source(m, r, k, publisher=publisher) for m, r, k in mentions]
    qualified = {
        r.name.removeprefix(r.affiliation + " "): r
        for r in results
        if r is not None and r.affiliation and r.kind in ("government", "military")
    }
    people = [r for r in results if r is not None and r.kind == "person" and " " in r.name]
    out: list[NormalisedSource | None] = []
    for result in results:
        if result is not None and result.affiliation is None and result.name in qualified:
            full = qualified[result.name]
            result = replace(full, aliases=result.aliases)
        elif result is not None and result.kind == "person" and " " not in result.name:
            match = [p for p in people if _surname(p.name) == fold(result.name)]
            if len({p.name for p in match}) == 1:
                result = replace(match[0], aliases=result.aliases)
        out.append(result)
    return _carry_affiliations(out)


def _carry_affiliations(results: list[NormalisedSource | None]) -> list[NormalisedSource | None]:
    """A person the article names more than once speaks for the same side each time: a mention
    with no affiliation ("Doe said") takes the one another mention gave ("Jane Doe, a spokeswoman
    for Acme,"), when the article gives that name only one."""
    sides: dict[str, set[str]] = {}
    for result in results:
        if result is not None and result.kind == "person" and result.affiliation:
            sides.setdefault(result.name, set()).add(result.affiliation)
    return [
        replace(r, affiliation=next(iter(sides[r.name])))
        if r is not None and r.affiliation is None and len(sides.get(r.name, ())) == 1
        else r
        for r in results
    ]
