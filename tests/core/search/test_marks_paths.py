"""The two ways the Marker finds a text's matched spans give the same marks: from the places
of the matching words (each phrase and name checked from its first word over the words after
it) and by stemming every word of the text, for queries over every operator and for actor
names, on texts with full stops, marks, symbols and Chinese."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search.marks import Marker, merge_marks
from annotator.core.search.query import QueryBuilder
from tests.core.search.generated import queries
from tests.core.search.reference import build

TEXTS = [
    "North Korea said gas prices rose. North  Korean gas news, news gas.",
    "U.S. officials met the K.C.N.A. in Pyongyang; Kim Jong Un, kim jong-un and KIM spoke.",
    "Elections: elected, electing, the election's news. José and Jose\u0301 ran, running.",
    "外交部 said: 交部 news 😊 gas ❤\ufe0f news, e\u0301lections at 7.30 p.m. U..S gas.",
    "news news news gas gas gas North Korea North Korea prime minister ministers",
    # Stems that are not beginnings of their words: happi, hope, agre, relat.
    "Happy? She was hoping they agreed: happiness, hopes, agreeing, relational relations.",
    # Lowercased whole, a capital sigma before an apostrophe and a letter is not final, and
    # "İ" becomes two characters: the word-by-word lowercasing is what counts.
    "ΟΔΟΣ’\u0391 ΟΔΟΣ οδος news and gas.",
    "İstanbul gas, ISTANBUL news and İZMIR gas.",
]
NAMES = ["Kim Jong Un", "North Korea", "the prime minister", "K.C.N.A", "gas"]


def _resolver(words):
    return ("actor-1", NAMES)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_places_of_matching_words_give_the_marks_of_the_word_by_word_scan(data):
    rendered = data.draw(queries(TEXTS, [""])).render()
    if data.draw(st.booleans()):
        rendered = f'{rendered} OR actor:"{data.draw(st.sampled_from(NAMES))}"'
    with tempfile.TemporaryDirectory() as folder:
        index, _docs = build(Path(folder) / "ix", [[(None, "", text) for text in TEXTS]])
        try:
            parsed = QueryBuilder().parse(rendered, _resolver)
            with index._searcher() as searcher:
                marker = Marker(parsed, searcher.reader())
            for text in TEXTS:
                by_places = marker.spans_by_places(text)
                if by_places is not None:
                    expected = merge_marks(marker.spans_by_tokens(text))
                    assert merge_marks(by_places) == expected, (rendered, text)
        finally:
            index.close()


def test_the_scan_is_kept_for_the_texts_that_need_it():
    with tempfile.TemporaryDirectory() as folder:
        index, _docs = build(Path(folder) / "ix", [[(None, "", text) for text in TEXTS]])
        try:
            parsed = QueryBuilder().parse('"gas news" OR actor:"Kim Jong Un"', _resolver)
            with index._searcher() as searcher:
                marker = Marker(parsed, searcher.reader())
            assert marker.spans_by_places(TEXTS[3]) is None  # Chinese: pairs of characters
            found = marker.spans_by_places(TEXTS[0])
            assert found is not None
            assert merge_marks(found) == merge_marks(marker.spans_by_tokens(TEXTS[0]))
            assert marker.marks(TEXTS[1])  # the name, written three ways
        finally:
            index.close()


def test_words_whose_stem_is_not_their_beginning_are_marked():
    text = TEXTS[5]
    with tempfile.TemporaryDirectory() as folder:
        index, _docs = build(Path(folder) / "ix", [[(None, "", text)]])
        try:
            for word, marked in [
                ("happy", {"Happy", "happiness"}),
                ("hopes", {"hoping", "hopes"}),
                ("agree", {"agreed", "agreeing"}),
                ('"happiness hopes"', {"happiness, hopes"}),
            ]:
                parsed = QueryBuilder().parse(word, _resolver)
                with index._searcher() as searcher:
                    marker = Marker(parsed, searcher.reader())
                found = marker.spans_by_places(text)
                assert found is not None
                assert {text[m.start : m.end] for m in merge_marks(found)} == marked, word
        finally:
            index.close()


def test_texts_that_lowercase_differently_whole_are_marked_as_the_scan_marks_them():
    # A capital sigma's small form depends on what follows it, and "İ" lowercases to two
    # characters: lowercasing the whole text would shift or change words.
    with tempfile.TemporaryDirectory() as folder:
        index, _docs = build(Path(folder) / "ix", [[(None, "", text) for text in TEXTS[6:]]])
        try:
            for text in TEXTS[6:]:
                for rendered in ["ΟΔΟΣ", "gas", "news", '"news and"']:
                    parsed = QueryBuilder().parse(rendered, _resolver)
                    with index._searcher() as searcher:
                        marker = Marker(parsed, searcher.reader())
                    expected = merge_marks(marker.spans_by_tokens(text))
                    assert expected or rendered == "ΟΔΟΣ", rendered
                    assert marker.marks(text) == expected, (text, rendered)
        finally:
            index.close()
