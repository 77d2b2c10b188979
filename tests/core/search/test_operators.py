"""Operators and their precedence (issue #14, README "Search queries"): NOT binds tightest,
then AND, ANDNOT and words side by side (one level, left to right), then OR; ``NOT NOT a`` is
``a``. Checked against the plain-Python reference (:mod:`tests.core.search.reference`) on
texts holding every combination of four words."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search import QueryError
from annotator.core.search.query import QueryBuilder
from tests.core.search.generated import batches, queries
from tests.core.search.reference import (
    And,
    AndNot,
    Not,
    Or,
    Query,
    Word,
    build,
    expected,
    minimal,
)
from tests.core.search.segmented import found

A, B, C, D = (Word(w) for w in ("gas", "news", "run", "vote"))
# Every combination of the four words, one document each.
TEXTS = [
    " ".join(words)
    for size in range(5)
    for words in itertools.combinations(("gas", "news", "run", "vote"), size)
]


def _and(*parts: Query) -> And:
    return And(parts, spelled=True)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gas OR news AND run", Or((A, _and(B, C)))),
        ("gas AND news OR run", Or((_and(A, B), C))),
        ("gas news OR run", Or((_and(A, B), C))),
        ("gas OR news run", Or((A, _and(B, C)))),
        ("gas OR news run OR vote", Or((A, _and(B, C), D))),
        ("NOT gas news", _and(Not(A), B)),
        ("news NOT gas run", _and(B, Not(A), C)),
        ("gas ANDNOT news OR run", Or((AndNot(A, B, spelled=True), C))),
        ("gas OR news ANDNOT run", Or((A, AndNot(B, C, spelled=True)))),
        ("gas ANDNOT news run", _and(AndNot(A, B, spelled=True), C)),
        ("gas news ANDNOT run", AndNot(_and(A, B), C, spelled=True)),
        ("gas ANDNOT news ANDNOT run", AndNot(AndNot(A, B, spelled=True), C, spelled=True)),
        ("NOT gas OR news", Or((Not(A), B))),
        ("gas AND NOT news OR run", Or((AndNot(A, B, spelled=False), C))),
        ("(gas OR news) run", _and(Or((A, B)), C)),
        ("run (gas OR news)", _and(C, Or((A, B)))),
        ("NOT (gas OR news) vote", _and(Not(Or((A, B))), D)),
        ("NOT NOT gas", A),
        ("NOT NOT NOT gas", Not(A)),
        ("news AND NOT NOT gas", _and(B, A)),
        ("news ANDNOT NOT gas", _and(B, A)),
    ],
)
def test_operators_bind_as_documented(tmp_path, typed, meant):
    index, docs = build(tmp_path / "ix", [[(None, "", text) for text in TEXTS]])
    try:
        assert found(index, typed) == expected(meant, docs), typed
    finally:
        index.close()


@pytest.mark.parametrize(
    "typed",
    [
        "gas AND OR news",
        "gas OR AND news",
        "gas ANDNOT OR news",
        "(gas AND ) news",
        # At either end of the query or of brackets (Whoosh took these for the words "and",
        # "or", "not": "oil AND" found oil and the word "and").
        "gas AND",
        "OR gas",
        "gas NOT",
        "AND",
        "NOT",
        "(gas AND) news",
        "news (OR gas)",
        "gas ANDMAYBE",
        "REQUIRE gas",
    ],
)
def test_an_operator_without_a_term_on_each_side_is_refused(typed):
    with pytest.raises(QueryError, match="needs something to search for"):
        QueryBuilder().parse(typed)


def test_an_operator_next_to_a_bracket_is_an_operator_and_lowercase_ones_are_words(tmp_path):
    index, docs = build(tmp_path / "ix", [[(None, "", text) for text in TEXTS]])
    try:
        assert found(index, "NOT(gas)") == expected(Not(A), docs)
        assert found(index, "news AND(gas)") == expected(And((B, A), spelled=True), docs)
        assert found(index, "(news)OR(gas)") == expected(Or((B, A)), docs)
        assert found(index, "gas and") == set()  # the word "and", in no text
    finally:
        index.close()


@settings(max_examples=80, deadline=None)
@given(data=st.data(), batches=batches, deleted=st.sets(st.integers(0, 30), max_size=4))
def test_queries_with_only_the_brackets_precedence_needs(data, batches, deleted):
    """Generated queries typed with the fewest brackets find what the reference finds."""
    texts = [text for batch in batches for _replaced, _title, text in batch]
    titles = [title for batch in batches for _replaced, title, _text in batch]
    made = data.draw(st.lists(queries(texts, titles), min_size=1, max_size=6))
    with tempfile.TemporaryDirectory() as folder:
        index, docs = build(Path(folder) / "ix", batches, deleted)
        try:
            for query in made:
                typed = minimal(query)
                wanted = expected(query, docs)
                assert found(index, typed) == wanted, typed
                assert index.search(typed, limit=1).total == len(wanted), typed
        finally:
            index.close()
