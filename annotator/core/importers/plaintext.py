"""Plain text and Markdown files (``.txt``, ``.md``).

Encodings: UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised; anything else
that is valid cp1252 is read as cp1252 and the choice is recorded in the document's metadata.
Files that look binary are refused. Broader detection (charset-normalizer) and other formats
come with the importers issue.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from annotator.core.importers import DEFAULT_MAX_FILE_BYTES, DocumentIn, RejectedFileError
from annotator.core.text import normalize_text

SUFFIXES = (".txt", ".md", ".markdown", ".text")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_MAX_TITLE_LENGTH = 200
_FALLBACK_TITLE_LENGTH = 80


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode file bytes; return (text, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data:
            raise RejectedFileError(f"{name}: looks like a binary file (it contains NUL bytes)")
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise RejectedFileError(f"{name}: not text in UTF-8, UTF-16 or cp1252")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = len(_CONTROLS.findall(sample))  # a regex: per-character Python was slow
    return bool(sample) and controls / len(sample) > 0.05


def title_from_first_line(text: str) -> str:
    """The first non-empty line when it looks like a headline; else the start of that line,
    cut at a word boundary and marked with an ellipsis."""
    for line in text.split("\n"):
        line = _MARKDOWN_HEADING.sub("", line.strip())
        if not line:
            continue
        if len(line) <= _MAX_TITLE_LENGTH and not line.endswith((".", ",", ";", ":")):
            return line
        cut = line[:_FALLBACK_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:.")
        return cut + "…"
    return ""


def read(path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> DocumentIn:
    """Read one plain-text or Markdown article."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise RejectedFileError(f"{path.name}: cannot be read ({error.strerror})") from error
    if size == 0:
        raise RejectedFileError(f"{path.name}: the file is empty (0 bytes)")
    if size > max_bytes:
        raise RejectedFileError(
            f"{path.name}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit "
            "for one article"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RejectedFileError(f"{path.name}: cannot be read ({error.strerror})") from error
    raw, encoding = decode(data, path.name)
    if _looks_binary(raw):
        raise RejectedFileError(f"{path.name}: looks like a binary file, not text")
    text = normalize_text(raw)
    if not text.strip():
        raise RejectedFileError(f"{path.name}: contains no text")
    return DocumentIn(
        text=text,
        origin=path.name,
        title=title_from_first_line(text),
        extra={
            "encoding": encoding,
            "format": "markdown" if path.suffix.lower() in (".md", ".markdown") else "text",
        },
    )
