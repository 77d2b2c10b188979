"""``annotator export PROJECT --format csv|jsonl|xlsx [--exact] [--with-text] [--force]
--out DIR``: the coded dataset."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from annotator.cli.output import EXIT_OK, EXIT_USAGE, err, out
from annotator.services.dataset_export import FORMATS, ExportOptions, export_dataset
from annotator.services.export_selection import build_selection
from annotator.services.project import ProjectService

NAME = "export"
HELP = "export the coded dataset (csv, jsonl or xlsx)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument(
        "--out",
        required=True,
        help="output folder: new, empty, or one an earlier export wrote (only the files "
        "that export wrote are replaced)",
    )
    parser.add_argument(
        "--exact",
        action="store_true",
        help="CSV for R and pandas: no formula guard, every cell exactly as stored "
        "(default: spreadsheet-safe)",
    )
    parser.add_argument(
        "--with-text",
        action="store_true",
        help="CSV: add each document's text to documents.csv (JSONL always has it)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="also write into a non-empty folder that holds no dataset of ours (beside its "
        "files, none of which is changed), and replace files of an earlier export that "
        "were edited since",
    )
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
    options = ExportOptions(
        fmt=args.format,
        csv_variant="exact" if args.exact else "spreadsheet",
        with_text=args.with_text,
        force=args.force,
    )
    if args.format != "csv" and (args.exact or args.with_text):
        flag = "--exact" if args.exact else "--with-text"
        err(f"{flag} is for --format csv (JSONL and XLSX keep text exact; JSONL has the text)")
        return EXIT_USAGE
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
        report = export_dataset(project, Path(args.out), selection=selection, options=options)
    out(report.summary())
    return EXIT_OK
