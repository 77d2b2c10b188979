"""A reference matcher for the query language in plain Python (README "Search queries"):
each query node renders itself as typed and decides a document. ``generated.py`` draws texts
and queries over every operator; ``test_reference_queries.py`` compares search's hits and
totals with the reference's on indexes of several segments with updated and deleted documents.

The reference uses only the documented tokenisation: :func:`raw_words` (what a word is),
Whoosh's Porter stemmer on the lowercased words (the terms of the text and title; a
Turkish "İ" lowercases to a plain "i", :func:`lower`), and
:func:`written_words` (the words as written, lowercased). It knows nothing of Whoosh's parser,
searcher or the app's query code. What it implements, each checked against the README and
on small cases:

- a bare word: documents holding a word with the same stem; a query word that is cut into
  several (a run of Chinese characters into pairs) is the phrase of them;
- ``"w1 w2"``: the stems at consecutive positions; ``"w1 w2"~N``: in order, each word at most
  N positions after the previous (``"gas news"~3`` finds "gas y z news" but not "news gas",
  nor "gas x y z news"); ``~0`` and ``~1`` are the exact phrase;
- ``ab*``, ``a?c*`` (``*`` any run, ``?`` one character): compared with the words as written,
  lowercased, never with stems; ``word~`` / ``word~2``: a word as written with the same first
  two letters, within Levenshtein distance 1 / 2 (a transposition is two edits: Whoosh's
  automaton per segment has no transposition);
- ``title:``: the same, on the title (its stems, its words as written);
- queries are compared in Unicode's composed form (a decomposed "José" finds "José").
"""

from __future__ import annotations

import fnmatch
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from pathlib import Path

from whoosh.lang.porter import stem

from annotator.core.search import DocumentEntry
from annotator.core.search.schema import written_words
from annotator.core.search.whoosh_index import WhooshIndex
from annotator.core.search.words import lower, raw_words

# --- the reference -------------------------------------------------------------------------


def stems(text: str) -> list[str]:
    """The terms of ``text``: its words, lowercased, stemmed."""
    return [stem(lower(word)) for word, _start, _end in raw_words(text)]


def _composed(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _in_order(terms: Sequence[str], wanted: Sequence[str], slop: int) -> bool:
    """Whether ``wanted`` occur in ``terms`` in order, each 1 to ``slop`` positions after the
    previous one."""
    if not wanted:
        return False

    def from_position(position: int, rest: Sequence[str]) -> bool:
        if not rest:
            return True
        window = range(position + 1, min(len(terms), position + 1 + slop))
        return any(terms[p] == rest[0] and from_position(p, rest[1:]) for p in window)

    return any(term == wanted[0] and from_position(p, wanted[1:]) for p, term in enumerate(terms))


@dataclass(frozen=True)
class Doc:
    title: list[str]
    body: list[str]
    written: frozenset[str]
    title_written: frozenset[str] = frozenset()

    @classmethod
    def of(cls, title: str, text: str) -> Doc:
        return cls(
            stems(title),
            stems(text),
            frozenset(written_words(text)),
            frozenset(written_words(title)),
        )


@dataclass(frozen=True)
class Word:
    text: str

    def render(self) -> str:
        return self.text

    def matches(self, doc: Doc) -> bool:
        return _in_order(doc.body, stems(_composed(self.text)), 1)


@dataclass(frozen=True)
class Prefix:
    text: str

    def render(self) -> str:
        return f"{self.text}*"

    def matches(self, doc: Doc) -> bool:
        prefix = lower(_composed(self.text))
        return any(word.startswith(prefix) for word in doc.written)


@dataclass(frozen=True)
class Wildcard:
    pattern: str

    def render(self) -> str:
        return self.pattern

    def matches(self, doc: Doc) -> bool:
        pattern = lower(_composed(self.pattern))
        return any(fnmatch.fnmatchcase(word, pattern) for word in doc.written)


@dataclass(frozen=True)
class Fuzzy:
    text: str
    distance: int | None  # None: written "word~", one edit

    def render(self) -> str:
        return f"{self.text}~{'' if self.distance is None else self.distance}"

    def matches(self, doc: Doc) -> bool:
        typed = lower(_composed(self.text))
        most = 1 if self.distance is None else self.distance
        return any(
            word[:2] == typed[:2] and _levenshtein(word, typed) <= most for word in doc.written
        )


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    slop: int | None

    def render(self) -> str:
        return f'"{" ".join(self.words)}"' + ("" if self.slop is None else f"~{self.slop}")

    def matches(self, doc: Doc, terms: Sequence[str] | None = None) -> bool:
        wanted = stems(_composed(" ".join(self.words)))
        return _in_order(doc.body if terms is None else terms, wanted, max(1, self.slop or 1))


@dataclass(frozen=True)
class Title:
    part: Word | Phrase | Prefix | Wildcard | Fuzzy

    def render(self) -> str:
        return f"title:{self.part.render()}"

    def matches(self, doc: Doc) -> bool:
        if isinstance(self.part, Word):
            return _in_order(doc.title, stems(_composed(self.part.text)), 1)
        if isinstance(self.part, Phrase):
            return self.part.matches(doc, doc.title)
        # Prefixes, wildcards and fuzzy terms: the title's words as written.
        return self.part.matches(replace(doc, written=doc.title_written))


@dataclass(frozen=True)
class And:
    parts: tuple[Query, ...]
    spelled: bool  # "a AND b" or "a b"

    def render(self) -> str:
        return (" AND " if self.spelled else " ").join(_bracketed(p) for p in self.parts)

    def matches(self, doc: Doc) -> bool:
        return all(part.matches(doc) for part in self.parts)


@dataclass(frozen=True)
class Or:
    parts: tuple[Query, ...]

    def render(self) -> str:
        return " OR ".join(_bracketed(p) for p in self.parts)

    def matches(self, doc: Doc) -> bool:
        return any(part.matches(doc) for part in self.parts)


@dataclass(frozen=True)
class AndNot:
    kept: Query
    excluded: Query
    spelled: bool  # "a ANDNOT b" or "a AND NOT b"

    def render(self) -> str:
        operator = " ANDNOT " if self.spelled else " AND NOT "
        return _bracketed(self.kept) + operator + _bracketed(self.excluded)

    def matches(self, doc: Doc) -> bool:
        return self.kept.matches(doc) and not self.excluded.matches(doc)


@dataclass(frozen=True)
class Not:
    part: Query

    def render(self) -> str:
        return f"NOT {_bracketed(self.part)}"

    def matches(self, doc: Doc) -> bool:
        return not self.part.matches(doc)


Leaf = Word | Prefix | Wildcard | Fuzzy | Phrase | Title
Query = Leaf | And | Or | AndNot | Not
LEAVES = (Word, Prefix, Wildcard, Fuzzy, Phrase, Title)


def _bracketed(query: Query) -> str:
    return query.render() if isinstance(query, LEAVES) else f"({query.render()})"


def _level(query: Query) -> int:
    """How tightly the query's operator binds (README): OR 1, AND / ANDNOT / side by side 2,
    NOT 3, a term or phrase 4."""
    if isinstance(query, Or):
        return 1
    if isinstance(query, And | AndNot):
        return 2
    return 3 if isinstance(query, Not) else 4


def minimal(query: Query) -> str:
    """``query`` as typed with only the brackets the documented precedence needs (NOT binds
    tighter than AND, ANDNOT and words side by side, which bind tighter than OR; each level
    left to right)."""

    def part(child: Query, least: int) -> str:
        return minimal(child) if _level(child) >= least else f"({minimal(child)})"

    if isinstance(query, Or):
        return " OR ".join(part(p, 1) for p in query.parts)
    if isinstance(query, And):
        return (" AND " if query.spelled else " ").join(part(p, 2) for p in query.parts)
    if isinstance(query, AndNot):
        operator = " ANDNOT " if query.spelled else " AND NOT "
        # The excluded part is to the right of a left-to-right operator (ANDNOT), or under NOT.
        return part(query.kept, 2) + operator + part(query.excluded, 3)
    if isinstance(query, Not):
        return f"NOT {part(query.part, 3)}"
    return query.render()


def build(
    folder: Path,
    batches: list[list[tuple[int | None, str, str]]],
    deleted: AbstractSet[int] = frozenset(),
) -> tuple[WhooshIndex, dict[str, Doc]]:
    """An index of one segment per batch (a batch's items add documents or replace live
    ones), then the live documents numbered in ``deleted`` removed; the index and the live
    documents by id."""
    index = WhooshIndex(folder, "p")
    live: dict[str, tuple[str, str]] = {}
    number = 0
    for position, batch in enumerate(batches):
        entries: dict[str, DocumentEntry] = {}
        for replaced, title, text in batch:
            if replaced is not None and live:
                name = sorted(live)[replaced % len(live)]
            else:
                name, number = f"d{number}", number + 1
            entries[name] = DocumentEntry(name, title, "", None, text)
            live[name] = (title, text)
        if position == 0:
            index.rebuild(list(entries.values()), watermark=1)
        else:
            index.update(list(entries), list(entries.values()), watermark=position + 1)
    names = sorted(live)
    gone = sorted({names[n % len(names)] for n in deleted}) if names else []
    if gone:
        index.update(gone, [], watermark=len(batches) + 1)
    for name in gone:
        del live[name]
    return index, {name: Doc.of(title, text) for name, (title, text) in live.items()}


def expected(query: Query, docs: dict[str, Doc]) -> set[str]:
    return {name for name, doc in docs.items() if query.matches(doc)}
