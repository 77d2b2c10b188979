"""A file's rows read in ranges by several threads come out whole, in order, and once.

No reader outlives a failed or stopped file: the threads after are those before. (A count
of all the process's threads failed once in CI on one thread more, which these tests did not
start: the whole suite runs in one process.)"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.dataset_schema import STATEMENTS
from annotator.core.exporters import span_sql
from annotator.core.exporters.line_writer import Query, write_queries_lines


def _numbers_file(path: Path, rows: int) -> list[sqlite3.Connection]:
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE n (i INTEGER PRIMARY KEY)")
        setup.executemany("INSERT INTO n VALUES (?)", [(i,) for i in range(rows)])
    return [sqlite3.connect(path, check_same_thread=False) for _ in range(3)]


def _ranges(rows: int, size: int) -> list[Query]:
    return [
        Query(
            "SELECT CAST(i || char(10) AS BLOB), 1 FROM n WHERE i >= ? AND i < ? ORDER BY i",
            (low, low + size),
        )
        for low in range(0, rows, size)
    ]


@pytest.mark.parametrize("size", [1, 7, 5000, 20_000])
def test_ranges_read_by_three_threads_are_written_in_order(tmp_path, size):
    connections = _numbers_file(tmp_path / "n.db", 12_345)
    out = tmp_path / "out.txt"
    count, digest = write_queries_lines(connections, _ranges(12_345, size), out, head=b"i\n")
    expected = b"i\n" + b"".join(f"{i}\n".encode() for i in range(12_345))
    assert out.read_bytes() == expected
    assert count == 12_345
    assert digest == hashlib.sha256(expected).hexdigest()


def test_a_failing_range_fails_the_file_and_stops_the_readers(tmp_path):
    connections = _numbers_file(tmp_path / "n.db", 1000)
    queries = _ranges(1000, 100)
    queries[6] = Query("SELECT no_such_column, 1 FROM n", ())
    before = set(threading.enumerate())
    with pytest.raises(sqlite3.OperationalError, match="no_such_column"):
        write_queries_lines(connections, queries, tmp_path / "out.txt")
    assert not set(threading.enumerate()) - before  # no reader is left running


def test_stopping_raises_interrupted(tmp_path):
    connections = _numbers_file(tmp_path / "n.db", 30_000)
    asked = []

    def should_stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    before = set(threading.enumerate())
    with pytest.raises(InterruptedError, match=r"out\.txt"):
        write_queries_lines(
            connections, _ranges(30_000, 6000), tmp_path / "out.txt", should_stop=should_stop
        )
    assert not set(threading.enumerate()) - before


def _annotations(counts: list[int]) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE annotation (kind TEXT, document_id TEXT)")
    connection.executemany(
        "INSERT INTO annotation VALUES ('statement', ?)",
        [(f"d{n:03}",) for n, count in enumerate(counts) for _ in range(count)],
    )
    return connection


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 40), max_size=30), rows=st.integers(1, 60))
def test_document_ranges_hold_every_row_once_in_order(counts, rows):
    connection = _annotations(counts)
    ranges = span_sql.document_ranges(connection, STATEMENTS, span_sql.SpanFilter(), rows)
    held: list[str] = []
    sizes: list[int] = []
    for part in ranges:
        conditions, params = span_sql._where(STATEMENTS, part)
        before = len(held)
        held += [
            document_id
            for (document_id,) in connection.execute(
                f"SELECT document_id FROM annotation a WHERE {conditions} ORDER BY document_id",
                params,
            )
        ]
        sizes.append(len(held) - before)
    everything = sorted(f"d{n:03}" for n, count in enumerate(counts) for _ in range(count))
    assert held == everything
    assert all(size >= rows for size in sizes[:-1])  # no more ranges than needed


def test_a_range_still_joins_the_document_cells_through_an_index(tmp_path):
    from sqlalchemy import create_engine

    from annotator.core.models import metadata

    engine = create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    metadata.create_all(engine)
    engine.dispose()
    connection = sqlite3.connect(tmp_path / "p.db")
    span_sql.register_functions(connection)
    part = span_sql.SpanFilter(after_document="a", up_to_document="m")
    sql, params = span_sql.span_lines_query(STATEMENTS, "csv", part)
    plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    joins = [step for step in plan if "_cells_" in step and "LEFT-JOIN" in step]
    assert joins
    assert all("INDEX" in step for step in joins), plan


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_documents_lines_are_joined_in_the_order_the_subquery_gives(tmp_path, fmt):
    # group_concat joins in the order rows reach it: the plan must read them through the
    # index in export order and not sort them again for the grouping.
    from sqlalchemy import create_engine

    from annotator.core.models import metadata

    engine = create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    metadata.create_all(engine)
    engine.dispose()
    connection = sqlite3.connect(tmp_path / "p.db")
    span_sql.register_functions(connection)
    for part in (
        span_sql.SpanFilter(),
        span_sql.SpanFilter(after_document="a"),
        span_sql.SpanFilter(document_ids=["b", "a"], coder_ids=["c"]),
    ):
        sql, params = span_sql.span_lines_query(STATEMENTS, fmt, part)
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        assert f"SEARCH a USING INDEX {span_sql.EXPORT_INDEX}" in " ".join(plan), plan
        assert not any("TEMP B-TREE" in step for step in plan), plan
