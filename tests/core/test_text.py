import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotator.core.search.schema import text_analyzer, text_tokens, text_words
from annotator.core.text import (
    OffsetMap,
    codepoint_offset,
    normalize_text,
    snap_to_graphemes,
    utf16_length,
    utf16_offset,
)

# Text rich in what breaks offsets: emoji and ZWJ sequences, flags, CJK extension B,
# combining marks, right-to-left scripts, controls, CR/LF variants and lone surrogates.
TRICKY = [
    "😊",
    "👨‍👩‍👧",
    "🇰🇵",
    "𠀀",
    "𠮷",
    "e\u0301",
    "\u0915\u094d\u0937",
    "שלום",
    "مرحبا",
    "\u200f",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\x00",
    "\x07",
    "\t",
    "\n",
    "\ud800",
    "Kim",
    " ",
    "ﬁ",
    "Å",
]
tricky_text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=5)), max_size=30).map(
    "".join
)


@given(tricky_text)
@example("\ufeff\ufeffx")
@example("\r\x01\n")
@example("\x01\ufeffx")
def test_normalisation_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(tricky_text)
def test_normalised_text_has_only_allowed_characters(text):
    result = normalize_text(text)
    assert "\r" not in result
    assert "\u2028" not in result
    assert "\u2029" not in result
    assert not result.startswith("\ufeff")
    assert all(ch in "\t\n" or ord(ch) >= 0x20 for ch in result)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in result)
    assert unicodedata.is_normalized("NFC", result)


def test_normalisation_examples():
    assert normalize_text("\ufeffa\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\ne"
    assert normalize_text("e\u0301") == "é"
    assert normalize_text("a\x00b\x1fc\td") == "abc\td"
    assert normalize_text("x\ud800y") == "x\ufffdy"


def test_design_example_kim_is_at_6_in_python_and_7_in_qt():
    text = "😊 met Kim"
    assert text.index("Kim") == 6
    assert utf16_offset(text, 6) == 7
    assert codepoint_offset(text, 7) == 6


@given(tricky_text.map(normalize_text))
def test_codepoint_utf16_round_trip(text):
    offsets = OffsetMap(text)
    assert offsets.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        u16 = offsets.to_utf16(cp)
        assert u16 == len(text[:cp].encode("utf-16-le")) // 2
        assert offsets.to_codepoint(u16) == cp


def test_utf16_offset_inside_a_surrogate_pair_moves_to_the_character_start():
    text = "a😊b"
    assert codepoint_offset(text, 2) == 1  # between the two halves of 😊
    assert codepoint_offset(text, 3) == 2


def test_offsets_out_of_range_are_refused():
    with pytest.raises(ValueError, match="outside"):
        utf16_offset("abc", 4)
    with pytest.raises(ValueError, match="outside"):
        codepoint_offset("😊", 3)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("a👨‍👩‍👧b", (2, 3), (1, 6)),  # inside a ZWJ family
        ("x🇰🇵y", (1, 2), (1, 3)),  # half a flag
        ("ae\u0301z", (1, 2), (1, 3)),  # base letter without its combining accent
        ("hello world", (0, 5), (0, 5)),  # already whole
        ("line\n😊x", (5, 5), (5, 5)),  # empty span stays empty
    ],
)
def test_snap_to_graphemes(text, span, expected):
    assert snap_to_graphemes(text, *span) == expected


@given(tricky_text.map(normalize_text), st.data())
def test_snapping_only_widens_and_is_stable(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    snapped = snap_to_graphemes(text, start, end)
    assert snapped[0] <= start
    assert end == start or snapped[1] >= end
    assert snap_to_graphemes(text, *snapped) == snapped


@given(tricky_text.map(normalize_text))
@example("U.S. sanctions, K.C.N.A. said; 2*3 wild*card Kim's 😊 Jong-Un")
def test_fast_search_tokens_are_the_index_analyzers_tokens(text):
    expected = [
        (t.text, t.startchar, t.endchar) for t in text_analyzer()(text, positions=True, chars=True)
    ]
    assert text_tokens(text) == expected


@given(tricky_text.map(normalize_text))
@example("İstanbul K.C.N.A. Kim’s")
def test_fast_search_words_are_the_index_analyzers_words(text):
    assert text_words(text) == [t.text for t in text_analyzer()(text)]
