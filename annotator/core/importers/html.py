"""Saved web pages (``.html``, ``.htm``): the article text and its metadata (title, author,
date, site name, URL) extracted with trafilatura, without the menus, ads and comments.

Safety: trafilatura parses with lxml's HTML parser, which neither loads DTDs nor fetches
external entities and does not expand internal entity declarations, so an XXE or a
"billion laughs" page gives its visible text and nothing else (tests/fixtures/import/).
The page's ``<base>``/links are never followed: nothing is fetched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.importers import DocumentIn, ReadOptions, RejectedFileError, read_bytes
from annotator.core.importers.dates import parse_date
from annotator.core.importers.plaintext import title_from_first_line
from annotator.core.text import normalize_text

SUFFIXES = (".html", ".htm", ".xhtml")
_DATE_SEARCH = {"extensive_search": False, "original_date": True}
"""Only dates the page declares (meta tags, structured data, URL), never one guessed from
the running text: a wrong date is worse than none for analysts filtering by date."""


def _quiet() -> None:
    for name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.ERROR)


def read(path: Path, options: ReadOptions) -> Iterator[DocumentIn]:
    data = read_bytes(path, options.max_bytes)
    import trafilatura

    _quiet()
    try:
        extracted = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params=_DATE_SEARCH,
        )
    except Exception as error:  # lxml and trafilatura raise many kinds on broken input
        raise RejectedFileError(
            f"{path.name}: the web page could not be parsed ({error})"
        ) from error
    body = getattr(extracted, "text", None) or ""
    text = normalize_text(body)
    if not text.strip():
        raise RejectedFileError(f"{path.name}: no article text found in the web page")
    title = " ".join((getattr(extracted, "title", None) or "").split())
    raw_date = getattr(extracted, "date", None) or ""
    extra: dict[str, Any] = {
        "format": "html",
        "extractor": f"trafilatura {trafilatura.__version__}",
    }
    if raw_date:
        extra["published_raw"] = raw_date
    hostname = getattr(extracted, "hostname", None) or ""
    yield DocumentIn(
        text=text,
        origin=path.name,
        title=title or title_from_first_line(text),
        source=" ".join((getattr(extracted, "sitename", None) or hostname).split()),
        url=(getattr(extracted, "url", None) or "").strip(),
        author=" ".join((getattr(extracted, "author", None) or "").split()),
        published_at=parse_date(raw_date) if raw_date else None,
        language=(getattr(extracted, "language", None) or "").strip(),
        extra=extra,
    )
