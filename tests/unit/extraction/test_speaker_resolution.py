"""Claim sources name the speaker: "who", pronouns, titles and short names reach the person."""

from __future__ import annotations

from collections.abc import Callable

from tests.unit.extraction.conftest import find
from workers.extraction.mentions import is_date
from workers.extraction.sources import Mention, resolve_source
from workers.extraction.types import ArticleExtraction, Span

Extract = Callable[..., ArticleExtraction]


def _resolved(extract: Extract, body: str, cue: str) -> str:
    attr = find(body, extract(body), cue)
    assert attr.source_ref is not None
    return attr.source_ref.resolved


def test_relative_pronoun_resolves_to_its_antecedent(extract: Extract) -> None:
    body = "The plan was attacked by Senator Rosa Delgado, who said it would close two clinics."
    assert _resolved(extract, body, "said") == "Senator Rosa Delgado"


def test_relative_pronoun_after_a_short_name_reaches_the_full_name(extract: Extract) -> None:
    body = (
        "Mayor Tomas Berrow opened the new bridge on Friday. Critics questioned its cost. "
        "Berrow, who has led the city since 2019, said the bridge was paid for."
    )
    assert _resolved(extract, body, "said") == "Mayor Tomas Berrow"


def test_weekday_or_holiday_is_never_a_speaker(extract: Extract) -> None:
    body = (
        "Voters lined up early on Election Day in the river towns. "
        "He said the machines had worked without a fault."
    )
    assert _resolved(extract, body, "said") == "He"
    body = "Gina Varlow toured the plant on Monday. She said the line would restart."
    assert _resolved(extract, body, "said") == "Gina Varlow"


def test_is_date() -> None:
    assert is_date("Monday")
    assert is_date("Election Day")
    assert is_date("Monday night’s")
    assert is_date("September 2016")
    assert not is_date("Gina Varlow")
    assert not is_date("the Tuesday Group")


def test_pronoun_prefers_the_previous_subject_to_a_later_bystander(extract: Extract) -> None:
    body = (
        "Deputy Mayor Lena Okoro praised the firefighters who rescued a driver on the bypass. "
        "“They were very brave,” she said."
    )
    assert _resolved(extract, body, "said") == "Deputy Mayor Lena Okoro"


def test_person_named_only_in_the_quotation_is_not_the_speaker(extract: Extract) -> None:
    body = (
        "Governor Ray Sutter spoke to farmers in the valley. "
        "“Will Dana Pike finally admit the dam has failed?” he asked."
    )
    assert _resolved(extract, body, "asked") == "Governor Ray Sutter"


def test_pronoun_agrees_in_gender_with_a_titled_name(extract: Extract) -> None:
    body = "Mr. Paul Okafor criticized Anne Riley for the delay. “It is a disgrace,” she said."
    assert _resolved(extract, body, "said") == "Anne Riley"


def test_possessive_pronoun_as_source_reaches_the_person(extract: Extract) -> None:
    body = "Senator Ivo Marsh wants the audit published. His claim that it clears him is doubtful."
    assert _resolved(extract, body, "claim") == "Senator Ivo Marsh"


def test_short_name_and_title_reach_the_full_name(extract: Extract) -> None:
    body = (
        "Finance Minister Clara Osei presented the budget on Tuesday. "
        "Mrs. Osei said the deficit would fall."
    )
    assert _resolved(extract, body, "said") == "Finance Minister Clara Osei"


def test_short_name_does_not_take_another_given_name(extract: Extract) -> None:
    body = "Mark Hollis chairs the board. Ellen Hollis, his sister, said the sale was off."
    assert _resolved(extract, body, "said").startswith("Ellen Hollis")


def test_title_after_a_named_subject_stands_for_that_person(extract: Extract) -> None:
    body = (
        "Jonas Welt won the party's nomination in June. "
        "The Green nominee said the race would be close."
    )
    assert _resolved(extract, body, "said") == "Jonas Welt"


def test_bystander_role_is_not_the_previous_subject(extract: Extract) -> None:
    body = "Jonas Welt won the party's nomination in June. The spokeswoman said the race would be close."
    assert _resolved(extract, body, "said") == "The spokeswoman"


def test_first_person_in_a_quotation_is_its_speaker(extract: Extract) -> None:
    body = "“I warned the board twice,” said Priya Lund, the former treasurer."
    result = extract(body)
    refs = [a.source_ref for a in result.attributions if a.source_ref is not None]
    assert refs[-1].resolved.startswith("Priya Lund")


def test_document_speaks_for_its_author(extract: Extract) -> None:
    body = "Ivana Marsh filed papers in the case. Her submission to the court noted that the deal failed."
    assert _resolved(extract, body, "noted") == "Ivana Marsh"
    body = "Governor Ray Sutter's statement said the dam was safe."
    assert _resolved(extract, body, "said") == "Governor Ray Sutter"
    body = "Tom Reyes released a letter from his doctor saying he was healthy."
    assert _resolved(extract, body, "saying") == "Tom Reyes"
    body = "The new report said the budget was late."
    assert _resolved(extract, body, "said") == "The new report"


def test_a_description_names_only_an_antecedent_with_all_its_words(extract: Extract) -> None:
    body = (
        "The Harlow campaign said the debate would go ahead. "
        "The Voss campaign called the report a fabrication. "
        "The campaign said it would appeal."
    )
    assert _resolved(extract, body, "called") == "The Voss campaign"
    last = extract(body).attributions[-1]
    assert last.source_ref is not None and last.source_ref.resolved == "The Voss campaign"


def test_participle_cue_after_a_quotation_takes_the_sentence_subject(extract: Extract) -> None:
    body = (
        "Ms. Arden barely answered the charge, calling it old news -- ''That is history'' -- and, "
        "when pressed after the hearing, insisting, ''Of course I filed the forms.''"
    )
    assert _resolved(extract, body, "insisting") == "Ms. Arden"


def test_reports_a_speaker_only_mentions_speak_for_themselves(extract: Extract) -> None:
    body = "Her filing noted news reports alleging that she had hidden the money offshore."
    attr = find(body, extract(body), "alleging")
    assert attr.source_ref is not None and attr.source_ref.mention == "news reports"


def test_a_document_put_out_speaks_for_whoever_put_it_out(extract: Extract) -> None:
    body = "The council released a statement saying the bridge would reopen in May."
    assert _resolved(extract, body, "saying") == "The council"


def test_a_denial_coordinated_after_a_pointing_clause_keeps_the_speaker(extract: Extract) -> None:
    body = "Dora Quill's lawyer said that was not true and dismissed the reports as gossip."
    assert _resolved(extract, body, "dismissed") == "Dora Quill's lawyer"


def test_who_after_a_possessor_stands_for_the_possessed_not_the_possessor(extract: Extract) -> None:
    body = "Officials met Mayor Ana Ruiz's aides, who said the budget was balanced."
    assert _resolved(extract, body, "said") == "Mayor Ana Ruiz's aides"
    body = "The plan was attacked by Senator Rosa Delgado, who said it would close two clinics."
    assert _resolved(extract, body, "said") == "Senator Rosa Delgado"


def test_a_party_and_state_tag_is_never_the_speaker(extract: Extract) -> None:
    body = (
        "Republican Sen. Dale Hume (R-Neb.) scolded him: “The auditors are almost unanimous against you "
        "in terms of the figures you called ‘solid,’” she said. “When you call a forecast solid, "
        "I don’t understand why you need to go there.”"
    )
    assert _resolved(extract, body, "said") == "Republican Sen. Dale Hume"


def test_they_stands_for_the_speakers_just_named_in_the_plural(extract: Extract) -> None:
    body = (
        "The Farmers Union filed a complaint on Monday, claiming the sale was rigged.\n\n"
        "The mill was closed for years, according to former workers. They said the owners ignored the leaks."
    )
    assert _resolved(extract, body, "said") == "former workers"


def test_a_role_then_a_name_is_one_person_never_they() -> None:
    body = "The union sued Mayor Ann Holt aide Bo Lind. They said the court would decide."
    aide = Mention(Span(15, 42), "Mayor Ann Holt aide Bo Lind", "organisation", Span(15, 42))
    ref = resolve_source(body, [Span(44, 48)], [aide], has_proper=False)
    assert ref.resolved == "They"
