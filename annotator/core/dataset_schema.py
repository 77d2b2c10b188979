"""The coded dataset's files and columns (DESIGN.md §8a), defined once.

The exporters write exactly these columns in this order, the loader reads them, and
``docs/dataset.md`` is generated from the descriptions here.
"""

from __future__ import annotations

from dataclasses import dataclass

OFFSET_UNIT = "codepoint"
DATASET_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _columns(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, description) for name, description in pairs)


_DOC_REF = (
    ("document_id", "Id (UUID) of the document the span is in."),
    (
        "document_sha256",
        "SHA-256 of the document's normalised text; matches documents across projects.",
    ),
)
_SPAN = (
    ("start", "Start of the span: Unicode code points from the start of the text, 0-based."),
    ("end", "End of the span (exclusive), in code points; quote == text[start:end]."),
    ("quote", "The exact text of the span."),
    ("prefix", "Up to 32 code points of text before the span (for re-anchoring)."),
    ("suffix", "Up to 32 code points of text after the span (for re-anchoring)."),
)

STATEMENTS = Table(
    "statements",
    "One row per statement: a speaker taking a stance on a claim in a span of a document.",
    _columns(
        ("statement_id", "Id (UUID) of the statement; stable across exports and loads."),
        *_DOC_REF,
        ("document_title", "Title of the document."),
        ("document_source", "Source or outlet of the document."),
        ("document_published_at", "Publication date of the document (YYYY-MM-DD)."),
        ("document_url", "URL of the document."),
        *_SPAN,
        ("speaker", "Name of the speaking actor (empty when not coded)."),
        ("speaker_id", "Id of the speaking actor."),
        ("speaker_kind", "Kind of the speaker: person, organization, state, media or other."),
        ("claim", "Label of the claim."),
        ("claim_id", "Id of the claim."),
        ("claim_path", "The claim's ancestors and itself, joined with ' > '."),
        ("stance", "The speaker's stance on the claim, a value of the project's stance scale."),
        ("note", "The coder's note."),
        ("coder", "Name of the coder."),
        ("created_at", "When the statement was coded (ISO 8601, UTC)."),
        ("updated_at", "When it was last changed (ISO 8601, UTC)."),
        ("anchor_status", "ok, reanchored (found again by its quote) or orphaned."),
    ),
)

MENTIONS = Table(
    "mentions",
    "One row per actor mention.",
    _columns(
        ("mention_id", "Id (UUID) of the mention."),
        *_DOC_REF,
        *_SPAN,
        ("actor", "Name of the mentioned actor."),
        ("actor_id", "Id of the mentioned actor."),
        ("actor_kind", "Kind of the actor."),
        ("note", "The coder's note."),
        ("coder", "Name of the coder."),
        ("created_at", "When the mention was coded (ISO 8601, UTC)."),
        ("updated_at", "When it was last changed (ISO 8601, UTC)."),
        ("anchor_status", "ok, reanchored or orphaned."),
    ),
)

DOCUMENTS = Table(
    "documents",
    "One row per document (JSONL also carries the full text).",
    _columns(
        ("document_id", "Id (UUID) of the document."),
        ("document_sha256", "SHA-256 of the normalised text."),
        ("title", "Title."),
        ("source", "Source or outlet."),
        ("url", "URL."),
        ("author", "Author or byline."),
        ("published_at", "Publication date (YYYY-MM-DD)."),
        ("language", "Language code, when known."),
        ("origin", "Name of the file the document was imported from."),
        ("n_statements", "Number of statements coded in the document."),
        ("n_mentions", "Number of actor mentions coded in the document."),
    ),
)
DOCUMENT_TEXT = Column("text", "The normalised text the offsets count in (JSONL only).")

ACTORS = Table(
    "actors",
    "The actors of the codebook.",
    _columns(
        ("actor_id", "Id (UUID) of the actor."),
        ("name", "Name."),
        ("kind", "person, organization, state, media or other."),
        ("description", "Description."),
        ("colour", "Display colour (#rrggbb)."),
        ("aliases", "Other names; a list in JSONL, joined with ' | ' in CSV."),
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
        ("position", "Order among its siblings."),
    ),
)

TABLES = (STATEMENTS, MENTIONS, DOCUMENTS, ACTORS, CLAIMS)
CODEBOOK_FILE = "codebook.json"
MANIFEST_FILE = "manifest.json"


def data_dictionary() -> str:
    """docs/dataset.md: every file and column of the dataset, from the definitions above
    (``python -m annotator.core.dataset_schema > docs/dataset.md``; a test keeps them equal)."""
    lines = [
        "# The coded dataset",
        "",
        "What `annotator export PROJECT --format csv|jsonl|xlsx --out DIR` writes into DIR, and",
        "`annotator load PROJECT DIR` reads back. Generated from",
        "`annotator/core/dataset_schema.py`; do not edit by hand.",
        "",
        f"- Offsets (`start`, `end`) count Unicode code points (`offset_unit: {OFFSET_UNIT}`)",
        "  into the document's",
        "  normalised text, half-open: `quote == text[start:end]`.",
        "- Empty values are empty strings in CSV and `null` in JSONL.",
        "- CSV: RFC 4180, UTF-8 with a byte-order mark. A text cell that starts with",
        "  `= + - @`, tab, CR, LF or `'` gets a leading `'` so spreadsheets do not run it as a",
        "  formula; remove that one character to get the exact text back (the manifest says so).",
        "  U+0000 (NUL), which spreadsheets and R cannot read, is written as U+FFFD.",
        "  In pandas: `pd.read_csv(path, dtype=str, keep_default_na=False, encoding='utf-8-sig')`",
        "  keeps every cell a string (empty, not NaN), then undo the guard on text columns.",
        "- JSONL: UTF-8, one object per line, text exactly as stored.",
        "- XLSX: `dataset.xlsx`, one sheet per table below; cells are strings or numbers,",
        "  never formulas; the header row is frozen and filtered.",
        f"- `{CODEBOOK_FILE}`: the stance scale, the actors and the claim tree.",
        f"- `{MANIFEST_FILE}`: app and schema version, creation time, offset unit, and for every",
        "  file its row count and SHA-256.",
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
