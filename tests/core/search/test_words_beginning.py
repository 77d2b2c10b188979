"""Where the words that begin with one of some beginnings stand in a text, found by one regex
and a check that each place begins a whole word (the fast path of marking a search's hits),
against the word-by-word scan of ``raw_words``: the same places, or a plain "cannot" (the
text needs the scan, or a beginning is a symbol's) that sends the marker to the scan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search.words import (
    beginnings_pattern,
    needs_scan,
    raw_words,
    words_beginning,
)

# What makes a word's edges hard: full stops between letters ("U.S."), asterisks, apostrophes,
# hyphens, digits, combining marks (alone and after a letter), symbols (emoji, with a variation
# selector or a joiner), a letter the lowercasing changes, Chinese.
PIECES = [
    "war", "wars", "Wars", "a", "b", "us", "U", "S", ".", ". ", "..", "*", "'", "-", " ", "\n",
    "7", "x7", "\u0301", "e\u0301", "😊", "\ufe0f", "\u200d", "©", "İ", "外交", "\u017f", "_",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def _scanned(text: str, beginnings: set[str]) -> list[tuple[int, int]]:
    return [
        (start, end)
        for word, start, end in raw_words(text)
        if any(word.startswith(b) for b in beginnings)
    ]


def _found(text: str, beginnings: set[str]) -> list[tuple[int, int]] | None:
    pattern = beginnings_pattern(beginnings)
    if pattern is None or needs_scan(text):
        return None
    return list(words_beginning(text, pattern))


@settings(max_examples=400, deadline=None)
@given(data=st.data(), text=texts, other=texts)
def test_the_places_are_those_of_the_word_by_word_scan(data, text, other):
    words = sorted({word for word, _start, _end in raw_words(text + " " + other)})
    if not words:
        return
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=1, unique=True))
    beginnings = {word[: data.draw(st.integers(1, len(word)))] for word in chosen}
    found = _found(text, beginnings)
    if found is not None:
        assert found == _scanned(text, beginnings), beginnings


@pytest.mark.parametrize(
    ("text", "beginnings"),
    [
        ("U.S S.U U..S", {"U", "S", "U.S"}),
        ("wars war warsaw war.saw war.", {"war", "saw"}),
        ("e\u0301war war \u0301war", {"wa", "e\u0301", "\u0301w"}),
        ("x7 7x 7 *7*", {"7", "x", "*7"}),
        ("ab abc abcd", {"ab", "abc"}),  # one beginning begins another
    ],
)
def test_hard_edges_against_the_scan(text, beginnings):
    found = _found(text, beginnings)
    assert found is not None
    assert found == _scanned(text, beginnings)


def test_it_finds_the_whole_words_that_begin_so():
    text = "War wars. warsaw U.S. war*s war-time U..S"
    # War wars. warsaw U.S. war*s war-time U..S: "War" is not "war"; "time" begins no way
    expected = [(4, 8), (10, 16), (17, 20), (22, 27), (28, 31), (37, 38), (40, 41)]
    assert _found(text, {"war", "S", "U"}) == expected
    assert _found(text, {"War", "U.S"}) == [(0, 3), (17, 20)]


def test_it_leaves_to_the_scan_what_it_cannot_tell():
    assert needs_scan("外交部 war")  # pairs of characters
    assert needs_scan("😊\u0301war")  # a symbol with a mark before a word
    assert needs_scan("❤\ufe0fwar war")  # a variation selector is a mark
    assert beginnings_pattern({"😊"}) is None  # symbols join one another
    assert beginnings_pattern(set()) is None
    assert not needs_scan("e\u0301 war")
