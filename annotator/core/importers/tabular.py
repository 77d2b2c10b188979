"""Corpus files from news databases and scrapers: one article per row of a CSV, JSON Lines
(or JSON array) or Excel file.

Columns are matched to our fields by their usual names (title/headline, text/body/content,
date/published, source/outlet/publication, url/link, author/byline), or as the user maps
them (``--map text=body,title=Headline``). Every other column is kept in the document's
metadata (``fields``). A row without text is reported by its number and the rest go in.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.core.importers import (
    DocumentIn,
    ReadOptions,
    RejectedFileError,
    RejectedItem,
    checked_size,
    read_bytes,
)
from annotator.core.importers.dates import parse_date
from annotator.core.importers.plaintext import decode, title_from_first_line
from annotator.core.importers.safezip import open_checked
from annotator.core.text import normalize_text

FIELDS = ("text", "title", "date", "source", "url", "author")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "article_text",
             "story", "maintext", "main_text"),
    "title": ("title", "headline", "heading", "head", "hl"),
    "date": ("date", "published", "published_at", "publication_date", "pub_date", "pubdate",
             "date_published", "datetime", "timestamp", "published_date"),
    "source": ("source", "outlet", "publication", "publisher", "media", "newspaper", "site",
               "sitename", "site_name", "source_name", "medium"),
    "url": ("url", "link", "permalink", "uri", "source_url", "article_url"),
    "author": ("author", "byline", "authors", "writer", "by"),
}  # fmt: skip
_KEY = re.compile(r"[\s\-.]+")


def _key(column: str) -> str:
    return _KEY.sub("_", column.strip().lower())


def parse_column_map(spec: str) -> dict[str, str]:
    """``"text=body,title=Headline"`` -> {"text": "body", "title": "Headline"}."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        field, _, column = part.partition("=")
        field = field.strip().lower()
        if field not in FIELDS or not column.strip():
            raise ValueError(
                f"--map {part!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        mapping[field] = column.strip()
    return mapping


def map_columns(name: str, columns: list[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """Our field -> the file's column, from the user's map first, then the usual names."""
    by_key = {_key(c): c for c in reversed(columns)}  # the first of equal keys wins
    mapping: dict[str, str] = {}
    for field, wanted in overrides.items():
        column = by_key.get(_key(wanted))
        if column is None:
            raise RejectedFileError(
                f"{name}: --map {field}={wanted}: no such column (columns: {', '.join(columns)})"
            )
        mapping[field] = column
    for field in FIELDS:
        if field not in mapping:
            found = next((by_key[s] for s in SYNONYMS[field] if s in by_key), None)
            if found is not None and found not in mapping.values():
                mapping[field] = found
    if "text" not in mapping:
        raise RejectedFileError(
            f"{name}: no column of article text found (columns: {', '.join(columns)}); "
            "name it with --map text=COLUMN"
        )
    return mapping


def _string(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_string(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _document(
    origin: str,
    row: Mapping[str, Any],
    mapping: Mapping[str, str],
    file_format: str,
    encoding: str | None = None,
) -> DocumentIn | RejectedItem:
    text = normalize_text(_string(row.get(mapping["text"])))
    if not text.strip():
        return RejectedItem(origin, f"{origin}: no text in column {mapping['text']!r}")
    values = {f: _string(row.get(c)).strip() for f, c in mapping.items() if f != "text"}
    raw_date = row.get(mapping["date"]) if "date" in mapping else None
    published: dt.date | None
    if isinstance(raw_date, dt.datetime):
        published = raw_date.date()
    elif isinstance(raw_date, dt.date):
        published = raw_date
    else:
        published = parse_date(values.get("date", ""))
    extra: dict[str, Any] = {"format": file_format}
    if encoding is not None:
        extra["encoding"] = encoding
    if values.get("date"):
        extra["published_raw"] = values["date"]
        if published is None:
            extra["date_unreadable"] = True
    others = {
        str(c): _string(v) for c, v in row.items() if c not in mapping.values() and _string(v)
    }
    if others:
        extra["fields"] = others
    return DocumentIn(
        text=text,
        origin=origin,
        title=" ".join(values.get("title", "").split()) or title_from_first_line(text),
        source=" ".join(values.get("source", "").split()),
        url=values.get("url", ""),
        author=" ".join(values.get("author", "").split()),
        published_at=published,
        extra=extra,
    )


def _rows(
    path: Path,
    columns: list[str],
    rows: Iterable[tuple[int, Any]],
    options: ReadOptions,
    kind: str,
    unit: str = "row",
    encoding: str | None = None,
) -> Iterator[DocumentIn | RejectedItem]:
    mapping = map_columns(path.name, columns, options.column_map)
    for number, row in rows:
        origin = f"{path.name} {unit} {number}"
        if isinstance(row, RejectedItem):
            yield row
        elif not isinstance(row, Mapping):
            yield RejectedItem(origin, f"{origin}: not an object with named fields")
        else:
            yield _document(origin, row, mapping, kind, encoding)


def read_csv(path: Path, options: ReadOptions) -> Iterator[DocumentIn | RejectedItem]:
    text, encoding = decode(read_bytes(path, options.max_bytes), path.name)
    sample = text[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), min(options.max_bytes, sys.maxsize)))
    reader = csv.DictReader(text.splitlines(keepends=True), dialect=dialect)
    try:
        columns = [c for c in (reader.fieldnames or []) if c]
    except csv.Error as error:
        raise RejectedFileError(f"{path.name}: not a readable CSV file ({error})") from error
    if not columns:
        raise RejectedFileError(f"{path.name}: the CSV file has no header row")

    def rows() -> Iterator[tuple[int, Any]]:
        number = 0
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                origin = f"{path.name} row {number}"
                yield number, RejectedItem(origin, f"{origin}: broken CSV ({error})")
                return
            yield number, row

    yield from _rows(path, columns, rows(), options, "csv", encoding=encoding)


def read_json(path: Path, options: ReadOptions) -> Iterator[DocumentIn | RejectedItem]:
    text, encoding = decode(read_bytes(path, options.max_bytes), path.name)
    stripped = text.lstrip()
    unit = "item" if stripped.startswith("[") else "line"
    if unit == "item":
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise RejectedFileError(f"{path.name}: not valid JSON ({error})") from error
        numbered: list[tuple[int, Any]] = list(enumerate(items, start=1))
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                origin = f"{path.name} line {number}"
                numbered.append(
                    (number, RejectedItem(origin, f"{origin}: not valid JSON ({error.msg})"))
                )
    keys: dict[str, None] = {}
    for _number, item in numbered:
        if isinstance(item, dict):
            keys.update(dict.fromkeys(str(k) for k in item))
    if not keys:
        raise RejectedFileError(f"{path.name}: no JSON objects with fields found")
    yield from _rows(path, list(keys), numbered, options, "jsonl", unit, encoding)


def read_xlsx(path: Path, options: ReadOptions) -> Iterator[DocumentIn | RejectedItem]:
    checked_size(path, options.max_bytes)
    with open_checked(path, "Excel") as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise RejectedFileError(f"{path.name}: not an Excel workbook (no xl/workbook.xml)")
    from openpyxl import load_workbook  # parses through defusedxml when it is installed

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise RejectedFileError(f"{path.name}: damaged Excel file ({error})") from error
    try:
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if not header:
            raise RejectedFileError(f"{path.name}: the first sheet is empty")
        columns = [_string(c).strip() for c in header]
        named = [c for c in columns if c]
        rows = (
            (number, {c: v for c, v in zip(columns, row, strict=False) if c})
            for number, row in enumerate(values, start=2)
            if any(v not in (None, "") for v in row)
        )
        yield from _rows(path, named, rows, options, "xlsx")
    finally:
        book.close()
