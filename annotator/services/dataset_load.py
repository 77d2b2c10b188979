"""Load a coded dataset (DESIGN.md §8a) into a project: the files are read here into one
:class:`~annotator.services.operations.LoadDataset` operation, whose executor
(services/execute_load.py) upserts them in one transaction, one undo step.

A dataset is a folder as ``export`` writes it (or one of its JSONL files); rows are matched
and merged as the executor's docstring says, so loading the same dataset twice changes
nothing. A row that cannot be read or loaded is named (file and line) in the report, and the
rest still go in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.dataset_schema import CODEBOOK_FILE
from annotator.core.errors import AnnotatorError
from annotator.core.text import storable
from annotator.services import dataset_checks as checks
from annotator.services.changes import ChangeSet
from annotator.services.load_report import LoadReport
from annotator.services.operations import DatasetRow, DatasetTable, LoadDataset, Operation
from annotator.services.project import ProjectService


def _storable_json(value: Any) -> Any:
    """A parsed JSON value with every string storable (a JSON "\\ud800" escape gives a lone
    surrogate, which SQLite's UTF-8 cannot hold)."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): _storable_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable_json(item) for item in value]
    return value


def _read_table(table: str, path: Path) -> DatasetTable:
    rows = []
    for number, parsed in checks.read_rows(path):
        if isinstance(parsed, checks.RowProblemError):
            rows.append(DatasetRow(number, None, str(parsed)))
        elif isinstance(parsed, dict):
            rows.append(DatasetRow(number, _storable_json(parsed)))
        else:
            rows.append(DatasetRow(number, None, "not a JSON object"))
    return DatasetTable(table, path.name, tuple(rows))


_FILE_ORDER = ("documents", "actors", "claims", "statements", "mentions")


def dataset_files(path: Path) -> list[tuple[str, Path]]:
    """The (table, file) pairs to load from a dataset folder or a single JSONL file."""
    if path.is_dir():
        found = [(t, path / f"{t}.jsonl") for t in _FILE_ORDER if (path / f"{t}.jsonl").is_file()]
        if not found:
            raise AnnotatorError(f"{path} holds no dataset files (statements.jsonl, ...)")
        return found
    if path.suffix != ".jsonl" or path.stem not in _FILE_ORDER:
        raise AnnotatorError(
            f"{path.name}: give a dataset folder or one of "
            f"{', '.join(t + '.jsonl' for t in _FILE_ORDER)}"
        )
    if not path.is_file():
        raise AnnotatorError(f"{path} does not exist")
    return [(path.stem, path)]


def read_dataset(path: Path) -> LoadDataset:
    """The operation that loads the dataset folder or file ``path`` (only reads files)."""
    path = Path(path)
    files = dataset_files(path)
    report = LoadReport()
    folder = path if path.is_dir() else path.parent
    report.file_problems += checks.manifest_problems(folder, [file.name for _, file in files])
    scale: list[str] = []
    codebook = path / CODEBOOK_FILE if path.is_dir() else None
    if codebook is not None and codebook.is_file():
        try:
            given = json.loads(codebook.read_text(encoding="utf-8")).get("stance_scale", [])
        except (ValueError, AttributeError) as error:
            raise AnnotatorError(f"{codebook.name}: not valid JSON ({error})") from error
        try:
            scale = checks.stance_scale(given)
        except checks.RowProblemError as problem:
            report.file_problems.append(f"{codebook.name}: {problem}; the scale is kept")
    tables = tuple(_read_table(table, file) for table, file in files)
    return LoadDataset(tables, tuple(storable(value) for value in scale), report=report)


def load_dataset(project: ProjectService, path: Path) -> tuple[LoadReport, ChangeSet, Operation]:
    """Load a dataset folder or file into ``project``; what happened, what changed, and the
    operation that undoes it."""
    op = read_dataset(path)
    inverse, changes = project.apply(op)
    return op.report, changes, inverse
