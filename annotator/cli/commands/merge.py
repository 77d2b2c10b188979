"""``annotator merge PROJECT CODER_FILE... [--force] [--json]``: bring the coders' annotations
into the lead's project, with provenance (docs/team.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.cli.output import EXIT_OK, EXIT_PARTIAL, err, out, progress
from annotator.services.merging import merge_projects
from annotator.services.project import ProjectService

NAME = "merge"
HELP = "merge coders' projects (their coding packages) into the lead's project"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="the lead's project")
    parser.add_argument("files", nargs="+", metavar="CODER_FILE", help="the coders' projects")
    parser.add_argument(
        "--force",
        action="store_true",
        help="merge files that are not coding packages of this project too",
    )
    parser.add_argument("--json", action="store_true", help="the report as JSON")


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project)) as project:
        report, _changes, _undo = merge_projects(
            project,
            [Path(name) for name in args.files],
            force=args.force,
            progress=progress("reading"),
        )
    for conflict in report.conflicts:
        err(f"conflict: {conflict}")
    for source in report.sources:
        for message in source.messages:
            err(f"left out: {message}")
    if args.json:
        out(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for line in report.lines():
            if not line.startswith(("conflict: ", "left out: ")):
                out(line)
    return EXIT_PARTIAL if report.partial else EXIT_OK
