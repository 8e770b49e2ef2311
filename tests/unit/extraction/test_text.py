"""Segmentation before parsing: paragraphs, boilerplate and quotation regions keep exact offsets."""

from __future__ import annotations

from workers.extraction.text import classify_paragraphs, quote_regions, split_paragraphs


def _parts(body: str) -> list[tuple[str, str | None]]:
    out = []
    for p in classify_paragraphs(body):
        text = body[p.text_span.start : p.text_span.end]
        furniture = body[p.boilerplate.start : p.boilerplate.end] if p.boilerplate else None
        out.append((text, furniture))
    return out


def test_paragraph_spans_index_the_body_exactly() -> None:
    body = "  First line here.\n\nSecond one.  \n\n\nThird."
    spans = split_paragraphs(body)
    assert [body[s.start : s.end] for s in spans] == ["First line here.", "Second one.", "Third."]


def test_dateline_with_agency_is_cut_from_the_first_paragraph() -> None:
    body = "Ministers meet again\n\nOSLO/HELSINKI (Reuters) – The two governments agreed on Monday to talk."
    parts = _parts(body)
    assert parts[1] == ("The two governments agreed on Monday to talk.", "OSLO/HELSINKI (Reuters) – ")


def test_dateline_with_region_and_date() -> None:
    body = "Headline words\n\nPORTLAND, Maine, Nov. 3 (AP) — A spokesman said the mill would close."
    text, furniture = _parts(body)[1]
    assert text.startswith("A spokesman said")
    assert furniture is not None and furniture.startswith("PORTLAND")


def test_credit_byline_caption_and_heading_are_furniture() -> None:
    body = (
        "A title without a full stop\n\nBy Jane Doe and John Roe\n\nThe council said it would vote.\n\n"
        "FILE PHOTO: A tram passes the old town hall.\n\nWHAT COMES NEXT\n\n"
        "(Reporting by Jane Doe; Editing by John Roe)"
    )
    parts = _parts(body)
    claim_bearing = [text for text, _ in parts if text]
    assert claim_bearing == ["The council said it would vote."]


def test_quote_regions_pair_curly_straight_and_doubled_apostrophes() -> None:
    text = "“One,” she said. \"Two.\" Then ''three'' and an open “four"
    regions = [text[s.start : s.end] for s in quote_regions(text)]
    assert regions == ["“One,”", '"Two."', "''three''", "“four"]


def test_quote_regions_use_the_given_offset() -> None:
    body = "Intro.\n\n“Quoted words,” he said."
    offset = body.index("“")
    spans = quote_regions(body[offset:], offset)
    assert body[spans[0].start : spans[0].end] == "“Quoted words,”"
