"""``python -m benchmarks [--corpus DIR] [--out results.json] [--documents N] [--scale K]``

Runs the figures of DESIGN.md §9 that exist so far (import + index and search, on the corpus
and on a K times larger one) and prints them as a Markdown table beside their targets.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import (
    corpus,
    export_bench,
    gui_bench,
    html_bench,
    network_bench,
    search_bench,
    startup_bench,
    statements_bench,
)

TARGETS = {
    "import_vs_raw": "≤ 1.5",
    "search_hl_p95_ms": "≤ 20",
    "search_hl_p95_ms_10x": "≤ 50",
    "open_doc_1000_ms": "≤ 50",
    "add_annotation_ms": "≤ 25",
    "export_csv_1m_s": "≤ 8",
    "export_jsonl_1m_s": "≤ 9",
    "export_csv_vs_raw": "≤ 0.6",
    "startup_s": "≤ 1.5",
    **{f"network_{name}_s_100k": "≤ 2" for name, _options in network_bench.NETWORKS},
    "network_draw_500_s": "≤ 1",
    "statements_window_open_ms_100k": "≤ 500",
    "statements_first_page_ms_100k": "≤ 500",
}


def _table(results: dict[str, Any]) -> str:
    lines = ["| figure | value | target |", "|---|---:|---|"]
    for key, value in results.items():
        if key.startswith("_"):
            continue
        lines.append(f"| {key} | {value} | {TARGETS.get(key, '')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--corpus", type=Path, help="folder of .txt articles (default: generated)")
    parser.add_argument("--documents", type=int, default=2225, help="generated corpus size")
    parser.add_argument("--scale", type=int, default=10, help="size of the larger run (x corpus)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--no-gui", action="store_true", help="skip the window figures")
    parser.add_argument(
        "--export-statements",
        type=int,
        default=1_000_000,
        metavar="N",
        help="statements for the export figures (0: skip them)",
    )
    parser.add_argument(
        "--network-statements",
        type=int,
        default=100_000,
        metavar="N",
        help="statements for the network figures (0: skip them)",
    )
    parser.add_argument(
        "--statements",
        type=int,
        default=100_000,
        metavar="N",
        help="statements for the Statements view figures (0: skip them)",
    )
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "_machine": f"{platform.machine()}, {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory(prefix="annotator-corpus-") as scratch:
        if args.corpus:
            base = corpus.read_corpus(args.corpus)
            results["_corpus"] = str(args.corpus)
        else:
            base = corpus.generate(Path(scratch) / "base", args.documents)
            results["_corpus"] = f"generated from seeds/, {args.documents} articles"
        results.update(search_bench.run(base, queries=args.queries))
        results.update(html_bench.run(base, Path(scratch) / "html"))
        if args.scale > 1:
            larger = corpus.generate(Path(scratch) / "larger", len(base) * args.scale, seed=99)
            results.update(search_bench.run(larger, queries=args.queries, label="10x"))
    if not args.no_gui:
        results.update(gui_bench.run())
        results.update(startup_bench.run())
    if args.export_statements:
        results.update(export_bench.run(args.export_statements))
    if args.network_statements:
        results.update(network_bench.run(args.network_statements))
    if args.statements:
        results.update(statements_bench.run(args.statements, gui=not args.no_gui))
    table = _table(results)
    sys.stdout.write(table + "\n")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        args.out.with_suffix(".md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
