"""A document's details as the analyst types them: each value checked, with a message that
says what is wrong and how to write it, and cleaned the way the importers store them (NFC,
spaces collapsed on one line). The details form checks each field as it is typed; the
executor of :class:`~annotator.services.operations.EditDocument` checks them all again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from annotator.core.errors import OperationRefusedError
from annotator.services import operations as ops

MAX_LINE = 1000
"""The longest title, source, author or metadata value (a headline is under 200)."""
MAX_URL = 2048
MAX_FIELDS = 100
URL_SCHEMES = ("http", "https", "ftp")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
"""A language tag as BCP 47 writes one: en, de, pt-BR, zh-Hant-TW."""


def one_line(text: str, what: str, limit: int = MAX_LINE) -> str:
    """``text`` composed (NFC, like the texts and names), its spaces and line breaks
    collapsed, control characters gone; refused when longer than ``limit``."""
    visible = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    cleaned = " ".join(unicodedata.normalize("NFC", visible).split())
    if len(cleaned) > limit:
        raise OperationRefusedError(
            f"the {what} is {len(cleaned):,} characters long; at most {limit:,} fit"
        )
    return cleaned


def parse_date(text: str) -> dt.date | None:
    """A publication date written YYYY-MM-DD; None for an empty text."""
    text = text.strip()
    if not text:
        return None
    if not _DATE.fullmatch(text):
        raise OperationRefusedError(
            f"the date {text[:40]!r} is not written YYYY-MM-DD (for example 2024-03-05)"
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise OperationRefusedError(f"there is no day {text} in the calendar") from None


def check_date(date: dt.date | None, *, today: dt.date | None = None) -> dt.date | None:
    """A publication date, refused when it lies over a year ahead (a mistyped year)."""
    today = today or dt.datetime.now(dt.UTC).date()
    if date is not None and date > today + dt.timedelta(days=366):
        raise OperationRefusedError(
            f"the date {date.isoformat()} is in the future; was the year mistyped?"
        )
    return date


def check_url(text: str) -> str:
    """A web address (http, https or ftp, with a host) or nothing."""
    url = text.strip()
    if not url:
        return ""
    shown = url[:60] + ("…" if len(url) > 60 else "")
    if len(url) > MAX_URL:
        raise OperationRefusedError(f"the URL is {len(url):,} characters long; at most 2,048")
    if any(c.isspace() or unicodedata.category(c) == "Cc" for c in url):
        raise OperationRefusedError(
            f"the URL {shown!r} holds a space or a line break (write a space as %20)"
        )
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise OperationRefusedError(f"the URL {shown!r} cannot be read: {error}") from None
    if not parts.scheme:
        raise OperationRefusedError(
            f"the URL {shown!r} does not say how to reach it: write https://{url[:40]}"
        )
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        raise OperationRefusedError(
            f"the URL {shown!r} is not a web address (http:// or https:// and a host)"
        )
    return url


def check_language(text: str) -> str:
    """A language tag (en, de, pt-BR) or nothing."""
    language = text.strip()
    if language and not _LANGUAGE.fullmatch(language):
        raise OperationRefusedError(
            f"the language {language[:40]!r} is not a language code such as en, de or pt-BR"
        )
    return language


def clean_fields(
    pairs: tuple[tuple[str, str], ...] | None,
) -> tuple[tuple[str, str], ...] | None:
    """Free metadata as stored: names and values on one line each; a pair with neither is
    dropped; a value needs a name and a name appears once. None (or no pairs): none."""
    cleaned: list[tuple[str, str]] = []
    for name, value in pairs or ():
        key = one_line(name, "metadata name", 100)
        text = one_line(value, f"value of {key or 'a metadata field'}")
        if not key and not text:
            continue
        if not key:
            raise OperationRefusedError(f"the metadata value {text[:40]!r} needs a name")
        if any(key == seen for seen, _ in cleaned):
            raise OperationRefusedError(f"the metadata name {key!r} appears twice")
        cleaned.append((key, text))
    if len(cleaned) > MAX_FIELDS:
        raise OperationRefusedError(f"{len(cleaned)} metadata fields; at most {MAX_FIELDS}")
    return tuple(cleaned) or None


def checked_edit(op: ops.EditDocument) -> ops.EditDocument:
    """``op`` with every value it sets checked and cleaned (a refusal names the first
    that is not right)."""
    values: dict[str, Any] = {}
    for name in ("title", "source", "author"):
        value = getattr(op, name)
        if isinstance(value, str):
            values[name] = one_line(value, name)
    if isinstance(op.url, str):
        values["url"] = check_url(op.url)
    if isinstance(op.language, str):
        values["language"] = check_language(op.language)
    if op.published_at is not ops.UNSET:
        values["published_at"] = check_date(op.published_at)
    if op.fields is not ops.UNSET:
        values["fields"] = clean_fields(op.fields)
    return dataclasses.replace(op, checked=True, **values)


def fields_of(extra: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """The free metadata kept in a document's ``extra``, as (name, value) pairs."""
    found = extra.get("fields")
    if not isinstance(found, dict):
        return ()
    return tuple((str(name), "" if value is None else str(value)) for name, value in found.items())
