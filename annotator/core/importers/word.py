"""Word documents (``.docx``): the paragraphs (and table cells) in order, and the core
properties (title, author, created) as metadata.

The file is checked as a hostile ZIP first (safezip). python-docx parses its XML with lxml
with entity resolution off, so external entities in a crafted part are not fetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.importers import DocumentIn, ReadOptions, RejectedFileError, checked_size
from annotator.core.importers.plaintext import title_from_first_line
from annotator.core.importers.safezip import open_checked
from annotator.core.text import normalize_text

SUFFIXES = (".docx",)


def _block_texts(document: Any) -> Iterator[str]:
    """Paragraph texts in document order, tables row by row (cells joined by tabs)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                yield "\t".join(cell.text for cell in row.cells)


def read(path: Path, options: ReadOptions) -> Iterator[DocumentIn]:
    checked_size(path, options.max_bytes)
    with open_checked(path, "Word") as archive:
        if "word/document.xml" not in archive.namelist():
            raise RejectedFileError(f"{path.name}: not a Word document (no word/document.xml)")
    import docx

    try:
        document = docx.Document(str(path))
        text = normalize_text("\n\n".join(t for t in _block_texts(document) if t.strip()))
        properties = document.core_properties
        title, author = properties.title or "", properties.author or ""
        created = properties.created
    except Exception as error:  # python-docx raises many kinds on a damaged file
        raise RejectedFileError(f"{path.name}: damaged Word document ({error})") from error
    if not text.strip():
        raise RejectedFileError(f"{path.name}: the Word document contains no text")
    # The file's creation time is not the article's publication date: kept, not used as it.
    extra: dict[str, Any] = {"format": "docx"}
    if isinstance(created, dt.datetime):
        extra["file_created"] = created.isoformat()
    yield DocumentIn(
        text=text,
        origin=path.name,
        title=" ".join(title.split()) or title_from_first_line(text),
        author=" ".join(author.split()),
        extra=extra,
    )
