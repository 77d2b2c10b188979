"""What a coded dataset must be before any of it is loaded (issue #13.7, DESIGN.md §8a).

A dataset may come from anywhere: cut short by a full disk, edited by hand, made by another
tool, or hostile. Each line is read on its own (a line that is not UTF-8 or not JSON is that
line's problem, not the file's), each value that reaches the database is checked here with a
reason in words, and the files are compared with the manifest the export wrote beside them
(row counts and SHA-256), so a cut or edited file is reported instead of loading quietly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.dataset_schema import MANIFEST_FILE

MAX_CLAIM_DEPTH = 32
"""Deeper claim paths are refused: a codebook is a few levels deep, and a 3,000-level path
once made 3,006 claims from one row."""
MAX_LINE_CHARS = 64 * 1024 * 1024


class RowProblemError(ValueError):
    """One row cannot be loaded; the message says why."""


def read_rows(path: Path) -> Iterator[tuple[int, Any | RowProblemError]]:
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


def offsets(row: dict[str, Any]) -> tuple[int, int]:
    """The row's ``start`` and ``end``: whole numbers with 0 <= start <= end (whether they fit
    the text is the anchoring's question: a row that does not fit is re-anchored by quote)."""
    found = []
    for key in ("start", "end"):
        value = row.get(key)
        if isinstance(value, float) and value.is_integer() and math.isfinite(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise RowProblemError(f"its {key} {value!r} is not a whole number")
        found.append(value)
    start, end = found
    if not 0 <= start <= end:
        raise RowProblemError(f"its offsets {start}-{end} are not a span (0 <= start <= end)")
    return start, end


def timestamp(value: Any, fallback: dt.datetime, key: str) -> dt.datetime:
    """An ISO 8601 time, as UTC (no zone: taken as UTC); ``fallback`` when absent."""
    if value is None or value == "":
        return fallback
    if not isinstance(value, str):
        raise RowProblemError(f"its {key} {value!r} is not a date and time")
    try:
        parsed = dt.datetime.fromisoformat(value)
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise RowProblemError(f"its {key} {value[:40]!r} is not a date and time") from None


def claim_path(value: Any) -> list[str]:
    """The labels of a ``claim_path`` ("Economy > Taxation"), at most MAX_CLAIM_DEPTH."""
    if value is None:
        return []
    if not isinstance(value, str):
        raise RowProblemError(f"its claim_path {value!r} is not text")
    parts = [part for part in value.split(" > ") if part.strip()]
    if len(parts) > MAX_CLAIM_DEPTH:
        raise RowProblemError(
            f"its claim_path is {len(parts)} levels deep; the most is {MAX_CLAIM_DEPTH}"
        )
    return parts


def stance_scale(value: Any) -> list[str]:
    """A codebook's ``stance_scale``: a list of stance names."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RowProblemError(f"stance_scale must be a list of stance names, not {value!r:.60}")
    return [v.strip() for v in value]


def manifest_problems(folder: Path, names: list[str]) -> list[str]:
    """How the dataset files ``names`` in ``folder`` differ from its manifest (row counts and
    SHA-256), in words; none when there is no manifest (a dataset made by hand)."""
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        return []
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{MANIFEST_FILE}: unreadable, so the files cannot be checked against it"]
    problems = []
    for name in names:
        listed = files.get(name)
        if not isinstance(listed, dict):
            problems.append(f"{name}: not listed in {MANIFEST_FILE}")
            continue
        digest, rows = _digest_and_rows(folder / name)
        if listed.get("sha256") == digest:
            continue
        expected = listed.get("rows")
        if isinstance(expected, int) and expected != rows:
            problems.append(
                f"{name}: {rows} rows, but {MANIFEST_FILE} says {expected} "
                "(the file was cut short or changed since it was exported)"
            )
        else:
            problems.append(
                f"{name}: its content differs from {MANIFEST_FILE} (changed since it was exported)"
            )
    return problems


def _digest_and_rows(path: Path) -> tuple[str, int]:
    digest, rows = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for line in handle:
            digest.update(line)
            rows += bool(line.strip())
    return digest.hexdigest(), rows
