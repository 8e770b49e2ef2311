"""A speaker's affiliation from the mention's own words, and carried across one article."""

from __future__ import annotations

import pytest

from workers.linking.context import context_affiliation
from workers.linking.sources import normalise_article_sources, normalise_source


@pytest.mark.parametrize(
    ("mention", "name", "principal"),
    [
        ("Nora Vance, an economist at the free-market Halden Institute,", "Nora Vance", "Halden Institute"),
        ("Piet Olsen, head of the nonpartisan Budget Watch Center", "Piet Olsen", "Budget Watch Center"),
        ("Ruth Amari, a spokeswoman for Corvel Mining", "Ruth Amari", "Corvel Mining"),
        ("one of the family's lawyers, Dan Okafor,", "Dan Okafor", "family"),
        ("Greenvale police chief Mark Tull", "Mark Tull", "Greenvale police"),
        ("Tom Reyes, the Greenvale police chief,", "Tom Reyes", "Greenvale police"),
        ("Lena Marsh, a researcher at the Otway Trust's data unit", "Lena Marsh", "Otway Trust"),
        ("Vox Populi Executive Director Ian Kerr", "Ian Kerr", "Vox Populi"),
        ("the Daily Crest editor in chief, Sam Ito,", "Sam Ito", "Daily Crest"),
        ("the Vox Populi host and former Zenith Radio anchor Bo Lind", "Bo Lind", "Vox Populi"),
        ("Mr. Ito, a senior official with the Port Authority of Ravenna that runs the docks", "Sam Ito",
         "Port Authority of Ravenna"),
    ],
)
def test_the_mention_names_whom_the_speaker_works_for(mention: str, name: str, principal: str) -> None:
    assert context_affiliation(mention, name) == principal


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Foreign Minister Jane Roe", "Jane Roe"),  # a title, no body
        ("a former Corvel Mining executive, Bo Lind,", "Bo Lind"),  # no longer speaks for it
        ("Bo Lind, who has campaigned for Corvel Mining for years,", "Bo Lind"),  # what he did
        ("Bo Lind, the billionaire investor,", "Bo Lind"),  # a description, no principal
        ("Bo Lind, an adviser to the campaign", "Bo Lind"),  # which campaign the text does not say
    ],
)
def test_no_affiliation_where_the_mention_names_no_principal(mention: str, name: str) -> None:
    assert context_affiliation(mention, name) is None


@pytest.mark.parametrize(
    ("mention", "name", "affiliation"),
    [
        ("Nora Vance, an economist at the free-market Halden Institute,", "Nora Vance", "Halden Institute"),
        ("Gov. Al Brandt (R)", "Al Brandt", "Republican Party"),
        ("State Attorney General Jo Pike (D), Brandt's rival in the race,", "Jo Pike", "Democratic Party"),
        ("Hal Moss, a lawyer for Hillary Clinton", "Hal Moss", "Democratic Party"),
    ],
)
def test_normalised_people_take_the_principal_side(mention: str, name: str, affiliation: str) -> None:
    result = normalise_source(mention)
    assert result is not None
    assert (result.name, result.kind, result.affiliation) == (name, "person", affiliation)


def test_a_known_party_speaks_for_itself() -> None:
    result = normalise_source("Democrats")
    assert result is not None
    assert (result.name, result.affiliation) == ("Democratic Party", "Democratic Party")


def test_an_affiliation_given_once_holds_for_the_same_person_later_in_the_article() -> None:
    results = normalise_article_sources(
        [
            ("Nora Vance", None, "unknown"),
            ("Nora Vance, an economist at the Halden Institute,", None, "unknown"),
            ("Vance", None, "unknown"),
        ]
    )
    assert [r.affiliation if r else None for r in results] == ["Halden Institute"] * 3


def test_an_honorific_and_surname_is_the_person_the_article_names_in_full() -> None:
    full = ("Dr. Ada Varga, a fellow at the Halden Institute,", None, "unknown")
    results = normalise_article_sources([full, ("Dr. Varga", None, "unknown")])
    expected = ("Ada Varga", "Halden Institute")
    assert [(r.name, r.affiliation) if r else None for r in results] == [expected, expected]


@pytest.mark.parametrize(
    ("mention", "affiliation"),
    [
        ("Rosa Lim, a vice president at the Center for American Progress,", "Center for American Progress"),
        ("Rosa Lim, a researcher at the American Enterprise Institute", "American Enterprise Institute"),
        ("Rosa Lim, a spokeswoman for the Russian Embassy", "Russia"),
        ("Russian Defense Ministry spokesman Igor Konashenkov", "Russia"),
        ("White House spokesman Tim Ode", "United States"),
    ],
)
def test_a_body_named_for_a_country_speaks_for_itself_unless_it_is_the_countrys(
    mention: str, affiliation: str
) -> None:
    result = normalise_source(mention)
    assert result is not None and result.affiliation == affiliation


def test_a_title_before_a_name_is_no_body() -> None:
    assert context_affiliation("Deputy Secretary of State Ana Ruiz", "Ana Ruiz") is None
    result = normalise_source("U.S. Secretary of State Ana Ruiz")
    assert result is not None and result.affiliation == "United States"
    assert context_affiliation("Springfield police chief Tom Roe", "Tom Roe") == "Springfield police"
