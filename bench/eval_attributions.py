"""Evaluate the extractor on PolNeAR (dev by default) with the shared scorer.

Runs ``workers.extraction.run_polnear`` over the gold texts, scores the predictions with
``shared/tools/score_attributions.py --json`` (as a subprocess), adds 95 % bootstrap intervals
by resampling documents (each document scored on its own by the same scorer), and a recall
breakdown by gold category: direct vs indirect content, source present vs absent, cue in the
claimtrack lexicon or not. Writes everything to ``bench/results/eval_attributions.json``.

    .venv/bin/python bench/eval_attributions.py [--gold PATH] [--boot 1000]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DEFAULT_GOLD = SHARED / "eval-data" / "polnear" / "dev.canonical.jsonl"
SCORER = SHARED / "tools" / "score_attributions.py"
RESULTS = ROOT / "bench" / "results" / "eval_attributions.json"
ROLES = ("source", "cue", "content")
QUOTES = re.compile(r"[\"“”]|''")

sys.path.insert(0, str(ROOT))


def score_files(gold: Path, pred: Path) -> dict[str, Any]:
    """Run the shared scorer on two files and return its JSON figures."""
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.splitlines()[0])


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def _role_sizes(gold: dict[str, Any], pred: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    sizes = {}
    for role in ROLES:
        g = {(s["start"], s["end"]) for a in gold["attributions"] for s in a[role]}
        p = {(s[0], s[1]) for a in pred for s in a[role]}
        sizes[role] = (len(g), len(p))
    return sizes


def per_doc_counts(gold: dict[str, Any], pred: list[dict[str, Any]], tmp: Path) -> dict[str, float]:
    """Score one document alone and turn the scorer's ratios back into counts."""
    gpath, ppath = tmp / f"g-{gold['doc_id']}.jsonl", tmp / f"p-{gold['doc_id']}.jsonl"
    _write(gpath, [gold])
    _write(ppath, [{"doc_id": gold["doc_id"], "attributions": pred}])
    res = score_files(gpath, ppath)
    n_pred, n_gold = res["pred"], res["gold"]
    counts: dict[str, float] = {
        "n_gold": n_gold,
        "n_pred": n_pred,
        "matched": round(res["content_r"] * n_gold) if n_gold else round(res["content_p"] * n_pred),
        "correct": round(res["relation_r"] * n_gold) if n_gold else round(res["relation_p"] * n_pred),
    }
    for role, (ng, np_) in _role_sizes(gold, pred).items():
        counts[f"{role}_gold"], counts[f"{role}_pred"] = ng, np_
        counts[f"{role}_tp"] = round(res[f"{role}_exact_f1"] * (ng + np_) / 2)
    return counts


def _f1(tp: float, n_pred: float, n_gold: float) -> float:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def aggregate(rows: list[dict[str, float]]) -> dict[str, float]:
    """Per-document counts -> the scorer's headline F1 figures."""
    tot: dict[str, float] = {}
    for row in rows:
        for k, v in row.items():
            tot[k] = tot.get(k, 0) + v
    out = {
        "relation_f1": _f1(tot["correct"], tot["n_pred"], tot["n_gold"]),
        "content_f1": _f1(tot["matched"], tot["n_pred"], tot["n_gold"]),
    }
    for role in ROLES:
        out[f"{role}_exact_f1"] = _f1(tot[f"{role}_tp"], tot[f"{role}_pred"], tot[f"{role}_gold"])
    return out


def bootstrap(rows: list[dict[str, float]], n: int, seed: int = 13) -> dict[str, list[float]]:
    """95 % percentile intervals from resampling documents with replacement."""
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {}
    for _ in range(n):
        sample = [rows[rng.randrange(len(rows))] for _ in rows]
        for k, v in aggregate(sample).items():
            draws.setdefault(k, []).append(v)
    return {k: [sorted(v)[int(0.025 * n)], sorted(v)[int(0.975 * n) - 1]] for k, v in draws.items()}


def _cue_forms() -> set[str]:
    from workers.extraction.lexicon import NOUN_CUES, PHRASAL_CUES, PREP_SOURCE_CUES, VERB_CUES

    irregular = {
        "say": "said",
        "tell": "told",
        "write": "wrote written",
        "think": "thought",
        "know": "knew known",
        "find": "found",
        "see": "saw seen",
        "feel": "felt",
        "swear": "swore sworn",
        "speak": "spoke spoken",
        "show": "shown",
        "understand": "understood",
    }
    forms: set[str] = set()
    lemmas = set(VERB_CUES) | set(NOUN_CUES) | {spec.lemma.split()[0] for spec in PHRASAL_CUES.values()}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {
            lemma,
            lemma + "s",
            lemma + "es",
            stem + "ed",
            stem + "ing",
            lemma + "d",
            lemma[:-1] + "ies",
            lemma[:-1] + "ied",
        }
        forms |= set(irregular.get(lemma, "").split())
    forms |= {w for words in PREP_SOURCE_CUES for w in words}
    return forms


def breakdown(gold_docs: list[dict[str, Any]], pred_path: Path, tmp: Path) -> dict[str, dict[str, Any]]:
    """Recall of the predictions against subsets of the gold relations, one subset per category."""
    forms = _cue_forms()
    tests: dict[str, Callable[[dict[str, Any], str], bool]] = {
        "direct": lambda a, t: any(QUOTES.search(s["text"]) for s in a["content"]),
        "indirect": lambda a, t: not any(QUOTES.search(s["text"]) for s in a["content"]),
        "source_present": lambda a, t: bool(a["source"]),
        "source_absent": lambda a, t: not a["source"],
        "cue_in_lexicon": lambda a, t: any(
            w in forms for s in a["cue"] for w in re.findall(r"[a-z]+", s["text"].lower())
        ),
        "cue_not_in_lexicon": lambda a, t: (
            not any(w in forms for s in a["cue"] for w in re.findall(r"[a-z]+", s["text"].lower()))
        ),
    }
    out: dict[str, dict[str, Any]] = {}
    for name, keep in tests.items():
        subset = [
            dict(d, attributions=[a for a in d["attributions"] if keep(a, d["text"])]) for d in gold_docs
        ]
        path = tmp / f"gold-{name}.jsonl"
        _write(path, subset)
        res = score_files(path, pred_path)
        out[name] = {
            "gold": res["gold"],
            "content_recall": res["content_r"],
            "relation_recall": res["relation_r"],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """Extract, score, bootstrap, break down; print and write the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--no-breakdown", action="store_true")
    args = ap.parse_args(argv)

    from workers.extraction import EXTRACTOR_VERSION
    from workers.extraction.extract import run_polnear

    gold_docs = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    buf = io.StringIO()
    started = time.perf_counter()
    run_polnear(
        io.StringIO(
            "".join(json.dumps({"doc_id": d["doc_id"], "text": d["text"]}) + "\n" for d in gold_docs)
        ),
        buf,
    )
    seconds = time.perf_counter() - started
    preds = {
        json.loads(line)["doc_id"]: json.loads(line)["attributions"] for line in buf.getvalue().splitlines()
    }
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        pred_path = tmp / "pred.jsonl"
        pred_path.write_text(buf.getvalue(), encoding="utf-8")
        overall = score_files(args.gold, pred_path)
        with ThreadPoolExecutor(max_workers=4) as pool:
            rows = list(pool.map(lambda d: per_doc_counts(d, preds.get(d["doc_id"], []), tmp), gold_docs))
        intervals = bootstrap(rows, args.boot)
        parts = {} if args.no_breakdown else breakdown(gold_docs, pred_path, tmp)
    keys = ("relation_f1", "content_f1", "source_exact_f1", "cue_exact_f1", "content_exact_f1")
    report = {
        "extractor_version": EXTRACTOR_VERSION,
        "gold": str(args.gold.name),
        "documents": len(gold_docs),
        "extract_seconds": round(seconds, 2),
        "scores": {
            k: round(overall[k], 4)
            for k in (
                *keys,
                "content_p",
                "content_r",
                "relation_p",
                "relation_r",
                "source_acc",
                "cue_acc",
                "exact_all_f1",
            )
        },
        "ci95": {k: [round(x, 4) for x in intervals[k]] for k in keys},
        "bootstrap_resamples": args.boot,
        "counts": {"gold": overall["gold"], "pred": overall["pred"]},
        "breakdown_recall": parts,
    }
    for k in keys:
        lo, hi = report["ci95"][k]
        print(f"{k:18s} {overall[k]:.3f}  [{lo:.3f}, {hi:.3f}]")
    print(
        f"relation P {overall['relation_p']:.3f} R {overall['relation_r']:.3f}; "
        f"gold {overall['gold']} pred {overall['pred']}"
    )
    for name, res in parts.items():
        print(
            f"  {name:20s} n={res['gold']:5d}  content R {res['content_recall']:.3f}  "
            f"relation R {res['relation_recall']:.3f}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
