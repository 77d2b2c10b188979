"""``annotator reindex PROJECT``: rebuild the search index from the project file."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.output import EXIT_OK, out, progress
from annotator.services.maintenance import rebuild_index
from annotator.services.project import ProjectService

NAME = "reindex"
HELP = "rebuild the search index"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        documents = rebuild_index(project, progress=progress("indexing"))
    out(f"search index rebuilt: {documents} documents")
    return EXIT_OK
