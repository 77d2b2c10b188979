"""The marks of a phrase: every span a match of it uses, checked by brute force over every
choice of positions in the text (plain Python, not the marker's own walk), for phrases drawn
around the words' distances (issue #14: a proximity phrase matched through a later
occurrence of a middle word was left unmarked)."""

from __future__ import annotations

import itertools
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search.words import raw_words
from tests.core.search.generated import phrase_of, texts
from tests.core.search.reference import Doc, Phrase, Word, build, stems


def _matched_spans(text: str, phrase: Phrase) -> list[tuple[int, int]]:
    """(start of the first word, end of the last) of every choice of positions that holds the
    phrase's words in order, each 1 to ``slop`` positions after the previous."""
    tokens = list(raw_words(text))
    terms = stems(text)
    wanted = stems(unicodedata.normalize("NFC", " ".join(phrase.words)))
    slop = max(1, phrase.slop or 1)
    spans = []
    for chosen in itertools.combinations(range(len(tokens)), len(wanted)):
        if all(terms[p] == w for p, w in zip(chosen, wanted, strict=True)) and all(
            0 < b - a <= slop for a, b in itertools.pairwise(chosen)
        ):
            spans.append((tokens[chosen[0]][1], tokens[chosen[-1]][2]))
    return spans


@settings(max_examples=100, deadline=None)
@given(data=st.data(), text=texts.filter(lambda t: len(list(raw_words(t))) >= 2))
def test_every_span_a_phrase_match_uses_is_marked(data, text):
    phrase = data.draw(phrase_of([[word for word, _start, _end in raw_words(text)]]))
    if isinstance(phrase, Word):
        return
    spans = _matched_spans(text, phrase)
    assert bool(spans) == phrase.matches(Doc.of("", text))  # the brute force is the reference's
    with tempfile.TemporaryDirectory() as folder:
        index, _docs = build(Path(folder) / "ix", [[(None, "", text)]])
        try:
            marks = [(m.start, m.end) for m in index.marks(phrase.render(), text)]
        finally:
            index.close()
        assert bool(marks) == bool(spans), phrase.render()
        for start, end in spans:
            assert any(a <= start and end <= b for a, b in marks), (phrase.render(), start, end)
