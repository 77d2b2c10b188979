"""``annotator init PROJECT [--demo]``: a new project file."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.output import EXIT_OK, out, shown
from annotator.services.demo import DEMO_NAME, create_demo_project
from annotator.services.project import ProjectService

NAME = "init"
HELP = "create a new project file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--demo", action="store_true", help="with the sample articles and codebook")
    parser.add_argument("--name", help="project name (default: the file name)")


def run(args: argparse.Namespace) -> int:
    path = Path(args.project)
    if args.demo:
        project, report = create_demo_project(path)
        with project:
            out(f"created {shown(path)} ({DEMO_NAME}): {report.summary()}")
            return EXIT_OK
    with ProjectService.create(path, name=args.name):
        out(f"created {shown(path)}")
    return EXIT_OK
