"""The links every card repeats (claim, article, conflict, topic, source), without a route build each.

A board page links some 180 claims, articles, conflicts, topics and sources, and ``url_for``
builds each through the URL map. These template globals give the same URLs, script root
included: ``url_for`` builds each endpoint once a request for a stand-in id, kept in the
request's WSGI environ, and the id takes the stand-in's place. A source's link quotes its
name the way Werkzeug quotes query values.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from flask import Blueprint, request, url_for

# Stands in for the id when the endpoint's URL is built once; digits only, so never quoted.
_STAND_IN = "987654321"
# The characters Werkzeug leaves unquoted in a query value (``werkzeug.urls._urlencode``).
_QUERY_SAFE = "!$'()*,/:;?@"


def _href(endpoint: str, field: str, value: object) -> str:
    """``endpoint``'s URL with ``field`` set to ``value``, from the parts built once per request
    (kept in its WSGI environ, which no other request shares)."""
    built: dict[str, tuple[str, str]] = request.environ.setdefault("claimtrack.link_parts", {})
    parts = built.get(endpoint)
    if parts is None:
        values: dict[str, Any] = {field: _STAND_IN}
        before, _stand_in, after = url_for(endpoint, **values).partition(_STAND_IN)
        parts = built[endpoint] = (before, after)
    return f"{parts[0]}{value}{parts[1]}"


def claim_href(claim_id: int) -> str:
    """The claim page's URL."""
    return _href("dashboard.claim", "claim_id", claim_id)


def article_href(article_id: int, claim_id: int) -> str:
    """The article page's URL, at ``claim_id``'s highlight."""
    return f"{_href('dashboard.article', 'article_id', article_id)}#claim-{claim_id}"


def conflict_href(conflict_id: int) -> str:
    """The conflict's URL (it redirects to its topic's page)."""
    return _href("dashboard.conflict", "conflict_id", conflict_id)


def topic_href(topic_id: int) -> str:
    """The topic page's URL."""
    return _href("dashboard.topic", "topic_id", topic_id)


def source_href(name: str) -> str:
    """The sources page searching for ``name``."""
    return _href("dashboard.sources", "q", quote_plus(name, safe=_QUERY_SAFE))


def register(bp: Blueprint) -> None:
    """Make the link builders template globals of the app ``bp`` is registered on."""
    for builder in (claim_href, article_href, conflict_href, topic_href, source_href):
        bp.add_app_template_global(builder)
