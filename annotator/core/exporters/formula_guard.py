"""The CSV formula guard: which cells a spreadsheet could run as a formula, and the guard
that stops it (DESIGN.md §5, issue #13 item 11). One rule, used by the Python CSV writer, the
SQL that formats statement and mention lines, the manifest and the loader.

A spreadsheet runs a cell as a formula when its text starts with ``= + - @``; LibreOffice with
"trim spaces" also runs ``" =..."``, and the fullwidth forms U+FF1D, U+FF0B, U+FF0D, U+FF20
(and the small forms) are read as the ASCII characters by some locales' input conversion. So
a text cell is guarded when

- its first character is a tab, CR, LF or ``'`` (the guard character itself, which keeps
  :func:`unguard` exact), or
- after any leading white space or invisible characters (:data:`LEADING_IGNORED`: every
  Unicode space, U+00A0, U+3000, zero-width space and joiners, word joiner, BOM) the first
  character is one of :data:`FORMULA_STARTS`.

A guarded cell gets one leading ``'``; :func:`unguard` removes it again, and only it:
``unguard(guard(text)) == text`` for every text. Guard version 1 (before this rule) guarded a
subset of these cells with the same ``'``, so :func:`unguard` also undoes version 1 files.
"""

from __future__ import annotations

GUARD = "'"
GUARD_VERSION = 2
"""Recorded in the manifest; version 1 guarded only ``= + - @``, tab, CR, LF and ``'`` at the
very start of a cell."""

FORMULA_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212"
"""``= + - @``, their fullwidth forms (U+FF1D, U+FF0B, U+FF0D, U+FF20), their small forms
(U+FE66, U+FE62, U+FE63, U+FE6B) and the minus sign U+2212."""

ALWAYS_GUARDED_STARTS = "\t\r\n" + GUARD
"""First characters that are guarded whatever follows them."""

LEADING_IGNORED = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"  # every character str.isspace() accepts
    "\u180e\u200b\u200c\u200d\u2060\ufeff"  # invisible: Mongolian vowel separator,
    # zero-width space, non-joiner, joiner, word joiner, byte-order mark
)
"""Characters a spreadsheet may skip (trim or not display) before it looks for a formula."""


def needs_guard(text: str) -> bool:
    """Whether a text cell could be run as a formula and so gets the guard."""
    if not text:
        return False
    if text[0] in ALWAYS_GUARDED_STARTS:
        return True
    first = text.lstrip(LEADING_IGNORED)[:1]
    return first != "" and first in FORMULA_STARTS


def guard(text: str) -> str:
    """The cell text with the formula guard applied."""
    return GUARD + text if needs_guard(text) else text


def unguard(cell: str) -> str:
    """The original text of a cell written by :func:`guard` (its inverse)."""
    if cell.startswith(GUARD) and needs_guard(cell[1:]):
        return cell[1:]
    return cell


def describe() -> dict[str, object]:
    """The rule as the manifest records it."""
    return {
        "version": GUARD_VERSION,
        "prefix": GUARD,
        "added_to_text_cells_starting_with": list(ALWAYS_GUARDED_STARTS),
        "added_to_text_cells_whose_first_character_after_leading_ignored_is": list(FORMULA_STARTS),
        "leading_ignored": [f"U+{ord(c):04X}" for c in LEADING_IGNORED],
        "undo": "remove the first character of a text cell that starts with the prefix when "
        "the rest of the cell would itself be guarded by this rule",
    }
