"""CSV as ``exporters/csv_writer`` writes it: RFC 4180, UTF-8 (a byte-order mark is skipped),
a header row naming the columns.

In the ``spreadsheet`` variant every cell loses the formula guard (``formula_guard.unguard``:
the leading ``'`` added to a cell a spreadsheet could run, and only it); the ``exact``
variant is read as it is. U+0000, which CSV cannot carry, was written as U+FFFD and stays so
(:func:`as_written` says what CSV makes of a text, so that the loader keeps a stored text the
file could only carry changed). Rows are numbered as a spreadsheet shows them: the header is
row 1.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.core.dataset_readers.rows import RowProblemError, Rows, header_problem, typed_row
from annotator.core.exporters.csv_writer import NUL_REPLACEMENT
from annotator.core.exporters.formula_guard import unguard

MAX_CELL_CHARS = 64 * 1024 * 1024
"""The longest cell read (a document's text with ``--with-text``); the csv module's own
limit is 128 KiB."""


def as_written(text: str) -> str:
    """What a CSV export makes of ``text`` (U+0000 becomes U+FFFD)."""
    return text.replace("\0", NUL_REPLACEMENT)


class _Lines:
    """The lines of a file, decoded one by one; a line that is not UTF-8 is decoded with
    U+FFFD for its bad bytes and remembered, so that only its row is refused."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.bad: dict[int, int] = {}  # line number -> the first bad byte (1-based)

    def __iter__(self) -> Iterator[str]:
        for number, raw in enumerate(self.handle, start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                self.bad[number] = error.start + 1
                yield raw.decode("utf-8", "replace")


def read_csv(path: Path, table: str, *, guarded: bool) -> Rows:
    """(row number, the row as JSONL has it, or the row's problem) of each non-empty row of
    the CSV file of ``table``; ``guarded``: the file is the spreadsheet variant."""
    if csv.field_size_limit() < MAX_CELL_CHARS:
        csv.field_size_limit(MAX_CELL_CHARS)
    with open(path, "rb") as handle:
        lines = _Lines(handle)
        reader = csv.reader(lines, strict=True)
        header: list[str] | None = None
        number, last_line = 0, 0
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                last_line = reader.line_num
                yield number, RowProblemError(f"it is not valid CSV ({error})")
                if header is None:
                    return
                continue
            first_line, last_line = last_line + 1, reader.line_num
            bad = [n for n in range(first_line, last_line + 1) if n in lines.bad]
            if header is None:
                problem = header_problem(cells)
                if problem is not None or bad:
                    yield number, problem or RowProblemError("the header is not UTF-8 text")
                    return
                header = cells
                continue
            if not any(cells):
                continue  # a blank row (still numbered, as a spreadsheet shows it)
            if bad:
                yield (
                    number,
                    RowProblemError(
                        f"it is not UTF-8 text (line {bad[0]}, byte {lines.bad[bad[0]]}; "
                        "Excel: save as CSV UTF-8)"
                    ),
                )
            elif len(cells) < len(header):
                yield (
                    number,
                    RowProblemError(
                        f"it has {len(cells)} cells, the header {len(header)} (cut short?)"
                    ),
                )
            elif any(cells[len(header) :]):
                yield (
                    number,
                    RowProblemError(
                        f"it has {len(cells)} cells, more than the header's {len(header)}"
                    ),
                )
            else:
                values = [unguard(cell) for cell in cells] if guarded else cells
                yield number, typed_row(table, header, values)
