"""Statement and mention rows formatted by SQLite itself, one finished CSV or JSONL line each.

A million statements must export in seconds (DESIGN.md §9). Formatting them cell by cell in
Python cost ~45 s here; SQLite's C string functions do the same work several times faster, so
the query returns each row as its final text and Python only writes it. What makes it fast:

- Document, actor, claim and coder cells are formatted once per entity in a MATERIALIZED
  CTE and joined in as one pre-formatted fragment. Reading ``document.title`` straight from
  the joined table cost a walk through the overflow pages of ``text`` (stored before it) on
  every row.
- A row is assembled with one ``printf`` rather than a chain of ``||``, which copies the
  growing line once per cell.
- Ids, timestamps and the anchor status are written as they are: ids are made by
  ``new_id`` or checked by ``is_plain_id`` when a dataset is loaded, timestamps are written by
  ``UTCDateTime`` and the anchor status is held by a CHECK constraint, so none of them can
  hold a comma, a quote, a line break or start with a formula character.

The CSV rules (formula guard, RFC 4180 quoting) mirror ``csv_writer.guard`` and Python's
``csv.QUOTE_MINIMAL``; JSON strings come from ``json_quote``, which escapes exactly as
``json.dumps(..., ensure_ascii=False)`` does. Tests hold both against the Python writers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.core.dataset_schema import MENTIONS, STATEMENTS, Table
from annotator.core.exporters.csv_writer import GUARD, GUARDED_STARTS, NUL_REPLACEMENT

Format = Literal["csv", "jsonl"]
CellKind = Literal["text", "span", "plain", "number"]
"""text: free text, guarded and quoted in CSV, U+0000 written as U+FFFD (as ``csv_writer``
does; printf would cut the row there); span: text cut from a document, which normalisation
keeps free of U+0000; plain: ids, timestamps, enums (see above); number: integers."""


NUL_FREE_FUNCTION = "annotator_nul_free"


def register_functions(connection: sqlite3.Connection) -> None:
    """Add the SQL functions the queries of this module call to ``connection``.

    SQLite's text functions stop at U+0000 (``replace`` cannot even find it), so the rare
    cell that holds one is handed to Python."""
    connection.create_function(
        NUL_FREE_FUNCTION,
        1,
        lambda text: None if text is None else str(text).replace("\0", NUL_REPLACEMENT),
        deterministic=True,
    )


def _sql_string(value: str) -> str:
    """A SQL literal for ``value`` (control characters through ``char()``)."""
    parts: list[str] = []
    run = ""
    for character in value:
        if character.isprintable():
            run += character
            continue
        if run:
            parts.append("'" + run.replace("'", "''") + "'")
            run = ""
        parts.append(f"char({ord(character)})")
    if run or not parts:
        parts.append("'" + run.replace("'", "''") + "'")
    return " || ".join(parts)


# unicode() of the first character against numbers: 0.4 s less a million rows than
# comparing substr(x, 1, 1) with strings.
_GUARDED = ", ".join(str(ord(start)) for start in GUARDED_STARTS)
_NEEDS_QUOTES = (",", '"', "\n", "\r")


def csv_text(expr: str) -> str:
    """SQL for one guarded, RFC 4180-quoted CSV cell of a text expression (NULL -> empty)."""
    guarded = (
        f"(CASE WHEN unicode({expr}) IN ({_GUARDED}) "
        f"THEN {_sql_string(GUARD)} || {expr} ELSE {expr} END)"
    )
    needs_quotes = " OR ".join(f"instr({expr}, {_sql_string(c)})" for c in _NEEDS_QUOTES)
    return (
        f"(CASE WHEN {expr} IS NULL THEN '' WHEN {needs_quotes} "
        f"THEN '\"' || replace({guarded}, '\"', '\"\"') || '\"' ELSE {guarded} END)"
    )


def _cell(fmt: Format, kind: CellKind, expr: str) -> str:
    if fmt == "jsonl":
        return f"json_quote({expr})" if kind == "number" else f"json_quote(nullif({expr}, ''))"
    if kind == "text":
        # The test for U+0000 outside the cell's expression, which names its value up to
        # eight times: inside, it ran eight times a cell (0.9 s a million rows).
        return (
            f"(CASE WHEN instr(CAST({expr} AS BLOB), X'00') "
            f"THEN {csv_text(f'{NUL_FREE_FUNCTION}({expr})')} ELSE {csv_text(expr)} END)"
        )
    if kind == "span":
        return csv_text(expr)
    return f"coalesce({expr}, '')"


@dataclass(frozen=True)
class _Source:
    """Where a column's value comes from: the annotation row (``entity`` None) or one joined
    entity, whose cells are formatted once per entity in a CTE."""

    kind: CellKind
    expr: str
    entity: str | None = None


@dataclass(frozen=True)
class _Entity:
    name: str
    select: str  # FROM clause of the CTE; the entity's columns are read through alias ``e``
    key: str  # the annotation column it joins on


_CLAIM_PATHS = (
    "claim_path(id, label, path) AS (SELECT id, label, label FROM claim WHERE parent_id IS NULL "
    "UNION ALL SELECT claim.id, claim.label, claim_path.path || ' > ' || claim.label "
    "FROM claim JOIN claim_path ON claim.parent_id = claim_path.id)"
)

_ENTITIES = {
    "doc": _Entity("doc", "document e", "document_id"),
    "actor": _Entity("actor", "actor e", "actor_id"),
    "claim": _Entity("claim", "claim_path e", "claim_id"),
    "coder": _Entity("coder", "coder e", "coder_id"),
}

_ROW = {
    "document_id": _Source("plain", "a.document_id"),
    "start": _Source("number", "a.start"),
    "end": _Source("number", 'a."end"'),
    "quote": _Source("span", "a.exact"),
    "prefix": _Source("span", "a.prefix"),
    "suffix": _Source("span", "a.suffix"),
    "note": _Source("text", "a.note"),
    "created_at": _Source("plain", "a.created_at"),
    "updated_at": _Source("plain", "a.updated_at"),
    "anchor_status": _Source("plain", "a.anchor_status"),
    "document_sha256": _Source("plain", "e.text_sha256", "doc"),
    "coder": _Source("text", "e.name", "coder"),
}

_SOURCES: dict[str, dict[str, _Source]] = {
    STATEMENTS.name: {
        **_ROW,
        "statement_id": _Source("plain", "a.id"),
        "document_title": _Source("text", "e.title", "doc"),
        "document_source": _Source("text", "e.source", "doc"),
        "document_published_at": _Source("text", "e.published_at", "doc"),
        "document_url": _Source("text", "e.url", "doc"),
        "speaker": _Source("text", "e.name", "actor"),
        "speaker_id": _Source("text", "e.id", "actor"),
        "speaker_kind": _Source("text", "e.kind", "actor"),
        "claim": _Source("text", "e.label", "claim"),
        "claim_id": _Source("text", "e.id", "claim"),
        "claim_path": _Source("text", "e.path", "claim"),
        "stance": _Source("text", "a.stance"),
    },
    MENTIONS.name: {
        **_ROW,
        "mention_id": _Source("plain", "a.id"),
        "actor": _Source("text", "e.name", "actor"),
        "actor_id": _Source("text", "e.id", "actor"),
        "actor_kind": _Source("text", "e.kind", "actor"),
    },
}
KINDS = {STATEMENTS.name: "statement", MENTIONS.name: "mention"}


@dataclass(frozen=True)
class SpanFilter:
    """Restrictions on the exported rows; None means no restriction on that axis."""

    document_ids: Sequence[str] | None = None
    coder_ids: Sequence[str] | None = None
    claim_ids: Sequence[str] | None = None


def _groups(table: Table) -> list[tuple[str | None, list[str]]]:
    """The table's columns in order, runs of one entity's columns grouped together."""
    sources = _SOURCES[table.name]
    missing = set(table.column_names) - set(sources)
    if missing:
        raise KeyError(f"no SQL source for {table.name} columns {sorted(missing)}")
    groups: list[tuple[str | None, list[str]]] = []
    for name in table.column_names:
        entity = sources[name].entity
        if entity is not None and groups and groups[-1][0] == entity:
            groups[-1][1].append(name)
        else:
            if entity is not None and any(g[0] == entity for g in groups):
                raise ValueError(f"{table.name}: columns of {entity} are not next to each other")
            groups.append((entity, [name]))
    return groups


def _fragment(
    fmt: Format, table: Table, names: list[str], first: bool, null: bool
) -> tuple[str, list[str]]:
    """printf format text and argument expressions for a run of columns."""
    sources = _SOURCES[table.name]
    pieces: list[str] = []
    args: list[str] = []
    for index, name in enumerate(names):
        separator = "" if first and index == 0 else ","
        key = f'"{name}":' if fmt == "jsonl" else ""
        source = sources[name]
        pieces.append(separator + key + "%s")
        args.append(_cell(fmt, source.kind, "NULL" if null else source.expr))
    return "".join(pieces), args


def _printf(template: str, args: list[str]) -> str:
    return f"printf({_sql_string(template)}, {', '.join(args)})"


@dataclass(frozen=True)
class DocumentRange:
    """The rows of documents whose id is at least ``start`` (None: from the first) and below
    ``stop`` (None: to the last): one part of an export made by several processes."""

    start: str | None = None
    stop: str | None = None


def span_lines_query(
    table: Table, fmt: Format, where: SpanFilter, part: DocumentRange | None = None
) -> tuple[str, list[str]]:
    """SQL returning one finished line per row of ``table`` (statements or mentions) in
    ``fmt``, as UTF-8 bytes (Python neither decodes nor encodes them), in the export order,
    and its parameters."""
    ctes = [_CLAIM_PATHS]
    joins: list[str] = []
    template: list[str] = ["{" if fmt == "jsonl" else ""]
    args: list[str] = []
    for position, (entity_name, names) in enumerate(_groups(table)):
        first = position == 0
        text, cell_args = _fragment(fmt, table, names, first, null=False)
        if entity_name is None:
            template.append(text)
            args.extend(cell_args)
            continue
        entity = _ENTITIES[entity_name]
        cells = _printf(text.removeprefix(","), cell_args)
        empty = _printf(*_fragment(fmt, table, names, True, null=True))
        alias = f"{entity_name}_cells"
        ctes.append(
            f"{alias}(id, cells) AS MATERIALIZED (SELECT e.id, {cells} FROM {entity.select})"
        )
        joins.append(f"LEFT JOIN {alias} ON {alias}.id = a.{entity.key}")
        template.append("%s" if first else ",%s")
        args.append(f"coalesce({alias}.cells, {empty})")
    template.append("}\n" if fmt == "jsonl" else "\r\n")
    conditions = ["a.kind = ?"]
    params = [KINDS[table.name]]
    for column, values in (
        ("document_id", where.document_ids),
        ("coder_id", where.coder_ids),
        ("claim_id", where.claim_ids if table.name == STATEMENTS.name else None),
    ):
        if values is not None:
            conditions.append(f"a.{column} IN (SELECT value FROM json_each(?))")
            params.append(_json_list(values))
    # The unary + keeps SQLite walking the export-order index by kind: given a range on
    # document_id it estimated fewer rows and scanned the document cells for every row
    # instead of indexing them (14 s instead of 3.9 s for half a million statements).
    if part is not None and part.start is not None:
        conditions.append("+a.document_id >= ?")
        params.append(part.start)
    if part is not None and part.stop is not None:
        conditions.append("+a.document_id < ?")
        params.append(part.stop)
    line = f"CAST({_printf(''.join(template), args)} AS BLOB)"
    sql = (
        f"WITH RECURSIVE {', '.join(ctes)} "
        f"SELECT {line} FROM annotation a {' '.join(joins)} "
        f"WHERE {' AND '.join(conditions)} ORDER BY a.document_id, a.start, a.id"
    )
    return sql, params


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values))
