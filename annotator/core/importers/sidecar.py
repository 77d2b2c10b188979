"""Metadata sidecars: a ``metadata.csv`` in a folder of plain files giving, per file name,
its title, source, date, URL and author (columns: file, title, source, published_at, url,
author; any may be empty). Dates may be written in any form ``importers.dates`` reads."""

from __future__ import annotations

import csv
from pathlib import Path

from annotator.core.importers import RejectedFileError

SIDECAR_NAME = "metadata.csv"
FIELDS = ("title", "source", "published_at", "url", "author")


def read_sidecar(path: Path) -> dict[str, dict[str, str]]:
    """Map file name -> metadata fields (only non-empty ones) from a sidecar CSV."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise RejectedFileError(f"{path.name}: unreadable metadata sidecar ({error})") from error
    metadata: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            raise RejectedFileError(f"{path.name}: line {number} has no file name")
        values = {k: (row.get(k) or "").strip() for k in FIELDS if (row.get(k) or "").strip()}
        metadata[name] = values  # dates are parsed (and kept as written) by the importer
    return metadata
