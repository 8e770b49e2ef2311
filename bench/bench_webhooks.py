"""What webhooks cost: writing the outbox with an article's commit, and sending deliveries.

1. Outbox: an article's ``done`` status committed, with no subscription and with 10 matching
   ones (``set_status`` writes one delivery per subscription in the same transaction);
   median milliseconds per commit over ``--articles`` articles, on SQLite.
2. Sending: ``--deliveries`` due deliveries sent to a local threaded receiver by 1 and by 4
   concurrent senders (``workers.webhooks.send_due``), on SQLite and on a private PostgreSQL;
   deliveries per second, and a check that none was sent twice.

Results go to ``bench/results/bench_webhooks.json``.

    PYTHONPATH=. .venv/bin/python bench/bench_webhooks.py [--articles 300] [--deliveries 400]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlmodel import Session

from service.config import Settings
from service.db import get_engine
from service.migrate import upgrade
from service.models import Article
from service.repo.articles import content_hash, set_status
from service.repo.outbox import Event, emit
from service.repo.webhooks import create_subscription
from service.vocabulary import WEBHOOK_EVENTS
from service.webhooks import new_secret
from tests.receiver import Receiver
from tests.servers import PostgresServer
from workers.webhooks import send_due

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "bench_webhooks.json"


def subscribe(url: str, receiver_url: str, count: int) -> None:
    with Session(get_engine(url)) as session:
        for _ in range(count):
            values = {"url": receiver_url, "events": list(WEBHOOK_EVENTS), "secret": new_secret()}
            create_subscription(session, values=values)


def outbox_ms(url: str, articles: int) -> float:
    """Median milliseconds to commit one article's ``done`` status (and its deliveries)."""
    times = []
    with Session(get_engine(url), expire_on_commit=False) as session:
        for n in range(articles):
            article = Article(
                title=f"t{n}", body=f"b{n}", content_hash=content_hash(title=f"t{n}", body=f"b{n}")
            )
            session.add(article)
            session.commit()
            started = time.perf_counter()
            set_status(session, article=article, status="done")
            session.commit()
            times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 3)


def sending(url: str, receiver: Receiver, deliveries: int, senders: int) -> dict[str, Any]:
    """Deliveries per second for ``senders`` concurrent ``send_due`` calls."""
    with Session(get_engine(url)) as session:
        event = Event(type="article.done", data={"article": {"id": 0}})
        emit(session, events=lambda: [event] * deliveries)
        session.commit()
    before = len(receiver.events())
    settings = Settings.from_env(database_url=url, webhook_allow_private=True)
    threads = [
        threading.Thread(target=send_due, args=(settings,), kwargs={"budget_seconds": 120})
        for _ in range(senders)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    got = receiver.events()[before:]
    twice = sum(1 for n in Counter(g.message_id for g in got).values() if n > 1)
    return {
        "senders": senders,
        "sent": len(got),
        "sent_twice": twice,
        "per_second": round(len(got) / elapsed, 1),
    }


def measure_database(url: str, args: argparse.Namespace) -> dict[str, Any]:
    receiver = Receiver().start()
    try:
        subscribe(url, receiver.url, 1)
        return {f"senders_{n}": sending(url, receiver, args.deliveries, n) for n in (1, 4)}
    finally:
        receiver.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--deliveries", type=int, default=400)
    args = parser.parse_args()
    result: dict[str, Any] = {"articles": args.articles, "deliveries": args.deliveries}
    with tempfile.TemporaryDirectory() as tmp:
        plain, subscribed = f"sqlite:///{tmp}/plain.sqlite3", f"sqlite:///{tmp}/subscribed.sqlite3"
        for url in (plain, subscribed):
            upgrade(url)
        subscribe(subscribed, "http://127.0.0.1:9/", 10)
        result["outbox_ms_per_article_no_subscription"] = outbox_ms(plain, args.articles)
        result["outbox_ms_per_article_10_subscriptions"] = outbox_ms(subscribed, args.articles)
        sending_url = f"sqlite:///{tmp}/sending.sqlite3"
        upgrade(sending_url)
        result["sqlite"] = measure_database(sending_url, args)
    server = PostgresServer()
    server.start()
    try:
        url = server.create_database()
        upgrade(url)
        result["postgresql"] = measure_database(url, args)
    finally:
        server.stop()
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
