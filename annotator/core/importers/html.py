"""Saved web pages (``.html``, ``.htm``): the article text and its metadata (title, author,
date, site name, URL) extracted with trafilatura, without the menus, ads and comments.

Safety: trafilatura parses with lxml's HTML parser, which neither loads DTDs nor fetches
external entities and does not expand internal entity declarations, so an XXE or a
"billion laughs" page gives its visible text and nothing else (tests/fixtures/import/).
The page's ``<base>``/links are never followed: nothing is fetched.
"""

from __future__ import annotations

import logging
import re
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


_ENTITY_REFERENCE = re.compile(r"&#?\w+;")
_LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 10
"""A web page whose extracted text has fewer letters than this is not an article."""
MIN_LETTER_SHARE = 0.25
"""...nor one whose visible characters are mostly not letters (menus of "| >> | 1 2 3")."""


def is_junk(text: str) -> bool:
    """Whether extracted text is not an article: (nearly) no letters once the entity
    references that lxml leaves unexpanded (``&a9;`` of an entity bomb) are taken out, or
    mostly symbols and digits."""
    rest = _ENTITY_REFERENCE.sub(" ", text)
    visible = sum(1 for char in rest if not char.isspace())
    letters = len(_LETTER.findall(rest))
    return letters < MIN_LETTERS or letters < MIN_LETTER_SHARE * visible


def _junk_reason(text: str, data: bytes) -> str:
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    if _ENTITY_REFERENCE.search(text) and b"<!ENTITY" in data:
        why = "its text is only entity references that its DOCTYPE declares (an entity bomb?)"
    else:
        why = "the text found is not an article"
    return f"no article text found in the web page: {why}; extracted only {shown!r}"


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
    if is_junk(text):
        raise RejectedFileError(f"{path.name}: {_junk_reason(text, data)}")
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
