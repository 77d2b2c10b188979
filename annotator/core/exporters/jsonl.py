"""JSON Lines: UTF-8, one object per line, ``ensure_ascii=False``, no NaN, exact text."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def dumps(row: Mapping[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> tuple[int, str]:
    """Write rows to ``path``; return (row count, SHA-256 of the file)."""
    digest = hashlib.sha256()
    count = 0
    with open(path, "wb") as handle:
        for row in rows:
            line = (dumps(row) + "\n").encode("utf-8")
            digest.update(line)
            handle.write(line)
            count += 1
    return count, digest.hexdigest()


def write_json(path: Path, value: Any) -> str:
    """Write one JSON document (indented, for people); return its SHA-256."""
    data = (json.dumps(value, ensure_ascii=False, allow_nan=False, indent=2) + "\n").encode()
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def read_jsonl(path: Path) -> Iterable[tuple[int, Any]]:
    """Yield (line number, parsed value) for each non-empty line; bad JSON raises ValueError
    naming the line."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(
                    f"{path.name} line {number}: not valid JSON ({error.msg})"
                ) from error
