"""The cards' links are the routes' own URLs, under a script root and for awkward source names."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from service.dashboard.links import article_href, claim_href, conflict_href, source_href, topic_href

NAMES = ["Donald Trump", "O'Brien & Sons", "Ministère de l'Intérieur", "a+b/c?d#e%f", "  x  ", "中文"]


@pytest.mark.parametrize("script_root", ["", "/claimtrack"])
def test_links_match_url_for(app: Flask, script_root: str) -> None:
    with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
        assert claim_href(12) == url_for("dashboard.claim", claim_id=12)
        assert article_href(3, 12) == url_for("dashboard.article", article_id=3, _anchor="claim-12")
        assert conflict_href(7) == url_for("dashboard.conflict", conflict_id=7)
        assert topic_href(5) == url_for("dashboard.topic", topic_id=5)
        for name in NAMES:
            assert source_href(name) == url_for("dashboard.sources", q=name)
        assert claim_href(12).startswith(f"{script_root}/claims/")
