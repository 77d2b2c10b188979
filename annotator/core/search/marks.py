"""The spans of a text that a query matched, for highlighting its hits and an opened article.

Marking the 20 hits of a search is on the search's path. A text's words are not stemmed one
by one: one regex over the lowercased text finds the words that begin as a wanted word or
stem does (:func:`.words.words_beginning`), and only those are stemmed. A phrase or a name is
then checked from each place of its first word, over the few words after it. Texts that need
the word-by-word scan (spaceless scripts, symbols with marks) get it, with the same result (a
test holds the two together).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from whoosh import query
from whoosh.reading import IndexReader

from annotator.core.search import Mark
from annotator.core.search.query import EXPANDING, ParsedQuery, positive_leaves
from annotator.core.search.schema import stem_of, text_tokens
from annotator.core.search.surface import SurfaceWords, stem_beginning
from annotator.core.search.words import (
    WORD,
    beginnings_pattern,
    lowering,
    needs_scan,
    words_beginning,
)

Token = tuple[str, int, int]
"""(word, start, end): the word stemmed, or as written and lowercased, as a match needs."""
_SIGMA = "\u03a3"
"""Capital sigma: lowercased as a final or a medial sigma depending on the letters after it."""


class Marker:
    """Finds the spans of a text that a query matched: its terms (with fuzzy, prefix and
    wildcard expansions) and its phrases, in the body field, and the names of its actors."""

    def __init__(self, parsed: ParsedQuery, reader: IndexReader) -> None:
        self.terms: set[str] = set()
        self.written: set[str] = set()
        """Words as written (lowercased) that prefix, wildcard and fuzzy terms expanded to."""
        self.phrases: list[tuple[list[str], int]] = []
        self.names = [list(words) for words in parsed.name_phrases if words]
        """Names and aliases of the actors an ``actor:`` part stands for, as written."""
        for leaf in positive_leaves(parsed.query):
            if getattr(leaf, "fieldname", None) == "written" and isinstance(leaf, EXPANDING):
                for segment, _offset in reader.leaf_readers():
                    self.written |= SurfaceWords(leaf, segment).words()
                continue
            if getattr(leaf, "fieldname", None) != "body":
                continue
            if isinstance(leaf, query.Phrase):
                self.phrases.append((list(leaf.words), max(1, leaf.slop)))
            elif isinstance(leaf, query.Term):
                self.terms.add(str(leaf.text))
            else:
                self.terms |= _expansions(leaf, reader)
        self._phrases_from: dict[str, list[tuple[list[str], int]]] = {}
        for words, slop in self.phrases:
            self._phrases_from.setdefault(words[0], []).append((words, slop))
        self._names_from: dict[str, list[list[str]]] = {}
        for words in self.names:  # "the" begins a name: each "the" of a text is looked at
            self._names_from.setdefault(words[0], []).append(words)
        self._beginnings = beginnings_pattern(
            {stem_beginning(stem) for stem in self.terms | self._phrases_from.keys()}
            | {_lead(word) for word in self.written | self._names_from.keys()}
        )
        """What the words that may match begin with, or None (only the scan finds them)."""
        self._phrase_reach = max([(len(words) - 1) * slop for words, slop in self.phrases] + [0])
        self._name_reach = max([len(words) - 1 for words in self.names] + [0])
        """How many words after a phrase's or name's first word a match may end."""

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases and not self.written and not self.names

    def marks(self, text: str) -> list[Mark]:
        if self.empty:
            return []
        spans = self.spans_by_places(text)
        return merge_marks(self.spans_by_tokens(text) if spans is None else spans)

    def spans_by_places(self, text: str) -> list[tuple[int, int]] | None:
        """The matched spans, found from the places of the words that may match (None where
        the text needs the word-by-word scan).

        The text is lowercased whole (where that keeps every character one character, and
        with no capital sigma, whose small form depends on the letters around it), and one
        regex finds the words that begin as a wanted word or stem does (a stem's words begin
        with :func:`.surface.stem_beginning`): only those are stemmed and looked at in
        Python, a few of a text's hundreds (stemming every distinct word of 20 articles was
        most of a highlighted search)."""
        if self._beginnings is None or _SIGMA in text or needs_scan(text):
            return None
        low = text.lower()
        if len(low) != len(text):
            return None
        spans: list[tuple[int, int]] = []
        phrase_heads: list[tuple[int, int, list[tuple[list[str], int]]]] = []
        name_heads: list[tuple[int, int, list[list[str]]]] = []
        for start, end in words_beginning(low, self._beginnings):
            word = low[start:end]
            stem = stem_of(word)
            if stem in self.terms or word in self.written:
                spans.append((start, end))
            if stem in self._phrases_from:
                phrase_heads.append((start, end, self._phrases_from[stem]))
            if word in self._names_from:
                name_heads.append((start, end, self._names_from[word]))
        for start, end, phrases in phrase_heads:
            words = _window(low, start, end, self._phrase_reach)
            stemmed = [(stem_of(word), a, b) for word, a, b in words]
            for phrase, slop in phrases:
                spans.extend(s for s in _phrase_spans(stemmed, phrase, slop) if s[0] == start)
        for start, end, names in name_heads:  # names are words as written: none is stemmed
            words = _window(low, start, end, self._name_reach)
            for name in names:
                spans.extend(s for s in _phrase_spans(words, name, 1) if s[0] == start)
        return spans

    def spans_by_tokens(self, text: str) -> list[tuple[int, int]]:
        """The matched spans, found by stemming every word of the text."""
        tokens = text_tokens(text)
        spans = [(start, end) for word, start, end in tokens if word in self.terms]
        fold = lowering(text)
        if self.written:
            spans += [
                (start, end) for _, start, end in tokens if fold(text[start:end]) in self.written
            ]
        for words, slop in self.phrases:
            spans.extend(_phrase_spans(tokens, words, slop))
        if self.names:
            written = [(fold(text[start:end]), start, end) for _, start, end in tokens]
            for words in self.names:
                spans.extend(_phrase_spans(written, words, 1))
        return spans


def merge_marks(spans: Iterable[tuple[int, int]]) -> list[Mark]:
    """The spans in order as marks, overlapping and touching ones made one."""
    merged: list[Mark] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1].end:
            if end > merged[-1].end:
                merged[-1] = Mark(merged[-1].start, end)
        else:
            merged.append(Mark(start, end))
    return merged


def _expansions(leaf: query.Query, reader: IndexReader) -> set[str]:
    """The words of the index a prefix, wildcard or fuzzy term stands for."""
    # Expanded segment by segment: a reader over several segments finds fuzzy terms by
    # computing the edit distance to every word with the same prefix (~70 ms at 22,000
    # articles), a segment's reader through an automaton.
    found: set[str] = set()
    for segment, _offset in reader.leaf_readers():
        for _field, term in leaf.existing_terms(segment, expand=True):
            found.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return found


def _phrase_spans(tokens: list[Token], words: list[str], slop: int) -> Iterator[tuple[int, int]]:
    """Spans where ``words`` occur in order, each 1 to ``slop`` tokens after the previous:
    every occurrence of the first word with every last word some chain from it reaches (a
    proximity phrase may match through a later occurrence of a middle word, not the first)."""
    if not words:
        return
    for index, (word, start, _end) in enumerate(tokens):
        if word != words[0]:
            continue
        reached = {index}
        for wanted in words[1:]:
            reached = {
                position
                for last in reached
                for position in range(last + 1, min(len(tokens), last + 1 + slop))
                if tokens[position][0] == wanted
            }
            if not reached:
                break
        for last in sorted(reached):
            yield start, tokens[last][2]


def _lead(word: str) -> str:
    """The first letters of a word as written, where a regex looks for it (not ending in a
    full stop: the rest of the word is found from there)."""
    return word[:3].rstrip(".")


def _window(low: str, start: int, end: int, reach: int) -> list[Token]:
    """The word of the lowercased text ``low`` at ``start:end`` and the ``reach`` words after
    it (the scan resumes where the word ends, as the whole text's scan does)."""
    return [(low[start:end], start, end)] + [
        (match.group(), match.start(), match.end())
        for match in islice(WORD.finditer(low, end), reach)
    ]
