"""What a coded dataset must be before any of it is loaded (issue #13.7, DESIGN.md §8a).

A dataset may come from anywhere: cut short by a full disk, edited by hand, made by another
tool, or hostile. Each row is read on its own (``core/dataset_readers``: a line that is not
UTF-8 or not JSON is that line's problem, not the file's), each value that reaches the
database is checked here with a reason in words, and the files are compared with the manifest
the export wrote beside them (row counts and SHA-256), so a cut or edited file is reported
instead of loading quietly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.core.dataset_readers.rows import RowProblemError
from annotator.core.dataset_schema import MANIFEST_FILE
from annotator.core.text import storable

__all__ = ["RowProblemError"]

MAX_CLAIM_DEPTH = 32
"""Deeper claim paths are refused: a codebook is a few levels deep, and a 3,000-level path
once made 3,006 claims from one row."""
MAX_LINE_CHARS = 64 * 1024 * 1024


def storable_json(value: Any) -> Any:
    """A parsed row with every string storable (``text.storable``: a JSON "\\ud800" escape
    gives a lone surrogate, which UTF-8 cannot hold)."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): storable_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable_json(item) for item in value]
    return value


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


def manifest_problems(folder: Path, read: Sequence[tuple[str, Path, str, int]]) -> list[str]:
    """How the tables ``read`` from ``folder`` differ from its manifest, in words; none when
    there is no manifest (a dataset made by hand). ``read`` holds, for each table, its entry
    in the manifest's ``files``, its file, its name in messages and the rows its reader read
    (the sheets of a workbook share one file and one SHA-256)."""
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
    problems: list[str] = []
    digests: dict[Path, str] = {}
    changed: dict[Path, bool] = {}
    for key, path, label, rows in read:
        listed = files.get(key)
        if not isinstance(listed, dict):
            problems.append(f"{label}: not listed in {MANIFEST_FILE}")
            continue
        if path not in digests:
            digests[path] = _digest(path)
        if listed.get("sha256") == digests[path]:
            continue
        expected = listed.get("rows")
        if isinstance(expected, int) and expected != rows:
            problems.append(
                f"{label}: {rows} rows, but {MANIFEST_FILE} says {expected} "
                "(the file was cut short or changed since it was exported)"
            )
            changed[path] = False
        else:
            changed.setdefault(path, True)
    problems += [
        f"{path.name}: its content differs from {MANIFEST_FILE} (changed since it was exported)"
        for path, only_content in changed.items()
        if only_content
    ]
    return problems


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
