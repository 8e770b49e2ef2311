"""A conflict between two articles, found by the real extractor and linker, read back over the API."""

from __future__ import annotations

from workers.pipeline import process_article

ACCUSATION = {
    "external_id": "harbour-1",
    "title": "Councillor accuses harbour master over ferry tender",
    "published_at": "2022-06-01",
    "publisher": "The Harbour Gazette",
    "body": (
        "PORT ELLEN (Harbour Gazette) - Councillor Mara Quist on Wednesday accused harbour master "
        "Piet Vandersloot of rigging the tender for the new ferry terminal in favour of his "
        "brother's shipyard.\n\n"
        "The council will debate the ferry terminal budget next month."
    ),
}
DENIAL = {
    "external_id": "harbour-2",
    "title": "Harbour master rejects tender charge",
    "published_at": "2022-06-03",
    "publisher": "The Harbour Gazette",
    "body": (
        "PORT ELLEN (Harbour Gazette) - Harbour master Piet Vandersloot on Friday denied rigging the "
        "tender for the new ferry terminal, saying the shipyard had won it fairly.\n\n"
        "Work on the terminal is due to start in the spring."
    ),
}


def test_a_denial_in_one_article_and_its_accusation_in_another_come_back_under_one_topic(
    client, headers, db_url
):
    ids = []
    for article in (ACCUSATION, DENIAL):
        response = client.post("/api/v1/articles", json=article, headers=headers["ingester"])
        assert response.status_code == 202
        ids.append(response.get_json()["id"])
        process_article(db_url, ids[-1])

    page = client.get("/api/v1/conflicts", headers=headers["reader"]).get_json()
    groups = [g for g in page["items"] if g["conflicts"]]
    assert len(groups) == 1
    [conflict] = groups[0]["conflicts"]
    assert conflict["kind"] in ("denial", "contradiction")
    by_article = {c["article"]["external_id"]: c for c in conflict["claims"]}
    assert set(by_article) == {"harbour-1", "harbour-2"}
    assert by_article["harbour-1"]["stance"] == "accusation"
    assert by_article["harbour-1"]["target"] == "Piet Vandersloot"
    assert by_article["harbour-2"]["stance"] == "denial"
    assert "Vandersloot" in by_article["harbour-2"]["source"]["name"]
    assert {c["topic_id"] for c in conflict["claims"]} == {groups[0]["topic"]["id"]}


