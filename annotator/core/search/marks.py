"""The spans of a text that a query matched, for highlighting its hits and an opened article.

Marking the 20 hits of a search is on the search's path. A text's words are not stemmed one
by one: the distinct words are (a set, found by one regex in C), and the places of those
that match are found by :func:`.words.occurrences`. A phrase or a name is then checked from
each place of its first word, over the few words after it. Texts that need the word-by-word
scan (spaceless scripts, symbols with marks) get it, with the same result (a test holds the
two together).
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
from annotator.core.search.words import WORD, occurrences

Token = tuple[str, int, int]
"""(word, start, end): the word stemmed, or as written and lowercased, as a match needs."""


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
        self._phrase_starts = {words[0] for words, _slop in self.phrases}
        self._stem_beginnings = _beginnings(self.terms | self._phrase_starts)
        self._name_starts = {words[0] for words in self.names}
        self._reach = max(
            [(len(words) - 1) * slop for words, slop in self.phrases]
            + [len(words) - 1 for words in self.names]
            + [0]
        )
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
        """The matched spans, found from the places of the matching words (None where the
        text needs the word-by-word scan)."""
        distinct = set(WORD.findall(text))
        lowered = {word: word.lower() for word in distinct}
        # Only a word that begins as a wanted stem does can have it (surface.STEM_TAIL):
        # the others, most of a text, are not stemmed (a first search stemmed every word
        # of 20 articles, half its time).
        beginnings = self._stem_beginnings
        stems = {
            word: stem_of(low)
            for word, low in lowered.items()
            if any(low[:size] in group for size, group in beginnings)
        }
        matching = [w for w in distinct if stems.get(w) in self.terms or lowered[w] in self.written]
        places = occurrences(text, matching)
        if places is None:
            return None
        spans = list(places)
        firsts = [
            word
            for word in distinct
            if stems.get(word) in self._phrase_starts or lowered[word] in self._name_starts
        ]
        heads = occurrences(text, firsts)
        if heads is None:
            return None
        for start, end in heads:
            stemmed, written = self._window(text, start, end)
            for words, slop in self.phrases:
                spans.extend(s for s in _phrase_spans(stemmed, words, slop) if s[0] == start)
            for words in self.names:
                spans.extend(s for s in _phrase_spans(written, words, 1) if s[0] == start)
        return spans

    def _window(self, text: str, start: int, end: int) -> tuple[list[Token], list[Token]]:
        """The word at ``start:end`` and the words a match from it may reach, stemmed and as
        written (the scan resumes where the word ends, as the whole text's scan does)."""
        words = [(text[start:end], start, end)] + [
            (match.group(), match.start(), match.end())
            for match in islice(WORD.finditer(text, end), self._reach)
        ]
        written = [(word.lower(), a, b) for word, a, b in words]
        return [(stem_of(word), a, b) for word, a, b in written], written

    def spans_by_tokens(self, text: str) -> list[tuple[int, int]]:
        """The matched spans, found by stemming every word of the text."""
        tokens = text_tokens(text)
        spans = [(start, end) for word, start, end in tokens if word in self.terms]
        if self.written:
            spans += [
                (start, end) for _, start, end in tokens if text[start:end].lower() in self.written
            ]
        for words, slop in self.phrases:
            spans.extend(_phrase_spans(tokens, words, slop))
        if self.names:
            written = [(text[start:end].lower(), start, end) for _, start, end in tokens]
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


def _beginnings(stems: set[str]) -> list[tuple[int, set[str]]]:
    """(length, beginnings of that length) of ``stems``: what a word having one of them
    begins with (``surface.stem_beginning``)."""
    by_length: dict[int, set[str]] = {}
    for stem in stems:
        beginning = stem_beginning(stem)
        by_length.setdefault(len(beginning), set()).add(beginning)
    return sorted(by_length.items())
