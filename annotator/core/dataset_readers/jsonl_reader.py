"""JSONL: each line on its own (a line that is not UTF-8 or not JSON is that line's problem,
not the file's), parsed as it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.dataset_readers.rows import RowProblemError, Rows

MAX_LINE_CHARS = 64 * 1024 * 1024


def read_jsonl(path: Path) -> Rows:
    """(line number, parsed JSON value or the line's problem) of each non-empty line."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield number, RowProblemError(f"it is not UTF-8 text (byte {error.start + 1})")
                continue
            if len(line) > MAX_LINE_CHARS:
                yield number, RowProblemError("the line is longer than 64 MB")
                continue
            try:
                yield number, json.loads(line, parse_constant=_no_constant)
            except RowProblemError as problem:
                yield number, problem
            except (ValueError, RecursionError) as error:
                reason = error.msg if isinstance(error, json.JSONDecodeError) else "too deep"
                cut = "" if raw.endswith(b"\n") else " (the line is cut short)"
                yield number, RowProblemError(f"it is not valid JSON: {reason}{cut}")


def _no_constant(name: str) -> Any:
    raise RowProblemError(f"it holds {name}, which is not a JSON number")
