"""``annotator codebook export PROJECT --out FILE`` and ``annotator codebook import PROJECT
FILE [--json]``: a codebook as a file of its own (the ``codebook.json`` a dataset carries),
to move it between projects (services/codebook_files.py says how import merges)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.cli.output import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, err, out, shown
from annotator.services.codebook_files import export_codebook, import_codebook
from annotator.services.project import ProjectService

NAME = "codebook"
HELP = "export the codebook to a file, or import one (merged by id, then by name)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="export|import")
    exporting = actions.add_parser("export", help="write the codebook as JSON")
    exporting.add_argument("project")
    exporting.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    importing = actions.add_parser(
        "import",
        help="merge a codebook file in: actors and claims found by id, then by name, take "
        "its names, descriptions and colours; the others are added",
    )
    importing.add_argument("project")
    importing.add_argument("file")
    importing.add_argument("--json", action="store_true", help="the report as JSON")


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        with ProjectService.open(Path(args.project), read_only=True, backup=False) as project:
            written = export_codebook(project, Path(args.out))
        out(f"codebook written to {shown(written)}")
        return EXIT_OK
    if args.action == "import":
        with ProjectService.open(Path(args.project)) as project:
            report, _changes, _undo = import_codebook(project, Path(args.file))
        for problem in report.file_problems:
            err(f"problem: {problem}")
        for message in report.messages:
            err(f"skipped: {message}")
        out(json.dumps(report.as_dict(), ensure_ascii=False) if args.json else report.summary())
        return EXIT_PARTIAL if report.partial else EXIT_OK
    err("say what to do: annotator codebook export|import ...")
    return EXIT_USAGE
