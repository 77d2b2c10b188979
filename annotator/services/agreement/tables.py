"""An :class:`AgreementReport` as four flat tables (overall, categories, pairs, documents),
shown by the Agreement window and written by ``annotator agreement --csv DIR`` and the
window's Export: one CSV file per table in a folder, with a manifest (docs/agreement.md,
"Export"). The same rows feed the window and the files, so what is seen is what is saved."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.dataset_schema import MANIFEST_FILE
from annotator.core.errors import storage_error
from annotator.core.exporters.csv_writer import write_csv
from annotator.core.exporters.dataset_folder import dataset_folder
from annotator.core.exporters.jsonl import write_json
from annotator.services.agreement.alpha import Agreement
from annotator.services.agreement.report import AgreementReport, Agreements

VARIABLES = ("claim", "speaker", "stance")
"""The α of paired statements, in the order tables show them."""
FIGURE_COLUMNS = ("value", "observed", "expected", "pairable", "percent_agreement", "undefined")
UNITIZING_COLUMNS = tuple(c for c in FIGURE_COLUMNS if c != "percent_agreement")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    """The file's stem (``overall`` -> overall.csv)."""
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]


def _figure(agreement: Agreement) -> dict[str, Any]:
    return {
        "value": agreement.value,
        "observed": agreement.observed,
        "expected": agreement.expected,
        "pairable": agreement.pairable,
        "percent_agreement": agreement.percent,
        "undefined": agreement.reason,
    }


def _unpaired(unpaired: dict[str, int]) -> str:
    return " | ".join(f"{coder}: {count}" for coder, count in unpaired.items())


def _variables(agreements: Agreements) -> list[str]:
    """claim, speaker, stance, then any other (stance_ordinal)."""
    names = list(agreements.coding.variables)
    return [v for v in VARIABLES if v in names] + [v for v in names if v not in VARIABLES]


def overall_table(report: AgreementReport) -> Table:
    """One row per figure of the pooled report: αu of each layer (overall and any
    category), α of each variable of the paired statements."""
    pooled = report.pooled
    rows: list[dict[str, Any]] = []
    for layer_name, layer in pooled.layers.items():
        for suffix, agreement in (("", layer.overall), (" (any category)", layer.any_category)):
            rows.append(
                {
                    "figure": f"{layer_name}{suffix}",
                    "coefficient": "alpha_u",
                    **_figure(agreement),
                    "spans": layer.units,
                    "paired_units": None,
                    "unpaired_statements": None,
                }
            )
    coding = pooled.coding
    for name in _variables(pooled):
        rows.append(
            {
                "figure": name,
                "coefficient": "alpha",
                **_figure(coding.variables[name]),
                "spans": None,
                "paired_units": coding.paired,
                "unpaired_statements": _unpaired(coding.unpaired),
            }
        )
    columns = ("figure", "coefficient", *FIGURE_COLUMNS, "spans", "paired_units")
    return Table("overall", (*columns, "unpaired_statements"), tuple(rows))


def category_table(report: AgreementReport) -> Table:
    """αu of each category (actor of the mentions, claim of the statements), pooled."""
    rows = [
        {
            "layer": layer_name,
            "category_id": category.id,
            "category": category.label,
            **_figure(category.agreement),
        }
        for layer_name, layer in report.pooled.layers.items()
        for category in layer.categories
    ]
    for row in rows:
        del row["percent_agreement"]  # α only; αu has none
    columns = ("layer", "category_id", "category", *UNITIZING_COLUMNS)
    return Table("categories", columns, tuple(rows))


def _values(agreements: Agreements) -> dict[str, Any]:
    """The headline figures of one set of documents, as the pairs and documents tables
    give them: αu of each layer, α of each variable, the pairing counts."""
    values: dict[str, Any] = {
        f"alpha_u_{name}": layer.overall.value for name, layer in agreements.layers.items()
    }
    for name in _variables(agreements):
        values[f"alpha_{name}"] = agreements.coding.variables[name].value
    values["paired_units"] = agreements.coding.paired
    values["unpaired_statements"] = _unpaired(agreements.coding.unpaired)
    return values


def _value_columns(report: AgreementReport) -> tuple[str, ...]:
    return tuple(_values(report.pooled))


def pair_table(report: AgreementReport) -> Table:
    """One row per pair of coders, pooled over the documents both coded (the long form of
    the coder × coder matrix)."""
    rows = [
        {
            "coder_a": pair.coders[0],
            "coder_b": pair.coders[1],
            "documents": pair.documents,
            **_values(pair.agreements),
        }
        for pair in report.pairs
    ]
    return Table("pairs", ("coder_a", "coder_b", "documents", *_value_columns(report)), tuple(rows))


def document_table(report: AgreementReport) -> Table:
    """One row per document coded by two or more of the coders."""
    rows = [
        {
            "document_id": document.id,
            "title": document.title,
            "coders": " | ".join(document.coders),
            "length": document.length,
            **_values(document.agreements),
        }
        for document in report.documents
    ]
    columns = ("document_id", "title", "coders", "length", *_value_columns(report))
    return Table("documents", columns, tuple(rows))


def tables(report: AgreementReport) -> tuple[Table, ...]:
    return (
        overall_table(report),
        category_table(report),
        pair_table(report),
        document_table(report),
    )


def csv_names() -> tuple[str, ...]:
    return ("overall.csv", "categories.csv", "pairs.csv", "documents.csv", MANIFEST_FILE)


def write_tables_csv(
    report: AgreementReport, out: Path, *, protected: Sequence[Path] = (), force: bool = False
) -> list[Path]:
    """Write every table as ``<name>.csv`` (spreadsheet-safe CSV, as the dataset export
    writes it) into the folder ``out``, with a ``manifest.json`` naming the coders, the
    minimum overlap and each file's rows and SHA-256. The folder rules of the dataset export
    hold: a new or empty folder, or one an earlier export wrote. Returns the files written.

    Raises:
        ExportTargetError: the folder is refused (nothing was written)."""
    files: dict[str, dict[str, Any]] = {}
    with dataset_folder(out, protected=protected, force=force, names=csv_names()) as staging:
        for table in tables(report):
            name = f"{table.name}.csv"
            count, digest = write_csv(staging / name, table.columns, table.rows)
            files[name] = {"rows": count, "sha256": digest}
        manifest = {
            "app": "Annotator",
            "app_version": __version__,
            "what": "inter-coder agreement (docs/agreement.md)",
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "coders": list(report.coders),
            "min_overlap": report.min_overlap,
            "notes": list(report.notes),
            "files": files,
        }
        write_json(staging / MANIFEST_FILE, manifest)
    return [Path(out) / name for name in csv_names()]


def write_report_json(report: AgreementReport, path: Path) -> None:
    """The whole report (as ``annotator agreement --json`` prints it) into one file,
    replaced atomically (a failed write leaves the old file as it was)."""
    data = (json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise storage_error(error, f"cannot write {path}") from error
