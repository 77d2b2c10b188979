"""``annotator self-test`` (also ``--self-test``): this installation, end to end."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from annotator.cli.output import EXIT_ERROR, EXIT_OK, out
from annotator.services.self_test import run_self_test

NAME = "self-test"
HELP = "check this installation end to end on the bundled seeds (also: --self-test)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-window", action="store_true", help="skip the window step (no Qt)")


def run(args: argparse.Namespace) -> int:
    # Everything in a throwaway home (no user settings, recent files or caches touched) and
    # offscreen unless a platform is asked for: the self-test runs in CI without a display.
    with tempfile.TemporaryDirectory(prefix="annotator-self-test-home-") as home:
        os.environ["ANNOTATOR_HOME"] = home
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        extra: tuple[tuple[str, Callable[[Path], str]], ...] = ()
        if not args.no_window:
            from annotator.gui.self_test import window_step

            extra = (("window", window_step),)
        passed = run_self_test(out, extra)
    return EXIT_OK if passed else EXIT_ERROR
