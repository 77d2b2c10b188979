"""Which reader a file needs, decided by its content first and its extension second.

A ``.html`` that is really a PDF is read as a PDF, a ``.txt`` holding a web page as a web
page, a ``.docx`` that is not a ZIP is refused as such; a file of an unknown extension is
still recognised when its content is unmistakable (``%PDF-``, a Word or Excel ZIP).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.importers import (
    DocumentIn,
    ReadOptions,
    RejectedItem,
    html,
    pdf,
    plaintext,
    tabular,
    word,
)

Reader = Callable[[Path, ReadOptions], Iterator[DocumentIn | RejectedItem]]

READERS: dict[str, Reader] = {
    "text": plaintext.read,
    "html": html.read,
    "docx": word.read,
    "pdf": pdf.read,
    "csv": tabular.read_csv,
    "jsonl": tabular.read_json,
    "xlsx": tabular.read_xlsx,
}
BY_SUFFIX = {
    **dict.fromkeys(plaintext.SUFFIXES, "text"),
    **dict.fromkeys(html.SUFFIXES, "html"),
    **dict.fromkeys(word.SUFFIXES, "docx"),
    **dict.fromkeys(pdf.SUFFIXES, "pdf"),
    **dict.fromkeys((".csv", ".tsv"), "csv"),
    **dict.fromkeys((".jsonl", ".ndjson", ".json"), "jsonl"),
    ".xlsx": "xlsx",
}
SUPPORTED = tuple(sorted(BY_SUFFIX))
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article")


def _zip_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()[:5000])
    except (zipfile.BadZipFile, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def detect_format(path: Path) -> str | None:
    """The reader name for ``path`` (a key of READERS), or None for files we do not read."""
    by_suffix = BY_SUFFIX.get(path.suffix.lower())
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return by_suffix  # the reader reports why it cannot be read
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path) or by_suffix
    if by_suffix in ("text", "html", None):
        sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if sniff.startswith(_HTML_MARKERS) or (sniff.startswith(b"<?xml") and b"<html" in sniff):
            return "html"
    return by_suffix
