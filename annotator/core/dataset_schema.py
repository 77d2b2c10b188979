"""The coded dataset's files and columns (DESIGN.md §8a), defined once.

The exporters write exactly these columns in this order, the loader reads them, and
``docs/dataset.md`` is generated from the descriptions here (``dataset_dictionary.py``).
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
        ("status", "Coding status set by the coder: not started, in progress or done."),
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
