"""Scripts without spaces, combining marks, emoji and the query's normal form (issue #14.5),
checked against plain Python over the texts."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search import DocumentEntry
from annotator.core.search.whoosh_index import WhooshIndex

TEXTS = {
    "d0": "中国外交部发言人表示，将采取制裁措施。",  # noqa: RUF001
    "d1": "外交官 and diplomats met",
    "d2": "Z̵̡a̴lgo text here",
    "d3": "A happy day 😊 for everyone",
    "d4": "José Martí wrote",
    "d5": "한국어 문서입니다",
}


def _found(texts: dict[str, str], query: str) -> set[str]:
    with tempfile.TemporaryDirectory() as folder:
        index = WhooshIndex(Path(folder) / "ix", "p")
        try:
            index.rebuild(
                [
                    DocumentEntry(i, "", "", None, unicodedata.normalize("NFC", t))
                    for i, t in texts.items()
                ],
                watermark=1,
            )
            return {hit.id for hit in index.search(query, limit=100).hits}
        finally:
            index.close()


def test_the_cases_of_the_report():
    assert _found(TEXTS, "制裁") == {"d0"}
    assert _found(TEXTS, "外交部") == {"d0"}
    assert _found(TEXTS, "外交") == {"d0", "d1"}
    assert _found(TEXTS, "Z̵̡a̴lgo") == {"d2"}
    assert _found(TEXTS, "😊") == {"d3"}
    assert _found(TEXTS, "Jose\u0301") == {"d4"}  # typed with a combining accent
    assert _found(TEXTS, "한국어") == {"d5"}


EMOJI = {
    "e0": "Launch day 🇰🇵🚀 in Pyongyang",  # a flag and a rocket, written together
    "e1": "Great 😊😊 news",
    "e2": "Thumbs 👍🏽 up",
    "e3": "A family 👨\u200d👩\u200d👧 photo",
    "e4": "Rocket 🚀 only",
    "e5": "Flags 🇺🇸🇰🇷 together",
}


def test_each_emoji_is_a_word_of_its_own_even_written_together():
    # README: "an emoji or other symbol is a word of its own". A flag is its two regional
    # indicators, and what an emoji carries (a skin tone, zero-width joiners) stays with it.
    assert _found(EMOJI, "🚀") == {"e0", "e4"}
    assert _found(EMOJI, "🇰🇵") == {"e0"}
    assert _found(EMOJI, "🇰🇵🚀") == {"e0"}  # two words in a row
    assert _found(EMOJI, "😊") == {"e1"}
    assert _found(EMOJI, "👍🏽") == {"e2"}
    assert _found(EMOJI, "👨\u200d👩\u200d👧") == {"e3"}
    assert _found(EMOJI, "🇰🇷") == {"e5"}
    assert _found(EMOJI, "🇸🇰") == set()  # not the end of one flag and the start of the next


TURKISH = {
    "t0": "İstanbul'da toplantı",  # noqa: RUF001 (a Turkish dotless i)
    "t1": "ISTANBUL TODAY",
    "t2": "from istanbul",
    "t3": "Izmir only",
}


def test_a_turkish_capital_i_is_a_plain_i_in_any_case():
    # str.lower() turns "İ" into "i" plus a combining dot, a word "istanbul" never matched.
    everywhere = {"t0", "t1", "t2"}
    for typed in ("istanbul", "İstanbul", "ISTANBUL", "İSTANBUL", "ist*", "İst*", "istanbl~"):
        assert _found(TURKISH, typed) == everywhere, typed


def test_a_turkish_capital_i_is_marked_where_it_is_written(tmp_path):
    index = WhooshIndex(tmp_path / "ix", "p")
    try:
        index.rebuild([DocumentEntry(i, "", "", None, t) for i, t in TURKISH.items()], 1)
        texts = lambda ids: {i: TURKISH[i] for i in ids}  # noqa: E731
        hits = index.search("istanbul", limit=10, texts=texts).hits
        marks = {hit.id: hit.marks for hit in hits}
    finally:
        index.close()
    text = TURKISH["t0"]
    assert [text[m.start : m.end] for m in marks["t0"]] == ["İstanbul"]
    assert [TURKISH["t1"][m.start : m.end] for m in marks["t1"]] == ["ISTANBUL"]


RUNS = st.text(alphabet="外交部制裁中国人", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    documents=st.lists(st.lists(RUNS, min_size=1, max_size=4), min_size=1, max_size=6),
    query=st.text(alphabet="外交部制裁中国人", min_size=2, max_size=4),
)
def test_a_run_of_characters_is_found_where_it_is_written(documents, query):
    # Runs are separated by a Latin word, so that each is a run of its own in the text.
    texts = {f"d{n}": " x ".join(runs) for n, runs in enumerate(documents)}
    expected = {i for i, text in texts.items() if any(query in run for run in text.split(" x "))}
    assert _found(texts, query) == expected
