"""Text from files and users, made safe to print on a terminal or write to a log.

A file name, a document title or a query can hold control characters: an ANSI escape in a
name printed raw changed the terminal's title and cleared its screen (issue #13). Each such
character is written as a ``\\uXXXX`` escape instead: readable, unambiguous, and still valid
inside JSON strings (the ``--json`` outputs pass through the same net).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (U+009B is a one-character CSI on some terminals), the
# bidirectional overrides and isolates, which reorder what is shown around them, and lone
# surrogates (a file name that is not UTF-8, decoded by Python; printing one raised).
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROLS = re.compile(f"[\x00-\x1f{_OTHERS}]")
_CONTROLS_BUT_LAYOUT = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def shown(text: object) -> str:
    """``text`` (a path, a name, a title) with every control character escaped, line breaks
    and tabs included: printed, it reads as what the file is called, on one line."""
    return _CONTROLS.sub(_escape, str(text))


def printable(message: str) -> str:
    """A whole message, several lines perhaps, with every control character but the line
    break and the tab escaped: the net under everything the CLI prints."""
    return _CONTROLS_BUT_LAYOUT.sub(_escape, message)
