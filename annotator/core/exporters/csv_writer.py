"""CSV: RFC 4180, UTF-8 with a byte-order mark (so Excel reads it as UTF-8), one header row.

Text is written exactly as it is, except for the formula guard (DESIGN.md §5): a cell that
starts with ``= + - @``, tab, CR, LF or ``'`` gets a leading ``'`` so that a spreadsheet shows
it as text instead of running it (LibreOffice turned a quoted ``=HYPERLINK(...)`` into a live
formula). The manifest records the guard, so ``unguard`` gives the original text back.
Empty values are empty strings; lists are joined with `` | ``; U+0000 is written as U+FFFD.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

GUARD = "'"
GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "'")
LIST_SEPARATOR = " | "
NUL_REPLACEMENT = "\ufffd"
"""U+0000 cannot be carried by a CSV cell that spreadsheets and R read; it is written as this."""


def guard(text: str) -> str:
    """The cell text with the formula guard applied."""
    return GUARD + text if text.startswith(GUARDED_STARTS) else text


def unguard(cell: str) -> str:
    """The original text of a guarded cell (the inverse of :func:`guard`)."""
    if cell.startswith(GUARD) and cell[1:].startswith(GUARDED_STARTS):
        return cell[1:]
    return cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # numbers are never guarded: "-3" stays a number
    return guard(str(value).replace("\0", NUL_REPLACEMENT))


def csv_header(columns: Sequence[str]) -> bytes:
    """The byte-order mark and the header row, as ``write_csv`` starts a file."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(columns)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_csv(
    path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> tuple[int, str]:
    """Write ``rows`` (their ``columns``) to ``path``; return (row count, SHA-256)."""
    digest = hashlib.sha256()
    count = 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    with open(path, "wb") as handle:

        def flush() -> None:
            data = buffer.getvalue().encode("utf-8")
            digest.update(data)
            handle.write(data)
            buffer.seek(0)
            buffer.truncate()

        head = csv_header(columns)
        handle.write(head)
        digest.update(head)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])
            count += 1
            if count % 1000 == 0:
                flush()
        flush()
    return count, digest.hexdigest()
