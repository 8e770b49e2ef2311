"""End-to-end fixtures: a live claimtrack server on a temporary SQLite database holding the
processed seed articles, and Debian's Chromium driven by Playwright.

Without Chromium the browser tests skip locally but FAIL when ``CI`` is set, so a CI run can
never go green without them.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from werkzeug.serving import BaseWSGIServer, make_server

from service.app import create_app
from service.db import get_engine
from service.migrate import upgrade
from service.models import Article
from service.repo.articles import create_article
from service.repo.tokens import create_token
from workers.pipeline import process_article

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_FILE = CORPUS / "seed-articles.jsonl"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CLAIMTRACK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE_BODY = (
    "YEREVAN (Reuters) – Armenia's foreign ministry said <script>window.__pwned = 1</script> "
    "was found in a leaked memo & denied any <b>involvement</b>.\n\n"
    "Azerbaijan's defence ministry said Armenian forces shelled the town on Monday."
)


@dataclass
class LiveServer:
    """The running app and what the tests need to know about its data."""

    url: str
    db_url: str
    tokens: dict[str, str]
    hostile_article_id: int

    def body(self, article_id: int) -> str:
        """An article's body exactly as stored."""
        with Session(get_engine(self.db_url)) as session:
            article = session.get(Article, article_id)
            assert article is not None
            return article.body


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _seed_payloads() -> list[dict[str, Any]]:
    payloads = []
    for line in SEED_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        payloads.append(
            {
                "external_id": d["id"],
                "title": d["title"],
                "body": d["body"],
                "published_at": date.fromisoformat(d["published"]) if d.get("published") else None,
                "publisher": d.get("source"),
                "byline": d.get("byline"),
                "dateline": d.get("dateline"),
            }
        )
    return payloads


@pytest.fixture(scope="session")
def live_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app served by a werkzeug thread, with the seed articles processed synchronously."""
    _require_chromium()
    if not SEED_FILE.exists():
        pytest.skip(f"seed corpus not found at {SEED_FILE}")
    path = tmp_path_factory.mktemp("e2e") / "claimtrack.sqlite3"
    db_url = f"sqlite:///{path}"
    upgrade(db_url)
    payloads = [
        *_seed_payloads(),
        {
            "external_id": "hostile-1",
            "title": "Memo <script>window.__pwned = 2</script> row",
            "body": HOSTILE_BODY,
            "published_at": date(2020, 11, 9),
            "publisher": "Reuters",
        },
    ]
    with Session(get_engine(db_url), expire_on_commit=False) as session:
        ids = [create_article(session, data=p)[0].id for p in payloads]
        tokens = {
            role: create_token(session, name=f"{role[0].upper()}{role[1:]} Tester", role=role)
            for role in ("reviewer", "reader")
        }
    for article_id in ids:
        assert article_id is not None
        outcome = process_article(db_url, article_id)
        assert outcome.status == "done", outcome
    app = create_app({"DATABASE_URL": db_url, "BROKER_URL": None})
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="claimtrack-e2e", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", db_url, tokens, int(ids[-1] or 0))
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(live_dashboard: LiveServer) -> Iterator[Any]:
    """Debian's Chromium, headless, no downloads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, live_dashboard: LiveServer) -> Iterator[Any]:
    """A fresh browser context (no cookies) per test."""
    context = browser.new_context(base_url=live_dashboard.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture(scope="session", autouse=True)
def screenshot_dir() -> Path:
    """Where screenshots go (CI lists the folder)."""
    if SCREENSHOTS.exists():
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot of ``page`` as ``test-artifacts/screenshots/<name>.png``."""
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    return target


def sign_in(page: Any, token: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/signin")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
