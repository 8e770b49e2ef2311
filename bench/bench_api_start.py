"""How long the API process takes to start and how much memory it holds, and what it imports.

Each repeat is a fresh interpreter that imports ``service.app``, builds the app with
``create_app()`` and serves one ``GET /healthz`` through the test client; it reports the wall
time of that, its peak resident memory, and whether spaCy, the extractor or the linking rules
were imported. Median and spread of the repeats go to ``bench/results/bench_api_start.json``.

    .venv/bin/python bench/bench_api_start.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "bench_api_start.json"

# Measured the same way at the commit before the API stopped importing the pipeline
# (e786121): the app then loaded spaCy, the extractor and the linking rules at start.
BEFORE = {"start_seconds_median": 1.633, "start_seconds_spread": [1.594, 1.671], "max_rss_mb_median": 203.8}

PROBE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from service.app import create_app
app = create_app({"DATABASE_URL": sys.argv[1]})
status = app.test_client().get("/healthz").status_code
elapsed = time.perf_counter() - t0
print(json.dumps({
    "seconds": elapsed,
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "status": status,
    "spacy": "spacy" in sys.modules,
    "extractor": "workers.extraction.extract" in sys.modules,
    "linking": "workers.linking" in sys.modules,
    "pipeline": "workers.pipeline" in sys.modules,
}))
"""


def probe(database_url: str) -> dict[str, Any]:
    """One fresh interpreter's start-up figures."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, database_url], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/start.sqlite3"
        runs = [probe(url) for _ in range(args.repeats)]
    seconds = [r["seconds"] for r in runs]
    rss = [r["max_rss_mb"] for r in runs]
    result = {
        "repeats": args.repeats,
        "start_seconds_median": round(statistics.median(seconds), 3),
        "start_seconds_spread": [round(min(seconds), 3), round(max(seconds), 3)],
        "max_rss_mb_median": round(statistics.median(rss), 1),
        "max_rss_mb_spread": [round(min(rss), 1), round(max(rss), 1)],
        "imports_spacy": any(r["spacy"] for r in runs),
        "imports_extractor": any(r["extractor"] for r in runs),
        "imports_linking": any(r["linking"] for r in runs),
        "imports_pipeline": any(r["pipeline"] for r in runs),
        "before_layout_change": BEFORE,
    }
    for key, value in result.items():
        print(f"{key}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
