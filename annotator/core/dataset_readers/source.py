"""Which files of a dataset to read, in which format, and how (issue #17.7).

``annotator load`` takes a dataset folder an export wrote (JSONL, CSV or XLSX) or one of its
files. In a folder, the manifest names the format; a folder without one (made by hand) is
read in the one format it holds. The manifest also names the CSV variant: the formula guard
is undone in the ``spreadsheet`` variant (the default, also assumed without a manifest) and
not in the ``exact`` one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from annotator.core.dataset_readers import csv_reader, jsonl_reader, xlsx_reader
from annotator.core.dataset_readers.rows import Rows
from annotator.core.dataset_schema import CODEBOOK_FILE, MANIFEST_FILE, WORKBOOK_FILE
from annotator.core.errors import AnnotatorError

TABLE_ORDER = ("documents", "actors", "claims", "statements", "mentions")
"""The order tables are loaded in: what a row refers to comes before it."""
FORMATS = ("jsonl", "csv", "xlsx")
AS_WRITTEN: dict[str, Callable[[str], str]] = {
    "csv": csv_reader.as_written,
    "xlsx": xlsx_reader.as_written,
}
"""What each format that cannot carry every text makes of one (JSONL carries all)."""


@dataclass(frozen=True, slots=True)
class TableSource:
    """One table's rows in a dataset: a file, or a sheet of the workbook."""

    table: str
    path: Path
    label: str
    """How messages name it: ``statements.csv``, ``dataset.xlsx sheet statements``."""
    unit: str
    """What its numbers count: ``line`` (JSONL) or ``row`` (CSV, XLSX; the header is 1)."""
    manifest_key: str
    """Its entry in the manifest's ``files``."""


@dataclass
class Dataset:
    """An opened dataset: its tables in load order and their rows. Close it (or ``with``)."""

    fmt: str
    folder: Path
    tables: list[TableSource]
    guarded: bool = False
    """CSV in the spreadsheet variant: cells lose the formula guard when read."""
    codebook: Path | None = None
    """The codebook beside a whole dataset (a folder or a workbook); None for one file."""
    _book: xlsx_reader.XlsxWorkbook | None = field(default=None, repr=False)

    @property
    def as_written(self) -> Callable[[str], str] | None:
        """What the format makes of a text it cannot carry exactly (None: it carries all):
        a stored text whose row comes back as ``as_written(stored)`` is kept as stored."""
        return AS_WRITTEN.get(self.fmt)

    def rows(self, source: TableSource) -> Rows:
        if self.fmt == "jsonl":
            return jsonl_reader.read_jsonl(source.path)
        if self.fmt == "csv":
            return csv_reader.read_csv(source.path, source.table, guarded=self.guarded)
        assert self._book is not None
        return self._book.rows(source.table)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest in ``folder``, or None when there is none or it cannot be read (the
    loader's manifest check says so)."""
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _file_names(fmt: str) -> list[str]:
    return [WORKBOOK_FILE] if fmt == "xlsx" else [f"{t}.{fmt}" for t in TABLE_ORDER]


def _folder_format(folder: Path, manifest: dict[str, Any] | None) -> str:
    present = [
        fmt for fmt in FORMATS if any((folder / name).is_file() for name in _file_names(fmt))
    ]
    named = manifest.get("format") if manifest else None
    if named in present:
        return str(named)
    if len(present) == 1:
        return present[0]
    if not present:
        # Export puts each dataset in a folder of its own inside the one chosen: name it.
        inside = sorted(p.parent for p in folder.glob(f"*/{MANIFEST_FILE}"))
        hint = (
            f"; the dataset{'s are' if len(inside) > 1 else ' is'} in "
            + ", ".join(str(p) for p in inside[:3])
            if inside
            else ""
        )
        raise AnnotatorError(
            f"{folder} holds no dataset files (statements.jsonl, statements.csv, "
            f"{WORKBOOK_FILE}, ...){hint}"
        )
    raise AnnotatorError(
        f"{folder} holds datasets in {' and '.join(present)} and no manifest says which to "
        "load; move the others out, or give the file to load"
    )


def _csv_guarded(manifest: dict[str, Any] | None) -> bool:
    notes = manifest.get("csv") if manifest else None
    return not (isinstance(notes, dict) and notes.get("variant") == "exact")


def open_dataset(path: Path) -> Dataset:
    """The dataset at ``path``: a folder an export wrote, one of its JSONL or CSV files, or
    an XLSX workbook.

    Raises:
        AnnotatorError: nothing there can be read as a dataset (it says why).
    """
    path = Path(path)
    if path.is_dir():
        folder, manifest = path, read_manifest(path)
        fmt = _folder_format(path, manifest)
        files = [folder / name for name in _file_names(fmt) if (folder / name).is_file()]
    else:
        folder, manifest = path.parent, read_manifest(path.parent)
        fmt = path.suffix[1:].lower()
        if fmt not in FORMATS or (fmt != "xlsx" and path.stem not in TABLE_ORDER):
            names = ", ".join(f"{t}.jsonl" for t in TABLE_ORDER)
            raise AnnotatorError(
                f"{path.name}: give a dataset folder, one of {names} (or .csv), or an XLSX workbook"
            )
        if not path.is_file():
            raise AnnotatorError(f"{path} does not exist")
        files = [path]
    if fmt != "xlsx":
        tables = [
            TableSource(file.stem, file, file.name, "line" if fmt == "jsonl" else "row", file.name)
            for file in sorted(files, key=lambda f: TABLE_ORDER.index(f.stem))
        ]
        return Dataset(
            fmt,
            folder,
            tables,
            guarded=fmt == "csv" and _csv_guarded(manifest),
            codebook=folder / CODEBOOK_FILE if path.is_dir() else None,
        )
    book = xlsx_reader.XlsxWorkbook(files[0])
    name = files[0].name
    tables = [
        TableSource(table, files[0], f"{name} sheet {table}", "row", f"{name}#{table}")
        for table in TABLE_ORDER
        if table in book.sheet_names
    ]
    if not tables:
        book.close()
        raise AnnotatorError(f"{name} has no sheet named after a table (statements, ...)")
    return Dataset(fmt, folder, tables, codebook=folder / CODEBOOK_FILE, _book=book)
