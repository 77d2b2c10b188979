"""``annotator export PROJECT --format csv|jsonl|xlsx --out DIR``: the coded dataset."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from annotator.cli.output import EXIT_OK, out
from annotator.services.dataset_export import FORMATS, export_dataset
from annotator.services.export_selection import build_selection
from annotator.services.project import ProjectService

NAME = "export"
HELP = "export the coded dataset (csv, jsonl or xlsx)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--documents", metavar="ID,ID", help="only these documents")
    parser.add_argument("--query", help="only the documents a search query finds")
    parser.add_argument(
        "--only-coder",
        dest="coder_filter",
        action="append",
        metavar="NAME",
        help="only annotations by this coder (repeatable)",
    )
    parser.add_argument(
        "--claim", metavar="ID_OR_LABEL", help="only statements on this claim or its sub-claims"
    )
    parser.add_argument(
        "--from",
        dest="date_from",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="only documents published on or after this date",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="only documents published on or before this date",
    )


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        selection = build_selection(
            project,
            document_ids=[i for i in (args.documents or "").split(",") if i],
            query=args.query,
            coders=args.coder_filter or [],
            claim=args.claim,
            date_from=args.date_from,
            date_to=args.date_to,
        )
        report = export_dataset(project, Path(args.out), fmt=args.format, selection=selection)
    out(report.summary())
    return EXIT_OK
