"""``annotator restore PROJECT [--from BACKUP]``: put a good backup back."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.output import EXIT_OK, out, shown
from annotator.services.maintenance import restore

NAME = "restore"
HELP = "replace the project with its newest good backup (the replaced file is kept)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--from", dest="backup", metavar="BACKUP", help="this backup file instead")


def run(args: argparse.Namespace) -> int:
    result = restore(Path(args.project), Path(args.backup) if args.backup else None)
    name = Path(args.project).name
    out(
        f"restored {shown(name)} from {shown(result.restored_from.name)}; "
        f"the replaced file is kept as {shown(result.replaced_file_kept_as)}"
    )
    return EXIT_OK
