"""Search against a reference matcher in plain Python (issue #14): queries over every
operator — words, prefixes, wildcards, fuzzy terms, phrases, proximity, AND, OR, NOT,
ANDNOT, brackets — generated at random and run on indexes of several segments with
deletions; the hits and the totals must be exactly those of the reference.

The reference knows only the documented tokenisation (README, "Searching"): a text's words
(``raw_words``), compared stemmed (Porter) for words and phrases and as written, lowercased,
for prefixes, wildcards and fuzzy terms (the first two letters exact, then Levenshtein
distance 1, or 2 with ``~2``). It does not use Whoosh's parser, searcher or our query code.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.lang.porter import stem

from annotator.core.search.words import raw_words
from tests.core.search.segmented import found, segmented_index
from tests.core.search.test_written_forms import _levenshtein as levenshtein

VOCABULARY = [
    "election",
    "elections",
    "elected",
    "electronics",
    "gas",
    "gases",
    "gasoline",
    "games",
    "news",
    "new",
    "newer",
    "run",
    "running",
    "runner",
    "blair",
    "brown",
    "iraq",
    "vote",
    "voting",
    "votes",
    "studies",
    "studio",
    "sanction",
    "sanctions",
    "josé",
    "zürich",
    "arsenal",
    "arsenals",
]


@dataclass(frozen=True)
class Text:
    stems: tuple[str, ...]
    written: frozenset[str]


def analyse(text: str) -> Text:
    words = [word.lower() for word, _start, _end in raw_words(text)]
    return Text(tuple(stem(word) for word in words), frozenset(words))


# --- queries: each node renders itself and decides a text ------------------------------------


class Query(Protocol):
    def render(self) -> str: ...

    def holds(self, text: Text) -> bool: ...


@dataclass(frozen=True)
class Word:
    word: str

    def render(self) -> str:
        return self.word

    def holds(self, text: Text) -> bool:
        return stem(self.word.lower()) in text.stems


@dataclass(frozen=True)
class Prefix:
    prefix: str

    def render(self) -> str:
        return f"{self.prefix}*"

    def holds(self, text: Text) -> bool:
        return any(word.startswith(self.prefix) for word in text.written)


@dataclass(frozen=True)
class Wildcard:
    pattern: str  # letters, "?" and "*", starting with a letter

    def render(self) -> str:
        return self.pattern

    def holds(self, text: Text) -> bool:
        regex = re.compile(
            "".join("." if c == "?" else ".*" if c == "*" else re.escape(c) for c in self.pattern)
        )
        return any(regex.fullmatch(word) for word in text.written)


@dataclass(frozen=True)
class Fuzzy:
    word: str
    distance: int

    def render(self) -> str:
        return f"{self.word}~" if self.distance == 1 else f"{self.word}~{self.distance}"

    def holds(self, text: Text) -> bool:
        return any(
            word[:2] == self.word[:2] and levenshtein(word, self.word) <= self.distance
            for word in text.written
        )


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    slop: int  # 1: adjacent

    def render(self) -> str:
        quoted = '"' + " ".join(self.words) + '"'
        return quoted if self.slop == 1 else f"{quoted}~{self.slop}"

    def holds(self, text: Text) -> bool:
        wanted = [stem(word) for word in self.words]
        positions = [i for i, s in enumerate(text.stems) if s == wanted[0]]
        for position in positions:
            ends = {position}
            for word in wanted[1:]:
                ends = {
                    p
                    for p, s in enumerate(text.stems)
                    if s == word and any(0 < p - e <= self.slop for e in ends)
                }
                if not ends:
                    break
            else:
                return True
        return False


@dataclass(frozen=True)
class Op:
    kind: str  # AND, OR, ANDNOT
    left: Query
    right: Query

    def render(self) -> str:
        return f"({self.left.render()} {self.kind} {self.right.render()})"

    def holds(self, text: Text) -> bool:
        left = self.left.holds(text)
        right = self.right.holds(text)
        if self.kind == "AND":
            return left and right
        if self.kind == "OR":
            return left or right
        return left and not right


@dataclass(frozen=True)
class Not:
    child: Query

    def render(self) -> str:
        return f"(NOT {self.child.render()})"

    def holds(self, text: Text) -> bool:
        return not self.child.holds(text)


words = st.sampled_from(VOCABULARY)
leaves = st.one_of(
    words.map(Word),
    st.tuples(words, st.integers(2, 4)).map(lambda t: Prefix(t[0][: t[1]])),
    st.tuples(words, st.integers(1, 3)).map(
        lambda t: Wildcard(t[0][: t[1]] + "?" + t[0][t[1] + 1 : t[1] + 2] + "*")
    ),
    st.tuples(words, st.integers(0, 4), st.sampled_from((1, 1, 2))).map(
        lambda t: (
            Fuzzy(t[0][: 2 + t[1]] + t[0][3 + t[1] :], t[2])
            if len(t[0]) > 3 + t[1]
            else Fuzzy(t[0], t[2])
        )
    ),
    st.tuples(st.lists(words, min_size=2, max_size=3), st.sampled_from((1, 1, 2, 4))).map(
        lambda t: Phrase(tuple(t[0]), t[1])
    ),
)
queries = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.tuples(st.sampled_from(("AND", "OR", "ANDNOT")), children, children).map(
            lambda t: Op(*t)
        ),
        st.tuples(children, children).map(lambda t: Op("AND", t[0], Not(t[1]))),
    ),
    max_leaves=5,
)
texts = st.lists(words, max_size=8).map(" ".join)
batches = st.lists(st.lists(texts, min_size=1, max_size=5), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None)
@given(batches=batches, deleted=st.sets(st.integers(0, 14), max_size=4), query=queries)
def test_search_finds_exactly_what_the_reference_finds(batches, deleted, query):
    with tempfile.TemporaryDirectory() as folder:
        index, live = segmented_index(Path(folder) / "ix", batches, deleted)
        try:
            expected = {i for i, t in live.items() if query.holds(analyse(t))}
            text = query.render()
            assert found(index, text) == expected, text
            assert index.search(text, limit=1).total == len(expected), text
        finally:
            index.close()


@settings(max_examples=40, deadline=None)
@given(batches=batches, deleted=st.sets(st.integers(0, 14), max_size=4), query=leaves)
def test_a_negative_query_alone_finds_every_other_document(batches, deleted, query):
    with tempfile.TemporaryDirectory() as folder:
        index, live = segmented_index(Path(folder) / "ix", batches, deleted)
        try:
            expected = {i for i, t in live.items() if not query.holds(analyse(t))}
            assert found(index, f"NOT {query.render()}") == expected
        finally:
            index.close()


def test_the_reference_tells_stems_from_written_forms():
    # What the property test relies on: the reference is not the stemmed search.
    text = analyse("games and gasoline")
    assert Prefix("gas").holds(text)
    assert not Prefix("gas").holds(analyse("games"))  # stem "game", never "ga…"
    assert Word("elections").holds(analyse("elected"))  # both stem to "elect"
    assert not Prefix("election").holds(analyse("electronics"))
    assert Fuzzy("arsnal", 1).holds(analyse("Arsenal"))
    assert Phrase(("blair", "brown"), 2).holds(analyse("blair x brown"))
    assert not Phrase(("blair", "brown"), 1).holds(analyse("blair x brown"))
