"""Old claims to new claims across an edit: which survive, which changed, which went."""

from __future__ import annotations

from workers.claim_matching import ClaimShape, align, match_claims

OLD = (
    "The ministry said the border was calm. "
    "Rebels said they had taken the town. "
    "Officials said 12 people were hurt."
)


def shape(body: str, key: int, source: str, cue: str, content: str, stance: str = "assertion") -> ClaimShape:
    # Each role is looked for from the start of the source's sentence: a repeated cue word
    # ("said") is then the claim's own.
    origin = body.rfind(". ", 0, body.index(source)) + 1

    def at(text: str) -> list[list[int]]:
        start = body.index(text, origin)
        return [[start, start + len(text)]]

    spans = {"source": at(source), "cue": at(cue), "content": at(content)}
    return ClaimShape(key=key, spans=spans, stance=stance)


def old_claims() -> list[ClaimShape]:
    return [
        shape(OLD, 1, "The ministry", "said", "the border was calm"),
        shape(OLD, 2, "Rebels", "said", "they had taken the town"),
        shape(OLD, 3, "Officials", "said 12", "12 people were hurt"),
    ]


def test_identical_bodies_and_claims_keep_every_claim() -> None:
    new = [ClaimShape(key=10 + c.key, spans=c.spans, stance=c.stance) for c in old_claims()]
    plan = match_claims(old_body=OLD, old=old_claims(), new_body=OLD, new=new)
    assert plan.kept == {11: 1, 12: 2, 13: 3}
    assert plan.changed == [] and plan.added == [] and plan.removed == []


def test_a_paragraph_added_in_front_shifts_spans_but_keeps_claims() -> None:
    new_body = "UPDATE 1: Shelling resumed, a witness said. " + OLD
    new = [
        shape(new_body, 10, "a witness", "said", "Shelling resumed"),
        shape(new_body, 11, "The ministry", "said", "the border was calm"),
        shape(new_body, 12, "Rebels", "said", "they had taken the town"),
        shape(new_body, 13, "Officials", "said 12", "12 people were hurt"),
    ]
    plan = match_claims(old_body=OLD, old=old_claims(), new_body=new_body, new=new)
    assert plan.kept == {11: 1, 12: 2, 13: 3}
    assert plan.added == [10]
    assert plan.removed == []


def test_edited_content_supersedes_and_names_what_changed() -> None:
    new_body = OLD.replace("12 people were hurt", "14 people were hurt")
    new = [
        shape(new_body, 11, "The ministry", "said", "the border was calm"),
        shape(new_body, 12, "Rebels", "said", "they had taken the town"),
        shape(new_body, 13, "Officials", "said 14", "14 people were hurt"),
    ]
    old = old_claims()
    old[2] = shape(OLD, 3, "Officials", "said", "12 people were hurt")
    new[2] = shape(new_body, 13, "Officials", "said", "14 people were hurt")
    plan = match_claims(old_body=OLD, old=old, new_body=new_body, new=new)
    assert plan.kept == {11: 1, 12: 2}
    assert [(c.new, c.old) for c in plan.changed] == [(13, 3)]
    assert set(plan.changed[0].fields) == {"content", "spans"}
    assert plan.superseded() == {13: 3}


def test_a_changed_stance_alone_is_a_change_not_a_survival() -> None:
    old = old_claims()
    new = [ClaimShape(key=10 + c.key, spans=c.spans, stance=c.stance) for c in old]
    new[1] = ClaimShape(key=12, spans=old[1].spans, stance="accusation")
    plan = match_claims(old_body=OLD, old=old, new_body=OLD, new=new)
    assert 12 not in plan.kept
    assert [(c.new, c.old, c.fields) for c in plan.changed] == [(12, 2, ("stance",))]


def test_a_deleted_sentence_removes_its_claim() -> None:
    new_body = OLD.replace("Rebels said they had taken the town. ", "")
    new = [
        shape(new_body, 11, "The ministry", "said", "the border was calm"),
        shape(new_body, 13, "Officials", "said 12", "12 people were hurt"),
    ]
    plan = match_claims(old_body=OLD, old=old_claims(), new_body=new_body, new=new)
    assert plan.kept == {11: 1, 13: 3}
    assert plan.removed == [2]
    assert plan.changed == []


def test_a_word_deleted_inside_a_content_span_is_a_change() -> None:
    new_body = OLD.replace("they had taken", "they taken")
    new = [
        shape(new_body, 11, "The ministry", "said", "the border was calm"),
        shape(new_body, 12, "Rebels", "said", "they taken the town"),
        shape(new_body, 13, "Officials", "said 12", "12 people were hurt"),
    ]
    plan = match_claims(old_body=OLD, old=old_claims(), new_body=new_body, new=new)
    assert plan.superseded() == {12: 2}
    assert "content" in plan.changed[0].fields


def test_unrelated_text_in_the_same_place_is_removed_and_added() -> None:
    new_body = OLD.replace("Rebels said they had taken the town.", "A doctor said none of it was true.")
    new = [
        shape(new_body, 11, "The ministry", "said", "the border was calm"),
        shape(new_body, 12, "A doctor", "said", "none of it was true"),
        shape(new_body, 13, "Officials", "said 12", "12 people were hurt"),
    ]
    plan = match_claims(old_body=OLD, old=old_claims(), new_body=new_body, new=new)
    assert plan.removed == [2] and plan.added == [12]


def test_alignment_maps_spans_around_an_insertion() -> None:
    alignment = align("abcdef", "abcXYZdef")
    assert alignment.map_span(0, 3) == [(0, 3)]
    assert alignment.map_span(3, 6) == [(6, 9)]
    assert alignment.map_span(1, 5) == [(1, 3), (6, 8)]


def test_a_rewritten_end_of_a_content_is_the_same_claim_changed() -> None:
    old_body = "The port authority said the harbour would stay closed until further notice."
    new_body = "The port authority said the harbour would reopen on Friday."
    old = [
        shape(old_body, 1, "The port authority", "said", "the harbour would stay closed until further notice")
    ]
    new = [shape(new_body, 2, "The port authority", "said", "the harbour would reopen on Friday")]
    plan = match_claims(old_body=old_body, old=old, new_body=new_body, new=new)
    assert plan.superseded() == {2: 1}
    assert plan.changed[0].fields == ("content", "spans")
