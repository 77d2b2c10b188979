"""``annotator package PROJECT --out FILE [--documents ID,... | --query Q] [--sample N
[--seed S]] [--with-annotations] [--force]``: a coding package for one coder (docs/team.md)."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from annotator.cli.output import EXIT_OK, EXIT_USAGE, err, out, shown
from annotator.services.packages import PackageError, choose_documents, make_package
from annotator.services.project import ProjectService
from annotator.services.search import QueryError

NAME = "package"
HELP = "make a coding package for a coder: chosen documents, the codebook, no annotations"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="the lead's project")
    parser.add_argument("--out", required=True, metavar="FILE", help="the package to write")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--documents", metavar="ID,...", help="these documents (ids as export writes them)"
    )
    which.add_argument("--query", metavar="Q", help="the documents a search query finds")
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="N documents drawn at random (from those chosen, else from all)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        metavar="S",
        help="the sample's seed: the same seed draws the same documents (default: a random "
        "seed, printed so the sample can be drawn again)",
    )
    parser.add_argument(
        "--with-annotations",
        action="store_true",
        help="include the lead's annotations of those documents (default: none)",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument("--json", action="store_true", help="the result as JSON")


def run(args: argparse.Namespace) -> int:
    if args.seed is not None and args.sample is None:
        err("annotator: --seed goes with --sample N")
        return EXIT_USAGE
    seed = args.seed
    if args.sample is not None and seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
        err(f"sample seed: {seed} (--seed {seed} draws the same documents again)")
    ids = None
    if args.documents is not None:
        ids = [i.strip() for i in args.documents.split(",") if i.strip()]
    with ProjectService.open(Path(args.project), read_only=True, backup=False) as project:
        try:
            chosen = choose_documents(
                project, ids=ids, query=args.query, sample=args.sample, seed=seed or 0
            )
        except (PackageError, QueryError) as error:
            err(f"annotator: {error}")
            return EXIT_USAGE
        report = make_package(
            project,
            Path(args.out),
            chosen,
            with_annotations=args.with_annotations,
            force=args.force,
        )
    if args.json:
        out(
            json.dumps(
                {
                    "path": str(report.path),
                    "documents": chosen,
                    "annotations": report.annotations,
                    "actors": report.actors,
                    "claims": report.claims,
                    "lead_project_id": report.lead_project_id,
                    "seed": seed,
                },
                ensure_ascii=False,
            )
        )
    else:
        out(
            f"coding package written to {shown(str(report.path))}: {report.documents} "
            f"documents, {report.actors} actors, {report.claims} claims, "
            f"{report.annotations} annotations"
        )
    return EXIT_OK
