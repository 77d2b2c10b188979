"""Snippets of a text dense with matches (issue #13.5): every excerpt's marks lie inside it
and say what the text holds there, and no more than MAX_MARKS marks are looked at."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.search import Mark
from annotator.core.search.snippets import MAX_MARKS, MAX_WINDOW, SNIPPET_CONTEXT, make_snippets


def _marks_of(text: str, word: str) -> list[Mark]:
    found, start = [], text.find(word)
    while start >= 0:
        found.append(Mark(start, start + len(word)))
        start = text.find(word, start + 1)
    return found


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["gas", "oil", "coal", "wind"]), min_size=1, max_size=300))
def test_every_snippet_mark_is_a_match_inside_its_excerpt(words):
    text = " ".join(words)
    marks = _marks_of(text, "gas")
    for snippet in make_snippets(text, marks):
        assert snippet.text == text[snippet.start : snippet.end].replace("\n", " ")
        for mark in snippet.marks:
            assert snippet.start <= mark.start < mark.end <= snippet.end
            assert text[mark.start : mark.end] == "gas"


def test_a_dense_text_gives_short_excerpts_from_at_most_max_marks():
    text = "gas " * (3 * MAX_MARKS)
    marks = _marks_of(text, "gas")
    snippets = make_snippets(text, marks, limit=10**6)
    assert all(len(s.text) <= MAX_WINDOW + 2 * SNIPPET_CONTEXT for s in snippets)
    shown = [mark for snippet in snippets for mark in snippet.marks]
    assert shown == marks[:MAX_MARKS]  # each of the first MAX_MARKS once, in order
