"""schema.org ClaimReview JSON-LD: the single and bulk exports, and the claim page's embed."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from flask.testing import FlaskClient
from sqlmodel import Session

from service.claimreview import RATINGS, script_json
from service.repo.reviews import add_claim_review
from tests.dashboard.conftest import World

JSONLD = "application/ld+json"


def review(session: Session, claim_id: int, verdict: str, note: str | None = None) -> None:
    add_claim_review(session, claim_id=claim_id, verdict=verdict, note=note, reviewer="rita")


def test_unreviewed_claim_has_no_claimreview(client: FlaskClient, world: World) -> None:
    response = client.get(f"/api/v1/claims/{world.denial.id}/claimreview")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert client.get("/api/v1/claims/999/claimreview").status_code == 404


def test_claimreview_shape(client: FlaskClient, world: World, session: Session) -> None:
    review(session, world.accusation.id, "false", "No strike on Ordubad was recorded.")
    response = client.get(f"/api/v1/claims/{world.accusation.id}/claimreview")
    assert response.status_code == 200
    assert response.mimetype == JSONLD
    doc = json.loads(response.get_data(as_text=True))
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ClaimReview"
    assert doc["url"].endswith(f"/claims/{world.accusation.id}")
    assert doc["claimReviewed"] == "Armenian forces shelled Ordubad on Tuesday"
    assert doc["datePublished"] == datetime.now(UTC).date().isoformat()
    assert doc["author"] == {"@type": "Organization", "name": "claimtrack"}
    assert doc["reviewBody"] == "No strike on Ordubad was recorded."
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Organization",
        "name": "Azerbaijan Ministry of Defence",
        "affiliation": {"@type": "Organization", "name": "Azerbaijan"},
    }
    assert item["datePublished"] == "2020-10-27"
    assert item["appearance"]["@type"] == "NewsArticle"
    assert item["appearance"]["url"] == "https://example.com/ordubad"
    assert item["appearance"]["headline"] == "Ordubad <b>attack</b> denied"
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Reuters"}


def test_the_newest_verdict_is_the_rating(client: FlaskClient, world: World, session: Session) -> None:
    review(session, world.denial.id, "false")
    review(session, world.denial.id, "confirmed")
    doc = client.get(f"/api/v1/claims/{world.denial.id}/claimreview").get_json(force=True)
    assert doc["reviewRating"]["ratingValue"] == 5
    assert doc["reviewRating"]["alternateName"] == "True"


def test_every_verdict_maps_to_a_rating_between_one_and_five() -> None:
    from service.vocabulary import CLAIM_VERDICTS

    assert set(RATINGS) == set(CLAIM_VERDICTS)
    assert all(1 <= value <= 5 and name for value, name in RATINGS.values())


def test_bulk_export_is_a_paginated_graph(client: FlaskClient, world: World, session: Session) -> None:
    assert client.get("/api/v1/claimreviews").get_json(force=True) == {
        "@context": "https://schema.org",
        "@graph": [],
    }
    review(session, world.accusation.id, "disputed")
    review(session, world.denial.id, "misattributed")
    review(session, world.officials.id, "unverifiable")
    response = client.get("/api/v1/claimreviews?page_size=2")
    assert response.mimetype == JSONLD
    assert response.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in response.headers["Link"]
    graph = response.get_json(force=True)["@graph"]
    assert [g["@type"] for g in graph] == ["ClaimReview", "ClaimReview"]
    # Most recently reviewed first.
    assert graph[0]["url"].endswith(f"/claims/{world.officials.id}")
    page2 = client.get("/api/v1/claimreviews?page=2&page_size=2")
    assert [g["reviewRating"]["alternateName"] for g in page2.get_json(force=True)["@graph"]] == ["Disputed"]
    assert 'rel="prev"' in page2.headers["Link"]
    assert client.get("/api/v1/claimreviews?page_size=1000").status_code == 422


def test_claim_page_embeds_the_jsonld_safely(client: FlaskClient, world: World, session: Session) -> None:
    review(session, world.officials.id, "unverifiable", "Says </script><script>alert(1)</script>")
    page = client.get(f"/claims/{world.officials.id}").get_data(as_text=True)
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "no JSON-LD on the page"
    embedded = match.group(1)
    assert "<" not in embedded and ">" not in embedded
    doc = json.loads(embedded)
    assert doc["@type"] == "ClaimReview"
    assert doc["reviewBody"] == "Says </script><script>alert(1)</script>"
    assert doc["claimReviewed"] == "A resident wrote <script>alert('x')</script> & fled"
    # Only the one script element: the note did not break out of it.
    assert page.count("<script") == 2  # the page's own script and the JSON-LD


def test_script_json_escapes_line_separators() -> None:
    text = str(script_json({"a": "x\u2028y\u2029</script>&"}))
    assert "\u2028" not in text and "\u2029" not in text and "</" not in text and "&" not in text
    assert json.loads(text) == {"a": "x\u2028y\u2029</script>&"}
