"""Statement and mention rows read by one query made from ``dataset_schema``.

Two queries are made from the columns' ``source`` and ``kind`` (``core/dataset_schema.py``),
so a column is defined once:

- :func:`span_lines_query` returns each row as its finished CSV or JSONL line, formatted by
  SQLite itself. A million statements must export in seconds (DESIGN.md §9): formatting them
  cell by cell in Python cost ~45 s here; SQLite's C string functions do the same work
  several times faster, and Python only writes the lines.
- :func:`span_values_query` returns the plain values, for the XLSX writer and for checks.

What makes the lines fast:

- Document, actor, claim and coder cells are formatted once per entity in a MATERIALIZED
  CTE and joined in as one pre-formatted fragment. Reading ``document.title`` straight from
  the joined table cost a walk through the overflow pages of ``text`` (stored before it) on
  every row.
- A row is assembled with one ``printf`` rather than a chain of ``||``, which copies the
  growing line once per cell.
- ``plain`` cells (ids, timestamps, the anchor status) are written as they are: ids are made
  by ``new_id`` or checked by ``is_plain_id`` when a dataset is loaded, timestamps are written
  by ``UTCDateTime`` and the anchor status is held by a CHECK constraint, so none of them can
  hold a comma, a quote, a line break or start with a formula character.

The CSV rules (formula guard, RFC 4180 quoting) mirror ``formula_guard.needs_guard`` and
Python's ``csv.QUOTE_MINIMAL``; JSON strings come from ``json_quote``, which escapes exactly as
``json.dumps(..., ensure_ascii=False)`` does. Tests hold both against the Python writers.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from annotator.core.dataset_schema import MENTIONS, STATEMENTS, CellKind, Column, Table
from annotator.core.exporters.csv_writer import NUL_REPLACEMENT, CsvVariant
from annotator.core.exporters.formula_guard import (
    ALWAYS_GUARDED_STARTS,
    FORMULA_STARTS,
    GUARD,
    LEADING_IGNORED,
)

Format = Literal["csv", "jsonl"]
NUL_FREE_FUNCTION = "annotator_nul_free"
MMAP_BYTES = 1 << 32
"""Read the file through a memory map (SQLite caps it at 2 GB): scanning a million
statements took 8.7 s through read() calls and 7.3 s mapped."""

KINDS = {STATEMENTS.name: "statement", MENTIONS.name: "mention"}


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


def ready_for_export(connection: sqlite3.Connection) -> None:
    """Map the file into memory and add the SQL functions the export queries call."""
    connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    register_functions(connection)


def _sql_string(value: str) -> str:
    """A SQL literal for ``value``, its characters as they are (a literal may hold any but
    U+0000). Not spelled with char(): SQLite works out a constant built of calls once for a
    query only outside CASE; inside one, the GLOB pattern of the guard was built again for
    every cell (0.8 s a million cells)."""
    if "\0" in value:
        raise ValueError("a SQL literal cannot hold U+0000")
    return "'" + value.replace("'", "''") + "'"


def _codes(characters: str) -> str:
    return ", ".join(str(ord(c)) for c in characters)


# unicode() of the first character against numbers: 0.4 s less a million rows than
# comparing substr(x, 1, 1) with strings. Before it, one GLOB of the first character against
# every character that can begin a guarded cell: the full test as one expression (an OR of
# IN lists that SQLite does not cut short) cost 2.5 s a million rows for three cells, the
# GLOB 0.3 s, and the full test then runs for the rare cell that passes it.
_ALWAYS_FIRST = _codes(ALWAYS_GUARDED_STARTS)
_FORMULA = _codes(FORMULA_STARTS)
_IGNORED_SQL = _sql_string(LEADING_IGNORED)
_NEEDS_QUOTES = (",", '"', "\n", "\r")
# "-" first in the class, where GLOB reads it as itself, not as a range; no "]" or "^" in it.
_MAY_NEED_GUARD = _sql_string(
    "["
    + "".join(sorted(set(ALWAYS_GUARDED_STARTS + FORMULA_STARTS + LEADING_IGNORED), key="-".__ne__))
    + "]*"
)


def needs_guard_sql(expr: str) -> str:
    """SQL that is true when the text ``expr`` needs the formula guard (``needs_guard``)."""
    return (
        f"(CASE WHEN {expr} GLOB {_MAY_NEED_GUARD} THEN (unicode({expr}) IN ({_ALWAYS_FIRST}) "
        f"OR unicode(ltrim({expr}, {_IGNORED_SQL})) IN ({_FORMULA})) ELSE 0 END)"
    )


def csv_text(expr: str, variant: CsvVariant = "spreadsheet") -> str:
    """SQL for one RFC 4180-quoted CSV cell of a text expression (NULL -> empty), guarded in
    the spreadsheet variant."""
    value = expr
    if variant == "spreadsheet":
        guarded = f"{_sql_string(GUARD)} || {expr}"
        value = f"(CASE WHEN {needs_guard_sql(expr)} THEN {guarded} ELSE {expr} END)"
    needs_quotes = " OR ".join(f"instr({expr}, {_sql_string(c)})" for c in _NEEDS_QUOTES)
    return (
        f"(CASE WHEN {expr} IS NULL THEN '' WHEN {needs_quotes} "
        f"THEN '\"' || replace({value}, '\"', '\"\"') || '\"' ELSE {value} END)"
    )


def cell_sql(fmt: Format, kind: CellKind, expr: str, variant: CsvVariant = "spreadsheet") -> str:
    """SQL for one formatted cell of ``expr``."""
    if fmt == "jsonl":
        return f"json_quote({expr})" if kind == "number" else f"json_quote(nullif({expr}, ''))"
    if kind == "text":
        # The test for U+0000 outside the cell's expression, which names its value up to
        # ten times: inside, it ran that often a cell (0.9 s a million rows).
        return (
            f"(CASE WHEN instr(CAST({expr} AS BLOB), X'00') "
            f"THEN {csv_text(f'{NUL_FREE_FUNCTION}({expr})', variant)} "
            f"ELSE {csv_text(expr, variant)} END)"
        )
    if kind == "span":
        return csv_text(expr, variant)
    return f"coalesce({expr}, '')"


@dataclass(frozen=True)
class _Entity:
    select: str  # FROM clause of the entity's CTE; its row is read through alias ``e``
    key: str  # the annotation column it joins on
    expressions: dict[str, str] = field(default_factory=dict)  # attribute -> SQL, if not e.x


_CLAIM_PATHS = (
    "claim_path(id, path) AS (SELECT id, label FROM claim WHERE parent_id IS NULL "
    "UNION ALL SELECT claim.id, claim_path.path || ' > ' || claim.label "
    "FROM claim JOIN claim_path ON claim.parent_id = claim_path.id)"
)

_ENTITIES = {
    "document": _Entity("document e", "document_id"),
    "actor": _Entity("actor e", "actor_id"),
    "claim": _Entity("claim e JOIN claim_path p ON p.id = e.id", "claim_id", {"path": "p.path"}),
    "coder": _Entity("coder e", "coder_id"),
}


def _expression(column: Column, alias: str) -> str:
    entity = column.entity
    if entity == "annotation":
        return f'{alias}."{column.attribute}"'
    if entity not in _ENTITIES:
        raise KeyError(f"column {column.name}: no entity {entity!r} (source {column.source!r})")
    return _ENTITIES[entity].expressions.get(column.attribute, f'{alias}."{column.attribute}"')


def _groups(table: Table) -> list[tuple[str, list[Column]]]:
    """The table's columns in order, runs of one entity's columns grouped together."""
    groups: list[tuple[str, list[Column]]] = []
    for column in table.columns:
        if not column.source:
            raise KeyError(f"no source for {table.name} column {column.name}")
        if groups and groups[-1][0] == column.entity:
            groups[-1][1].append(column)
        else:
            groups.append((column.entity, [column]))
    return groups


@dataclass(frozen=True)
class SpanFilter:
    """Restrictions on the exported rows; None means no restriction on that axis."""

    document_ids: Sequence[str] | None = None
    coder_ids: Sequence[str] | None = None
    claim_ids: Sequence[str] | None = None
    after_document: str | None = None
    """Only documents whose id sorts after this one (a range of :func:`document_ranges`)."""
    up_to_document: str | None = None
    """Only documents whose id sorts before this one or is it."""


# The ranges' bounds said "likely" (true for most rows): told that a range holds few rows,
# SQLite joined the pre-formatted document cells by scanning them for every row instead of
# building its automatic index (1M statements: 31 s instead of 5 s a half).
_RANGE_CONDITIONS = (
    ("after_document", "likelihood(a.document_id > ?, 0.99)"),
    ("up_to_document", "likelihood(a.document_id <= ?, 0.99)"),
)


def _where(table: Table, where: SpanFilter) -> tuple[str, list[str]]:
    conditions = ["a.kind = ?"]
    params = [KINDS[table.name]]
    for attribute, condition in _RANGE_CONDITIONS:
        bound = getattr(where, attribute)
        if bound is not None:
            conditions.append(condition)
            params.append(bound)
    for column, values in (
        ("document_id", where.document_ids),
        ("coder_id", where.coder_ids),
        ("claim_id", where.claim_ids if table.name == STATEMENTS.name else None),
    ):
        if values is not None:
            conditions.append(f"a.{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(values)))
    return " AND ".join(conditions), params


_ORDER = "ORDER BY a.document_id, a.start, a.id"
EXPORT_INDEX = "ix_annotation_kind_document_id_start_id"
"""The index in export order (migration 0003)."""

RANGE_ROWS = 50_000
"""Rows a range of :func:`document_ranges` aims at: a few MB of lines each, so a reader
running ahead of the writer holds little, and few enough ranges that making each query's
entity cells again costs little."""


def document_ranges(
    connection: sqlite3.Connection, table: Table, where: SpanFilter, rows: int = RANGE_ROWS
) -> list[SpanFilter]:
    """``where`` cut into consecutive ranges of whole documents of about ``rows`` rows each
    (one range when there are fewer), which together hold its rows in the export order."""
    conditions, params = _where(table, where)
    counts = connection.execute(
        f"SELECT a.document_id, count(*) FROM annotation a WHERE {conditions} "
        "GROUP BY a.document_id ORDER BY a.document_id",
        params,
    ).fetchall()
    bounds: list[str] = []
    held = 0
    for document_id, count in counts[:-1]:
        held += count
        if held >= rows:
            bounds.append(document_id)
            held = 0
    if not bounds:
        return [where]
    edges: list[str | None] = [where.after_document, *bounds, where.up_to_document]
    return [
        replace(where, after_document=low, up_to_document=high)
        for low, high in itertools.pairwise(edges)
    ]


def _printf(template: str, args: list[str]) -> str:
    return f"printf({_sql_string(template)}, {', '.join(args)})"


def _fragment(
    fmt: Format, columns: list[Column], first: bool, variant: CsvVariant, alias: str | None
) -> tuple[str, list[str]]:
    """printf format text and argument expressions for a run of columns (alias None: all
    NULL, the cells of a missing entity)."""
    pieces: list[str] = []
    args: list[str] = []
    for index, column in enumerate(columns):
        separator = "" if first and index == 0 else ","
        key = f"{json.dumps(column.name)}:" if fmt == "jsonl" else ""
        pieces.append(separator + key.replace("%", "%%") + "%s")
        expr = "NULL" if alias is None else _expression(column, alias)
        args.append(cell_sql(fmt, column.kind, expr, variant))
    return "".join(pieces), args


def span_lines_query(
    table: Table, fmt: Format, where: SpanFilter, variant: CsvVariant = "spreadsheet"
) -> tuple[str, list[str]]:
    """SQL returning the finished lines of ``table`` (statements or mentions) in ``fmt``, one
    row per document: its lines as UTF-8 bytes (Python neither decodes nor encodes them) and
    how many they are, in the export order; and its parameters."""
    ctes = [_CLAIM_PATHS]
    joins: list[str] = []
    template: list[str] = ["{" if fmt == "jsonl" else ""]
    args: list[str] = []
    for position, (entity_name, columns) in enumerate(_groups(table)):
        first = position == 0
        if entity_name == "annotation":
            text, cell_args = _fragment(fmt, columns, first, variant, "a")
            template.append(text)
            args.extend(cell_args)
            continue
        entity = _ENTITIES[entity_name]
        cells = _printf(*_fragment(fmt, columns, True, variant, "e"))
        empty = _printf(*_fragment(fmt, columns, True, variant, None))
        alias = f"{entity_name}_cells_{position}"
        ctes.append(
            f"{alias}(id, cells) AS MATERIALIZED (SELECT e.id, {cells} FROM {entity.select})"
        )
        joins.append(f"LEFT JOIN {alias} ON {alias}.id = a.{entity.key}")
        template.append("%s" if first else ",%s")
        args.append(f"coalesce({alias}.cells, {empty})")
    template.append("}\n" if fmt == "jsonl" else "\r\n")
    conditions, params = _where(table, where)
    line = _printf("".join(template), args)
    # One row per document: its lines joined, and how many. Python's sqlite3 takes the GIL
    # back for every row it steps to, so readers on two cores that get a row per line spend
    # their time handing the GIL over (1M statements: no faster than one reader); a row per
    # document leaves SQLite the work. group_concat joins in the order rows reach it: here
    # the order of the index the rows are read by, (kind, document, start, id), which is
    # also the grouping's, so no sorter reorders them (a test reads the plan).
    sql = (
        f"WITH RECURSIVE {', '.join(ctes)} "
        f"SELECT CAST(group_concat({line}, '') AS BLOB), count(*) "
        f"FROM annotation a INDEXED BY {EXPORT_INDEX} {' '.join(joins)} WHERE {conditions} "
        "GROUP BY a.document_id"
    )
    return sql, params


def span_values_query(table: Table, where: SpanFilter) -> tuple[str, list[str]]:
    """SQL returning the plain values of ``table``'s columns, in order, one row per statement
    or mention in the export order (for XLSX), and its parameters."""
    entities = sorted({c.entity for c in table.columns} - {"annotation"})
    joins = [
        f"LEFT JOIN (SELECT e.*, {_select_extras(name)} FROM {_ENTITIES[name].select}) {name} "
        f"ON {name}.id = a.{_ENTITIES[name].key}"
        for name in entities
    ]
    values = ", ".join(
        f'a."{c.attribute}"' if c.entity == "annotation" else f'{c.entity}."{c.attribute}"'
        for c in table.columns
    )
    conditions, params = _where(table, where)
    sql = (
        f"WITH RECURSIVE {_CLAIM_PATHS} SELECT {values} FROM annotation a {' '.join(joins)} "
        f"WHERE {conditions} {_ORDER}"
    )
    return sql, params


def _select_extras(entity: str) -> str:
    """The computed attributes of an entity (``claim.path``) as named columns; 'NULL' when
    it has none (a harmless extra column)."""
    extras = _ENTITIES[entity].expressions
    if not extras:
        return "NULL AS _none"
    return ", ".join(f'{sql} AS "{name}"' for name, sql in extras.items())
