"""Snippets: short excerpts of a document around the spans a query matched."""

from __future__ import annotations

from annotator.core.search import Mark, Snippet

SNIPPETS = 3
SNIPPET_CONTEXT = 70
MAX_MARKS = 5000
"""Marks of one document looked at for its snippets: a word that occurs 400,000 times in a
huge article makes snippets from its first occurrences, not from all (issue #13.5)."""
MAX_WINDOW = 4 * SNIPPET_CONTEXT
"""An excerpt grows over nearby matches up to about this many characters, then a new one
starts: dense matches give several short excerpts, not one of the whole article."""


def make_snippets(text: str, marks: list[Mark], limit: int = SNIPPETS) -> list[Snippet]:
    """Up to ``limit`` excerpts of ``text`` around the marks, the densest first chosen, then
    shown in text order; each excerpt starts and ends at a word boundary."""
    windows: list[tuple[int, int, list[Mark]]] = []
    for mark in marks[:MAX_MARKS]:
        if windows and mark.start <= windows[-1][1] and mark.end - windows[-1][0] <= MAX_WINDOW:
            start, _end, inside = windows[-1]
            inside.append(mark)  # in place: copying the list per mark was quadratic
            windows[-1] = (start, min(len(text), mark.end + SNIPPET_CONTEXT), inside)
        else:
            start = max(0, mark.start - SNIPPET_CONTEXT)
            windows.append((start, min(len(text), mark.end + SNIPPET_CONTEXT), [mark]))
    if not windows:  # matched in another field (title, source, actor...): show the lead
        end = (
            len(text)
            if len(text) <= 2 * SNIPPET_CONTEXT
            else text.rfind(" ", 0, 2 * SNIPPET_CONTEXT)
        )
        end = end if end > 0 else min(len(text), 2 * SNIPPET_CONTEXT)
        return [Snippet(0, end, text[:end].replace("\n", " "))] if text else []
    best = sorted(windows, key=lambda w: (-len(w[2]), w[0]))[:limit]
    snippets = []
    for start, end, inside in sorted(best):
        if start > 0:
            space = text.find(" ", start, inside[0].start)
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", inside[-1].end, end)
            end = space if space >= 0 else end
        excerpt = text[start:end].replace("\n", " ")  # same length: marks stay aligned
        snippets.append(Snippet(start, end, excerpt, tuple(inside)))
    return snippets
