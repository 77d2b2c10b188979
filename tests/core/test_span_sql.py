"""The SQL that formats statement and mention cells agrees with the Python writers."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.dataset_schema import ENTITIES, MENTIONS, STATEMENTS, CellKind
from annotator.core.exporters import span_sql
from annotator.core.exporters.csv_writer import NUL_REPLACEMENT, CsvVariant
from annotator.core.exporters.formula_guard import (
    ALWAYS_GUARDED_STARTS,
    FORMULA_STARTS,
    LEADING_IGNORED,
    guard,
)

GUARD_CASES = [
    " =1+2",
    "\u00a0=1",
    "\u3000+1",
    "\u200b@SUM(A1)",
    "\ufeff-1",
    "\uff1d1+1",
    "  \uff0b1",
    " \u00a0\u200b\uff20x",
    " plain",
    "\u200b",
    "\0=1",
]
"""Cells the issue #13.11 guard catches, and near misses."""

# SQLite stores UTF-8: lone surrogates cannot reach it (normalisation replaces them).
TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]),
    max_size=40,
) | st.sampled_from(
    ["", "=1+2", "-3", "'x", "\t", "a,b", 'say "no"', "line\r\nbreak", "\0", *GUARD_CASES]
)


def _sql_cell(
    fmt: span_sql.Format, kind: CellKind, value: str | None, variant: CsvVariant = "spreadsheet"
) -> str:
    connection = sqlite3.connect(":memory:")
    span_sql.register_functions(connection)
    expression = span_sql.cell_sql(fmt, kind, "v.x", variant)
    (cell,) = connection.execute(
        f"WITH v(x) AS (SELECT ?) SELECT {expression} FROM v", (value,)
    ).fetchone()
    connection.close()
    return str(cell)


def _python_csv_cell(value: str, variant: CsvVariant = "spreadsheet") -> str:
    text = value.replace("\0", NUL_REPLACEMENT)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(
        [guard(text) if variant == "spreadsheet" else text, "next"]
    )
    return buffer.getvalue().removesuffix(",next\r\n")


@given(TEXT)
def test_a_sql_csv_cell_is_the_python_csv_writers_cell(value):
    assert _sql_cell("csv", "text", value) == _python_csv_cell(value)


@given(TEXT)
def test_a_sql_exact_csv_cell_is_the_unguarded_python_csv_cell(value):
    assert _sql_cell("csv", "text", value, "exact") == _python_csv_cell(value, "exact")


# Every character the SQL's first GLOB lets through, and the ones GLOB reads specially.
FIRST_CHARACTERS = sorted(
    set(ALWAYS_GUARDED_STARTS + FORMULA_STARTS + LEADING_IGNORED + "[]^*?-,.a0")
)


@pytest.mark.parametrize("first", FIRST_CHARACTERS)
@pytest.mark.parametrize("rest", ["", "x", "=1", " -1", "'"])
def test_the_sql_guard_is_the_python_guard_for_every_first_character(first, rest):
    assert _sql_cell("csv", "text", first + rest) == _python_csv_cell(first + rest)


@pytest.mark.parametrize("value", GUARD_CASES)
def test_the_sql_guard_is_the_python_guard_on_leading_spaces_and_fullwidth(value):
    assert _sql_cell("csv", "text", value) == _python_csv_cell(value)


@given(TEXT.filter(lambda v: "\0" not in v))
def test_a_sql_span_cell_is_the_python_csv_writers_cell(value):
    assert _sql_cell("csv", "span", value) == _python_csv_cell(value)


@given(TEXT)
def test_a_sql_json_value_is_json_dumps(value):
    expected = "null" if value == "" else json.dumps(value, ensure_ascii=False)
    assert _sql_cell("jsonl", "text", value) == expected


def test_nulls_are_empty_in_csv_and_null_in_json():
    assert _sql_cell("csv", "text", None) == ""
    assert _sql_cell("jsonl", "plain", None) == "null"


@pytest.mark.parametrize("table", [STATEMENTS, MENTIONS])
def test_every_column_of_the_dataset_schema_has_a_sql_source(table):
    groups = span_sql._groups(table)
    assert [c.name for _entity, columns in groups for c in columns] == list(table.column_names)
    assert all(c.entity in ENTITIES for c in table.columns)


def test_filters_become_json_parameters():
    sql, params = span_sql.span_lines_query(
        STATEMENTS, "csv", span_sql.SpanFilter(document_ids=["d1", "d2"], claim_ids=["c"])
    )
    assert params == ["statement", '["d1", "d2"]', '["c"]']
    assert sql.count("json_each(?)") == 2
    _sql, mention_params = span_sql.span_lines_query(
        MENTIONS, "jsonl", span_sql.SpanFilter(claim_ids=["c"])
    )
    assert mention_params == ["mention"]  # mentions have no claim
