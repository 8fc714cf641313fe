"""Command line: `python -m moneyloop validate [DATA_DIR]` checks the data package."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _validate(data_dir: str | None) -> int:
    from moneyloop import datasets

    start = time.perf_counter()
    d = Path(data_dir) if data_dir else datasets.find_data_dir()
    problems = datasets.check(d)  # remembered when valid: loading below checks nothing twice
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) in {d}", file=sys.stderr)
        return 1
    tables = datasets.load_all(d)
    rows = sum(len(t) for t in tables.values())
    keys = len(datasets.sources(d))
    print(
        f"{d}: valid - {len(tables)} tables, {rows} rows, {keys} sources ({time.perf_counter() - start:.2f} s)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for `python -m moneyloop` and the `moneyloop` script."""
    parser = argparse.ArgumentParser(prog="moneyloop", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate the data package; print file:row: field: message lines")
    v.add_argument("data_dir", nargs="?", help="folder holding datapackage.json (default: ./data)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.data_dir)
    return 2


if __name__ == "__main__":
    sys.exit(main())
