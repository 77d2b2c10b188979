"""Prefix, wildcard and fuzzy terms compare with the words as written, never with stems
(issue #14.1, #14.2), checked against plain Python over the texts."""

from __future__ import annotations

import fnmatch
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.paths import data_dir
from annotator.core.search import QueryError
from annotator.core.search.schema import stem_of, written_words
from annotator.core.search.surface import STEM_TAIL
from tests.core.search.segmented import found, segmented_index

# Words whose stems mislead: "gas" stems to "ga" (as "game" and "gallant" begin), "news" to
# "new", "studies" to "studi", "elections" and "electronics" to "elect" and "electron";
# "arsenal" to "arsen".
VOCABULARY = [
    "gas", "gases", "gasoline", "game", "gallant", "news", "new", "newspaper", "newer",
    "election", "elections", "electronics", "elect", "studies", "studio", "study",
    "arsenal", "arsenic", "Arsenal", "GAS", "Newsroom",
    # Words that are their own stem, read from the stemmed field less the other words of
    # that stem (surface.py): "hoping" stems to "hope", "happy" to "happi", "dying" to "di".
    "hope", "hoping", "hopes", "happy", "happi", "happiness", "die", "dying", "di",
    "war", "wars", "agree", "agreed", "trouble", "troubled", "possibility", "possible",
]  # fmt: skip
WORD = re.compile(r"\w+")

texts = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join)


def _written(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text)]


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


@settings(max_examples=40, deadline=None)
@given(
    batches=st.lists(st.lists(texts, min_size=1, max_size=5), min_size=1, max_size=3),
    stem=st.sampled_from(
        [
            "ga",
            "gas",
            "new",
            "news",
            "elect",
            "electi",
            "studi",
            "stud",
            "ars",
            "hope",
            "hop",
            "happi",
            "di",
            "dy",
            "war",
            "agre",
            "troubl",
            "possib",
        ]
    ),
)
def test_a_prefix_finds_the_words_that_begin_with_it_as_written(batches, stem):
    with tempfile.TemporaryDirectory() as folder:
        index, live = segmented_index(Path(folder) / "ix", batches)
        try:
            expected = {i for i, t in live.items() if any(w.startswith(stem) for w in _written(t))}
            assert found(index, f"{stem}*") == expected
            pattern = f"{stem[0]}?{stem[2:]}*" if len(stem) > 2 else f"{stem}*"
            wild = {
                i
                for i, t in live.items()
                if any(fnmatch.fnmatchcase(w, pattern) for w in _written(t))
            }
            assert found(index, pattern) == wild
        finally:
            index.close()


@settings(max_examples=40, deadline=None)
@given(
    batches=st.lists(st.lists(texts, min_size=1, max_size=5), min_size=1, max_size=3),
    typo=st.sampled_from(
        [
            "arsnal",
            "arsenl",
            "gaes",
            "studoi",
            "electon",
            "newsroon",
            "hopd",
            "happu",
            "wars",
            "agred",
        ]
    ),
    distance=st.sampled_from([1, 2]),
)
def test_a_fuzzy_term_finds_words_within_its_edit_distance_as_written(
    batches: list[list[str]], typo: str, distance: int
):
    with tempfile.TemporaryDirectory() as folder:
        index, live = segmented_index(Path(folder) / "ix", batches)
        try:
            # A fuzzy term keeps its first two letters (DESIGN.md §6), then allows the edits.
            def close(word: str) -> bool:
                return word[:2] == typo[:2] and _levenshtein(word, typo) <= distance

            expected = {i for i, t in live.items() if any(close(w) for w in _written(t))}
            assert found(index, f"{typo}~{distance}") == expected
        finally:
            index.close()


def test_the_cases_of_the_report(tmp_path):
    index, _ = segmented_index(
        tmp_path / "ix",
        [["Gas prices rose", "Gallant games", "Arsenal won", "electronics fair", "studio"]],
    )
    try:
        assert found(index, "gas*") == {"d0"}
        assert found(index, "arsnal~") == {"d2"}
        assert found(index, "election*") == set()
        assert found(index, "studies*") == set()
        marks = index.marks("gas*", "Gas prices rose")
        assert [(m.start, m.end) for m in marks] == [(0, 3)]
    finally:
        index.close()


@pytest.mark.parametrize("text", ["a~", "x~", "b~1", "x~2/1"])
def test_one_letter_fuzzy_terms_are_refused_with_a_message(tmp_path, text):
    index, _ = segmented_index(tmp_path / "ix", [["a b x"]])
    try:
        with pytest.raises(QueryError, match="too short for a fuzzy search"):
            index.search(text, limit=10)
    finally:
        index.close()


SUFFIXES = [
    "ies", "ied", "ying", "yed", "eed", "ed", "ing", "ational", "tional", "izer", "bli", "abli",
    "alli", "ousli", "biliti", "iviti", "aliti", "ization", "ation", "ator", "icate", "iciti",
    "ical", "ness", "ful", "e", "y", "s", "ss", "sses", "ement", "ly", "li", "eli", "entli",
    "logi", "ent", "ize", "ate", "iti", "ous", "ive", "bled", "ated", "ized", "lled", "ssed",
]  # fmt: skip
porter_words = st.builds(
    lambda root, tail: root + "".join(tail),
    st.text(alphabet="aeiouybcdfglmnprstvzé", min_size=1, max_size=7),
    st.lists(st.sampled_from(SUFFIXES), max_size=3),
)


@settings(max_examples=3000, deadline=None)
@given(word=porter_words)
def test_a_word_begins_with_its_stem_less_the_stem_tail(word):
    # surface.py finds the words of a stem by this beginning; if a stem ever changed more of
    # its word, a word that is its own stem would be counted where it does not occur.
    stem = stem_of(word)
    assert word.startswith(stem[: max(1, len(stem) - STEM_TAIL)])


def test_the_seed_articles_words_begin_with_their_stem_less_the_stem_tail():
    words = {
        word
        for path in data_dir("seeds").glob("*.txt")
        for word in written_words(path.read_text(encoding="utf-8"))
    }
    assert len(words) > 1000
    for word in words:
        stem = stem_of(word)
        assert word.startswith(stem[: max(1, len(stem) - STEM_TAIL)]), (word, stem)


def test_a_lone_star_finds_every_document_with_a_word_and_combines_as_a_condition(tmp_path):
    # "*" is any word as written: documents whose words are all their own stem hold nothing
    # in `written` but must be found; and beside it, other conditions still hold.
    index, _ = segmented_index(tmp_path / "ix", [["war war", "studies", "said the war", "…"]])
    try:
        assert found(index, "*") == {"d0", "d1", "d2"}
        assert found(index, "war AND *") == {"d0", "d2"}
        assert found(index, "war *") == {"d0", "d2"}
        assert found(index, "studies OR *") == {"d0", "d1", "d2"}
        assert found(index, "* ANDNOT war") == {"d1"}
    finally:
        index.close()
