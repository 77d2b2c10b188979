"""Hits are ranked as Whoosh's own top collector ranks them: the same totals, the same
scores, the same order, for queries over every operator on segments with deletions."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import collectors, query

from annotator.core.search.engine import run_query
from annotator.core.search.query import QueryBuilder
from tests.core.search.memory_index import memory_index

WORDS = ["korea", "north", "south", "with", "sanction", "sanctions", "contain", "content"]
STANCES = ["support", "oppose"]

texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=10).map(" ".join)
entries = st.lists(
    st.tuples(st.booleans(), texts, texts, st.sampled_from(STANCES)), min_size=1, max_size=40
)


def _leaf(draw) -> str:
    word: str = draw(st.sampled_from(WORDS))
    form = draw(st.sampled_from(["word", "title", "prefix", "fuzzy", "phrase", "stance"]))
    if form == "title":
        return f"title:{word}"
    if form == "prefix":
        return f"{word[:3]}*"
    if form == "fuzzy":
        return f"{word[:-1]}~"
    if form == "phrase":
        slop = draw(st.sampled_from(["", "~2"]))
        return f'"{word} {draw(st.sampled_from(WORDS))}"{slop}'
    if form == "stance":
        return f"stance:{draw(st.sampled_from(STANCES))}"
    return word


@st.composite
def queries(draw, depth: int = 2) -> str:
    if depth == 0 or draw(st.booleans()):
        return _leaf(draw)
    left, right = draw(queries(depth - 1)), draw(queries(depth - 1))
    operator = draw(st.sampled_from(["AND", "OR", "NOT", "ANDNOT", ""]))
    if operator == "NOT":
        return f"({left}) AND NOT ({right})"
    return f"({left}) {operator} ({right})".replace(")  (", ") (")


def _index(rows, deleted: set[int]):
    """Documents and statements in three segments, some of them deleted."""
    entries = []
    for number, (is_statement, body, title, stance) in enumerate(rows):
        fields = {"id": str(number), "doc_id": f"doc{number}", "body": body}
        if is_statement:
            fields.update(kind="statement", stance=stance)
        else:
            fields.update(kind="document", title=title)
        entries.append(fields)
    third = max(1, len(rows) // 3)
    segments = [entries[start : start + third] for start in range(0, len(entries), third)]
    return memory_index(segments, [str(number) for number in deleted])


def _whooshs(searcher, q, limit: int, kind: str) -> tuple[list[tuple[str, float]], int]:
    kind_query = query.Term("kind", "statement" if kind == "document" else kind)
    collector = collectors.FilterCollector(
        collectors.TopCollector(limit, usequality=False, replace=0),
        allow=None if kind == "document" else kind_query,
        restrict=kind_query if kind == "document" else None,
    )
    searcher.search_with_collector(q, collector)
    results = collector.results()
    return [(hit["id"], hit.score) for hit in results], len(results)


def _same_ranking(found: list[tuple[str, float]], expected: list[tuple[str, float]]) -> None:
    assert len(found) == len(expected)
    for (_, score), (_, wanted) in zip(found, expected, strict=True):
        assert math.isclose(score, wanted, rel_tol=1e-9)
    # Where two scores differ, their order is Whoosh's; equal scores come in document order
    # in both, but a sum added in another order may differ in its last bit.
    for position, (name, score) in enumerate(expected):
        neighbours = [s for _, s in expected[max(0, position - 1) : position + 2]]
        if sum(math.isclose(score, s, rel_tol=1e-9) for s in neighbours) == 1:
            assert found[position][0] == name


@settings(max_examples=150, deadline=None)
@given(
    rows=entries,
    text=queries(),
    deleted=st.sets(st.integers(0, 39), max_size=5),
    kind=st.sampled_from(["document", "statement"]),
    limit=st.sampled_from([1, 3, 1000]),
)
def test_hits_are_ranked_as_whooshs_collector_ranks_them(rows, text, deleted, kind, limit):
    ix = _index(rows, {d for d in deleted if d < len(rows)})
    parsed = QueryBuilder().parse(text, None)
    with ix.searcher() as searcher:
        found, total = run_query(searcher, parsed.query, limit=limit, kind=kind)
        expected, expected_total = _whooshs(searcher, parsed.query, limit, kind)
    assert total == expected_total
    _same_ranking([(i, score) for i, _doc, score in found], expected)


def test_a_scored_tie_goes_to_the_earlier_document():
    ix = _index([(False, "korea", "", "support")] * 5, set())
    with ix.searcher() as searcher:
        found, total = run_query(searcher, query.Term("body", "korea"), limit=2)
    assert total == 5
    assert [i for i, _doc, _score in found] == ["0", "1"]
