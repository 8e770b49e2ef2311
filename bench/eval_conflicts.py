"""Evaluate conflict finding end to end: the real service, HTTP in and out, the shared scorer.

For each corpus (PolNeAR dev, the seed) a fresh SQLite database is migrated and
``claimtrack serve`` runs on it with embedded processing. The gold's articles are posted to
``/api/v1/articles/batch``; once every one is done, every claim and conflict is read back over
HTTP into a dump that ``shared/tools/score_conflicts.py --json`` scores (as a subprocess).
Added here: 95 % bootstrap intervals for conflict recall (resampling gold conflicts) and
precision (resampling returned in-scope conflicts), and for every missed gold conflict the
first stage where it was lost (see ``bench/conflict_analysis.py``).

Gold: ``../shared/eval-data/conflicts/dev-conflicts.json`` (read at run time; PolNeAR text and
the dev gold never enter the project) and ``bench/data/seed-conflicts.json`` for the seed.
Writes ``bench/results/eval_conflicts.json``: figures, miss stages by gold conflict index, and
(for the seed only, whose gold lives here) conflict names.

    .venv/bin/python bench/eval_conflicts.py [--corpus dev|seed|both] [--all-dev] [--boot 1000]
                                             [--keep-dump PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.conflict_analysis import (  # noqa: E402
    SCORER,
    STAGES,
    attribution_index,
    bootstrap,
    judge_returned,
    load_scorer,
    miss_stage,
)
from bench.live_service import LiveService  # noqa: E402

SHARED = ROOT / ".." / "shared"
GOLD = {
    "dev": SHARED / "eval-data" / "conflicts" / "dev-conflicts.json",
    "seed": ROOT / "bench" / "data" / "seed-conflicts.json",
}
DEV_TEXTS = SHARED / "eval-data" / "polnear" / "dev.canonical.jsonl"
SEED_TEXTS = SHARED / "corpus" / "seed-articles.jsonl"
RESULTS = ROOT / "bench" / "results" / "eval_conflicts.json"
# PolNeAR doc ids: outlet, publication date, slug of the title.
DOC_ID = re.compile(r"^(?P<outlet>[a-z0-9-]+?)_(?P<date>\d{4}-\d{2}-\d{2})_")
TITLE_WORDS = 10
# The bars: (figure, comparison, target).
BARS = {
    "dev": [
        ("conflict_recall", ">=", 0.60),
        ("conflict_precision", ">=", 0.70),
        ("must_not_merge_merges", "==", 0),
        ("stance_accuracy", ">=", 0.80),
        ("source_accuracy", ">=", 0.85),
    ],
    "seed": [
        ("conflict_recall", "==", 1.0),
        ("mutual_recall", "==", 1.0),
        ("conflict_precision", ">=", 0.90),
    ],
}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def dev_articles(gold: dict[str, Any], *, all_dev: bool) -> list[dict[str, Any]]:
    """The gold's PolNeAR dev articles (or all of dev) as API payloads, ``external_id`` = doc id."""
    wanted = set(gold["articles"])
    out = []
    for doc in _jsonl(DEV_TEXTS):
        if not all_dev and doc["doc_id"] not in wanted:
            continue
        parts = DOC_ID.match(doc["doc_id"])
        first = " ".join(doc["text"].split()[:TITLE_WORDS])
        out.append(
            {
                "external_id": doc["doc_id"],
                "title": doc.get("title") or first,
                "body": doc["text"],
                "published_at": doc.get("publication_date") or (parts and parts["date"]),
                "publisher": doc.get("publisher") or (parts and parts["outlet"]),
            }
        )
    return out


def seed_articles() -> list[dict[str, Any]]:
    """The seed corpus as API payloads (its ``id`` is the external id)."""
    return [
        {
            "external_id": d["id"],
            "title": d["title"],
            "body": d["body"],
            "published_at": d.get("published"),
            "publisher": d.get("source"),
            "byline": d.get("byline"),
            "dateline": d.get("dateline"),
        }
        for d in _jsonl(SEED_TEXTS)
    ]


def check_snippets(gold: dict[str, Any], articles: list[dict[str, Any]]) -> list[str]:
    """Gold snippets that do not occur exactly once in their article (the gold's own rule)."""
    bodies = {a["external_id"]: a["body"] for a in articles}
    snippets = {(a["article"], a["snippet"]) for a in gold.get("attributions", [])}
    snippets |= {tuple(x) for c in gold["conflicts"] for side in ("a", "b") for x in c[side]}
    snippets |= {tuple(x) for x in gold.get("mutual", [])}
    return [f"{art}: {snip!r}" for art, snip in sorted(snippets) if bodies.get(art, "").count(snip) != 1]


def run_service(articles: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Post the articles to a fresh service, wait, read everything back: (dump, run facts)."""
    with tempfile.TemporaryDirectory(prefix="claimtrack-evalconf-") as name, LiveService(Path(name)) as api:
        started = time.perf_counter()
        ids = api.post("/api/v1/articles/batch", articles)["article_ids"]
        statuses = api.wait_processed(ids)
        seconds = time.perf_counter() - started
        dump = {
            "claims": api.get_all("/api/v1/claims"),
            "conflicts": api.get_all("/api/v1/conflicts?status=any"),
        }
    done = Counter(statuses.values())
    facts = {
        "articles": len(ids),
        "done": done["done"],
        "failed": done["failed"],
        "processing_seconds": round(seconds, 1),
        "claims": len(dump["claims"]),
        "conflicts_returned": sum(len(g["conflicts"]) for g in dump["conflicts"]),
        "topics_with_conflicts": len(dump["conflicts"]),
    }
    return dump, facts


def score(gold_path: Path, dump: dict[str, Any], keep: Path | None) -> dict[str, Any]:
    """The shared scorer's ``--json`` report on the dump (written to ``keep`` if given)."""
    with tempfile.TemporaryDirectory() as name:
        path = keep or Path(name) / "dump.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dump, ensure_ascii=False), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(SCORER), str(gold_path), str(path), "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    report: dict[str, Any] = json.loads(out[: out.rstrip().rfind("\n")])
    report["last_line"] = out.rstrip().splitlines()[-1]
    return report


def _ratio(num: float, den: float) -> float:
    return round(num / den, 4) if den else 0.0


def figures(gold: dict[str, Any], dump: dict[str, Any], scored: dict[str, Any], boot: int) -> dict[str, Any]:
    """Headline figures with intervals, and the stage where each missed conflict was lost."""
    sc = load_scorer()
    missed_names = set(scored["conflicts_missed"])
    found = [g["name"] not in missed_names for g in gold["conflicts"]]
    verdicts = judge_returned(sc, gold, dump["conflicts"])
    if (sum(verdicts), len(verdicts)) != (scored["returned_right"], scored["returned_in_scope"]):
        raise RuntimeError("conflict judgments disagree with the scorer's counts")
    source_right, source_n = (int(x) for x in scored["source_right"].split("/"))
    mutual_found, mutual_n = (int(x) for x in scored["mutual_found"].split("/"))
    atts = attribution_index(gold)
    misses = []
    for index, (conflict, hit) in enumerate(zip(gold["conflicts"], found, strict=True)):
        if not hit:
            stage, detail = miss_stage(sc, conflict, dump["claims"], atts)
            misses.append({"conflict": index, "stage": stage, "detail": detail, "name": conflict["name"]})
    stages = Counter(m["stage"] for m in misses)
    return {
        "conflicts": len(found),
        "conflicts_found": sum(found),
        "conflict_recall": _ratio(sum(found), len(found)),
        "conflict_recall_ci95": bootstrap(found, boot),
        "returned_in_scope": len(verdicts),
        "returned_right": sum(verdicts),
        "returned_total": scored["returned_total"],
        "conflict_precision": _ratio(sum(verdicts), len(verdicts)),
        "conflict_precision_ci95": bootstrap(verdicts, boot),
        "mutual_found": mutual_found,
        "mutual": mutual_n,
        "mutual_recall": _ratio(mutual_found, mutual_n),
        "attributions": scored["attributions"],
        "attributions_found": scored["attributions_found"],
        "stance_right": scored["stance_right"],
        "stance_accuracy": _ratio(scored["stance_right"], scored["attributions_found"]),
        "stance_accuracy_of_all": _ratio(scored["stance_right"], scored["attributions"]),
        "source_right": source_right,
        "source_accuracy": _ratio(source_right, source_n),
        "side_right": scored["side_right"],
        "side_accuracy": _ratio(scored["side_right"], scored["side_total"]),
        "must_not_merge_merges": len(scored["merged_topics"]),
        "miss_stages": {s: stages[s] for s in STAGES},
        "misses": misses,
        "extractor_version": sorted({c["extractor_version"] for c in dump["claims"]}),
    }


def check_bars(corpus: str, result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each of the issue's bars for the corpus: target, value, met."""
    ops = {">=": lambda v, t: v >= t, "==": lambda v, t: v == t}
    return {
        name: {"target": f"{op} {target}", "value": result[name], "met": ops[op](result[name], target)}
        for name, op, target in BARS[corpus]
    }


def print_report(corpus: str, run: dict[str, Any], res: dict[str, Any], last_line: str) -> None:
    rl, rh = res["conflict_recall_ci95"]
    pl, ph = res["conflict_precision_ci95"]
    print(
        f"\n== {corpus}: {run['done']}/{run['articles']} articles done ({run['failed']} failed) in "
        f"{run['processing_seconds']} s; {run['claims']} claims, {run['conflicts_returned']} conflicts "
        f"in {run['topics_with_conflicts']} topics; extractor {', '.join(res['extractor_version'])}"
    )
    print(
        f"conflict recall    {res['conflict_recall']:.3f} [{rl:.3f}, {rh:.3f}]  "
        f"({res['conflicts_found']}/{res['conflicts']} gold conflicts)"
    )
    print(
        f"conflict precision {res['conflict_precision']:.3f} [{pl:.3f}, {ph:.3f}]  "
        f"({res['returned_right']}/{res['returned_in_scope']} returned in scope, "
        f"{res['returned_total']} in all)"
    )
    print(
        f"mutual accusations {res['mutual_found']}/{res['mutual']};  must-not-merge merges "
        f"{res['must_not_merge_merges']}"
    )
    print(
        f"attributions found {res['attributions_found']}/{res['attributions']};  stance "
        f"{res['stance_accuracy']:.3f} ({res['stance_accuracy_of_all']:.3f} of all);  source "
        f"{res['source_accuracy']:.3f};  side {res['side_accuracy']:.3f}"
    )
    print(
        "missed conflicts by first failing stage: "
        + ", ".join(f"{s} {n}" for s, n in res["miss_stages"].items() if n)
    )
    for miss in res["misses"]:
        print(f"  #{miss['conflict']:<3d} {miss['stage']:<19s} [{miss['detail']}] {miss['name']}")
    unmet = [f"{k} {b['value']} (want {b['target']})" for k, b in res["bars"].items() if not b["met"]]
    print("bars: " + ("all met" if not unmet else "not met: " + "; ".join(unmet)))
    print(last_line)


def evaluate(corpus: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run, score and analyse one corpus; print its report; its figures for the results file."""
    gold_path = args.gold if corpus == "dev" and args.gold else GOLD[corpus]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    articles = dev_articles(gold, all_dev=args.all_dev) if corpus == "dev" else seed_articles()
    for problem in check_snippets(gold, articles):
        print(f"warning: gold snippet not exactly once in its article: {problem}", file=sys.stderr)
    dump, run = run_service(articles)
    keep = None
    if args.keep_dump:
        keep = args.keep_dump.with_name(f"{args.keep_dump.stem}-{corpus}{args.keep_dump.suffix}")
    scored = score(gold_path, dump, keep)
    res = figures(gold, dump, scored, args.boot)
    res["bars"] = check_bars(corpus, res)
    print_report(corpus, run, res, scored["last_line"])
    if corpus != "seed":  # the dev gold's names stay in ../shared: misses are listed by index
        for miss in res["misses"]:
            miss.pop("name")
    all_dev = args.all_dev if corpus == "dev" else None
    return {"gold": gold_path.name, "all_dev": all_dev, "run": run, **res}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=("dev", "seed", "both"), default="both")
    ap.add_argument("--all-dev", action="store_true", help="post all 84 dev articles, not only the gold's 25")
    ap.add_argument("--boot", type=int, default=1000, help="bootstrap resamples (fixed seed)")
    ap.add_argument("--keep-dump", type=Path, help="also write each corpus's dump (PATH gets -dev/-seed)")
    ap.add_argument("--gold", type=Path, help="score the dev corpus against this gold instead (same format)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    corpora = ("dev", "seed") if args.corpus == "both" else (args.corpus,)
    report = {"bootstrap_resamples": args.boot, **{c: evaluate(c, args) for c in corpora}}
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out} in {report['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
