"""What every command shares: exit codes, output streams and the terminal progress bar.

Everything printed goes through :func:`out` or :func:`err`, which escape control characters
(core/printable.py): names and texts come from files and users, and an ANSI sequence in a
file name must not reach the terminal. Commands also wrap each path, name or title they put
in a message in :func:`shown`, which escapes line breaks too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from annotator.core.printable import printable, shown

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "err", "out", "progress", "shown"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def out(text: str) -> None:
    print(printable(text))


def err(text: str) -> None:
    print(printable(text), file=sys.stderr)


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
