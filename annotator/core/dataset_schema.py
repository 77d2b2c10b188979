"""The coded dataset's files and columns (DESIGN.md §8a), defined once.

The exporters write exactly these columns in this order, the loader reads them, and
``docs/dataset.md`` is generated from the descriptions here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OFFSET_UNIT = "codepoint"
DATASET_FORMAT_VERSION = 1

CellKind = Literal["text", "span", "plain", "number", "list"]
"""How a cell is written. text: free text (guarded and quoted in spreadsheet CSV, U+0000
written as U+FFFD); span: text cut from a document, which normalisation keeps free of U+0000;
plain: ids made by ``new_id`` or checked by ``is_plain_id``, timestamps and enums, which hold
no comma, quote, line break or formula character; number: an integer; list: texts (joined
with `` | `` in CSV and XLSX). The CSV and XLSX readers give each cell the JSONL type."""

ENTITIES = ("annotation", "document", "actor", "claim", "coder")
"""What a statement or mention column's value can come from: the annotation row itself, or
the document, actor (mentioned actor or speaker), claim or coder it refers to."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str
    source: str = ""
    """For statements and mentions, ``entity.attribute``: the column of the entity (one of
    :data:`ENTITIES`; ``claim.path`` is the claim's path) the value is read from. The SQL
    that formats CSV and JSONL lines and the rows written to XLSX are both made from it, so a
    column is defined here and nowhere else."""
    kind: CellKind = "text"

    @property
    def entity(self) -> str:
        return self.source.partition(".")[0]

    @property
    def attribute(self) -> str:
        return self.source.partition(".")[2]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _columns(*entries: tuple[str, str] | tuple[str, str, CellKind]) -> tuple[Column, ...]:
    """Columns from (name, description) or (name, description, kind); kind text unless said."""
    return tuple(Column(e[0], e[1], "", e[2] if len(e) == 3 else "text") for e in entries)


def _sourced(*entries: tuple[str, str, CellKind, str]) -> tuple[Column, ...]:
    """Columns from (name, source, kind, description)."""
    return tuple(
        Column(name, description, source, kind) for name, source, kind, description in entries
    )


_DOC_REF: tuple[tuple[str, str, CellKind, str], ...] = (
    ("document_id", "annotation.document_id", "plain", "Id (UUID) of the document the span is in."),
    (
        "document_sha256",
        "document.text_sha256",
        "plain",
        "SHA-256 of the document's normalised text; matches documents across projects.",
    ),
)
_SPAN: tuple[tuple[str, str, CellKind, str], ...] = (
    (
        "start",
        "annotation.start",
        "number",
        "Start of the span: Unicode code points from the start of the text, 0-based.",
    ),
    (
        "end",
        "annotation.end",
        "number",
        "End of the span (exclusive), in code points; quote == text[start:end].",
    ),
    ("quote", "annotation.exact", "span", "The exact text of the span."),
    (
        "prefix",
        "annotation.prefix",
        "span",
        "Up to 32 code points of text before the span (for re-anchoring).",
    ),
    (
        "suffix",
        "annotation.suffix",
        "span",
        "Up to 32 code points of text after the span (for re-anchoring).",
    ),
)
_CODING: tuple[tuple[str, str, CellKind, str], ...] = (
    ("note", "annotation.note", "text", "The coder's note."),
    ("coder", "coder.name", "text", "Name of the coder."),
)

STATEMENTS = Table(
    "statements",
    "One row per statement: a speaker taking a stance on a claim in a span of a document.",
    _sourced(
        (
            "statement_id",
            "annotation.id",
            "plain",
            "Id (UUID) of the statement; stable across exports and loads.",
        ),
        *_DOC_REF,
        ("document_title", "document.title", "text", "Title of the document."),
        ("document_source", "document.source", "text", "Source or outlet of the document."),
        (
            "document_published_at",
            "document.published_at",
            "text",
            "Publication date of the document (YYYY-MM-DD).",
        ),
        ("document_url", "document.url", "text", "URL of the document."),
        *_SPAN,
        ("speaker", "actor.name", "text", "Name of the speaking actor (empty when not coded)."),
        ("speaker_id", "actor.id", "text", "Id of the speaking actor."),
        (
            "speaker_kind",
            "actor.kind",
            "text",
            "Kind of the speaker: person, organization, state, media or other.",
        ),
        ("claim", "claim.label", "text", "Label of the claim."),
        ("claim_id", "claim.id", "text", "Id of the claim."),
        (
            "claim_path",
            "claim.path",
            "text",
            "The claim's ancestors and itself, joined with ' > '.",
        ),
        (
            "stance",
            "annotation.stance",
            "text",
            "The speaker's stance on the claim, a value of the project's stance scale.",
        ),
        *_CODING,
        (
            "created_at",
            "annotation.created_at",
            "plain",
            "When the statement was coded (ISO 8601, UTC).",
        ),
        (
            "updated_at",
            "annotation.updated_at",
            "plain",
            "When it was last changed (ISO 8601, UTC).",
        ),
        (
            "anchor_status",
            "annotation.anchor_status",
            "plain",
            "ok, reanchored (found again by its quote) or orphaned.",
        ),
    ),
)

MENTIONS = Table(
    "mentions",
    "One row per actor mention.",
    _sourced(
        ("mention_id", "annotation.id", "plain", "Id (UUID) of the mention."),
        *_DOC_REF,
        *_SPAN,
        ("actor", "actor.name", "text", "Name of the mentioned actor."),
        ("actor_id", "actor.id", "text", "Id of the mentioned actor."),
        ("actor_kind", "actor.kind", "text", "Kind of the actor."),
        *_CODING,
        (
            "created_at",
            "annotation.created_at",
            "plain",
            "When the mention was coded (ISO 8601, UTC).",
        ),
        (
            "updated_at",
            "annotation.updated_at",
            "plain",
            "When it was last changed (ISO 8601, UTC).",
        ),
        ("anchor_status", "annotation.anchor_status", "plain", "ok, reanchored or orphaned."),
    ),
)

DOCUMENTS = Table(
    "documents",
    "One row per document (JSONL also carries the full text; CSV with `--with-text`).",
    _columns(
        ("document_id", "Id (UUID) of the document."),
        ("document_sha256", "SHA-256 of the normalised text."),
        ("title", "Title."),
        ("source", "Source or outlet."),
        ("url", "URL."),
        ("author", "Author or byline."),
        ("published_at", "Publication date (YYYY-MM-DD)."),
        ("language", "Language code, when known."),
        (
            "origin",
            "Path of the file the document was imported from, relative to the imported "
            "folder ('/' between folders; a corpus row adds ' row N').",
        ),
        ("n_statements", "Number of statements coded in the document.", "number"),
        ("n_mentions", "Number of actor mentions coded in the document.", "number"),
        (
            "imported_at",
            "When it was imported (ISO 8601, UTC); documents are listed in this order, and "
            "load keeps it.",
        ),
    ),
)
DOCUMENT_TEXT = Column(
    "text", "The normalised text the offsets count in (JSONL always; CSV with `--with-text`)."
)

ACTORS = Table(
    "actors",
    "The actors of the codebook.",
    _columns(
        ("actor_id", "Id (UUID) of the actor."),
        ("name", "Name."),
        ("kind", "person, organization, state, media or other."),
        ("description", "Description."),
        ("colour", "Display colour (#rrggbb)."),
        ("aliases", "Other names; a list in JSONL, joined with ' | ' in CSV.", "list"),
    ),
)

CLAIMS = Table(
    "claims",
    "The claims of the codebook, a tree.",
    _columns(
        ("claim_id", "Id (UUID) of the claim."),
        ("label", "Label."),
        ("description", "Description."),
        ("parent_id", "Id of the parent claim (empty at the top level)."),
        ("path", "Ancestors and the claim, joined with ' > '."),
        ("colour", "Display colour (#rrggbb)."),
        ("shortcut", "Keyboard shortcut key."),
        ("position", "Order among its siblings.", "number"),
    ),
)

TABLES = (STATEMENTS, MENTIONS, DOCUMENTS, ACTORS, CLAIMS)
CODEBOOK_FILE = "codebook.json"
MANIFEST_FILE = "manifest.json"
WORKBOOK_FILE = "dataset.xlsx"  # the XLSX export's one file, a sheet per table


def data_dictionary() -> str:
    """docs/dataset.md: every file and column of the dataset, from the definitions above
    (``python -m annotator.core.dataset_schema > docs/dataset.md``; a test keeps them equal)."""
    lines = [
        "# The coded dataset",
        "",
        "What `annotator export PROJECT --format csv|jsonl|xlsx --out DIR` writes into DIR, and",
        "`annotator load PROJECT DIR` reads back, in any of the three formats (see Loading).",
        "Generated from `annotator/core/dataset_schema.py`; do not edit by hand.",
        "",
        f"- Offsets (`start`, `end`) count Unicode code points (`offset_unit: {OFFSET_UNIT}`)",
        "  into the document's",
        "  normalised text, half-open: `quote == text[start:end]`.",
        "- Empty values are empty strings in CSV and `null` in JSONL.",
        "- The document text: always in `documents.jsonl`; in `documents.csv` with",
        "  `--with-text`; never in XLSX (a cell holds at most 32,767 characters).",
        "",
        "## The output folder",
        "",
        "DIR may be new, empty, or a folder an earlier export wrote. An export replaces or",
        "removes only the files the previous export wrote there (`.annotator-dataset.json`",
        "records their SHA-256, the manifest's included); your own files beside them",
        "(`analysis.R`, plots) are never opened, replaced or removed, and the folder itself is",
        "kept. It refuses:",
        "",
        "- a non-empty folder that is not one of our datasets (an unrelated `manifest.json` is",
        "  not enough); `--force` adds the dataset beside the files there, and still refuses",
        "  when one of them has the name of a file it writes;",
        "- a file of the earlier export that was edited since (`--force` replaces it);",
        "- a folder that is, holds or lies inside the open project or its backups (also",
        "  through a symlink or a hard link).",
        "",
        "Files are written to a hidden staging folder first and moved into place only when",
        "all of them are complete; a killed export leaves the earlier dataset usable.",
        "",
        "## CSV: two variants",
        "",
        "RFC 4180, UTF-8 with a byte-order mark, CRLF; lists joined with ` | `; U+0000",
        "(NUL), which spreadsheets and R cannot read, is written as U+FFFD (document text",
        "never holds it, so quotes are unaffected). The manifest names the variant",
        "(`csv.variant`).",
        "",
        "- `spreadsheet` (default), safe to open in Excel or LibreOffice: a text cell that a",
        "  spreadsheet could run as a formula gets a leading `'` (the formula guard, version",
        "  2 in `csv.formula_guard`): one that starts with tab, CR, LF or `'`, or whose first",
        "  character after any leading spaces (U+0020, U+00A0, U+3000 and every other",
        "  Unicode space) and invisible characters (zero-width space, joiners, word joiner,",
        "  byte-order mark) is `= + - @`, a fullwidth `\uff1d \uff0b \uff0d \uff20`, a small",
        "  form `\ufe66 \ufe62 \ufe63 \ufe6b` or the minus sign `\u2212`. Removing that `'`",
        "  gives the text back (`annotator load` does; a quote that starts with `-` or `'`",
        "  differs from the text at its offsets until then).",
        "- `exact` (`--exact`), for R and pandas: no guard, every cell is the stored text, so",
        "  `quote == text[start:end]` holds in the file.",
        "",
        "pandas (keeps every cell a string, empty as empty, not NaN):",
        "",
        "```python",
        "import pandas as pd",
        'st = pd.read_csv("DIR/statements.csv", dtype=str, keep_default_na=False,',
        '                 encoding="utf-8-sig").astype({"start": int, "end": int})',
        "```",
        "",
        "R (readr trims spaces and reads `NA` as missing unless told not to):",
        "",
        "```r",
        "library(readr)",
        'st <- read_csv("DIR/statements.csv", na = character(), trim_ws = FALSE,',
        '  col_types = cols(.default = "c", start = "i", end = "i"))',
        "```",
        "",
        "JSONL needs no options: `pd.read_json(path, lines=True, dtype=False)`,",
        "`jsonlite::stream_in(file(path))`.",
        "",
        "## JSONL and XLSX",
        "",
        "- JSONL: UTF-8, one object per line, text exactly as stored.",
        "- XLSX: `dataset.xlsx`, one sheet per table below; cells are strings or numbers,",
        "  never formulas; the header row is frozen and filtered. A worksheet cannot hold C0",
        "  control characters other than tab, LF and CR: they are written as U+FFFD (the",
        "  manifest says so in `xlsx.control_characters`), so a note holding one is not exact",
        "  in XLSX; use JSONL or CSV for it. The workbook's own dates are 1980-01-01, not the",
        "  export's, so the same data gives the same file.",
        "",
        "## Loading",
        "",
        "`annotator load PROJECT DIR` (File → Import Coded Dataset) reads a folder an export",
        "wrote, in the format its manifest names (without one, the one format it holds), or",
        "one file: `statements.jsonl`, `statements.csv`, ... or an XLSX workbook. An upsert",
        "by id: the same dataset twice changes nothing; a stance fixed in Excel is changed.",
        "",
        "- JSONL is read as it is. CSV in the `spreadsheet` variant loses the formula guard",
        "  (the leading `'`, and only it); the `exact` variant is read as it is; a CSV",
        "  without a manifest is read as `spreadsheet`. XLSX has no guard to undo.",
        "- Documents come with their text from JSONL and from CSV `--with-text`; otherwise",
        "  the project must hold them (matched by `document_sha256`), and rows of other",
        "  documents are rejected.",
        "- What a format could not carry stays as it was written: U+FFFD for NUL in CSV and",
        "  for control characters in XLSX, in a project that did not have the text; a",
        "  project that has it keeps its own. An alias (the only list) cannot hold ` | `,",
        "  begin with `| ` or end with ` |`, so it comes back from CSV and XLSX whole.",
        "- A cell Excel stored as a number or a date is read as the text it shows; a formula",
        "  or an error value (`#N/A`) rejects its row.",
        "- Each bad row is rejected with its file (and sheet), line (JSONL) or row (CSV and",
        "  XLSX, numbered as a spreadsheet shows them, the header is row 1) and the reason;",
        "  the other rows go in. A file that differs from the manifest (cut short, or edited",
        "  since the export) is reported too; both make the exit code 3.",
        "",
        "## Other files",
        "",
        f"- `{CODEBOOK_FILE}`: the stance scale, the actors and the claim tree.",
        f"- `{MANIFEST_FILE}`: app and schema version, creation time, offset unit, the",
        "  format's notes (`csv` / `xlsx` / `jsonl`), and for every file its row count and",
        "  SHA-256.",
        "",
    ]
    for table in TABLES:
        lines += [
            f"## {table.name}.csv / {table.name}.jsonl",
            "",
            table.description,
            "",
            "| column | meaning |",
            "|---|---|",
        ]
        columns = list(table.columns) + ([DOCUMENT_TEXT] if table is DOCUMENTS else [])
        lines += [f"| `{c.name}` | {c.description} |" for c in columns]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(data_dictionary())
