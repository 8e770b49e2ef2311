"""Throughput of the extractor on one core, against the bare spaCy parse of the same text.

Reads the PolNeAR dev texts at run time (or, without them, the seed articles repeated), pins
the process to one CPU, and times (1) ``nlp.pipe`` over exactly the paragraphs the extractor
parses, with the same pipeline components, and (2) ``extract_many`` end to end. Reports words
per second of CPU time (whitespace words of the article bodies) as the median of the repeats
with their spread (min-max), never the best, the overhead of the rules over the parse, and
peak memory. Writes ``bench/results/bench_extractor.json``. ``--corpus seed`` times the seed
articles (the text ``bench/bench_ingest.py`` ingests) whatever else is there.

    .venv/bin/python bench/bench_extractor.py [--repeat 3] [--corpus seed]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DEV = SHARED / "eval-data" / "polnear" / "dev.canonical.jsonl"
SEED = SHARED / "corpus" / "seed-articles.jsonl"
RESULTS = ROOT / "bench" / "results" / "bench_extractor.json"

sys.path.insert(0, str(ROOT))


def load_texts(corpus: str = "auto") -> tuple[str, list[str]]:
    """The benchmark corpus: PolNeAR dev bodies, else (or with ``corpus="seed"``) the seed
    articles ten times over."""
    if DEV.exists() and corpus != "seed":
        lines = DEV.open(encoding="utf-8")
        return "polnear-dev", [json.loads(line)["text"] for line in lines if line.strip()]
    if SEED.exists():
        bodies = [json.loads(line)["body"] for line in SEED.open(encoding="utf-8") if line.strip()]
        return "seed-articles-x10", bodies * 10
    raise SystemExit("no benchmark text found under ../shared")


def _cpu_seconds(run: Any) -> float:
    # CPU time of this (single-threaded) process: steadier than wall time on a shared machine.
    started = time.process_time()
    run()
    return time.process_time() - started


def _spread(words: int, seconds: list[float]) -> list[int]:
    """Words per second of the slowest and the fastest repeat."""
    return [round(words / max(seconds)), round(words / min(seconds))]


def main(argv: list[str] | None = None) -> int:
    """Time the bare parse and the extractor; print and write the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--corpus", choices=("auto", "seed"), default="auto", help="seed: the seed articles x10")
    args = ap.parse_args(argv)

    # One core: thread pools sized before numpy/thinc load (they load with the extractor below).
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from workers.extraction import EXTRACTOR_VERSION
    from workers.extraction.extract import extract_many
    from workers.extraction.model import load_nlp
    from workers.extraction.pipeline import paragraph_inputs
    from workers.extraction.text import classify_paragraphs

    corpus, texts = load_texts(args.corpus)
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    paragraphs = [text for body in texts for text, _ in paragraph_inputs(classify_paragraphs(body), body)]

    def parse() -> None:
        for _ in nlp.pipe(paragraphs, batch_size=256):
            pass

    def extract() -> None:
        for _ in extract_many(((t, None, None) for t in texts), batch_size=32):
            pass

    extract()  # warm-up: model load, vocabulary growth
    parse_runs: list[float] = []
    extract_runs: list[float] = []
    for _ in range(args.repeat):  # interleaved, so a busy moment of the machine hits both
        parse_runs.append(_cpu_seconds(parse))
        extract_runs.append(_cpu_seconds(extract))
    parse_s, extract_s = statistics.median(parse_runs), statistics.median(extract_runs)

    tracemalloc.start()
    extract()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    report = {
        "extractor_version": EXTRACTOR_VERSION,
        "corpus": corpus,
        "documents": len(texts),
        "words": words,
        "pipeline": list(nlp.pipe_names),
        "cpus_used": 1,
        "machine": platform.processor() or platform.machine(),
        "parse_seconds": round(parse_s, 3),
        "extract_seconds": round(extract_s, 3),
        "repeats": args.repeat,
        "statistic": "median of the repeats; spread is min-max",
        "parse_words_per_second": round(words / parse_s),
        "parse_words_per_second_spread": _spread(words, parse_runs),
        "extract_words_per_second": round(words / extract_s),
        "extract_words_per_second_spread": _spread(words, extract_runs),
        "rules_overhead_pct": round(100 * (extract_s - parse_s) / parse_s, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(maxrss_kb / 1024, 1),
        "extract_traced_peak_mb": round(traced_peak / 2**20, 1),
    }
    print(f"corpus {corpus}: {len(texts)} documents, {words} words, pipeline {report['pipeline']}")
    for name, key in (("bare parse", "parse"), ("extractor ", "extract")):
        lo, hi = report[f"{key}_words_per_second_spread"]
        print(f"{name} : {report[f'{key}_words_per_second']:>8} words/s, median of {args.repeat} ({lo}-{hi})")
    print(f"rules add {report['rules_overhead_pct']} % to the parse; peak RSS {report['peak_rss_mb']} MB, "
          f"traced peak during extraction {report['extract_traced_peak_mb']} MB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
