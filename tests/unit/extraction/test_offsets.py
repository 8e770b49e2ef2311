"""Offsets: for every claim on generated bodies, ``body[start:end]`` is exactly the span's text."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.extraction.types import ArticleExtraction

Extract = Callable[..., ArticleExtraction]

NAMES = ["The ministry", "Ms. Okafor", "A spokesman", "The U.S. envoy", "Two observers", "He", "The council"]
CUES = ["said", "told reporters", "denied", "claimed", "warned", "added"]
CLAIMS = [
    "the bridge had been hit on Sept. 27",
    "talks would resume in the U.S. capital",
    "about 1,200 people had left… the town",
    "nobody was hurt",
]
QUOTES = ["“We will stay,”", '"It is over,"', "“Nobody knows…”"]


def _sentence(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    cue = draw(st.sampled_from(CUES))
    claim = draw(st.sampled_from(CLAIMS))
    quote = draw(st.sampled_from(QUOTES))
    form = draw(st.integers(0, 3))
    if form == 0:
        return f"{name} {cue} that {claim}."
    if form == 1:
        return f"{claim[0].upper()}{claim[1:]}, {name.lower() if name == 'He' else name} {cue}."
    if form == 2:
        return f"{quote} {name} said. “{claim[0].upper()}{claim[1:]}.”"
    return f"{name} {cue} {claim}, according to officials."


@st.composite
def bodies(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        sentences = [_sentence(draw) for _ in range(draw(st.integers(1, 3)))]
        paragraphs.append(" ".join(sentences))
    lead = draw(st.sampled_from(["", "KYIV (Reuters) – ", "  "]))
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
    credit = draw(st.sampled_from(["", "\n\n(Reporting by A. Writer; Editing by B. Desk)"]))
    return lead + sep.join(paragraphs) + credit


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies())
def test_every_span_is_a_slice_of_the_body(extract: Extract, body: str) -> None:
    result = extract(body)
    assert result.attributions  # every generated sentence reports something
    for attr in result.attributions:
        spans = [*attr.source, *attr.cue, *attr.content, attr.sentence]
        spans += [q.span for q in attr.quantities]
        for span in spans:
            assert 0 <= span.start < span.end <= len(body)
            text = body[span.start : span.end]
            assert text == text.strip(), (text, body)
        assert attr.cue and attr.content
        # roles never overlap one another
        roles = sorted([*attr.source, *attr.cue, *attr.content])
        for a, b in pairwise(roles):
            assert a.end <= b.start, (body[a.start : a.end], body[b.start : b.end])
    for span in result.boilerplate:
        assert body[span.start : span.end].strip()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies())
def test_extraction_is_deterministic(extract: Extract, body: str) -> None:
    first = extract(body)
    second = extract(body)
    assert first == second
