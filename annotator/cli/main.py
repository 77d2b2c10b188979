"""Argument parsing and dispatch of the ``annotator`` command (one module per command in
``annotator/cli/commands``).

Exit codes: 0 ok, 1 error, 2 usage, 3 partial (some inputs rejected, each named on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from annotator import __version__
from annotator.cli.commands import COMMANDS
from annotator.cli.output import EXIT_ERROR, EXIT_OK, err
from annotator.core.errors import AnnotatorError
from annotator.core.logging_setup import configure_logging

COMMAND_NAMES = tuple(command.NAME for command in COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code actors, claims and stance in news articles. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"Annotator {__version__}")
    parser.add_argument("--coder", help="coder name (default: your user name)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to the console too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        epilog = getattr(command, "EPILOG", None)  # kept as written (a table of examples)
        p = sub.add_parser(
            command.NAME,
            help=command.HELP,
            description=command.HELP,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter
            if epilog
            else argparse.HelpFormatter,
        )
        p.set_defaults(handler=command.run)
        command.add_arguments(p)
    return parser


def _default_to_gui(args: list[str]) -> list[str]:
    """`annotator`, `annotator FILE` or `annotator --screenshot X` open the app: insert `gui`
    where a command would stand, after the global options."""
    position = 0
    while position < len(args):
        arg = args[position]
        if arg in ("-h", "--help", "--version"):
            return args
        if arg == "--coder":
            position += 2
        elif arg in ("-v", "--verbose") or arg.startswith("--coder="):
            position += 1
        else:
            break
    if position < len(args) and args[position] in COMMAND_NAMES:
        return args
    return [*args[:position], "gui", *args[position:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    given = ["self-test" if arg == "--self-test" else arg for arg in given]
    args = build_parser().parse_args(_default_to_gui(given))
    configure_logging(verbose=args.verbose)
    try:
        return int(args.handler(args))
    except AnnotatorError as error:
        err(f"annotator: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err("annotator: interrupted")
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader stopped reading (`annotator search ... | head`): end quietly. Python
        # flushes stdout again at exit; pointing it at the null device keeps that quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
