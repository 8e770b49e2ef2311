"""Source normalisation: one name per speaker, with kind and affiliation, from rules and the gazetteer."""

from __future__ import annotations

import pytest

from workers.linking.sources import normalise_article_sources, normalise_source


@pytest.mark.parametrize(
    ("mention", "name", "kind", "affiliation"),
    [
        ("Georgia's defense ministry", "Georgia Ministry of Defence", "government", "Georgia"),
        ("the Georgian defence ministry", "Georgia Ministry of Defence", "government", "Georgia"),
        ("Tbilisi", "Georgia", "government", "Georgia"),
        ("the Kremlin", "Russia", "government", "Russia"),
        ("Moscow", "Russia", "government", "Russia"),
        ("Ankara", "Turkey", "government", "Turkey"),
        ("Baku", "Azerbaijan", "government", "Azerbaijan"),
        ("Yerevan", "Armenia", "government", "Armenia"),
        ("Ukrainian troops", "Ukraine Armed Forces", "military", "Ukraine"),
        ("the Iranian foreign ministry", "Iran Ministry of Foreign Affairs", "government", "Iran"),
    ],
)
def test_bodies_and_metonyms_normalise_to_the_country(
    mention: str, name: str, kind: str, affiliation: str
) -> None:
    result = normalise_source(mention)
    assert result is not None
    assert (result.name, result.kind, result.affiliation) == (name, kind, affiliation)


def test_title_and_name_give_a_person_speaking_for_the_title_country() -> None:
    result = normalise_source("French foreign ministry spokeswoman Claire Dubois")
    assert result is not None
    assert (result.name, result.kind, result.affiliation) == ("Claire Dubois", "person", "France")


def test_apposition_title_after_the_name() -> None:
    result = normalise_source("Anna Berg, Germany's deputy health minister")
    assert result is not None
    assert (result.name, result.affiliation) == ("Anna Berg", "Germany")


def test_known_leader_surname_resolves_to_full_name() -> None:
    result = normalise_source("Erdogan")
    assert result is not None
    assert (result.name, result.kind, result.affiliation) == ("Tayyip Erdogan", "person", "Turkey")


def test_publisher_and_media() -> None:
    reuters = normalise_source("Reuters", publisher="Reuters")
    assert reuters is not None and reuters.kind == "publisher"
    agency = normalise_source("Russian news agency TASS")
    assert agency is not None and agency.kind in ("media", "organisation")


@pytest.mark.parametrize(
    "mention", ["two diplomats", "a source close to the talks", "officials familiar with the plan"]
)
def test_anonymous_markers(mention: str) -> None:
    result = normalise_source(mention)
    assert result is not None and result.kind == "anonymous"


def test_anonymous_keeps_the_adjective_country_not_the_location() -> None:
    iranian = normalise_source("a senior Iranian official")
    assert iranian is not None and (iranian.kind, iranian.affiliation) == ("anonymous", "Iran")
    located = normalise_source("two residents in Kyiv")
    assert located is not None and (located.kind, located.affiliation) == ("anonymous", None)


def test_pronoun_uses_the_resolved_mention() -> None:
    result = normalise_source("she", "Polish Prime Minister Ewa Nowak")
    assert result is not None and (result.name, result.affiliation) == ("Ewa Nowak", "Poland")
    assert normalise_source("he", "he") is None


def test_compound_source_keeps_both_sides() -> None:
    result = normalise_source("Israel and the Palestinians")
    assert result is not None
    assert result.kind == "group" and set(result.members) == {"Israel", "Palestinian Authority"}


def test_body_name_with_and_is_not_split() -> None:
    result = normalise_source("the Ukrainian Emergency and Rescue Service")
    assert result is not None and result.name == "Ukraine Emergency and Rescue Service"


def test_aliases_are_only_spellings_that_normalise_alone() -> None:
    result = normalise_source("it", "the Turkish defence ministry")
    assert result is not None and result.aliases == ("turkish defence ministry",)


def test_article_context_qualifies_bodies_and_surnames() -> None:
    results = normalise_article_sources(
        [
            ("the Georgian Emergency and Rescue Service", None, "unknown"),
            ("Georgian deputy minister Levan Kapanadze", None, "unknown"),
            ("the Emergency and Rescue Service", None, "unknown"),
            ("Kapanadze", None, "unknown"),
        ]
    )
    names = [r.name if r else None for r in results]
    assert names == [
        "Georgia Emergency and Rescue Service",
        "Levan Kapanadze",
        "Georgia Emergency and Rescue Service",
        "Levan Kapanadze",
    ]


def test_apposition_with_a_possessor_gives_the_side() -> None:
    result = normalise_source("Nora Wells, Pence's lawyer")
    assert result is not None
    assert (result.name, result.kind, result.affiliation) == ("Nora Wells", "person", "Republican Party")


def test_someone_speaking_for_another_is_not_that_other() -> None:
    result = normalise_source("a spokeswoman for Barack Obama")
    assert result is not None
    assert result.name != "Barack Obama"
    assert (result.kind, result.affiliation) == ("person", "Democratic Party")
    campaign = normalise_source("a spokesman for the Obama campaign")
    assert campaign is not None and campaign.affiliation == "Democratic Party"
    ministry = normalise_source("an adviser to the Georgian foreign ministry")
    assert ministry is not None and ministry.affiliation == "Georgia"


def test_possessive_spokesman_takes_the_possessor_side() -> None:
    result = normalise_source("the Kremlin's spokesman")
    assert result is not None and result.affiliation == "Russia"


def test_known_surname_does_not_take_another_given_name() -> None:
    other = normalise_source("Malia Obama")
    assert other is not None and other.name == "Malia Obama"
    same = normalise_source("Mr. Obama")
    assert same is not None and same.name == "Barack Obama"


def test_name_closing_a_placed_title_is_the_speaker() -> None:
    result = normalise_source("Dayton, Ohio, police officer Lee Brandt")
    assert result is not None and (result.name, result.kind) == ("Lee Brandt", "person")
    judge = normalise_source("Cook County Circuit Judge Amy Vance")
    assert judge is not None and judge.name == "Amy Vance"
