"""The same wire story from a second outlet is one story: counted once, never its own conflict.

Real extractor and linker (``process_article``), read back over the API, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from workers.pipeline import process_article


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, db_url: str) -> str:
    """Both stores: the embedded SQLite file and a real PostgreSQL database."""
    return db_url if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


PARAGRAPHS = [
    "PORT ELLEN (Wire) - Councillor Mara Quist on Wednesday accused harbour master Piet "
    "Vandersloot of rigging the tender for the new ferry terminal in favour of his brother's "
    "shipyard, the latest turn in a dispute that has split the island council since spring.",
    "Vandersloot denied rigging the tender, saying the shipyard had won it fairly after an "
    "open competition that three other yards had entered.",
    "The terminal, which is meant to double the number of sailings to the mainland, has been "
    "delayed twice by storms and once by a shortage of steel, and its budget has grown by a "
    "third since the contract was first advertised two years ago.",
    "Quist has asked the regional auditor to examine the scoring sheets of the tender panel, "
    "which met four times last winter and whose minutes have not been published.",
    "The council will debate the ferry terminal budget next month, when members are also due "
    "to vote on a proposal to move the harbour office to the old customs house.",
    "Ferry operators have said they will not order new vessels until the terminal is finished "
    "and the council has agreed a timetable for the works on the northern breakwater.",
]
ORIGINAL = {
    "external_id": "wire-ferry-1",
    "title": "Councillor accuses harbour master over ferry tender",
    "published_at": "2022-06-01",
    "publisher": "Island Wire",
    "body": "\n\n".join(PARAGRAPHS),
}
LOCAL = (
    "In Lochside, the chairman of the ferry users' group, Ewan Beaton, said on Wednesday that "
    "passengers had waited long enough for the new terminal and deserved a straight answer."
)
REWORDED_DENIAL = (
    "Reached by the Courier on Wednesday, Vandersloot denied rigging the tender for the new "
    "ferry terminal."
)
COPY = {
    "external_id": "courier-5531",
    "title": "Tender row: harbour master under fire",  # its own headline
    "published_at": "2022-06-01",
    "publisher": "Lochside Courier",
    # the wire text with the denial reworded, its ending cut, and a local paragraph of its own
    "body": "\n\n".join([PARAGRAPHS[0], REWORDED_DENIAL, *PARAGRAPHS[2:4], LOCAL]),
}


def _post(client: FlaskClient, headers: dict[str, Any], article: dict[str, Any], db_url: str) -> int:
    response = client.post("/api/v1/articles", json=article, headers=headers["ingester"])
    assert response.status_code == 202
    article_id = int(response.get_json()["id"])
    assert process_article(db_url, article_id).status == "done"
    return article_id


def _all_claims(client: FlaskClient) -> list[dict[str, Any]]:
    return list(client.get("/api/v1/claims?page_size=100").get_json()["items"])


def _shape(claims: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(c["article"]["id"], c["text"], c["stance"], c["topic_id"], c["appearances"]) for c in claims]


def _conflicts(client: FlaskClient) -> list[dict[str, Any]]:
    groups = client.get("/api/v1/conflicts?page_size=100").get_json()["items"]
    return [conflict for group in groups for conflict in group["conflicts"]]


def test_a_syndicated_copy_is_counted_once_and_never_conflicts_with_its_original(
    client: FlaskClient, headers: dict[str, Any], db_url: str
) -> None:
    original = _post(client, headers, ORIGINAL, db_url)
    before = _all_claims(client)
    conflicts_before = _conflicts(client)
    assert before and all(c["appearances"] == [c["appearances"][0]] for c in before)

    copy = _post(client, headers, COPY, db_url)
    assert client.get(f"/api/v1/articles/{copy}").get_json()["syndicated_from"] == original
    assert client.get(f"/api/v1/articles/{original}").get_json()["syndicated_from"] is None
    listed = client.get("/api/v1/articles?publisher=lochside%20courier").get_json()["items"]
    assert [(a["id"], a["syndicated_from"]) for a in listed] == [(copy, original)]

    after = _all_claims(client)
    repeated = [c for c in after if c["article"]["id"] == original]
    assert [c["id"] for c in repeated] == [c["id"] for c in before]  # the wire claims, once
    accusation = next(c for c in repeated if "rigging" in c["content"] and c["stance"] == "accusation")
    assert accusation["appearances"] == [
        {"article_id": original, "publisher": "Island Wire", "title": ORIGINAL["title"]},
        {"article_id": copy, "publisher": "Lochside Courier", "title": COPY["title"]},
    ]
    # Only what the copy wrote itself is its own: the local paragraph and the reworded denial.
    own = [c for c in after if c["article"]["id"] == copy]
    assert {c["text"] for c in own} == {LOCAL, REWORDED_DENIAL}
    denial = next(c for c in own if c["text"] == REWORDED_DENIAL)
    assert denial["stance"] == "denial" and denial["topic_id"] == accusation["topic_id"]

    # The copy's repeated claims are readable, pointing at the claims they repeat.
    copies = client.get(f"/api/v1/claims?article_id={copy}&page_size=100").get_json()["items"]
    tied = [c for c in copies if c["copy_of"] is not None]
    assert accusation["id"] in {c["copy_of"] for c in tied}
    assert client.get(f"/api/v1/claims/{tied[0]['id']}").get_json()["copy_of"] == tied[0]["copy_of"]

    # The dashboard shows the same: one claim, two outlets; the copy points at its original.
    page = client.get(f"/claims/{accusation['id']}").get_data(as_text=True)
    assert "Published by 2 outlets, one claim" in page and "Lochside Courier" in page
    copy_page = client.get(f"/articles/{copy}").get_data(as_text=True)
    assert f"A syndicated copy of <a href=\"/articles/{original}\">article #{original}</a>" in copy_page

    # No conflict pairs a claim with its own syndicated copy: nothing new involves the copy.
    conflicts_after = _conflicts(client)
    assert [c["id"] for c in conflicts_after] == [c["id"] for c in conflicts_before]
    assert all(claim["article"]["id"] != copy for c in conflicts_after for claim in c["claims"])

    # Processing the copy again changes nothing (its own claims are made anew, new ids).
    process_article(db_url, copy)
    assert _shape(_all_claims(client)) == _shape(after)
    assert [c["id"] for c in _conflicts(client)] == [c["id"] for c in conflicts_before]


def test_taking_down_the_original_lets_its_copy_stand_alone(
    client: FlaskClient, headers: dict[str, Any], db_url: str, enqueued: Any
) -> None:
    original = _post(client, headers, ORIGINAL, db_url)
    copy = _post(client, headers, COPY, db_url)
    assert client.delete(f"/api/v1/articles/{original}", headers=headers["admin"]).status_code == 204
    assert enqueued.articles[-1] == copy  # queued again, to be processed on its own
    assert client.get(f"/api/v1/articles/{copy}").get_json()["syndicated_from"] is None
    assert process_article(db_url, copy).status == "done"
    claims = _all_claims(client)
    assert claims and {c["article"]["id"] for c in claims} == {copy}
    assert any("rigging" in c["content"] for c in claims)
