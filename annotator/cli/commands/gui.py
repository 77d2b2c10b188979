"""``annotator [gui] [PROJECT]``: the app (no PROJECT: the last project, else the demo)."""

from __future__ import annotations

import argparse

NAME = "gui"
HELP = "open the app (default: the last project, else the demo)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", help="project file")
    parser.add_argument("--screenshot", metavar="PNG", help="save a picture of the window and quit")


def run(args: argparse.Namespace) -> int:
    from annotator.gui.app import run_gui  # Qt loads only when the GUI is wanted

    return run_gui(args.project, screenshot=args.screenshot, coder=args.coder)
