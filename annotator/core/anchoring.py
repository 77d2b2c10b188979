"""Quote selectors and re-anchoring (W3C Web Annotation TextQuoteSelector, DESIGN.md §4).

Each annotation keeps the exact quote and up to :data:`CONTEXT` code points on either side.
When offsets no longer fit the text (a re-imported article, a dataset from another project),
:func:`reanchor` finds the quote again, preferring the occurrence whose context matches best
and, among equals, the one nearest the old position.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32


@dataclass(frozen=True, slots=True)
class TextQuote:
    exact: str
    prefix: str
    suffix: str


def make_selector(text: str, start: int, end: int) -> TextQuote:
    """The quote and context of the code-point span ``[start, end)`` of ``text``."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is not inside a text of length {len(text)}")
    return TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def fits(text: str, start: int, end: int, exact: str) -> bool:
    """Whether the span ``[start, end)`` of ``text`` is exactly ``exact``."""
    return 0 <= start < end <= len(text) and text[start:end] == exact


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def reanchor(
    text: str, exact: str, prefix: str = "", suffix: str = "", hint: int = 0
) -> tuple[int, int] | None:
    """Find ``exact`` in ``text``; return its new span, or None when it does not occur.

    Candidates are ranked by how much of ``prefix`` and ``suffix`` surround them, then by
    distance from ``hint`` (the old start).
    """
    if not exact:
        return None
    best: tuple[int, int, int] | None = None  # (-context score, distance, start)
    position = text.find(exact)
    while position >= 0:
        before = text[max(0, position - len(prefix)) : position]
        after = text[position + len(exact) : position + len(exact) + len(suffix)]
        score = _common_suffix(prefix, before) + _common_prefix(suffix, after)
        candidate = (-score, abs(position - hint), position)
        if best is None or candidate < best:
            best = candidate
        position = text.find(exact, position + 1)
    if best is None:
        return None
    return best[2], best[2] + len(exact)
