"""PDF files: the text layer, page by page (pypdf), with the title, author and creation date
from the document information. A scanned PDF has no text layer: it is reported as such (OCR
it first), never imported as an empty document."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.importers import DocumentIn, ReadOptions, RejectedFileError, checked_size
from annotator.core.importers.plaintext import title_from_first_line
from annotator.core.text import normalize_text

SUFFIXES = (".pdf",)
MIN_CHARACTERS_PER_PAGE = 20
"""Fewer extracted characters than this per page on average: a scan, not a text PDF."""


def read(path: Path, options: ReadOptions) -> Iterator[DocumentIn]:
    checked_size(path, options.max_bytes)
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns on every odd object
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise RejectedFileError(f"{path.name}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except RejectedFileError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise RejectedFileError(f"{path.name}: damaged PDF ({error})") from error
    text = normalize_text("\n\n".join(page.strip() for page in pages if page.strip()))
    if len(text.strip()) < MIN_CHARACTERS_PER_PAGE * max(1, len(pages)) / 4:
        raise RejectedFileError(
            f"{path.name}: the PDF has no text layer ({len(pages)} pages of images: a scan?); "
            "run OCR on it first"
        )
    title = author = ""
    extra: dict[str, Any] = {"format": "pdf", "pages": len(pages)}
    if info is not None:
        title = " ".join(str(info.title or "").split())
        author = " ".join(str(info.author or "").split())
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        if created is not None:  # when the PDF was made, not when the article appeared
            extra["file_created"] = created.isoformat()
    yield DocumentIn(
        text=text,
        origin=path.name,
        title=title or title_from_first_line(text),
        author=author,
        extra=extra,
    )
