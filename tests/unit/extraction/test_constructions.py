"""Each attribution construction the extractor covers, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.unit.extraction.conftest import find, texts
from workers.extraction.types import ArticleExtraction

Extract = Callable[..., ArticleExtraction]


def test_subject_said_that(extract: Extract) -> None:
    body = "The harbour master said that the pier would reopen in May."
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "source") == ["The harbour master"]
    assert texts(body, attr, "content") == ["that the pier would reopen in May"]
    assert attr.quote_type == "indirect"


def test_content_before_cue_and_inverted_speaker(extract: Extract) -> None:
    body = "The pier will reopen in May, said the harbour master."
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "source") == ["the harbour master"]
    assert texts(body, attr, "content") == ["The pier will reopen in May"]


def test_speaker_after_content(extract: Extract) -> None:
    body = "The pier will reopen in May, the harbour master said."
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "source") == ["the harbour master"]
    assert texts(body, attr, "content") == ["The pier will reopen in May"]


def test_relative_clause_between_speaker_and_cue(extract: Extract) -> None:
    body = "Ms. Varga, who chairs the port board, said the pier would reopen in May."
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "source") == ["Ms. Varga, who chairs the port board,"]
    assert texts(body, attr, "content") == ["the pier would reopen in May"]


def test_direct_quote_split_around_the_cue(extract: Extract) -> None:
    body = "“The pier is safe,” Ms. Varga said, “and it will reopen in May.”"
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "content") == ["“The pier is safe,”", "“and it will reopen in May.”"]
    assert attr.quote_type == "direct"


def test_quote_running_over_sentences_belongs_to_the_speaker(extract: Extract) -> None:
    body = "“We worked all winter,” the foreman said. “The cranes are back. The pier is ready.”"
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "content") == [
        "“We worked all winter,”",
        "“The cranes are back. The pier is ready.”",
    ]


def test_colon_introduces_a_quotation(extract: Extract) -> None:
    body = "The mayor wrote: “Nobody will lose a job at the port.”"
    attr = find(body, extract(body), "wrote:")
    assert texts(body, attr, "source") == ["The mayor"]
    assert texts(body, attr, "content") == ["“Nobody will lose a job at the port.”"]


def test_mixed_quote(extract: Extract) -> None:
    body = "The union said the closure plan was “a betrayal of the workers”."
    attr = find(body, extract(body), "said")
    assert attr.quote_type == "mixed"
    assert texts(body, attr, "content") == ["the closure plan was “a betrayal of the workers”"]


def test_according_to(extract: Extract) -> None:
    body = "Exports fell by a third last year, according to the statistics office."
    attr = find(body, extract(body), "according to")
    assert texts(body, attr, "source") == ["the statistics office"]
    assert texts(body, attr, "content") == ["Exports fell by a third last year"]


def test_colon_cue_after_a_name(extract: Extract) -> None:
    body = "MAYOR LINDQVIST: We will rebuild the bridge before winter."
    result = extract("Council hearing, second day.\n\n" + body)
    full = "Council hearing, second day.\n\n" + body
    attr = find(full, result, ":")
    assert texts(full, attr, "source") == ["MAYOR LINDQVIST"]


def test_noun_cue_with_possessive_source(extract: Extract) -> None:
    body = "Nobody believed the governor's claim that the budget was balanced."
    attr = find(body, extract(body), "claim")
    assert texts(body, attr, "source") == ["the governor"]
    assert texts(body, attr, "content") == ["that the budget was balanced"]


def test_allegations_without_source_are_accusations(extract: Extract) -> None:
    body = "The mill owner rejected allegations that he had dumped waste in the river."
    result = extract(body)
    outer = find(body, result, "rejected")
    inner = find(body, result, "allegations")
    assert outer.stance == "denial"
    assert inner.source == [] and inner.stance == "accusation"
    assert inner.parent == result.attributions.index(outer)


def test_a_charge_that_x_denied(extract: Extract) -> None:
    body = "The opposition accused the mayor of fraud, a charge that the mayor denied."
    result = extract(body)
    denial = find(body, result, "denied")
    assert denial.stance == "denial"
    assert texts(body, denial, "content") == ["a charge"]
    assert find(body, result, "accused").stance == "accusation"


@pytest.mark.parametrize(
    ("sentence", "cue", "stance"),
    [
        ("The ministry denied that its planes had crossed the border.", "denied", "denial"),
        ("The ministry accused the rebels of shelling the town.", "accused", "accusation"),
        ("The rebels claimed that they had taken the airport.", "claimed", "assertion"),
        ("Aid groups warned that food would run out within days.", "warned", "assertion"),
        ("The council estimated that 4,000 homes had been damaged.", "estimated", "estimate"),
        ("The agency reported that rail traffic had resumed.", "reported", "assertion"),
        ("The senator tweeted that the vote would be delayed.", "tweeted", "assertion"),
        ("The bishop insisted that the church would stay open.", "insisted", "assertion"),
        ("The minister admitted that mistakes had been made.", "admitted", "assertion"),
        ("The company confirmed that the plant would close.", "confirmed", "assertion"),
        ("The union called for an independent inquiry.", "called for", "assertion"),
        ("The mayor added that the roads were clear.", "added", "assertion"),
        ("The ministry said reports of a second attack were not true.", "said", "denial"),
        ("The general said the soldiers were not violating the truce.", "said", "denial"),
        ("The firm declined to comment.", "declined", "no_comment"),
    ],
)
def test_verbs_beyond_say(extract: Extract, sentence: str, cue: str, stance: str) -> None:
    attr = find(sentence, extract(sentence), cue)
    assert attr.stance == stance
    assert attr.source


def test_not_available_for_comment(extract: Extract) -> None:
    body = "A spokesman for the airline was not immediately available for comment."
    result = extract(body)
    assert [a.stance for a in result.attributions] == ["no_comment"]


def test_coordinated_cues_share_the_source(extract: Extract) -> None:
    body = "Armenia denied the attack and said its troops had held their positions."
    result = extract(body)
    denied = find(body, result, "denied")
    said = find(body, result, "said")
    assert texts(body, denied, "source") == ["Armenia"] == texts(body, said, "source")
    assert texts(body, denied, "content") == ["the attack"]
    assert texts(body, said, "content") == ["its troops had held their positions"]


def test_sourceless_passive_report(extract: Extract) -> None:
    body = "It was reported that the border crossing had closed."
    attr = find(body, extract(body), "was reported")
    assert attr.source == []
    assert texts(body, attr, "content") == ["that the border crossing had closed"]


def test_nested_attribution_points_at_its_parent(extract: Extract) -> None:
    body = "The envoy said the rebels had claimed that the town was theirs."
    result = extract(body)
    outer = find(body, result, "said")
    inner = find(body, result, "had claimed")
    assert outer.parent is None
    assert inner.parent == result.attributions.index(outer)


def test_anonymous_sources(extract: Extract) -> None:
    body = "Two independent observers said the shelling had stopped. A source said talks would resume."
    result = extract(body)
    kinds = [a.source_ref.kind for a in result.attributions if a.source_ref]
    assert kinds == ["anonymous", "anonymous"]


def test_pronoun_and_short_name_resolve_to_the_full_mention(extract: Extract) -> None:
    body = (
        "Finnish Prime Minister Aino Lahtinen said the talks had gone well.\n\n"
        "Lahtinen said a deal was close. She said it could be signed on Friday."
    )
    result = extract(body)
    refs = [a.source_ref for a in result.attributions]
    assert all(r is not None for r in refs)
    resolved = [r.resolved for r in refs if r is not None]
    assert resolved == ["Finnish Prime Minister Aino Lahtinen"] * 3
    short = refs[1]
    assert short is not None and short.resolved_span is not None
    assert body[short.resolved_span.start : short.resolved_span.end] == "Finnish Prime Minister Aino Lahtinen"


@pytest.mark.parametrize(
    "body",
    [
        "The said agreement was signed in 1994 and has been renewed twice.",
        "Port Strike Ends After Three Weeks",
        "BERGEN (Reuters) -",
        "The weather was cold and the harbour was quiet.",
        "She added salt to the soup.",
    ],
)
def test_no_claim(extract: Extract, body: str) -> None:
    assert extract(body).attributions == []


def test_publisher_note_covers_the_claims_before_it(extract: Extract) -> None:
    body = (
        "The rescue service said two bridges had been hit. The army said it had shot down a drone.\n\n"
        "Reuters could not independently verify the reports."
    )
    result = extract(body, publisher="Reuters")
    notes = [a for a in result.attributions if a.stance == "unverified"]
    assert len(notes) == 1
    assert texts(body, notes[0], "source") == ["Reuters"]
    covered = [a for a in result.attributions if a.unverified_note]
    assert len(covered) == 2
    assert all(a.unverified_note == "Reuters could not independently verify the reports." for a in covered)


def test_quantities_are_typed(extract: Extract) -> None:
    body = "The defence ministry said 1,177 of its troops had been killed."
    attr = find(body, extract(body), "said")
    assert len(attr.quantities) == 1
    q = attr.quantities[0]
    assert (q.value, q.unit, q.measure) == (1177, "troops", "killed")
    assert body[q.span.start : q.span.end] == "1,177"


def test_estimates(extract: Extract) -> None:
    body = "Officials estimated that about 5,000 people had fled."
    attr = find(body, extract(body), "estimated")
    assert attr.stance == "estimate"
    assert attr.quantities[0].approximate


def test_confidence_is_a_probability(extract: Extract) -> None:
    body = "The mayor said the bridge was safe. I think it is old, he said."
    for attr in extract(body).attributions:
        assert 0.0 <= attr.confidence <= 1.0


def test_quote_continued_in_the_next_paragraph(extract: Extract) -> None:
    body = (
        "“The pier is safe,” the foreman said.\n\n"
        "“We checked every beam twice. Nothing moved.”\n\n"
        "The council meets again on Monday."
    )
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "content") == [
        "“The pier is safe,”",
        "“We checked every beam twice. Nothing moved.”",
    ]


def test_one_sentence_of_narration_does_not_break_a_quotation(extract: Extract) -> None:
    body = "“The pier is safe,” the foreman said on the quay. He smiled. “Nothing moved.”"
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "content")[-1] == "“Nothing moved.”"


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("The governor made clear that he would veto the bill.", "made clear", "that he would veto the bill"),
        ("The union raised concerns about the new rota.", "raised concerns about", "the new rota"),
        ("The mayor has made no secret of her plans.", "has made no secret of", "her plans"),
    ],
)
def test_light_verb_cues(extract: Extract, sentence: str, cue: str, content: str) -> None:
    attr = find(sentence, extract(sentence), cue)
    assert texts(sentence, attr, "content") == [content]
    assert attr.source


def test_directive_with_addressee(extract: Extract) -> None:
    body = "The mayor told her staff to reopen the library."
    attr = find(body, extract(body), "told")
    assert texts(body, attr, "source") == ["The mayor"]
    assert texts(body, attr, "content") == ["her staff to reopen the library"]


def test_modal_conjunct_of_a_cue_verb_continues_the_content(extract: Extract) -> None:
    body = (
        "The budget office says the levy would cut revenue at first, but would eventually add "
        "$40 million over five years."
    )
    attr = find(body, extract(body), "says")
    assert "add $40 million over five years" in " ".join(texts(body, attr, "content"))
    body = "The mayor said the bridge was safe and added that inspections would continue."
    said = find(body, extract(body), "said")
    assert "inspections" not in " ".join(texts(body, said, "content"))


def test_that_clause_the_parse_hangs_on_the_addressee(extract: Extract) -> None:
    body = "A neighbour was heard shouting to the firefighters that the boy was still inside."
    attr = find(body, extract(body), "shouting")
    assert texts(body, attr, "content") == ["that the boy was still inside"]
    assert texts(body, attr, "source") == ["A neighbour"]
    body = "He wrote to the woman that he loved."  # a true relative clause: "that" is its object
    assert all(body[a.cue[0].start : a.cue[-1].end] != "wrote" for a in extract(body).attributions)


def test_according_to_a_source_the_tagger_reads_as_a_verb(extract: Extract) -> None:
    body = "The coach often mocked younger players, according to team insiders."
    attr = find(body, extract(body), "according to")
    assert texts(body, attr, "source") == ["team insiders"]
    assert texts(body, attr, "content") == ["The coach often mocked younger players"]
    body = "The coach often mocked younger players, according to show regulars."
    attr = find(body, extract(body), "according to")
    assert texts(body, attr, "source") == ["show regulars"]
    assert "show" not in [body[a.cue[0].start : a.cue[-1].end] for a in extract(body).attributions]


def test_a_position_named_as_someone_s_is_their_claim(extract: Extract) -> None:
    body = "The governor doubted the auditors' conclusion that the agency lost $40 million."
    attr = find(body, extract(body), "conclusion")
    assert texts(body, attr, "source") == ["the auditors"]
    assert texts(body, attr, "content") == ["that the agency lost $40 million"]


def test_putting_a_figure_at_a_number_is_an_estimate(extract: Extract) -> None:
    body = "Harbor health officials put the death toll at 41 on Sunday."
    attr = find(body, extract(body), "put")
    assert texts(body, attr, "source") == ["Harbor health officials"]
    assert texts(body, attr, "content") == ["the death toll at 41"]
    assert attr.stance == "estimate"


def test_putting_a_thing_at_a_place_or_a_time_is_no_claim(extract: Extract) -> None:
    for body in ("She put her bag at the door.", "The clerk put the hearing at 9 a.m. on Friday."):
        assert [texts(body, a, "cue") for a in extract(body).attributions] == []
