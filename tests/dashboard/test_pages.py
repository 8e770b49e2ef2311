"""The dashboard pages as a reader sees them: content, links, escaping, filters, landmarks."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlmodel import Session

from service.models import Topic
from tests.dashboard.conftest import World


def text(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_board_groups_conflicts_by_topic_with_links(client: FlaskClient, world: World) -> None:
    page = text(client, "/")
    assert "missile attack on Ordubad" in page
    assert f'href="/topics/{world.topic.id}"' in page
    assert "Armenia denies what Azerbaijan Ministry of Defence asserts" in page
    assert f'href="/claims/{world.accusation.id}"' in page
    assert f'href="/claims/{world.denial.id}"' in page
    assert f"/articles/{world.article.id}#claim-{world.denial.id}" in page
    # The board is read-only: no forms to record decisions there.
    assert "Record decision" not in page


def test_board_filters(client: FlaskClient, world: World) -> None:
    assert "missile attack on Ordubad" in text(client, "/?kind=denial")
    assert "missile attack on Ordubad" not in text(client, "/?kind=numeric")
    assert "missile attack on Ordubad" in text(client, f"/?source={world.armenia.id}")
    assert "missile attack on Ordubad" in text(client, "/?affiliation=Azerbaijan")
    assert "missile attack on Ordubad" not in text(client, "/?affiliation=France")
    assert "missile attack on Ordubad" in text(client, "/?from=2020-10-01&to=2020-10-31")
    assert "missile attack on Ordubad" not in text(client, "/?from=2020-11-01")
    assert "missile attack on Ordubad" in text(client, "/?status=open")
    assert "missile attack on Ordubad" not in text(client, "/?status=resolved")
    # Nonsense filter values are ignored, not errors.
    assert "missile attack on Ordubad" in text(client, "/?kind=<x>&source=abc&from=yesterday&page=-1")


def test_board_paginates(client: FlaskClient, world: World) -> None:
    page = text(client, "/?page=2")
    assert "missile attack on Ordubad" not in page
    assert "No conflicts" in page


def test_topic_page_shows_sides_sources_and_conflict(client: FlaskClient, world: World) -> None:
    page = text(client, f"/topics/{world.topic.id}")
    assert "<h1>missile attack on Ordubad</h1>" in page
    assert "Side A" in page and "Side B" in page
    assert "Armenia denies what Azerbaijan Ministry of Defence asserts" in page
    # Claims grouped by side (affiliation) and source.
    assert '<h3 id="side-1">Armenia</h3>' in page
    assert '<h3 id="side-2">Azerbaijan</h3>' in page
    assert "unaffiliated" in page
    assert f'id="conflict-{world.conflict.id}"' in page


def test_merged_topic_redirects_to_the_topic_it_lives_in(
    client: FlaskClient, world: World, session: Session
) -> None:
    old = Topic(label="Ordubad", keywords=[], merged_into_id=world.topic.id)
    session.add(old)
    session.commit()
    response = client.get(f"/topics/{old.id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/topics/{world.topic.id}")


def test_conflict_url_leads_to_its_topic(client: FlaskClient, world: World) -> None:
    response = client.get(f"/conflicts/{world.conflict.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/topics/{world.topic.id}#conflict-{world.conflict.id}")


def test_article_page_highlights_and_escapes(client: FlaskClient, world: World) -> None:
    page = text(client, f"/articles/{world.article.id}")
    # The body's markup is shown as text, never run.
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<b>attack</b>" not in page
    assert "Ordubad &lt;b&gt;attack&lt;/b&gt; denied" in page
    start, end = world.denial.spans["cue"][0]
    assert f'data-role="cue" data-start="{start}" data-end="{end}"' in page
    assert f'aria-describedby="claim-desc-{world.denial.id}"' in page
    assert f'id="claim-desc-{world.denial.id}"' in page
    assert 'title="Claim' in page
    assert f'href="/claims/{world.denial.id}"' in page


def test_claim_page_shows_source_aliases_conflicts_and_history(client: FlaskClient, world: World) -> None:
    page = text(client, f"/claims/{world.accusation.id}")
    assert "Azerbaijan Ministry of Defence" in page
    assert "baku" in page and "azerbaijan&#39;s defence ministry" in page
    assert f'href="/topics/{world.topic.id}"' in page
    assert f'href="/claims/{world.denial.id}"' in page
    assert "No reviews yet." in page
    assert 'type="application/ld+json"' not in page  # not reviewed yet
    # Anonymous readers get a sign-in link instead of a form.
    assert "Record verdict" not in page
    assert "/signin?next=" in page


def test_claim_page_escapes_claim_text(client: FlaskClient, world: World) -> None:
    page = text(client, f"/claims/{world.officials.id}")
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_sources_page_lists_aliases_and_counts(client: FlaskClient, world: World) -> None:
    page = text(client, "/sources/")
    assert "Azerbaijan Ministry of Defence" in page
    assert "baku" in page
    assert f'href="/?source={world.azerbaijan.id}"' in page
    searched = text(client, "/sources/?q=baku")
    assert "Azerbaijan Ministry of Defence" in searched
    assert '<th scope="row">Armenia</th>' not in searched
    assert "Armenia" in text(client, "/sources/?kind=country")


def test_missing_things_are_404_pages(client: FlaskClient, world: World) -> None:
    for url in ("/topics/999", "/articles/999", "/claims/999", "/conflicts/999"):
        page = text(client, url, 404)
        assert "<!doctype html>" in page


def test_pages_have_landmarks_skip_link_and_labels(client: FlaskClient, world: World) -> None:
    for url in ("/", f"/topics/{world.topic.id}", f"/articles/{world.article.id}", "/sources/", "/signin"):
        page = text(client, url)
        assert '<a class="skip-link" href="#main">' in page
        assert '<main id="main"' in page
        assert 'role="banner"' in page and 'role="contentinfo"' in page
        assert '<nav aria-label="Main">' in page
        assert page.count("<h1") == 1
    board = text(client, "/")
    for field in ("f-kind", "f-status", "f-source", "f-affiliation", "f-from", "f-to"):
        assert f'<label for="{field}">' in board and f'id="{field}"' in board


def test_pages_need_sign_in_when_reads_need_a_token(
    db_url: str, world: World, tokens: dict[str, str]
) -> None:
    from tests.dashboard.conftest import build_app, sign_in

    client = build_app(db_url, READ_TOKEN_REQUIRED=True).test_client()
    response = client.get(f"/claims/{world.denial.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/signin?next=/claims/{world.denial.id}"
    assert client.get("/dashboard/static/dashboard.css").status_code == 200
    sign_in(client, tokens["reader"])
    assert client.get(f"/claims/{world.denial.id}").status_code == 200


def test_board_source_filter_shows_the_chosen_source(
    client: FlaskClient, world: World, session: Session
) -> None:
    from service.models import Source

    quiet = Source(name="Quiet Ministry", kind="government", affiliation="Nowhere")
    session.add(quiet)
    session.commit()
    page = text(client, f"/?source={quiet.id}")
    assert f'<option value="{quiet.id}" selected>Quiet Ministry</option>' in page
    assert "No conflicts match these filters" in page
