"""The bulk-reading phrase and expanded-term queries find what Whoosh's own find, and the
body field indexes what the analyser makes."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, query

from annotator.core.search import DocumentEntry
from annotator.core.search.bulk import bulk_version
from annotator.core.search.positions import PackedPositions
from annotator.core.search.schema import WordsField, text_analyzer
from annotator.core.search.whoosh_index import WhooshIndex
from tests.core.search.memory_index import memory_index

WORDS = ["korea", "north", "south", "with", "sanction", "sanctus", "contain", "content"]

documents = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join),
    min_size=1,
    max_size=30,
)


def _index(texts: list[str], deleted: set[int]):
    """A two-segment index in memory, some of whose documents are deleted."""
    entries = [
        {"id": str(number), "kind": "document", "doc_id": str(number), "body": text}
        for number, text in enumerate(texts)
    ]
    half = len(texts) // 2
    return memory_index([entries[:half], entries[half:]], [str(number) for number in deleted])


def _found(searcher, q) -> dict[str, float]:
    return {hit["id"]: hit.score for hit in searcher.search(q, limit=None)}


@settings(max_examples=60, deadline=None)
@given(
    texts=documents,
    phrase=st.lists(st.sampled_from(WORDS), min_size=2, max_size=3),
    slop=st.integers(1, 3),
    deleted=st.sets(st.integers(0, 29), max_size=4),
)
def test_a_bulk_phrase_finds_what_whooshs_phrase_finds_with_the_same_scores(
    texts, phrase, slop, deleted
):
    ix = _index(texts, {d for d in deleted if d < len(texts)})
    native = query.Phrase("body", phrase, slop=slop)
    with ix.searcher() as searcher:
        expected, found = _found(searcher, native), _found(searcher, bulk_version(native))
    assert found.keys() == expected.keys()
    for key, score in expected.items():
        assert math.isclose(found[key], score, rel_tol=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    texts=documents,
    expansion=st.sampled_from(
        [
            query.Prefix("body", "sanct"),
            query.Prefix("body", "con"),
            query.Wildcard("body", "*th"),
            query.Wildcard("body", "s?uth"),
            query.FuzzyTerm("body", "sanctu", maxdist=1, prefixlength=2),
            query.FuzzyTerm("body", "conten", maxdist=1, prefixlength=2),
            query.FuzzyTerm("body", "wit", maxdist=2, prefixlength=1),
        ]
    ),
    deleted=st.sets(st.integers(0, 29), max_size=4),
)
def test_bulk_expansions_find_what_whooshs_expansions_find(texts, expansion, deleted):
    ix = _index(texts, {d for d in deleted if d < len(texts)})
    bulk = bulk_version(expansion)
    assert type(bulk) is not type(expansion)
    with ix.searcher() as searcher:
        assert _found(searcher, bulk).keys() == _found(searcher, expansion).keys()


@settings(max_examples=40, deadline=None)
@given(texts=documents, deleted=st.sets(st.integers(0, 29), max_size=4))
def test_bulk_queries_combine_with_others_as_whooshs_do(texts, deleted):
    # Intersections and exclusions step the bulk matchers with skip_to, unions with next.
    ix = _index(texts, {d for d in deleted if d < len(texts)})
    phrase = query.Phrase("body", ["north", "korea"])
    prefix = query.Prefix("body", "sanct")
    natives = [
        query.And([phrase, prefix]),
        query.And([query.Term("body", "with"), phrase]),
        query.AndNot(prefix, phrase),
        query.Or([phrase, prefix, query.Term("body", "south")]),
    ]
    with ix.searcher() as searcher:
        for native in natives:
            bulk = native.accept(lambda node: bulk_version(node) or node)
            assert bulk != native
            assert _found(searcher, bulk).keys() == _found(searcher, native).keys(), native


def test_expanded_terms_rank_documents_with_more_occurrences_first():
    ix = _index(["sanction", "sanction sanctus sanction", "korea"], set())
    with ix.searcher() as searcher:
        hits = searcher.search(bulk_version(query.Prefix("body", "sanct")), limit=None)
        assert [hit["id"] for hit in hits] == ["1", "0"]


def test_totals_of_expanded_terms_are_exact_in_a_large_index(tmp_path):
    # Whoosh's own union of many expansions, in an index of more than 5,000 documents, let
    # its collector drop sub-matchers while collecting the top hits: `cont*` counted 7,939
    # of 14,395 documents at 22,250 articles.
    vocabulary = [f"cont{letters}" for letters in ("a", "b", "c", "d", "e", "f", "g", "h")]
    texts = [
        f"{vocabulary[n % 8]} filler{n % 13}" if n % 3 else f"other{n % 7} words here"
        for n in range(5300)
    ]
    index = WhooshIndex(tmp_path / "ix", "project")
    index.rebuild(
        (DocumentEntry(f"d{n}", "", "", None, text) for n, text in enumerate(texts)),
        watermark=1,
        total=len(texts),
    )
    index.merge_segments()
    try:
        for text, pattern in [("cont*", r"\bcont"), ("conta~", r"\bcont[a-h]\b"), ("fill*", "")]:
            expected = sum(1 for t in texts if re.search(pattern or r"\bfiller", t))
            assert index.search(text, limit=20).total == expected, text
    finally:
        index.close()


def _analysed(text: str) -> list[tuple[bytes, int, float, bytes]]:
    """The postings Whoosh's own path makes: the analyser's tokens, in the body's format."""
    reference = fields.TEXT(analyzer=text_analyzer(), phrase=True)
    reference.format = PackedPositions()
    return list(reference.index(text))


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_the_body_field_indexes_what_the_analyser_makes(text):
    assert sorted(WordsField().index(text)) == sorted(_analysed(text))


@pytest.mark.parametrize("text", ["", "one", "U.S. K.C.N.A. said; Kim’s"])
def test_the_body_field_indexes_what_the_analyser_makes_on_examples(text):
    assert sorted(WordsField().index(text)) == sorted(_analysed(text))


def test_totals_of_unions_count_every_matching_document(tmp_path):
    # Whoosh's collector swaps a union whose branch cannot reach the top hits for an
    # intersection: the top hits stay right, but the branch's documents went uncounted
    # ("sanction OR nuclear" counted 8,866 of 19,284 documents at 22,250 articles).
    # Documents with both words come first, each scoring more than the last (shorter), so
    # the bar to enter the top five rises above what one word can score: the union became
    # an intersection and stopped counting the 200 documents with one word.
    texts = (
        ["alpha beta" + " filler" * (39 - n) for n in range(40)]
        + ["alpha gamma"] * 100
        + ["beta gamma"] * 100
    )
    index = WhooshIndex(tmp_path / "ix", "project")
    index.rebuild(
        (DocumentEntry(f"d{n:03}", "", "", None, text) for n, text in enumerate(texts)),
        watermark=1,
    )
    try:
        assert index.search("alpha OR beta", limit=5).total == 240
        assert index.search("beta OR alpha", limit=5).total == 240
    finally:
        index.close()
