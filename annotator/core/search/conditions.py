"""Coded values a query names that exist nowhere in the project (issue #14).

``stance:xyz`` or ``claim:NoSuchClaim`` is a valid query that silently matches nothing when
no stance of the scale or no claim of the codebook is called so: :func:`unknown_values` finds
such conditions, as typed, so that the search can say so beside its (empty) results.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from annotator.core.search.schema import text_words

_CONDITION = re.compile(r'(?<![\w.])(stance|claim):("[^"]*"|[^\s()"]+)', re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')
_BOOST = re.compile(r"\^[\d.]*$")
_PATTERN = re.compile(r"[*?~\[\]{}]")
"""Wildcards, fuzzy terms and ranges: what they stand for is not checked."""


def coded_conditions(text: str) -> Iterator[tuple[str, str]]:
    """(field, value as typed) of each ``stance:`` and ``claim:`` condition of ``text`` with
    a plain word or phrase as its value (in statement scopes too)."""
    text = unicodedata.normalize("NFC", text)
    quoted = [match.span() for match in _QUOTED.finditer(text)]
    for match in _CONDITION.finditer(text):
        if any(start < match.start() < end for start, end in quoted):
            continue  # "claim:x" inside a phrase is words
        value = _BOOST.sub("", match.group(2)).strip('"').strip()
        if value and not _PATTERN.search(value):
            yield match.group(1).lower(), value


def unknown_values(text: str, stances: Iterable[str], claims: Iterable[str]) -> list[str]:
    """A message for each ``stance:`` value not on the scale ``stances`` and each ``claim:``
    value with a word that is in none of the labels ``claims`` (compared as the index
    compares them: stances whole and case-insensitive, claims by stemmed word)."""
    conditions = list(coded_conditions(text))
    if not conditions:
        return []
    scale = list(stances)
    known_stances = {stance.lower() for stance in scale}
    claim_words = {word for label in claims for word in text_words(label)}
    notes: list[str] = []
    for field, value in conditions:
        if field == "stance" and value.lower() not in known_stances:
            notes.append(
                f"no stance '{value}' in this project, so stance:{_shown(value)} matches nothing "
                f"(its stances: {', '.join(scale)})"
            )
        elif field == "claim" and not set(text_words(value)) <= claim_words:
            words = "the word" if len(text_words(value)) == 1 else "all the words"
            notes.append(
                f"no claim in this project's codebook has {words} '{value}' in its label, "
                f"so claim:{_shown(value)} matches nothing"
            )
    return list(dict.fromkeys(notes))


def _shown(value: str) -> str:
    return f'"{value}"' if " " in value else value
