"""What a word is, for the index, the queries and the marks (issue #14.5).

Whoosh's default word pattern (``[\\w*]+(\\.?[\\w*]+)*``) is kept for the scripts it serves,
with three changes:

- combining marks belong to the word they follow ("Z̵̡a̴lgo" is one word, not four, and
  Hindi's vowel signs no longer cut its words);
- a symbol such as an emoji is a word of its own, with what it carries (marks, variation
  selectors, a skin tone, a flag's tags) and the emoji it is joined to by zero-width
  joiners; a flag is its two regional indicators. So "😊" can be searched, and "🚀" is
  found in "🇰🇵🚀" (a flag and a rocket: two words);
- scripts written without spaces (Chinese, Japanese kana, Korean Hangul) are cut into
  overlapping pairs of characters, the usual answer for them: "外交部" is "外交", "交部", and a
  query for "外交部" is the phrase of those pairs, so it finds the word wherever it is
  written, inside a longer run of characters too. A single character stays one word.

:func:`raw_words` gives (word, start, end) in code points; the analysers and the fast paths in
:mod:`.schema` are built on it, and a test holds them together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterator


def _class_of(predicate: str, first: int, last: int) -> str:
    """A regex character class body of every code point from ``first`` to ``last`` whose
    category starts with ``predicate`` (e.g. "M" for marks, "So" for other symbols)."""
    ranges: list[tuple[int, int]] = []
    for code in range(first, last + 1):
        if unicodedata.category(chr(code)).startswith(predicate):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


# Classes of the Basic Multilingual Plane become one bitmap in Python's regex engine; a class
# with any code point above it is a list of ranges tried one by one (3-4x slower indexing).
# So: marks of the BMP only (those above it belong to historic scripts), and symbols above it
# (the emoji) in a class of their own, reached only at a character that is neither a word's
# nor a BMP symbol (~40 ms to build at start-up).
_MARKS = _class_of("M", 0, 0xFFFF)
_SYMBOLS = _class_of("So", 0, 0xFFFF)
_ASTRAL_SYMBOLS = _class_of("So", 0x10000, 0x1FFFF)
_SPACELESS = (
    "\u1100-\u11ff\u3040-\u309f\u30a0-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_FLAG = "[\U0001f1e6-\U0001f1ff]{2}"  # two regional indicators: one country's flag
_SYMBOL = rf"(?:{_FLAG}|[{_SYMBOLS}]|[{_ASTRAL_SYMBOLS}])"
# What an emoji carries: marks (variation selectors, a keycap), a skin tone, the tags of a
# region's flag, variation selectors above the BMP; emoji joined by zero-width joiners are one.
_EMOJI_PARTS = "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef"
_EMOJI = rf"{_SYMBOL}(?:[{_MARKS}]|[{_EMOJI_PARTS}])*"
WORD = re.compile(
    rf"(?=[\w*{_MARKS}{_SYMBOLS}]|[\U00010000-\U0010FFFF])"
    rf"(?:[\w*{_MARKS}]+(?:\.?[\w*{_MARKS}]+)*|{_EMOJI}(?:\u200d{_EMOJI})*)"
)
"""A word as the index sees it, before pairs are cut from spaceless scripts."""
_SPACELESS_CHAR = re.compile(f"[{_SPACELESS}]")
_RUNS = re.compile(f"([{_SPACELESS}]+)|([^{_SPACELESS}]+)")
_IN_WORD_CHAR = re.compile(rf"[\w*{_MARKS}]")
# A symbol's word takes the marks after it: a letter after such a mark starts a word although
# a mark precedes it, which :func:`_whole` (looking at the characters around) cannot tell.
_MARK = re.compile(f"[{_MARKS}]")  # a quick test before the slow one (an astral class)
_MARKED_SYMBOL = re.compile(
    rf"(?:[{_SYMBOLS}]|[{_ASTRAL_SYMBOLS}])"
    rf"(?:[\u200d{_SYMBOLS}]|[{_ASTRAL_SYMBOLS}{_EMOJI_PARTS}])*[{_MARKS}]"
)


DOTTED_CAPITAL_I = "\u0130"


def lower(word: str) -> str:
    """``word`` lowercased as the index holds it: as :meth:`str.lower`, except that the
    Turkish capital "İ" becomes a plain "i" (``str.lower`` adds a combining dot above it), so
    that "istanbul" finds "İstanbul" as it finds "ISTANBUL"."""
    low = word.lower()
    return low.replace("i\u0307", "i") if DOTTED_CAPITAL_I in word else low


def lowering(text: str) -> Callable[[str], str]:
    """How to lowercase the words of ``text`` as :func:`lower` does: :meth:`str.lower`
    itself where the text has no "İ" (no Python call a word on the paths that lowercase
    every word of a text)."""
    return lower if DOTTED_CAPITAL_I in text else str.lower


def has_spaceless(text: str) -> bool:
    """Whether ``text`` holds a script written without spaces (then words are cut in pairs)."""
    return _SPACELESS_CHAR.search(text) is not None


def raw_words(text: str) -> Iterator[tuple[str, int, int]]:
    """(word as written, start, end) of every word of ``text``."""
    if _SPACELESS_CHAR.search(text) is None:  # most texts: one scan, no per-word check
        for match in WORD.finditer(text):
            yield match.group(), match.start(), match.end()
        return
    for match in WORD.finditer(text):
        word = match.group()
        if word.isascii() or _SPACELESS_CHAR.search(word) is None:
            yield word, match.start(), match.end()
        else:
            yield from _pieces(word, match.start())


def needs_scan(text: str) -> bool:
    """Whether the words of ``text`` can only be found by the word-by-word scan, not by a
    regex of what they are or begin with (spaceless scripts, a symbol with marks)."""
    return not text.isascii() and (
        _SPACELESS_CHAR.search(text) is not None
        or (_MARK.search(text) is not None and _MARKED_SYMBOL.search(text) is not None)
    )


_TAIL = re.compile(rf"[\w*{_MARKS}]*(?:\.[\w*{_MARKS}]+)*")
"""The rest of a word from any place in it: letters, and full stops between letters."""


def beginnings_pattern(beginnings: Collection[str]) -> re.Pattern[str] | None:
    """A regex of ``beginnings`` for :func:`words_beginning`, or None when one of them does
    not start with a letter (a symbol's word: only the scan finds those). A beginning that
    begins with another is left out (the shorter finds its words too)."""
    if not beginnings or not all(_IN_WORD_CHAR.match(b) for b in beginnings):
        return None
    kept: list[str] = []
    for beginning in sorted(set(beginnings), key=len):
        if not any(beginning.startswith(shorter) for shorter in kept):
            kept.append(beginning)
    return re.compile("|".join(re.escape(b) for b in sorted(kept, key=len, reverse=True)))


def words_beginning(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every word of :func:`raw_words` in ``text`` that begins with a match
    of ``pattern`` (:func:`beginnings_pattern`), in order, for a text that does not
    :func:`needs_scan`. The regex finds the places in C, and only those are looked at in
    Python: a search's hits are marked without a Python step for every word of them."""
    resume = 0
    for match in pattern.finditer(text):
        start = match.start()
        if start < resume:  # inside the word just looked at
            continue
        tail = _TAIL.match(text, match.end())
        end = tail.end() if tail is not None else match.end()
        resume = end
        if _whole(text, start, end):
            yield start, end


def _whole(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole word of :data:`WORD` (not the end or beginning
    of a longer one, joined by a letter or by a full stop between letters)."""
    in_word = _IN_WORD_CHAR.fullmatch
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if before and (in_word(before[-1]) or (before[-1] == "." and in_word(before[0]))):
        return False
    return not (after and (in_word(after[0]) or (after[0] == "." and in_word(after[-1]))))


def words_of(text: str) -> list[str]:
    """The words of :func:`raw_words` without their offsets (faster: indexing needs only
    these)."""
    if _SPACELESS_CHAR.search(text) is None:
        return WORD.findall(text)
    found: list[str] = []
    for word in WORD.findall(text):
        if word.isascii() or _SPACELESS_CHAR.search(word) is None:
            found.append(word)
        else:
            found.extend(piece for piece, _start, _end in _pieces(word, 0))
    return found


def _pieces(word: str, offset: int) -> Iterator[tuple[str, int, int]]:
    """A word holding spaceless script: its other runs as words, its spaceless runs as
    overlapping pairs of characters."""
    for run in _RUNS.finditer(word):
        start = offset + run.start()
        if run.group(1) is not None:
            chars = run.group(1)
            if len(chars) == 1:
                yield chars, start, start + 1
            for index in range(len(chars) - 1):
                yield chars[index : index + 2], start + index, start + index + 2
        else:
            other = run.group(2)
            stripped = other.strip(".")
            if stripped:
                begin = start + other.index(stripped)
                yield stripped, begin, begin + len(stripped)
