"""Reading article files into :class:`DocumentIn` (one module per format).

A reader takes a path and :class:`ReadOptions` and yields what the file holds: one
``DocumentIn`` for an article file, one per row for a corpus file (CSV, JSONL, XLSX), and a
:class:`RejectedItem` for each row that cannot become a document. A file that cannot be read
at all raises :class:`RejectedFileError` with a message naming the problem; the import use
case reports it against the file and goes on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_MB = 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 50 * _MB
"""Files larger than this are refused without being read (``--max-size`` changes it)."""


class RejectedFileError(Exception):
    """A file that cannot be imported; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class DocumentIn:
    """An article read from a file, text already normalised, not yet in a project."""

    text: str
    origin: str
    title: str = ""
    source: str = ""
    url: str = ""
    author: str = ""
    published_at: dt.date | None = None
    language: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RejectedItem:
    """One part of a file (a row of a corpus) that cannot be imported, and why."""

    origin: str
    reason: str


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_FILE_BYTES
    column_map: dict[str, str] = field(default_factory=dict)
    """For corpus files: our field (title, text, date, source, url, author) -> their column."""


def checked_size(path: Path, max_bytes: int) -> int:
    """The size of ``path``; refuse empty files and files over the limit without reading."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise RejectedFileError(f"{path.name}: cannot be read ({error.strerror})") from error
    if size == 0:
        raise RejectedFileError(f"{path.name}: the file is empty (0 bytes)")
    if size > max_bytes:
        raise RejectedFileError(
            f"{path.name}: {size / _MB:.1f} MB is over the {max_bytes / _MB:.0f} MB limit "
            "for one file (change it with --max-size)"
        )
    return size


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` after :func:`checked_size`."""
    checked_size(path, max_bytes)
    try:
        return path.read_bytes()
    except OSError as error:
        raise RejectedFileError(f"{path.name}: cannot be read ({error.strerror})") from error
