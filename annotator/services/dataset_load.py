"""Load a coded dataset (DESIGN.md §8a) into a project: the files are read here into one
:class:`~annotator.services.operations.LoadDataset` operation, whose executor
(services/execute_load.py) upserts them in one transaction, one undo step.

The dataset may be JSONL, a CSV folder or an XLSX workbook, as ``export`` writes them (issue
#17.7): a reader per format (``core/dataset_readers``) turns its files into the rows JSONL
has, and the executor loads those rows whatever the format. Rows are matched and merged as
the executor's docstring says, so loading the same dataset twice changes nothing. A row that
cannot be read or loaded is named (file or sheet, and line or row) in the report, and the
rest still go in.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.dataset_readers.source import Dataset, TableSource, open_dataset
from annotator.core.errors import AnnotatorError
from annotator.core.text import storable
from annotator.services import dataset_checks as checks
from annotator.services.changes import ChangeSet
from annotator.services.load_report import LoadReport
from annotator.services.operations import DatasetRow, DatasetTable, LoadDataset, Operation
from annotator.services.project import ProjectService


def _read_table(dataset: Dataset, source: TableSource) -> DatasetTable:
    rows = []
    for number, parsed in dataset.rows(source):
        if isinstance(parsed, checks.RowProblemError):
            rows.append(DatasetRow(number, None, str(parsed)))
        elif isinstance(parsed, dict):
            rows.append(DatasetRow(number, checks.storable_json(parsed)))
        else:
            rows.append(DatasetRow(number, None, "not a JSON object"))
    return DatasetTable(source.table, source.label, tuple(rows), unit=source.unit)


def _stance_scale(dataset: Dataset, report: LoadReport) -> list[str]:
    codebook = dataset.codebook
    if codebook is None or not codebook.is_file():
        return []
    try:
        given = json.loads(codebook.read_text(encoding="utf-8")).get("stance_scale", [])
    except (ValueError, AttributeError) as error:
        raise AnnotatorError(f"{codebook.name}: not valid JSON ({error})") from error
    try:
        return checks.stance_scale(given)
    except checks.RowProblemError as problem:
        report.file_problems.append(f"{codebook.name}: {problem}; the scale is kept")
        return []


def read_dataset(path: Path) -> LoadDataset:
    """The operation that loads the dataset folder, file or workbook ``path`` (only reads)."""
    report = LoadReport()
    with open_dataset(Path(path)) as dataset:
        scale = _stance_scale(dataset, report)
        tables = tuple(_read_table(dataset, source) for source in dataset.tables)
        read = [
            (source.manifest_key, source.path, source.label, len(table.rows))
            for source, table in zip(dataset.tables, tables, strict=True)
        ]
        lossy = dataset.fmt if dataset.as_written is not None else None
    report.file_problems[:0] = checks.manifest_problems(dataset.folder, read)
    return LoadDataset(
        tables, tuple(storable(value) for value in scale), lossy_format=lossy, report=report
    )


def load_dataset(project: ProjectService, path: Path) -> tuple[LoadReport, ChangeSet, Operation]:
    """Load a dataset folder, file or workbook into ``project``; what happened, what
    changed, and the operation that undoes it."""
    op = read_dataset(path)
    inverse, changes = project.apply(op)
    return op.report, changes, inverse
