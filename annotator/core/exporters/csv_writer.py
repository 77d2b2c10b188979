"""CSV: RFC 4180, UTF-8 with a byte-order mark (so Excel reads it as UTF-8), one header row.

Two variants (the manifest names the one written, ``csv.variant``):

- ``spreadsheet`` (the default): text is written exactly as it is, except for the formula
  guard (:mod:`annotator.core.exporters.formula_guard`): a cell a spreadsheet could run as a
  formula gets a leading ``'``; ``unguard`` gives the original text back.
- ``exact`` (for R and pandas): no guard; every text cell is the stored text.

In both, empty values are empty strings, lists are joined with `` | `` and U+0000 is written
as U+FFFD (spreadsheets and R cannot read it; normalised document text never holds it, so
quotes are unaffected).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from annotator.core.exporters.formula_guard import guard

CsvVariant = Literal["spreadsheet", "exact"]
VARIANTS: tuple[CsvVariant, ...] = ("spreadsheet", "exact")
LIST_SEPARATOR = " | "
"""How CSV and XLSX cells join a list's items (aliases); see :func:`listable`."""


def listable(item: str) -> bool:
    """Whether ``item`` (spaces collapsed) comes back whole from a cell of items joined by
    :data:`LIST_SEPARATOR`: it must not hold the separator, begin with "| ", end with " |"
    or be "|" (a test splits every join of such items back into them)."""
    return (
        LIST_SEPARATOR not in item
        and not item.startswith("| ")
        and not item.endswith(" |")
        and item != "|"
    )


NUL_REPLACEMENT = "\ufffd"
"""U+0000 cannot be carried by a CSV cell that spreadsheets and R read; it is written as this."""


def cell_text(value: Any, variant: CsvVariant = "spreadsheet") -> str:
    """The text of one CSV cell for ``value``."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)  # numbers are never guarded: "-3" stays a number
    text = str(value).replace("\0", NUL_REPLACEMENT)
    return guard(text) if variant == "spreadsheet" else text


def csv_header(columns: Sequence[str]) -> bytes:
    """The byte-order mark and the header row, as ``write_csv`` starts a file."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(columns)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_csv(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    variant: CsvVariant = "spreadsheet",
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
            writer.writerow([cell_text(row.get(column), variant) for column in columns])
            count += 1
            if count % 1000 == 0:
                flush()
        flush()
    return count, digest.hexdigest()
