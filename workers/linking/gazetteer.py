"""The reviewed source gazetteer (``data/sources.json``), loaded once and indexed for lookup.

Keys are lower case with typographic apostrophes folded to ``'``; see :func:`fold`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("data") / "sources.json"

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, fold curly quotes and dashes, squeeze spaces: the key every lookup uses.

    Memoised: the conflict rules fold the same few names and words for every pair of claims."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True)
class Person:
    """A well-known person: canonical name, the side they speak for."""

    name: str
    affiliation: str | None


@dataclass(frozen=True)
class Organisation:
    """An international body, party or agency known by several names."""

    name: str
    kind: str
    affiliation: str | None


@dataclass
class Gazetteer:
    """Lookup tables built from the data file."""

    # "azeri" / "azerbaijan" / "azerbaijan's" -> "Azerbaijan"
    country_words: dict[str, str] = field(default_factory=dict)
    # "baku" / "the kremlin" -> "Azerbaijan" / "Russia" (metonyms for a government)
    metonyms: dict[str, str] = field(default_factory=dict)
    # country -> the side it stands with in conflicts ("Nagorno-Karabakh" -> "Armenia")
    sides: dict[str, str] = field(default_factory=dict)
    # "aliyev" / "ilham aliyev" -> Person
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    media: frozenset[str] = frozenset()
    anonymous_heads: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    # "defense ministry" -> "Ministry of Defence"
    body_words: dict[str, str] = field(default_factory=dict)
    military_bodies: frozenset[str] = frozenset()
    # country -> {"defense army": "Nagorno-Karabakh Armed Forces"}
    institutions: dict[str, dict[str, str]] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    # Given names of known people ("donald", "vladimir"): never a topic term on their own.
    first_names: set[str] = field(default_factory=set)
    # Single words of titles ("secretary", "state", "foreign"): never part of a person's name.
    title_words: frozenset[str] = frozenset()
    org_suffixes: frozenset[str] = frozenset()
    media_suffixes: frozenset[str] = frozenset()
    max_country_words: int = 1
    # Multi-word names ("United States", "Red Cross") matched before tokenising, longest first.
    phrases: re.Pattern[str] | None = None

    def country_of(self, key: str) -> str | None:
        """The country a folded word or phrase names (adjective, name, possessive or metonym)."""
        return self.country_words.get(key) or self.metonyms.get(key)


def _add_person(gaz: Gazetteer, name: str, affiliation: str | None, aliases: list[str]) -> None:
    person = Person(name=name, affiliation=affiliation)
    gaz.first_names.update(p for p in fold(name).split(" ")[:-1] if len(p) > 2)
    keys = {fold(name), *(fold(a) for a in aliases)}
    surname = fold(name).split(" ")[-1]
    keys.add(surname)
    for key in keys:
        # A surname two known people share is ambiguous: keep neither.
        if key in gaz.people and gaz.people[key].name != name and key == surname:
            continue
        gaz.people.setdefault(key, person)


def _build(raw: dict[str, Any]) -> Gazetteer:
    gaz = Gazetteer()
    for country in raw["countries"]:
        name = country["name"]
        for word in [name, *country.get("adjectives", [])]:
            gaz.country_words[fold(word)] = name
        gaz.country_words.setdefault(fold(name) + "'s", name)
        for word in country.get("metonyms", []):
            gaz.metonyms[fold(word)] = name
        if country.get("side"):
            gaz.sides[name] = country["side"]
        gaz.institutions[name] = {fold(k): v for k, v in country.get("institutions", {}).items()}
        for leader in country.get("leaders", []):
            _add_person(gaz, leader["name"], name, [])
    for person in raw.get("people", []):
        _add_person(gaz, person["name"], person.get("affiliation"), person.get("aliases", []))
    for org in raw.get("organisations", []):
        entry = Organisation(
            name=org["name"], kind=org.get("kind", "organisation"), affiliation=org.get("affiliation")
        )
        for alias in [org["name"], *org.get("aliases", [])]:
            gaz.organisations[fold(alias)] = entry
    gaz.media = frozenset(fold(m) for m in raw.get("media", []))
    gaz.anonymous_heads = frozenset(raw.get("anonymous_heads", []))
    gaz.pronouns = frozenset(raw.get("pronouns", []))
    gaz.body_words = {fold(k): v for k, v in raw.get("body_words", {}).items()}
    gaz.military_bodies = frozenset(raw.get("military_bodies", []))
    gaz.titles = frozenset(fold(t) for t in raw.get("titles", []))
    gaz.title_words = frozenset(w for t in gaz.titles for w in t.split(" ") if w not in {"of", "the"}) | {
        "state"
    }
    gaz.org_suffixes = frozenset(raw.get("org_suffixes", []))
    gaz.media_suffixes = frozenset(raw.get("media_suffixes", []))
    multi = {
        k
        for k in [*gaz.country_words, *gaz.organisations, *gaz.metonyms]
        if " " in k and "'" not in k and not k.startswith("the ")
    }
    for key in multi:
        joined = key.replace(" ", "-")
        if key in gaz.country_words:
            gaz.country_words.setdefault(joined, gaz.country_words[key])
    ordered = sorted(multi, key=len, reverse=True)
    gaz.phrases = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in ordered) + r")\b", re.I)
    keys = list(gaz.country_words) + list(gaz.metonyms)
    gaz.max_country_words = max(len(k.split(" ")) for k in keys)
    return gaz


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from the packaged data file (cached for the process)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return _build(json.load(handle))


def side_of(affiliation: str | None) -> str | None:
    """The side an affiliation stands with in conflicts (itself unless the data says otherwise)."""
    if affiliation is None:
        return None
    return load_gazetteer().sides.get(affiliation, affiliation)
