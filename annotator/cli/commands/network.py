"""``annotator network PROJECT --type two-mode|congruence|conflict|subtract [--mode actors|claims]
... --format graphml|gexf|csv|dl|json --out PATH``: discourse networks (docs/networks.md)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from annotator.cli.output import EXIT_OK, out
from annotator.services.networks import (
    DUPLICATES,
    FORMATS,
    MODES,
    NETWORK_TYPES,
    NORMALIZATIONS,
    QUALIFIERS,
    NetworkOptions,
    NetworkOptionsError,
    Period,
    export_networks,
    parse_stance_values,
)
from annotator.services.project import ProjectService

NAME = "network"
HELP = "write a discourse network (actor x claim, congruence, conflict) for network tools"


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except NetworkOptionsError as error:  # a usage error (exit 2), as argparse reports it
        raise argparse.ArgumentTypeError(str(error)) from error


def _stance_values(text: str) -> dict[str, float]:
    try:
        return parse_stance_values(text)
    except NetworkOptionsError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument(
        "--type",
        choices=NETWORK_TYPES,
        default="two-mode",
        help="two-mode: actors x claims; or one-mode, weighted by agreement (congruence), "
        "disagreement (conflict) or their difference (subtract)",
    )
    parser.add_argument(
        "--mode", choices=MODES, default="actors", help="nodes of a one-mode network"
    )
    parser.add_argument(
        "--stance-values",
        type=_stance_values,
        metavar="LABEL=N,...",
        help="the value of each stance of the scale (default: support=1,oppose=-1,neutral=0)",
    )
    parser.add_argument(
        "--qualifier",
        choices=QUALIFIERS,
        help="ignore the stance (co-occurrence), or for two-mode: subtract (sum of stance "
        "values) or combine (a code for the set of stances used)",
    )
    parser.add_argument(
        "--normalize",
        choices=NORMALIZATIONS,
        default="none",
        help="two-mode: activity or prominence; one-mode: average, jaccard or cosine "
        "(docs/networks.md has the formulas)",
    )
    parser.add_argument(
        "--from", dest="date_from", type=dt.date.fromisoformat, metavar="YYYY-MM-DD"
    )
    parser.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument(
        "--window",
        type=_period,
        metavar="N[dwmy]",
        help="one network per time window of this length (1y, 6m, 2w, 30d)",
    )
    parser.add_argument(
        "--step", type=_period, metavar="N[dwmy]", help="between windows (default: --window)"
    )
    parser.add_argument(
        "--claims", metavar="ID_OR_LABEL", help="only statements on this claim or its sub-claims"
    )
    parser.add_argument(
        "--coder",
        dest="coders",
        action="append",
        metavar="NAME",
        help="only statements by this coder (repeatable)",
    )
    parser.add_argument(
        "--stance",
        dest="stances",
        action="append",
        metavar="STANCE",
        help="only statements with this stance (repeatable)",
    )
    parser.add_argument(
        "--duplicates",
        choices=DUPLICATES,
        default="all",
        help="count one statement with the same speaker, claim and stance per document, "
        "week, month or year",
    )
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument(
        "--out", required=True, help="the file to write (with windows: one per window)"
    )


def run(args: argparse.Namespace) -> int:
    options = NetworkOptions(
        type=args.type,
        mode=args.mode,
        qualifier=args.qualifier,
        normalize=args.normalize,
        stance_values=args.stance_values,
        date_from=args.date_from,
        date_to=args.date_to,
        window=args.window,
        step=args.step,
        claims=args.claims,
        coders=tuple(args.coders or ()),
        stances=tuple(args.stances or ()),
        duplicates=args.duplicates,
    )
    options.check()
    with ProjectService.open(Path(args.project), read_only=True) as project:
        written = export_networks(project, options, args.format, Path(args.out))
    out(written.summary())
    return EXIT_OK
