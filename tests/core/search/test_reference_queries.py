"""The query language against the reference matcher of :mod:`tests.core.search.reference`
(plain Python over the texts, never Whoosh): generated queries on indexes of several segments
with updated and deleted documents, the README's examples, and the cases search got wrong."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.search.generated import batches, queries
from tests.core.search.reference import (
    AndNot,
    Doc,
    Fuzzy,
    Not,
    Phrase,
    Prefix,
    Title,
    Wildcard,
    Word,
    build,
    expected,
)
from tests.core.search.segmented import found

# --- the properties ------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data(), batches=batches, deleted=st.sets(st.integers(0, 30), max_size=4))
def test_search_finds_what_the_reference_finds_on_segments_with_deletions(data, batches, deleted):
    """Queries made from the texts (deleted ones too) give the reference's hits and total."""
    texts = [text for batch in batches for _replaced, _title, text in batch]
    titles = [title for batch in batches for _replaced, title, _text in batch]
    made = data.draw(st.lists(queries(texts, titles), min_size=1, max_size=6))
    with tempfile.TemporaryDirectory() as folder:
        index, docs = build(Path(folder) / "ix", batches, deleted)
        try:
            for query in made:
                wanted = expected(query, docs)
                assert found(index, query.render()) == wanted, query.render()
                # The total counts every hit, not only those returned.
                assert index.search(query.render(), limit=1).total == len(wanted), query.render()
        finally:
            index.close()


# --- the reference on the README's own examples ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "texts", "hits"),
    [
        (Word("sanction"), ["sanctions imposed", "a sanctioned state", "santa"], {0, 1}),
        (Prefix("gas"), ["gas", "gasoline", "games"], {0, 1}),
        (Prefix("election"), ["elections", "electronics"], {0}),
        (Wildcard("elect*on"), ["election", "electron", "elections"], {0, 1}),
        (Fuzzy("Arsnal", None), ["Arsenal", "arsenic", "Arsenals"], {0}),
        (Fuzzy("arsnal", 2), ["Arsenal", "Arsenals", "parsnal"], {0, 1}),
        (Fuzzy("abc", 2), ["bac"], set()),  # the first two letters must match
        (Fuzzy("elcetion", 1), ["election"], set()),  # a transposition is two edits
        (Phrase(("kim", "putin"), 5), ["kim met putin", "putin met kim", "kim a b c d e putin"],
         {0}),
        (Phrase(("gas", "news"), 0), ["gas news", "gas x news"], {0}),
        (Word("外交部"), ["在外交部长", "外交", "部外交"], {0}),
        (AndNot(Word("blair"), Word("brown"), spelled=True), ["blair", "blair brown"], {0}),
        (Not(Word("gas")), ["gas", "run", ""], {1, 2}),
    ],
)  # fmt: skip
def test_the_reference_follows_the_readme(tmp_path, query, texts, hits):
    docs = {f"d{n}": Doc.of("", text) for n, text in enumerate(texts)}
    assert expected(query, docs) == {f"d{n}" for n in hits}
    index, live = build(tmp_path / "ix", [[(None, "", text) for text in texts]])
    try:
        assert found(index, query.render()) == expected(query, live)
    finally:
        index.close()


TITLES = ["Games tonight", "Gas prices", "Electronics fair", "Election day", "Arsenal win"]


@pytest.mark.parametrize(
    ("part", "hits"),
    [
        (Prefix("gas"), {1}),  # not "Games" (stem "game", which "gas" stemmed to "ga" began)
        (Prefix("election"), {3}),  # not "Electronics" (stem "electron", "election*": "elect*")
        (Wildcard("elect*on"), {3}),
        (Wildcard("??ection"), {3}),
        (Fuzzy("arsnal", None), {4}),  # the stem "arsen" is two edits away
        (Fuzzy("Gaz", None), {1}),
    ],
)
def test_title_prefixes_wildcards_and_fuzzy_terms_expand_over_the_words_as_written(
    tmp_path, part, hits
):
    index, docs = build(tmp_path / "ix", [[(None, title, "text") for title in TITLES]])
    try:
        query = Title(part)
        assert expected(query, docs) == {f"d{n}" for n in hits}
        assert found(index, query.render()) == expected(query, docs), query.render()
    finally:
        index.close()


# --- disagreements -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["NOT gas", "news OR NOT gas", "(news OR NOT gas) OR run"])
def test_a_negative_query_never_finds_a_deleted_document(tmp_path, text):
    index, live = build(tmp_path / "ix", [[(None, "", "gas"), (None, "", "run")]], {1})
    try:
        assert set(live) == {"d0"}
        assert found(index, text) == set()
    finally:
        index.close()


@pytest.mark.parametrize(
    "pattern", ["??ection", "el??tion", "el*?ction", "?*ct*", "*?on", "e???tion"]
)
def test_two_wildcard_characters_in_a_row_are_one_pattern(tmp_path, pattern):
    index, live = build(tmp_path / "ix", [[(None, "", "election"), (None, "", "run")]])
    try:
        assert expected(Wildcard(pattern), live) == {"d0"}
        assert found(index, pattern) == {"d0"}
    finally:
        index.close()


def test_an_arabic_question_mark_is_punctuation(tmp_path):
    index, live = build(tmp_path / "ix", [[(None, "", "كيف حالك"), (None, "", "run")]])
    try:
        assert expected(Word("كيف؟"), live) == {"d0"}
        assert found(index, "كيف؟") == {"d0"}
    finally:
        index.close()


def test_a_proximity_phrase_that_matched_is_marked(tmp_path):
    text = "gas news news x run"  # news at 1 leaves run out of reach; news at 2 reaches it
    index, live = build(tmp_path / "ix", [[(None, "", text)]])
    try:
        query = Phrase(("gas", "news", "run"), 2)
        assert expected(query, live) == found(index, query.render()) == {"d0"}
        assert [(m.start, m.end) for m in index.marks(query.render(), text)] == [(0, len(text))]
    finally:
        index.close()
