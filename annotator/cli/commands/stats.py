"""``annotator stats PROJECT [--json]``: the six counts (DESIGN.md §8), then how many
documents have each coding status (``documents_done``...; flat keys, so the object stays
flat)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.cli.output import EXIT_OK, out
from annotator.services.project import ProjectService

NAME = "stats"
HELP = "count documents, statements, mentions, actors, claims, coders; coding progress"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    with ProjectService.open(Path(args.project), read_only=True) as project:
        stats = project.stats()
        for status, count in project.status_counts().items():
            stats[f"documents_{status.replace(' ', '_')}"] = count
    if args.json:
        out(json.dumps(stats))
    else:
        out("\n".join(f"{name:>21}: {value}" for name, value in stats.items()))
    return EXIT_OK
