"""The dry-run report page in a real browser: a dry run started through the API on the live
server (processed by its embedded runner) shows the claim an older extraction read wrongly,
links to it, and leaves the stored claims as they were."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest
from sqlmodel import Session, col, select

from service.db import get_engine
from service.models import Claim
from service.repo.tokens import create_token
from tests.e2e.conftest import LiveServer, shot

pytestmark = pytest.mark.e2e


def call(server: LiveServer, method: str, path: str, token: str, body: Any = None) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        server.url + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read()))


def test_the_dry_run_report_page_shows_what_would_change(page: Any, live_dashboard: LiveServer) -> None:
    article_id = live_dashboard.hostile_article_id
    with Session(get_engine(live_dashboard.db_url), expire_on_commit=False) as session:
        admin = create_token(session, name="Report Admin", role="admin")
        claim = session.exec(
            select(Claim).where(Claim.article_id == article_id).order_by(col(Claim.id))
        ).first()
        assert claim is not None
        right = claim.stance
        claim.stance = "estimate" if right != "estimate" else "assertion"  # as an older extractor read it
        session.add(claim)
        session.commit()
    try:
        job = call(
            live_dashboard, "POST", "/api/v1/reingest", admin, {"dry_run": True, "article_ids": [article_id]}
        )
        deadline = time.monotonic() + 60
        while call(live_dashboard, "GET", f"/api/v1/jobs/{job['id']}", admin)["status"] != "done":
            assert time.monotonic() < deadline, "the dry run did not finish"
            time.sleep(0.3)
    finally:
        with Session(get_engine(live_dashboard.db_url)) as session:
            stored = session.get(Claim, claim.id)
            assert stored is not None and stored.id == claim.id  # the dry run replaced nothing
            stored.stance = right
            session.add(stored)
            session.commit()

    page.goto(f"/jobs/{job['id']}/report")
    assert page.get_by_role("heading", level=1).inner_text() == "What re-extraction would change"
    assert page.locator("td[data-total='changed']").inner_text() == "1"
    assert page.locator("td[data-total='articles']").inner_text() == "1"
    section = page.locator(f"#article-{article_id}")
    assert section.get_by_role("heading", name="Changed").is_visible()
    assert "(stance)" in section.inner_text()
    assert page.evaluate("window.__pwned") is None  # the hostile title and claims are escaped
    shot(page, "dry-run-report")
    section.get_by_role("link", name=f"Claim #{claim.id}").click()
    page.wait_for_url(f"**/claims/{claim.id}")
