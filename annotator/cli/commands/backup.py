"""``annotator backup PROJECT``: a verified backup now."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.output import EXIT_OK, out
from annotator.services.maintenance import backup_now

NAME = "backup"
HELP = "write a verified backup of the project now"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")


def run(args: argparse.Namespace) -> int:
    made = backup_now(Path(args.project))
    out(f"verified backup written to {made}")
    return EXIT_OK
