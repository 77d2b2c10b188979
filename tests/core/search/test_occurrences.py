"""Where the words of a set occur in a text, found by one regex and a check that each place is
a whole word (the fast path of marking a search's hits), against the word-by-word scan of
``raw_words``: the same places, or a plain "cannot" (None) that sends the marker to the scan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search.words import occurrences, raw_words

# What makes a word's edges hard: full stops between letters ("U.S."), asterisks, apostrophes,
# hyphens, digits, combining marks (alone and after a letter), symbols (emoji, with a variation
# selector or a joiner), a letter the lowercasing changes, Chinese.
PIECES = [
    "war", "wars", "Wars", "a", "b", "us", "U", "S", ".", ". ", "..", "*", "'", "-", " ", "\n",
    "7", "x7", "\u0301", "e\u0301", "😊", "\ufe0f", "\u200d", "©", "İ", "外交", "\u017f", "_",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def _scanned(text: str, forms: set[str]) -> list[tuple[int, int]]:
    return [(start, end) for word, start, end in raw_words(text) if word in forms]


@settings(max_examples=400, deadline=None)
@given(data=st.data(), text=texts, other=texts)
def test_the_places_are_those_of_the_word_by_word_scan(data, text, other):
    words = sorted({word for word, _start, _end in raw_words(text + " " + other)})
    forms = set(data.draw(st.lists(st.sampled_from(words), unique=True))) if words else set()
    found = occurrences(text, forms)
    if found is not None:
        assert list(found) == _scanned(text, forms)


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("U.S S.U U..S", {"U", "S", "U.S"}),
        ("wars war warsaw war.saw war.", {"war", "wars", "saw"}),
        ("e\u0301war war \u0301war", {"war", "e\u0301war", "\u0301war"}),
        ("x7 7x 7 *7*", {"7", "x7", "*7*"}),
    ],
)
def test_hard_edges_against_the_scan(text, forms):
    found = occurrences(text, forms)
    assert found is not None
    assert list(found) == _scanned(text, forms)


def test_it_finds_whole_words_only():
    text = "War wars. warsaw U.S. war*s war-time U..S"
    assert list(occurrences(text, {"war", "S", "U"}) or ()) == [(28, 31), (37, 38), (40, 41)]
    assert list(occurrences(text, {"War", "U.S"}) or ()) == [(0, 3), (17, 20)]


def test_it_leaves_to_the_scan_what_it_cannot_tell():
    assert occurrences("外交部 war", {"war"}) is None  # pairs of characters
    assert occurrences("😊\u0301war", {"war"}) is None  # a symbol with a mark before a word
    assert occurrences("❤\ufe0fwar war", {"war"}) is None  # a variation selector is a mark
    assert occurrences("a 😊😊 b", {"😊"}) is None  # symbols join one another
    assert occurrences("e\u0301 war", {"war"}) is not None
