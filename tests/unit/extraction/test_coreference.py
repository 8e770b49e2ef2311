"""Source resolution: pronouns agree with their antecedent; places and groups are not people."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workers.extraction.sources import guess_kind, is_person_like, is_place
from workers.extraction.types import ArticleExtraction, SourceRef

Extract = Callable[..., ArticleExtraction]


def _refs(result: ArticleExtraction) -> list[SourceRef]:
    return [a.source_ref for a in result.attributions if a.source_ref is not None]


@pytest.mark.parametrize(
    "body",
    [
        "Fighting reached Terter overnight. He said the town was quiet.",
        "Shelling hit the town of Terter overnight. He said the streets were empty.",
        "Fighting reached New York overnight. She said the roads were closed.",
        "Floods reached Luxembourg on Sunday. He said the bridge had held.",
    ],
)
def test_personal_pronoun_never_resolves_to_a_place(extract: Extract, body: str) -> None:
    refs = _refs(extract(body))
    assert [r.mention for r in refs] == [body.split(". ")[1].split()[0]]
    assert refs[0].resolved == refs[0].mention
    assert refs[0].kind == "person"


def test_personal_pronoun_skips_a_later_place_for_the_person(extract: Extract) -> None:
    body = "Jean Dupont visited Nagorno Karabakh on Monday. He said the villages were calm."
    refs = _refs(extract(body))
    assert refs[-1].mention == "He"
    assert refs[-1].resolved == "Jean Dupont"


def test_personal_pronoun_resolves_to_a_person_noun(extract: Extract) -> None:
    body = "The spokeswoman said the office was ready. She said the talks would resume."
    refs = _refs(extract(body))
    assert refs[-1].resolved == "The spokeswoman"
    assert refs[-1].kind == "person"


def test_it_may_resolve_to_a_country_or_organisation(extract: Extract) -> None:
    body = "Luxembourg said on Monday it would send aid. It said the money would go to hospitals."
    refs = _refs(extract(body))
    assert refs[0].kind == "country"
    assert refs[-1].mention == "It" and refs[-1].resolved == "Luxembourg"

    body = "NATO said it was concerned. It said the alliance was ready."
    refs = _refs(extract(body))
    assert refs[0].kind == "organisation"
    assert refs[-1].resolved == "NATO"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Luxembourg", "country"),
        ("South Korea", "country"),
        ("the town of Terter", "country"),
        ("Tovuz district", "country"),
        ("NATO", "organisation"),
        ("Foreign Minister Sergei Lavrov", "person"),
        ("Michael Jordan", "person"),
    ],
)
def test_guess_kind_separates_places_groups_and_people(text: str, kind: str) -> None:
    assert guess_kind(text, has_proper=True) == kind


def test_person_like_mentions() -> None:
    assert is_person_like("Mr. Smith", "person")
    assert is_person_like("the minister", "government")
    assert is_person_like("Armen Manjoyan", "person")
    assert not is_person_like("New York", "person")
    assert not is_person_like("the Foreign Ministry", "government")
    assert is_place("the capital") and not is_place("Sergei Lavrov")


@pytest.mark.parametrize(
    "body",
    [
        "Norway and Sweden traded charges on Monday. "
        "Sweden accused the Norwegian navy of entering its waters.",
        "A camera crew in Bergen in Norway said the port was closed. Norway accused Swedish trawlers of "
        "fishing in its waters.",
    ],
)
def test_a_short_name_is_not_a_pair_or_a_place_that_ends_with_it(extract: Extract, body: str) -> None:
    last = _refs(extract(body))[-1]
    assert last.resolved == last.mention


def test_a_surname_still_reaches_a_full_name_with_a_title_of(extract: Extract) -> None:
    body = ("Minister of Fisheries Ingrid Solberg visited the port on Monday. "
            "Solberg said the quotas would stay.")
    assert _refs(extract(body))[-1].resolved == "Minister of Fisheries Ingrid Solberg"
