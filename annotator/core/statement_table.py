"""The Statements view's read queries (issue #21.1): every statement and mention of a project
with its document, actor, claim path and coder, filtered, sorted and sliced by SQLite.

An analyst works from a table of 100,000 rows; building it in Python (records, then filter,
then sort) costs seconds, so every filter and every sort is SQL here, and a view asks for the
ordered ids once and then for the rows of the ids it shows (Anki's browser: ids plus a lazy
row cache). The queries take a plain ``sqlite3`` connection (the read session's own).

Text filters match "contains" after Unicode case folding (``"ÉLYSÉE"`` finds ``"Élysée"``),
through a Python function registered on the connection; sorting is by SQLite's ``NOCASE``
(ASCII letters folded, the rest by code point), which is cheap for 100,000 rows, with the
annotation's document, place and id breaking ties, so pages never overlap.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

COLUMNS = (
    "document",
    "date",
    "kind",
    "actor",
    "claim",
    "stance",
    "quote",
    "coder",
    "note",
    "start",
    "end",
)
"""The columns of the table, by key, in their default order."""
NUMERIC = frozenset({"start", "end"})
FREE_TEXT_COLUMNS = ("document", "date", "actor", "claim", "coder", "stance", "note", "quote")
"""What the free-text filter looks in, cheapest first (OR stops at the first that holds)."""
PATH_SEPARATOR = " \u203a "
"""Between a claim's ancestors in the claim column: "Economy", U+203A, "Taxation"."""
FOLD_FUNCTION = "annotator_fold"
_CHUNK = 500
"""Ids per ``IN (…)``: well under SQLite's limit on bound parameters."""

_EXPRESSIONS = {
    "document": "d.title",
    "date": "d.published_at",
    "kind": "a.kind",
    "actor": "s.name",
    "claim": "p.path",
    "stance": "a.stance",
    "quote": "a.exact",
    "coder": "k.name",
    "note": "a.note",
    "start": "a.start",
    "end": 'a."end"',
}
_NEEDS = {"document": "d", "date": "d", "actor": "s", "claim": "p", "coder": "k"}
"""The join each column needs (the others are the annotation's own)."""


def _folded_text(expression: str) -> str:
    """``expression`` case-folded: by SQLite's ``lower`` when it is ASCII (as many bytes as
    characters; there both fold alike), else by Python's ``casefold`` (a call per row)."""
    return (
        f"CASE WHEN length(CAST({expression} AS BLOB)) = length({expression}) "
        f"THEN lower({expression}) ELSE {FOLD_FUNCTION}({expression}) END"
    )


_FOLDED = {
    "document": ("fd.f", "fd"),
    "date": ("coalesce(d.published_at, '')", "d"),  # digits and "-": nothing to fold
    "kind": ("a.kind", ""),
    "actor": ("coalesce(fs.f, '')", "fs"),
    "claim": ("coalesce(fp.f, '')", "fp"),
    "stance": (_folded_text("coalesce(a.stance, '')"), ""),
    "quote": (_folded_text("a.exact"), ""),
    "coder": ("fk.f", "fk"),
    "note": (_folded_text("a.note"), ""),
    "start": ("CAST(a.start AS TEXT)", ""),
    "end": ('CAST(a."end" AS TEXT)', ""),
}
"""What a text filter looks in, by column, case-folded, and the join it needs. Names and
titles are folded once per actor, document, claim or coder (a few thousand calls of the fold
function instead of one per row: the free-text filter of 110,000 rows took 0.68 s)."""
_CTES = {
    "p": "p(id, path) AS (SELECT id, label FROM claim WHERE parent_id IS NULL "
    f"UNION ALL SELECT claim.id, p.path || '{PATH_SEPARATOR}' || claim.label "
    "FROM claim JOIN p ON claim.parent_id = p.id)",
    "fd": f"fd(id, f) AS MATERIALIZED (SELECT id, {FOLD_FUNCTION}(title) FROM document)",
    "fs": f"fs(id, f) AS MATERIALIZED (SELECT id, {FOLD_FUNCTION}(name) FROM actor)",
    "fp": f"fp(id, f) AS MATERIALIZED (SELECT id, {FOLD_FUNCTION}(path) FROM p)",
    "fk": f"fk(id, f) AS MATERIALIZED (SELECT id, {FOLD_FUNCTION}(name) FROM coder)",
}
_JOINS = {
    # The title and date come before the text in a document's row: no overflow pages read.
    "d": "JOIN document d ON d.id = a.document_id",
    "s": "LEFT JOIN actor s ON s.id = a.actor_id",
    "p": "LEFT JOIN p ON p.id = a.claim_id",
    "k": "JOIN coder k ON k.id = a.coder_id",
    "fd": "JOIN fd ON fd.id = a.document_id",
    "fs": "LEFT JOIN fs ON fs.id = a.actor_id",
    "fp": "LEFT JOIN fp ON fp.id = a.claim_id",
    "fk": "JOIN fk ON fk.id = a.coder_id",
}
_ORDER = ("d", "s", "p", "k", "fd", "fs", "fp", "fk")


@dataclass(frozen=True, slots=True)
class StatementFilter:
    """Which rows the table shows; every condition given must hold."""

    kind: str | None = None
    """``"statement"`` or ``"mention"``; None for both."""
    claim_id: str | None = None
    """Statements of this claim or of a claim under it."""
    stance: str | None = None
    """A stance; ``""`` for statements coded without one."""
    coder_id: str | None = None
    actor_id: str | None = None
    """A statement's speaker or a mention's actor."""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    """Documents published in this range (both ends included); undated ones are left out
    once either end is set."""
    text: str = ""
    """Held (case-insensitively) by one of :data:`FREE_TEXT_COLUMNS`."""
    columns: tuple[tuple[str, str], ...] = ()
    """(column key, text the column must hold, case-insensitively; ``""``: the column must
    be empty)."""
    document_ids: frozenset[str] | None = None
    """Only annotations of these documents (a search query's documents)."""
    annotation_ids: frozenset[str] | None = None
    """Only these annotations (a search query's statements)."""


@dataclass(frozen=True, slots=True)
class StatementSort:
    column: str = "document"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One row of the table: an annotation as the analyst reads it."""

    id: str
    document_id: str
    kind: str
    document: str
    date: str
    """The document's date, ``YYYY-MM-DD``; empty when it has none."""
    actor: str
    """The statement's speaker or the mention's actor; empty when none."""
    actor_id: str | None
    claim: str
    """The claim's path from the top of the tree (:data:`PATH_SEPARATOR`)."""
    claim_id: str | None
    stance: str
    quote: str
    coder: str
    note: str
    start: int
    end: int

    def value(self, column: str) -> str | int:
        """The cell of ``column`` (one of :data:`COLUMNS`)."""
        return getattr(self, column)  # type: ignore[no-any-return]


def fold(text: str) -> str:
    """What a text filter compares: NFC-normalised (as stored texts are), case-folded."""
    import unicodedata

    return unicodedata.normalize("NFC", text).casefold()


def _fold_sql(value: object) -> str:
    return "" if value is None else str(value).casefold()


def prepare(connection: sqlite3.Connection) -> None:
    """Register the function the filters call (idempotent)."""
    connection.create_function(FOLD_FUNCTION, 1, _fold_sql, deterministic=True)


def _check(filter_: StatementFilter, sort: StatementSort | None) -> None:
    for column, _text in filter_.columns:
        if column not in _EXPRESSIONS:
            raise ValueError(f"no column {column!r} in the statements table")
    if sort is not None and sort.column not in _EXPRESSIONS:
        raise ValueError(f"no column {sort.column!r} in the statements table")
    if filter_.kind not in (None, "statement", "mention"):
        raise ValueError(f"no annotation kind {filter_.kind!r}")


def _where(filter_: StatementFilter) -> tuple[list[str], list[object], set[str]]:
    """(conditions, their parameters, the joins they need)."""
    conditions, params = _coding_conditions(filter_)
    needs: set[str] = set()
    if filter_.date_from is not None or filter_.date_to is not None:
        needs.add("d")
        low = (filter_.date_from or dt.date.min).isoformat()
        high = (filter_.date_to or dt.date.max).isoformat()
        conditions.append("d.published_at BETWEEN ? AND ?")
        params.extend((low, high))
    for column, text in filter_.columns:
        expression, need = _FOLDED[column]
        needs.add(need)
        if text:
            conditions.append(f"instr({expression}, ?) > 0")
            params.append(fold(text))
        else:  # an empty cell: no speaker, no note...
            conditions.append(f"{expression} = ''")
    if filter_.text:
        anywhere = []
        for column in FREE_TEXT_COLUMNS:
            expression, need = _FOLDED[column]
            needs.add(need)
            anywhere.append(f"instr({expression}, ?) > 0")
            params.append(fold(filter_.text))
        conditions.append(f"({' OR '.join(anywhere)})")
    for name, ids in (("document_id", filter_.document_ids), ("id", filter_.annotation_ids)):
        if ids is not None:
            conditions.append(f"a.{name} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(ids)))
    needs.discard("")
    return conditions, params, needs


def _coding_conditions(filter_: StatementFilter) -> tuple[list[str], list[object]]:
    """The conditions on the annotation's own coding: kind, claim subtree, stance, coder,
    actor."""
    conditions: list[str] = []
    params: list[object] = []
    if filter_.kind is not None:
        conditions.append("a.kind = ?")
        params.append(filter_.kind)
    if filter_.claim_id is not None:
        conditions.append(
            "a.claim_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION "
            "SELECT claim.id FROM claim JOIN sub ON claim.parent_id = sub.id) SELECT id FROM sub)"
        )
        params.append(filter_.claim_id)
    if filter_.stance == "":  # what is left to code: statements without a stance
        conditions.append("a.kind = 'statement' AND a.stance IS NULL")
    for name, value in (
        ("stance", filter_.stance or None),
        ("coder_id", filter_.coder_id),
        ("actor_id", filter_.actor_id),
    ):
        if value is not None:
            conditions.append(f"a.{name} = ?")
            params.append(value)
    return conditions, params


def _order(sort: StatementSort) -> tuple[str, set[str]]:
    direction = "DESC" if sort.descending else "ASC"
    expression = _EXPRESSIONS[sort.column]
    if sort.column in NUMERIC:
        key = f"{expression} {direction}"
    else:
        key = f"coalesce({expression}, '') COLLATE NOCASE {direction}"
    needs = {_NEEDS[sort.column]} if sort.column in _NEEDS else set()
    return f"ORDER BY {key}, a.document_id, a.start, a.id", needs


def _query(select: str, needs: set[str], conditions: list[str], tail: str = "") -> str:
    if "fp" in needs:
        needs = needs | {"p_cte"}
    wanted = [name for name in _CTES if name in needs or (name == "p" and "p_cte" in needs)]
    ctes = f"WITH RECURSIVE {', '.join(_CTES[name] for name in wanted)} " if wanted else ""
    joins = " ".join(_JOINS[n] for n in _ORDER if n in needs)  # p_cte: the paths, unjoined
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"{ctes}SELECT {select} FROM annotation a {joins}{where} {tail}".strip()


_ROW_SELECT = (
    "a.id, a.document_id, a.kind, coalesce(d.title, ''), coalesce(d.published_at, ''), "
    "coalesce(s.name, ''), a.actor_id, coalesce(p.path, ''), a.claim_id, "
    "coalesce(a.stance, ''), a.exact, coalesce(k.name, ''), a.note, a.start, a.\"end\""
)
_ALL = {"d", "s", "p", "k"}


def count_rows(connection: sqlite3.Connection, filter_: StatementFilter) -> int:
    """How many annotations ``filter_`` lets through."""
    _check(filter_, None)
    prepare(connection)
    conditions, params, needs = _where(filter_)
    row = connection.execute(_query("count(*)", needs, conditions), params).fetchone()
    return int(row[0])


def ordered_ids(
    connection: sqlite3.Connection, filter_: StatementFilter, sort: StatementSort
) -> list[str]:
    """The ids of the rows ``filter_`` lets through, in ``sort``'s order (one query: a view
    sizes its scroll bar from them and reads the rows it shows by id)."""
    _check(filter_, sort)
    prepare(connection)
    conditions, params, needs = _where(filter_)
    order, order_needs = _order(sort)
    sql = _query("a.id", needs | order_needs, conditions, order)
    return [row[0] for row in connection.execute(sql, params)]


def _row(values: Sequence[object]) -> StatementRow:
    return StatementRow(*values)  # type: ignore[arg-type]


def page(
    connection: sqlite3.Connection,
    filter_: StatementFilter,
    sort: StatementSort,
    offset: int,
    limit: int,
) -> list[StatementRow]:
    """The rows ``offset`` to ``offset + limit`` of the filtered, sorted table."""
    _check(filter_, sort)
    prepare(connection)
    conditions, params, needs = _where(filter_)
    order, _ = _order(sort)
    sql = _query(_ROW_SELECT, _ALL | needs, conditions, f"{order} LIMIT ? OFFSET ?")
    return [_row(r) for r in connection.execute(sql, [*params, max(0, limit), max(0, offset)])]


def iter_rows(
    connection: sqlite3.Connection,
    filter_: StatementFilter,
    sort: StatementSort,
    batch: int = 5000,
) -> Iterator[StatementRow]:
    """Every row of the filtered, sorted table, read ``batch`` at a time (for export)."""
    _check(filter_, sort)
    prepare(connection)
    conditions, params, needs = _where(filter_)
    order, _ = _order(sort)
    cursor = connection.execute(_query(_ROW_SELECT, _ALL | needs, conditions, order), params)
    try:
        while rows := cursor.fetchmany(batch):
            yield from (_row(r) for r in rows)
    finally:
        cursor.close()


def rows_by_id(connection: sqlite3.Connection, ids: Sequence[str]) -> dict[str, StatementRow]:
    """The rows of ``ids`` (those deleted meanwhile are absent)."""
    found: dict[str, StatementRow] = {}
    for begin in range(0, len(ids), _CHUNK):
        chunk = list(ids[begin : begin + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        sql = _query(_ROW_SELECT, _ALL, [f"a.id IN ({marks})"])
        for values in connection.execute(sql, chunk):
            found[values[0]] = _row(values)
    return found
