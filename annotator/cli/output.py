"""What every command shares: exit codes, output streams and the terminal progress bar."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def out(text: str) -> None:
    print(text)


def err(text: str) -> None:
    print(text, file=sys.stderr)


def progress(label: str, *, stream: TextIO | None = None) -> Callable[[int, int], None] | None:
    """A progress bar on a terminal; nothing when the stream is piped (scripts, CI)."""
    stream_ = stream or sys.stderr
    if not stream_.isatty():
        return None
    width = 30

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = round(width * share)
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done >= total else ""
        stream_.write(f"\r{label} [{bar}] {done}/{total} {share:4.0%}{end}")
        stream_.flush()

    return show
