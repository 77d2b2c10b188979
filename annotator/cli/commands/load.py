"""``annotator load PROJECT DATASET``: bring a coded dataset in (idempotent upsert), from any
format ``export`` writes: JSONL, CSV or XLSX."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.cli.output import EXIT_OK, EXIT_PARTIAL, err, out
from annotator.services.dataset_load import load_dataset
from annotator.services.project import ProjectService

NAME = "load"
HELP = "load a coded dataset that export wrote (JSONL, CSV or XLSX)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument(
        "dataset",
        help="a folder export wrote, in any format (JSONL, CSV, XLSX: the manifest says "
        "which; CSV loses its formula guard unless it was exported --exact), or one file "
        "of it (statements.jsonl, statements.csv, dataset.xlsx, ...)",
    )
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project)) as project:
        report, _changes, _undo = load_dataset(project, Path(args.dataset))
    for problem in report.file_problems:
        err(f"problem: {problem}")
    for message in report.messages:
        err(f"rejected: {message}")
    if args.json:
        out(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        out(report.summary())
    return EXIT_PARTIAL if report.partial else EXIT_OK
