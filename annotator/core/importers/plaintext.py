"""Plain text and Markdown files (``.txt``, ``.md``).

Encodings: UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised; anything else
is detected by charset-normalizer (cp1252, latin-1, cp1251, ...) and the choice is recorded
in the document's metadata (``encoding``). Files that look binary are refused.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from annotator.core.importers import DocumentIn, ReadOptions, RejectedFileError, read_bytes
from annotator.core.text import normalize_text

SUFFIXES = (".txt", ".md", ".markdown", ".text")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_MAX_TITLE_LENGTH = 200
_FALLBACK_TITLE_LENGTH = 80


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode file bytes; return (text, encoding name).

    A byte-order mark decides; else UTF-8 when the bytes are valid UTF-8 (the common case,
    and charset-normalizer can mistake short UTF-8 for something else); else the encoding
    charset-normalizer finds most likely (cp1252, latin-1, cp1251, Shift JIS, ...)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise RejectedFileError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {error.start}: {error.reason})"
                ) from error
    if b"\x00" in data[:65536]:
        raise RejectedFileError(f"{name}: looks like a binary file (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: it is only needed for odd files

    matches = from_bytes(data[:262144])
    best = matches.best()
    if best is None:
        raise RejectedFileError(f"{name}: not text in any encoding that could be recognised")
    encoding = best.encoding
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    if encoding != "cp1252" and ("cp1252" in tied or best.coherence == 0):
        # Several single-byte encodings fit equally well (or there is no language evidence)
        # and charset-normalizer then picks among them arbitrarily: "crème" read as cp1250
        # gives "crčme". Windows-1252 is by far the most common of them in news files.
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("cp1252"), "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise RejectedFileError(
            f"{name}: not text in any encoding that could be recognised (closest: {encoding})"
        ) from error


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


def document_from_text(raw: str, path: Path, extra: dict[str, str]) -> DocumentIn:
    if _looks_binary(raw):
        raise RejectedFileError(f"{path.name}: looks like a binary file, not text")
    text = normalize_text(raw)
    if not text.strip():
        raise RejectedFileError(f"{path.name}: contains no text")
    return DocumentIn(text=text, origin=path.name, title=title_from_first_line(text), extra=extra)


def read(path: Path, options: ReadOptions) -> Iterator[DocumentIn]:
    """Read one plain-text or Markdown article."""
    raw, encoding = decode(read_bytes(path, options.max_bytes), path.name)
    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    yield document_from_text(raw, path, {"encoding": encoding, "format": kind})
