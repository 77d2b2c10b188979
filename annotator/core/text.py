"""Text normalisation and offsets (DESIGN.md §4).

Every document's text is normalised once, at import, by :func:`normalize_text`. All offsets the
app stores are Unicode code points into that text, half-open. Qt counts UTF-16 code units, so
the GUI converts at its boundary with :func:`utf16_offset` / :func:`codepoint_offset` (or an
:class:`OffsetMap` when converting many offsets of one text) and snaps selections to whole
grapheme clusters with :func:`snap_to_graphemes`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata

import regex

# C0 controls except TAB (09), LF (0A) and CR (0D, turned into LF below).
_C0_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_GRAPHEME = regex.compile(r"\X")
_BOM = "\ufeff"


def normalize_text(text: str) -> str:
    """Return ``text`` in the one form the app stores and counts offsets in.

    Strips leading byte-order marks, turns CRLF, CR, U+2028 and U+2029 into LF, drops C0
    control characters other than TAB and LF, replaces lone surrogates with U+FFFD and applies
    Unicode NFC. The function is idempotent: ``normalize_text(normalize_text(s)) ==
    normalize_text(s)`` for every string.
    """
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = _C0_CONTROLS.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = text.lstrip(_BOM)
    return unicodedata.normalize("NFC", text)


def storable(text: str) -> str:
    """``text`` with lone surrogates (which UTF-8, and so SQLite, cannot hold) replaced by
    U+FFFD, and otherwise unchanged: for names, labels and notes, which are kept as typed."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 bytes of an already normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_astral(char: str) -> bool:
    return ord(char) > 0xFFFF


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what Qt's ``QString.length()`` reports)."""
    return len(text) + sum(1 for char in text if _is_astral(char))


class OffsetMap:
    """Converts between code-point and UTF-16 offsets of one text in O(log n) per call.

    Qt positions count UTF-16 code units, so characters outside the Basic Multilingual Plane
    (emoji, CJK extension B, ...) take two units in Qt and one code point here.
    """

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code-point positions of astral characters, ascending.
        self._astral = [index for index, char in enumerate(text) if _is_astral(char)]
        # UTF-16 position of each astral character's first unit.
        self._astral_u16 = [cp + rank for rank, cp in enumerate(self._astral)]

    @property
    def utf16_length(self) -> int:
        return self._length + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp`` (0 <= cp <= len(text))."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"code-point offset {cp} outside 0..{self._length}")
        return cp + bisect.bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16``.

        An offset that falls between the two halves of a surrogate pair is moved back to the
        start of that character, so a conversion never splits a character.
        """
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self.utf16_length}")
        # Astral characters that start strictly before u16.
        before = bisect.bisect_left(self._astral_u16, u16)
        if before and self._astral_u16[before - 1] + 1 == u16:
            return self._astral[before - 1]  # inside a pair: back to the character's start
        return u16 - before


def utf16_offset(text: str, cp: int) -> int:
    """UTF-16 offset of code-point offset ``cp`` in ``text``."""
    return OffsetMap(text).to_utf16(cp)


def codepoint_offset(text: str, u16: int) -> int:
    """Code-point offset of UTF-16 offset ``u16`` in ``text`` (never inside a character)."""
    return OffsetMap(text).to_codepoint(u16)


def _grapheme_boundaries_around(text: str, start: int, end: int) -> list[int]:
    # A line feed always ends a grapheme cluster (no CR precedes it in normalised text), so
    # segmenting from the line before `start` gives the true boundaries without scanning the
    # whole document.
    origin = text.rfind("\n", 0, max(start - 1, 0)) + 1
    stop = text.find("\n", end)
    stop = len(text) if stop < 0 else stop + 1
    boundaries = [origin]
    for match in _GRAPHEME.finditer(text, origin, stop):
        boundaries.append(match.end())
    return boundaries


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the white space at either end (a selection made with the
    mouse or by double-click often takes a space along: " Kim Jong Un" was coded and
    exported so, issue #16.9). All white space: an empty span at ``start``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen the code-point span ``[start, end)`` to whole grapheme clusters.

    A selection that cuts an emoji ZWJ sequence, a flag or a letter with combining marks is
    extended outward so it holds the whole cluster.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} outside 0..{len(text)}")
    boundaries = _grapheme_boundaries_around(text, start, end)
    snapped_start = boundaries[bisect.bisect_right(boundaries, start) - 1]
    snapped_end = boundaries[bisect.bisect_left(boundaries, end)] if end > start else end
    if end == start:
        snapped_end = snapped_start
    return snapped_start, snapped_end
