"""Command line: ``python -m workers.extraction --format polnear IN.jsonl [OUT.jsonl]``."""

from __future__ import annotations

import argparse
import sys

from workers.extraction.extract import run_polnear


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the extractor over IN, write PolNeAR-style lines to OUT or stdout."""
    parser = argparse.ArgumentParser(prog="python -m workers.extraction")
    parser.add_argument("--format", choices=["polnear"], default="polnear")
    parser.add_argument("input")
    parser.add_argument("output", nargs="?")
    args = parser.parse_args(argv)
    with open(args.input, encoding="utf-8") as lines_in:
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                count = run_polnear(lines_in, out)
        else:
            count = run_polnear(lines_in, sys.stdout)
    print(f"{count} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
