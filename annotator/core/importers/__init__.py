"""Reading article files into :class:`DocumentIn` (one module per format).

Readers raise :class:`RejectedFileError` with a message naming the problem; the import use case
reports it against the file and goes on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
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
