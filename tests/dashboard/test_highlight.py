"""The span → HTML renderer: escaping, nesting, crossing spans and bad offsets."""

from __future__ import annotations

import html
import itertools
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from service.dashboard.highlight import Highlight, claim_highlights, render_highlights


class MarkText(HTMLParser):
    """Collects the text of every <mark> and the offsets it claims to cover."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, str]] = []
        self.marks: list[tuple[dict[str, str], str]] = []
        self.texts: list[list[str]] = []
        self.plain: list[str] = []
        self.depth_ok = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "mark", f"unexpected tag {tag}"
        self.stack.append({k: v or "" for k, v in attrs})
        self.texts.append([])

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark"
        attrs = self.stack.pop()
        self.marks.append((attrs, "".join(self.texts.pop())))

    def handle_data(self, data: str) -> None:
        self.plain.append(data)
        for parts in self.texts:
            parts.append(data)


def parse(markup: str) -> MarkText:
    parser = MarkText()
    parser.feed(markup)
    parser.close()
    assert not parser.stack, "unclosed <mark>"
    return parser


def check_invariants(body: str, markup: str) -> MarkText:
    """Text is preserved and every element wraps exactly body[data-start:data-end]."""
    parsed = parse(markup)
    assert "".join(parsed.plain) == body
    for attrs, text in parsed.marks:
        assert text == body[int(attrs["data-start"]) : int(attrs["data-end"])]
    return parsed


def test_plain_body_is_escaped() -> None:
    body = "<script>alert('x')</script> & \"quotes\""
    markup = str(render_highlights(body, []))
    assert "<script>" not in markup
    assert html.unescape(markup) == body
    assert markup.startswith("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; ")


def test_highlighted_markup_is_escaped_inside_marks() -> None:
    body = "He said <img src=x onerror=alert(1)> loudly."
    start = body.index("<img")
    markup = str(render_highlights(body, [Highlight(start, start + 28, "content", "c1")]))
    assert "<img" not in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    check_invariants(body, markup)


def test_attribute_values_are_escaped() -> None:
    body = "Baku said so."
    markup = str(
        render_highlights(
            body,
            [
                Highlight(
                    0, 4, "source", 'x" onmouseover="alert(1)', title='"><script>', attrs={"data-x": "<"}
                )
            ],
        )
    )
    assert 'onmouseover="alert' not in markup
    assert "<script>" not in markup
    assert 'data-span="x&#34; onmouseover=&#34;alert(1)"' in markup


def test_each_role_gets_its_own_class_and_offsets() -> None:
    body = "Azerbaijan denied the reports."
    spans = {"source": [[0, 10]], "cue": [[11, 17]], "content": [[18, 29]]}
    markup = str(render_highlights(body, claim_highlights(7, spans, title="Claim 7", described_by="d7")))
    parsed = check_invariants(body, markup)
    by_role = {attrs["data-role"]: (attrs, text) for attrs, text in parsed.marks}
    assert by_role["source"][1] == "Azerbaijan"
    assert by_role["cue"][1] == "denied"
    assert by_role["content"][1] == "the reports"
    assert "hl-source" in by_role["source"][0]["class"]
    for attrs, _text in parsed.marks:
        assert attrs["tabindex"] == "0"
        assert attrs["aria-describedby"] == "d7"
        assert attrs["title"] == "Claim 7"
        assert attrs["data-claim"] == "7"


def test_nested_spans_become_nested_elements() -> None:
    body = "Officials said Baku denied it."
    outer = Highlight(15, 29, "content", "outer")
    inner_source = Highlight(15, 19, "source", "inner-source")
    inner_cue = Highlight(20, 26, "cue", "inner-cue")
    markup = str(render_highlights(body, [inner_cue, outer, inner_source]))
    parsed = check_invariants(body, markup)
    assert "hl-fragment" not in markup
    assert markup.index('data-span="outer"') < markup.index('data-span="inner-source"')
    assert len(parsed.marks) == 3


def test_same_extent_orders_content_source_cue() -> None:
    body = "said"
    markup = str(
        render_highlights(
            body,
            [Highlight(0, 4, "cue", "a"), Highlight(0, 4, "source", "b"), Highlight(0, 4, "content", "c")],
        )
    )
    check_invariants(body, markup)
    assert markup.index("hl-content") < markup.index("hl-source") < markup.index("hl-cue")


def test_crossing_spans_are_split_not_misnested() -> None:
    body = "aaaa bbbb cccc"
    first = Highlight(0, 9, "content", "first")
    second = Highlight(5, 14, "content", "second")
    markup = str(render_highlights(body, [first, second]))
    parsed = check_invariants(body, markup)
    seconds = [(a, t) for a, t in parsed.marks if a["data-span"] == "second"]
    assert [t for _a, t in seconds] == ["bbbb", " cccc"]
    assert all("hl-fragment" in a["class"] for a, _t in seconds)
    firsts = [(a, t) for a, t in parsed.marks if a["data-span"] == "first"]
    assert [t for _a, t in firsts] == ["aaaa bbbb"]
    assert "hl-fragment" not in firsts[0][0]["class"]


def test_empty_reversed_and_out_of_range_spans_are_dropped_or_clipped() -> None:
    body = "short"
    markup = str(
        render_highlights(
            body,
            [
                Highlight(2, 2, "cue", "empty"),
                Highlight(4, 1, "cue", "reversed"),
                Highlight(50, 60, "cue", "beyond"),
                Highlight(-3, 2, "source", "clipped"),
            ],
        )
    )
    parsed = check_invariants(body, markup)
    assert [(a["data-span"], t) for a, t in parsed.marks] == [("clipped", "sh")]


def test_adjacent_spans_and_empty_body() -> None:
    assert str(render_highlights("", [Highlight(0, 3, "cue", "x")])) == ""
    body = "BakuYerevan"
    markup = str(render_highlights(body, [Highlight(0, 4, "source", "a"), Highlight(4, 11, "source", "b")]))
    parsed = check_invariants(body, markup)
    assert [t for _a, t in parsed.marks] == ["Baku", "Yerevan"]


def test_claim_highlights_ignores_malformed_span_json() -> None:
    spans = {"source": [[0, 4], "bad", [1]], "cue": "nope", "content": None}
    highlights = claim_highlights(3, spans)
    assert [(h.start, h.end, h.role) for h in highlights] == [(0, 4, "source")]


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(alphabet=st.sampled_from(list("ab <>&\"'\n’é")), max_size=40),
    raw=st.lists(
        st.tuples(st.integers(-5, 45), st.integers(-5, 45), st.sampled_from(["source", "cue", "content"])),
        max_size=8,
    ),
)
def test_any_spans_keep_the_text_and_wrap_exactly_their_offsets(
    body: str, raw: list[tuple[int, int, str]]
) -> None:
    highlights = [Highlight(s, e, role, f"h{i}") for i, (s, e, role) in enumerate(raw)]
    markup = str(render_highlights(body, highlights))
    parsed = check_invariants(body, markup)
    # Each valid span is covered exactly by its fragments, in order.
    for h in highlights:
        start, end = max(0, h.start), min(len(body), h.end)
        pieces = sorted(
            (int(a["data-start"]), int(a["data-end"]))
            for a, _t in parsed.marks
            if a["data-span"] == h.span_id
        )
        if start >= end:
            assert pieces == []
            continue
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(left[1] == right[0] for left, right in itertools.pairwise(pieces))
