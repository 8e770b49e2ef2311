"""The `claimtrack` command in-process (click's runner) on a SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, col, select, update

from service.cli import main
from service.db import get_engine
from service.models import ApiToken, Article, Claim, Job
from service.repo.articles import article_from_record
from service.repo.tokens import authenticate
from tests.conftest import SEED_FILE, seed_articles
from workers import runner
from workers.extraction import EXTRACTOR_VERSION


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", sqlite_url)
    monkeypatch.delenv("CLAIMTRACK_BROKER_URL", raising=False)
    yield CliRunner()
    runner.stop_runners()


def test_ingest_counts_stored_present_and_invalid_lines(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    seeds = seed_articles()
    lines = [json.dumps(seeds[0]), "not json", json.dumps({"title": "no body"}), ""]
    lines += SEED_FILE.read_text(encoding="utf-8").splitlines()[:2]  # seed format; the first is a repeat
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = cli.invoke(main, ["ingest", "--wait", str(path)])
    assert result.exit_code == 0, result.output
    assert "stored 2, already present 1, invalid lines 2" in result.output
    assert "processed 2, failed 0" in result.output
    with Session(get_engine(sqlite_url)) as session:
        articles = session.exec(select(Article).order_by(col(Article.id))).all()
        assert [(a.external_id, a.publisher, a.status) for a in articles] == [
            ("seed-1", "Reuters", "done"),
            ("seed-2", "Reuters", "done"),
        ]
        assert str(articles[0].published_at) == seeds[0]["published_at"]


def test_reingest_re_extracts_what_an_older_version_made(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(SEED_FILE.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert cli.invoke(main, ["ingest", "--wait", str(path)]).exit_code == 0
    assert "0 articles to re-extract" in cli.invoke(main, ["reingest"]).output
    with Session(get_engine(sqlite_url)) as session:
        session.exec(update(Article).values(extractor_version="rules-0.1"))
        session.exec(update(Claim).values(extractor_version="rules-0.1"))
        session.commit()
    result = cli.invoke(main, ["reingest", "--wait"])
    assert result.exit_code == 0, result.output
    assert f"1 articles to re-extract with {EXTRACTOR_VERSION}" in result.output
    assert "processed 1, failed 0" in result.output
    with Session(get_engine(sqlite_url)) as session:
        versions = set(session.exec(select(Claim.extractor_version)).all())
    assert versions == {EXTRACTOR_VERSION}


def test_reingest_dry_run_prints_the_report_and_from_dry_run_applies_it(
    cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(SEED_FILE.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert cli.invoke(main, ["ingest", "--wait", str(path)]).exit_code == 0
    empty = cli.invoke(main, ["reingest", "--dry-run"])
    assert empty.exit_code == 2 and "nothing to re-extract" in empty.output
    with Session(get_engine(sqlite_url)) as session:
        claim = session.exec(select(Claim).order_by(col(Claim.id))).first()
        assert claim is not None
        claim.stance = "estimate" if claim.stance != "estimate" else "assertion"
        session.add(claim)
        session.exec(update(Article).values(extractor_version="rules-0.1"))
        session.commit()
        before = set(session.exec(select(Claim.id)).all())

    result = cli.invoke(main, ["reingest", "--dry-run", "--wait"])
    assert result.exit_code == 0, result.output
    totals = json.loads(result.output[result.output.index("{") : result.output.rindex("}") + 1])["totals"]
    assert totals["articles"] == 1 and totals["changed"] == 1 and totals["kept"] == len(before) - 1
    with Session(get_engine(sqlite_url)) as session:
        assert set(session.exec(select(Claim.id)).all()) == before  # a dry run writes no claim
        job_id = max(int(i) for i in session.exec(select(Job.id)).all() if i is not None)

    applied = cli.invoke(main, ["reingest", "--from-dry-run", str(job_id), "--wait"])
    assert applied.exit_code == 0, applied.output
    assert "processed 1, failed 0" in applied.output
    with Session(get_engine(sqlite_url)) as session:
        after = set(session.exec(select(Claim.id)).all())
    assert len(before - after) == 1 and len(after - before) == 1


def test_tokens_are_printed_once_and_stored_hashed(cli: CliRunner, sqlite_url: str) -> None:
    result = cli.invoke(main, ["tokens", "create", "--role", "reviewer", "ana"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    with Session(get_engine(sqlite_url)) as session:
        stored = session.exec(select(ApiToken)).one()
        assert token not in stored.token_hash
        found = authenticate(session, token=token)
        assert found is not None and (found.name, found.role) == ("ana", "reviewer")
    assert cli.invoke(main, ["tokens", "create", "--role", "boss", "ana"]).exit_code != 0


def test_extract_writes_polnear_lines_without_a_database(cli: CliRunner, tmp_path: Path) -> None:
    text = "The minister said the talks had failed."
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "text": text}) + "\n", encoding="utf-8")
    result = cli.invoke(main, ["extract", "--format", "polnear", str(path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["doc_id"] == "d1"
    [attribution] = record["attributions"]
    assert [text[s:e] for s, e in attribution["cue"]] == ["said"]


def test_worker_needs_a_broker(cli: CliRunner) -> None:
    result = cli.invoke(main, ["worker"])
    assert result.exit_code != 0
    assert "CLAIMTRACK_BROKER_URL" in result.output


def test_records_in_seed_and_api_format_are_accepted() -> None:
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8").splitlines()[0])
    data = article_from_record(seed)
    assert (data["external_id"], data["publisher"], str(data["published_at"])) == (
        seed["id"],
        seed["source"],
        seed["published"],
    )
    assert data["body"] == seed["body"]
    for bad in ([1, 2], {"title": "x"}, {"title": "x", "body": "y", "published_at": "soon"}):
        with pytest.raises(ValueError):
            article_from_record(bad)
