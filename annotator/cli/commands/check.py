"""``annotator check PROJECT [--json]``: integrity, references, anchors, the search index."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.cli.output import EXIT_ERROR, EXIT_OK, err, out, shown
from annotator.services.maintenance import check

NAME = "check"
HELP = "check integrity, references and anchors; non-zero exit on problems"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    report = check(Path(args.project))
    if args.json:
        out(json.dumps(report.as_dict(), ensure_ascii=False))
    elif report.ok:
        out(f"{shown(args.project)}: ok (search index: {report.facts['search_index']})")
    else:
        for problem in report.problems:
            err(f"{shown(args.project)}: {problem}")
    return EXIT_OK if report.ok else EXIT_ERROR
