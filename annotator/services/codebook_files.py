"""A codebook as a file of its own (``codebook.json``, the same document a dataset carries):
moved between projects, or handed to coders before they start.

Export writes the stance scale, the actors (kinds, aliases, colours, descriptions) and the
claim tree (descriptions, colours, shortcuts). Import is a
:class:`~annotator.services.operations.LoadDataset` of the codebook's rows, so it follows the
codebook rules every other change follows and is one undo step: actors and claims are matched
by id, then by name; one found takes the file's name, description and colour ("updated"),
one not found is added, and one that cannot be (a name another actor holds as an alias, a
claim too deep) is skipped with the reason. The stance scale gains the values it lacks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.text import storable
from annotator.services import dataset_checks as checks
from annotator.services.changes import ChangeSet
from annotator.services.codebook_rows import codebook_document
from annotator.services.load_report import LoadReport
from annotator.services.operations import DatasetRow, DatasetTable, LoadDataset, Operation
from annotator.services.project import ProjectService

MAX_CODEBOOK_BYTES = 50 * 1024 * 1024


def export_codebook(project: ProjectService, path: Path) -> Path:
    """Write ``project``'s codebook to ``path`` (replaced whole, never half written)."""
    path = Path(path)
    text = json.dumps(codebook_document(project), ensure_ascii=False, indent=1) + "\n"
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise AnnotatorError(f"{path.name}: could not be written ({error.strerror})") from error
    return path


def _claim_rows(nodes: Any, where: str) -> Iterator[dict[str, Any]]:
    """The claim tree's nodes, parents before their children."""
    if not isinstance(nodes, list):
        raise AnnotatorError(f"{where}: claims must be a list")
    for node in nodes:
        if not isinstance(node, dict):
            raise AnnotatorError(f"{where}: a claim must be an object, not {node!r:.40}")
        yield {k: v for k, v in node.items() if k != "children"}
        yield from _claim_rows(node.get("children") or [], where)


def read_codebook(path: Path) -> LoadDataset:
    """The operation that imports the codebook file ``path`` (only reads it)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CODEBOOK_BYTES:
            raise AnnotatorError(f"{path.name}: larger than a codebook can be (50 MB)")
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnnotatorError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise AnnotatorError(f"{path.name}: not UTF-8 text ({error.reason})") from error
    except ValueError as error:
        raise AnnotatorError(f"{path.name}: not valid JSON ({error})") from error
    except OSError as error:
        raise AnnotatorError(f"{path.name}: could not be read ({error.strerror})") from error
    if not isinstance(document, dict) or not {"actors", "claims"} & document.keys():
        raise AnnotatorError(f"{path.name}: not a codebook (no actors or claims)")
    report = LoadReport()
    scale: list[str] = []
    if "stance_scale" in document:
        try:
            scale = checks.stance_scale(document["stance_scale"])
        except checks.RowProblemError as problem:
            report.file_problems.append(f"{path.name}: {problem}; the scale is kept")
    actors = document.get("actors", [])
    if not isinstance(actors, list):
        raise AnnotatorError(f"{path.name}: actors must be a list")
    tables = (
        DatasetTable(
            "actors",
            path.name,
            tuple(
                DatasetRow(n, checks.storable_json(a))
                if isinstance(a, dict)
                else DatasetRow(n, None)
                for n, a in enumerate(actors, start=1)
            ),
            unit="actor",
        ),
        DatasetTable(
            "claims",
            path.name,
            tuple(
                DatasetRow(n, checks.storable_json(row))
                for n, row in enumerate(_claim_rows(document.get("claims", []), path.name), 1)
            ),
            unit="claim",
        ),
    )
    return LoadDataset(
        tables, tuple(storable(v) for v in scale), update_codebook=True, report=report
    )


def import_codebook(project: ProjectService, path: Path) -> tuple[LoadReport, ChangeSet, Operation]:
    """Import the codebook file ``path`` into ``project``: what happened, what changed, and
    the operation that undoes it."""
    op = read_codebook(path)
    inverse, changes = project.apply(op)
    return op.report, changes, inverse
