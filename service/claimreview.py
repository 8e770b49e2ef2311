"""schema.org ``ClaimReview`` JSON-LD for reviewed claims; pure functions, no Flask.

The API (``/claims/{id}/claimreview``) and the dashboard's claim page both build their
documents here, from the one claim read model (``service.repo.claims.ClaimView``).

A claim's newest verdict becomes the review's rating on a 1–5 scale (5 = the claim holds),
with the verdict's readable name as ``alternateName``. The reviewed ``Claim`` names its
author (the normalised source) and where it appeared (the article).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from service.models import Review
from service.repo.claims import ClaimView

# verdict -> (ratingValue, alternateName)
RATINGS: dict[str, tuple[int, str]] = {
    "confirmed": (5, "True"),
    "disputed": (3, "Disputed"),
    "unverifiable": (3, "Unverifiable"),
    "misattributed": (2, "Misattributed"),
    "false": (1, "False"),
}
PERSON_KINDS = {"person", "official", "spokesperson"}


def _author(row: ClaimView) -> dict[str, Any]:
    if row.source.id is None:
        return {"@type": "Person", "name": row.source.name or "unknown source"}
    kind = "Person" if row.source.kind in PERSON_KINDS else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": row.source.name}
    if row.source.affiliation:
        author["affiliation"] = {"@type": "Organization", "name": row.source.affiliation}
    return author


def _appearance(row: ClaimView, article_url: str) -> dict[str, Any]:
    article = row.article
    appearance: dict[str, Any] = {
        "@type": "NewsArticle",
        "url": article.url or article_url,
        "headline": article.title,
    }
    if article.published_at is not None:
        appearance["datePublished"] = article.published_at.isoformat()
    if article.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
    return appearance


def claim_review(
    row: ClaimView, review: Review, *, claim_url: str, article_url: str, publisher: str
) -> dict[str, Any]:
    """The ClaimReview object for a claim and its newest review (no ``@context``)."""
    value, name = RATINGS[review.verdict]
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _author(row),
        "appearance": _appearance(row, article_url),
        "text": row.claim.content,
    }
    said_on = row.claim.said_on or row.article.published_at
    if said_on is not None:
        item["datePublished"] = said_on.isoformat()
    result: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"{claim_url}#claimreview",
        "url": claim_url,
        "claimReviewed": row.claim.content,
        "datePublished": review.created_at.date().isoformat(),
        "author": {"@type": "Organization", "name": publisher},
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": name,
        },
    }
    if review.note:
        result["reviewBody"] = review.note
    return result


def with_context(document: dict[str, Any]) -> dict[str, Any]:
    """One JSON-LD document: the object with the schema.org context."""
    return {"@context": "https://schema.org", **document}


def script_json(document: dict[str, Any]) -> Markup:
    """JSON safe to place inside ``<script type="application/ld+json">``.

    ``<``, ``>``, ``&`` and the JavaScript line separators are written as ``\\uXXXX``
    escapes, so text such as ``</script>`` in a claim cannot end the script element.
    """
    text = json.dumps(document, ensure_ascii=False, indent=2)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)
