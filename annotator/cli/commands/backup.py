"""``annotator backup PROJECT [--to PATH]``: a verified backup now, or a verified copy.

A project is copied with this command (or the window's File → Save a Copy…), never with a
file manager while it is open: a plain copy can miss what is still in its -wal file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.output import EXIT_OK, out, shown
from annotator.services.maintenance import backup_now, save_copy

NAME = "backup"
HELP = "write a verified backup of the project now (or, with --to, a verified copy)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument(
        "--to",
        metavar="PATH",
        help="write a verified copy here (a file, or a folder to put it in) instead of "
        "into the project's backup folder; safe while the project is open",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="with --to: replace an existing file"
    )


def run(args: argparse.Namespace) -> int:
    if args.to:
        made = save_copy(Path(args.project), Path(args.to), overwrite=args.overwrite)
        out(f"verified copy written to {shown(made)}")
        return EXIT_OK
    made = backup_now(Path(args.project))
    out(f"verified backup written to {shown(made)}")
    return EXIT_OK
