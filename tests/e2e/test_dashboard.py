"""The dashboard in a real browser: board → topic → article with highlights on the right
words, a reviewer's verdict seen in the history and the API, a reader kept out, escaping and
keyboard use. Screenshots go to ``test-artifacts/screenshots/``."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer, shot, sign_in

pytestmark = pytest.mark.e2e


def first_conflict_claim(page: Any) -> int:
    """The id of the first claim shown in the first conflict of the page."""
    href = page.locator(".conflict .claim-links a[href^='/claims/']").first.get_attribute("href")
    return int(href.rsplit("/", 1)[1])


def check_highlights(page: Any, body: str) -> int:
    """Every highlight wraps exactly body[start:end]; returns how many were checked."""
    marks = page.locator("#article-body mark.hl").evaluate_all(
        "els => els.map(e => [e.dataset.start, e.dataset.end, e.textContent, e.dataset.role])"
    )
    assert marks, "no highlights on the article page"
    for start, end, text, role in marks:
        assert text == body[int(start) : int(end)], (role, start, end, text)
    return len(marks)


def test_board_topic_article_with_highlights_on_the_right_words(
    page: Any, live_dashboard: LiveServer
) -> None:
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Conflicting claims"
    topics = page.locator(".topic-card")
    assert topics.count() >= 1, "the seed articles should give conflicts"
    shot(page, "01-board")

    topic_link = topics.first.locator("h2 a")
    topic_label = topic_link.inner_text()
    topic_link.click()
    page.wait_for_url(re.compile(r"/topics/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == topic_label
    assert page.locator(".conflict .explanation").first.inner_text().strip()
    shot(page, "02-topic")

    claim_link = page.locator(".conflict .claim-links a[href*='/articles/']").first
    claim_id = int(re.search(r"#claim-(\d+)", claim_link.get_attribute("href") or "").group(1))  # type: ignore[union-attr]
    claim_link.click()
    page.wait_for_url(re.compile(r"/articles/\d+#claim-\d+$"))
    article_id = int(re.search(r"/articles/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    body = live_dashboard.body(article_id)
    assert check_highlights(page, body) >= 3

    # The followed claim's own source, cue and content spans are highlighted on its words.
    own = page.locator(f"#article-body mark[data-claim='{claim_id}']")
    assert {own.nth(i).get_attribute("data-role") for i in range(own.count())} >= {"cue", "content"}
    cue = page.locator(f"#article-body mark[data-claim='{claim_id}'][data-role='cue']").first
    described_by = cue.get_attribute("aria-describedby")
    assert described_by == f"claim-desc-{claim_id}"
    assert page.locator(f"#{described_by}").inner_text().strip()
    assert "Claim" in (cue.get_attribute("title") or "")

    # Focus shows who said it (progressive enhancement) and lights up the whole claim.
    cue.focus()
    focus_box = page.locator("#claim-focus")
    assert focus_box.is_visible()
    description = " ".join((page.locator(f"#{described_by}").text_content() or "").split())
    assert focus_box.inner_text().strip() == description
    assert "stance:" in description
    assert "is-active" in (page.locator(f"#claim-{claim_id}").get_attribute("class") or "")
    shot(page, "03-article-highlights", full_page=False)

    # Hovering a highlight of another claim does the same for that claim.
    other = page.locator(f"#article-body mark.hl-source:not([data-claim='{claim_id}'])").first
    other_id = other.get_attribute("data-claim")
    other.hover()
    assert focus_box.is_visible()
    assert "is-active" in (page.locator(f"#claim-{other_id}").get_attribute("class") or "")


def test_reviewer_records_a_verdict_seen_in_history_and_api(page: Any, live_dashboard: LiveServer) -> None:
    sign_in(page, live_dashboard.tokens["reviewer"])
    assert page.locator(".who").inner_text().startswith("Reviewer Tester")
    claim_id = first_conflict_claim(page)
    page.goto(f"/claims/{claim_id}")
    form = page.locator("form.review-form", has_text="Record a verdict")
    form.get_by_label("Verdict").select_option("disputed")
    form.get_by_label("Note").fill("Two ministries give opposite accounts; no independent confirmation.")
    shot(page, "04-claim-review-form")
    form.get_by_role("button", name="Record verdict").click()
    page.wait_for_url(re.compile(rf"/claims/{claim_id}#history$"))
    assert "Verdict recorded: disputed." in page.locator(".flashes").inner_text()
    entry = page.locator(".history-item").first
    assert "disputed" in entry.inner_text()
    assert "Reviewer Tester" in entry.inner_text()
    assert "no independent confirmation" in entry.inner_text()
    shot(page, "05-claim-history")

    api = page.request.get(f"/api/v1/claims/{claim_id}/reviews").json()
    assert [(r["verdict"], r["reviewer"]) for r in api["items"]][-1] == ("disputed", "Reviewer Tester")
    detail = page.request.get(f"/api/v1/claims/{claim_id}").json()
    assert detail["review_status"] == "disputed"
    # The claim page now carries its ClaimReview, as does the export API.
    embedded = json.loads(page.locator("script[type='application/ld+json']").text_content() or "{}")
    assert embedded["@type"] == "ClaimReview"
    assert embedded["reviewRating"]["alternateName"] == "Disputed"
    exported = page.request.get(f"/api/v1/claims/{claim_id}/claimreview").json()
    assert exported["itemReviewed"]["@type"] == "Claim"


def test_reviewer_resolves_a_conflict(page: Any, live_dashboard: LiveServer) -> None:
    sign_in(page, live_dashboard.tokens["reviewer"])
    page.locator(".topic-card h2 a").first.click()
    conflict = page.locator(".conflict").first
    conflict_id = int((conflict.get_attribute("id") or "").split("-")[1])
    conflict.get_by_label("Decision").select_option("resolved")
    conflict.get_by_label("Note").fill("Settled by the ceasefire statement.")
    conflict.get_by_role("button", name="Record decision").click()
    page.wait_for_url(re.compile(rf"#conflict-{conflict_id}$"))
    resolved = page.locator(f"#conflict-{conflict_id}")
    assert "resolved" in resolved.locator(".badge-status").inner_text()
    assert "Settled by the ceasefire statement." in resolved.locator(".history").inner_text()
    shot(page, "06-conflict-resolved")
    history = page.request.get(f"/api/v1/conflicts/{conflict_id}/reviews").json()
    assert history["items"][-1]["verdict"] == "resolved"


def test_reader_sees_no_forms_and_cannot_post(page: Any, live_dashboard: LiveServer) -> None:
    sign_in(page, live_dashboard.tokens["reader"])
    claim_id = first_conflict_claim(page)
    page.goto(f"/claims/{claim_id}")
    assert page.locator("form.review-form").count() == 0
    assert "needs a reviewer token" in page.locator("#history").inner_text()
    shot(page, "07-reader-claim")
    page.locator(".breadcrumbs a[href^='/topics/']").click()
    assert page.locator(".conflict").count() >= 1
    assert page.locator("form.review-form").count() == 0
    token = page.locator("input[name='csrf_token']").first.get_attribute("value")
    response = page.request.post(
        f"/claims/{claim_id}/reviews", form={"csrf_token": token or "", "claim-verdict": "false"}
    )
    assert response.status == 403
    api = page.request.post(
        f"/api/v1/claims/{claim_id}/reviews",
        data={"verdict": "false"},
        headers={"Authorization": f"Bearer {live_dashboard.tokens['reader']}"},
    )
    assert api.status == 403


def test_article_markup_is_shown_as_text(page: Any, live_dashboard: LiveServer) -> None:
    page.goto(f"/articles/{live_dashboard.hostile_article_id}")
    assert page.evaluate("() => window.__pwned") is None
    assert "<script>window.__pwned = 2</script>" in page.get_by_role("heading", level=1).inner_text()
    text = page.locator("#article-body").inner_text()
    assert "<script>window.__pwned = 1</script>" in text
    assert "<b>involvement</b>" in text
    assert page.locator("#article-body b, #article-body script").count() == 0
    check_highlights(page, live_dashboard.body(live_dashboard.hostile_article_id))
    shot(page, "08-article-escaped", full_page=False)


def test_keyboard_skip_link_and_focusable_highlights(page: Any, live_dashboard: LiveServer) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    shot(page, "09-skip-link", full_page=False)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.goto(f"/articles/{live_dashboard.hostile_article_id}")
    first_mark = page.locator("#article-body mark.hl").first
    first_mark.focus()
    assert first_mark.evaluate("el => el === document.activeElement")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "MARK"


def test_sources_page_and_filters(page: Any, live_dashboard: LiveServer) -> None:
    page.goto("/sources/")
    rows = page.locator(".sources-table tbody tr")
    assert rows.count() >= 3
    shot(page, "10-sources")
    page.get_by_role("link", name="Sources").first.click()
    page.get_by_label("Name or alias").fill("armenia")
    page.get_by_role("button", name="Search").click()
    assert "armenia" in page.locator(".sources-table tbody").inner_text().lower()

    page.goto("/")
    page.get_by_label("Kind").select_option("mutual_accusation")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"kind=mutual_accusation"))
    kinds = page.locator(".topic-card .badge-kind").all_inner_texts()
    assert kinds and all(k == "mutual accusation" for k in kinds)
