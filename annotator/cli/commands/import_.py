"""``annotator import PROJECT PATH...``: articles from files and folders."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.output import EXIT_OK, EXIT_PARTIAL, err, out, progress
from annotator.core.importers import DEFAULT_MAX_FILE_BYTES
from annotator.core.importers.tabular import parse_column_map
from annotator.services.importing import import_paths
from annotator.services.project import ProjectService

NAME = "import"
HELP = "import articles: txt, md, html, docx, pdf, csv, jsonl, xlsx"


def _column_map(spec: str) -> dict[str, str]:
    try:
        return parse_column_map(spec)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument(
        "--max-size",
        type=int,
        default=DEFAULT_MAX_FILE_BYTES // (1024 * 1024),
        metavar="MB",
        help="refuse files larger than this (default: %(default)s MB)",
    )
    parser.add_argument(
        "--map",
        type=_column_map,
        default={},
        metavar="FIELD=COLUMN,...",
        help="for CSV/JSONL/XLSX corpora: which column holds each field "
        "(fields: text, title, date, source, url, author), e.g. text=body,title=Headline",
    )


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project)) as project:
        report = import_paths(
            project,
            [Path(p) for p in args.paths],
            max_bytes=args.max_size * 1024 * 1024,
            column_map=args.map,
            progress=progress("importing"),
        )
    for line in report.details().splitlines():
        err(line)
    out(report.summary())
    return EXIT_PARTIAL if report.rejected else EXIT_OK
