"""A reference matcher for the query language in plain Python (README "Search queries"), and
Hypothesis strategies for texts and queries over every operator (words, prefixes, wildcards,
fuzzy terms, phrases, proximity, ``title:``, AND / OR / NOT / ANDNOT, brackets); the tests in
``test_reference_queries.py`` run them on indexes of several segments with updated and
deleted documents and compare hits and totals exactly with what the reference finds.

The reference uses only the documented tokenisation: :func:`raw_words` (what a word is),
Whoosh's Porter stemmer on the lowercased words (the terms of the text and title), and
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
- ``title:`` with a word or a phrase: the same, on the title's stems;
- queries are compared in Unicode's composed form (a decomposed "José" finds "José").
"""

from __future__ import annotations

import fnmatch
import itertools
import re
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st
from whoosh.lang.porter import stem

from annotator.core.search import DocumentEntry
from annotator.core.search.schema import written_words
from annotator.core.search.whoosh_index import WhooshIndex
from annotator.core.search.words import raw_words

# Inflections sharing a stem ("elections" / "elected" -> "elect", "gases" -> "gase" but "gas"
# -> "ga" as "games" is "game"), words whose stems mislead prefixes ("electronics" ->
# "electron"), accented words, an emoji and a run of Chinese characters (searched by pairs).
VOCABULARY = [
    "election", "elections", "elected", "electronics", "elect",
    "gas", "gases", "gasoline", "games", "game", "GAS",
    "news", "new", "newer", "newspaper", "News",
    "run", "running", "runner", "runs",
    "José", "café", "Zürich", "😊", "外交部", "外交", "部长",
]  # fmt: skip
QUERY_WORDS = [*VOCABULARY, "Jose\u0301", "CAFE\u0301", "交部", "Elections", "RUNNING"]
SPELLED = sorted({w for w in written_words(" ".join(VOCABULARY)) if len(w) >= 2})
"""Words as written (lowercased) that prefixes, wildcards and fuzzy terms are made from."""
LATIN = sorted(w for w in SPELLED if w.isalpha() and not "\u4e00" <= w[0] <= "\u9fff")


# --- the reference -------------------------------------------------------------------------


def _stems(text: str) -> list[str]:
    """The terms of ``text``: its words, lowercased, stemmed."""
    return [stem(word.lower()) for word, _start, _end in raw_words(text)]


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

    @classmethod
    def of(cls, title: str, text: str) -> Doc:
        return cls(_stems(title), _stems(text), frozenset(written_words(text)))


@dataclass(frozen=True)
class Word:
    text: str

    def render(self) -> str:
        return self.text

    def matches(self, doc: Doc) -> bool:
        return _in_order(doc.body, _stems(_composed(self.text)), 1)


@dataclass(frozen=True)
class Prefix:
    text: str

    def render(self) -> str:
        return f"{self.text}*"

    def matches(self, doc: Doc) -> bool:
        prefix = _composed(self.text).lower()
        return any(word.startswith(prefix) for word in doc.written)


@dataclass(frozen=True)
class Wildcard:
    pattern: str

    def render(self) -> str:
        return self.pattern

    def matches(self, doc: Doc) -> bool:
        pattern = _composed(self.pattern).lower()
        return any(fnmatch.fnmatchcase(word, pattern) for word in doc.written)


@dataclass(frozen=True)
class Fuzzy:
    text: str
    distance: int | None  # None: written "word~", one edit

    def render(self) -> str:
        return f"{self.text}~{'' if self.distance is None else self.distance}"

    def matches(self, doc: Doc) -> bool:
        typed = _composed(self.text).lower()
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
        wanted = _stems(_composed(" ".join(self.words)))
        return _in_order(doc.body if terms is None else terms, wanted, max(1, self.slop or 1))


@dataclass(frozen=True)
class Title:
    part: Word | Phrase

    def render(self) -> str:
        return f"title:{self.part.render()}"

    def matches(self, doc: Doc) -> bool:
        if isinstance(self.part, Word):
            return _in_order(doc.title, _stems(_composed(self.part.text)), 1)
        return self.part.matches(doc, doc.title)


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


# --- generated texts and queries -----------------------------------------------------------

# Half of a text's words from a few, so that phrases and titles find something too.
COMMON = ["gas", "gases", "news", "new", "elected", "elections", "run", "José", "外交部"]
text_words = st.one_of(st.sampled_from(COMMON), st.sampled_from(VOCABULARY))
texts = st.lists(text_words, max_size=10).map(" ".join)
titles = st.lists(st.sampled_from(COMMON), max_size=3).map(" ".join)


@st.composite
def wildcards(draw: st.DrawFn) -> Wildcard:
    word = draw(st.sampled_from(SPELLED))
    chars = list(word)
    for _ in range(draw(st.integers(1, 2))):
        chars[draw(st.integers(0, len(chars) - 1))] = "?"
    end = draw(st.integers(1, len(chars)))
    pattern = "".join(chars[:end]) + ("*" if end < len(chars) or draw(st.booleans()) else "")
    if draw(st.booleans()) and len(pattern) > 2:  # a star inside: elect*on
        cut = draw(st.integers(1, len(pattern) - 1))
        pattern = pattern[:cut] + "*" + pattern[cut + 1 :]
    if pattern.strip("*?") == "":
        pattern = word[0] + pattern
    return Wildcard(pattern)


# Two wildcard characters in a row split the term in two (see
# test_two_wildcard_characters_in_a_row_are_one_pattern): left out here.
patterns = wildcards().filter(lambda w: re.search(r"[*?]{2}", w.pattern) is None)


@st.composite
def typos(draw: st.DrawFn, base: str | None = None) -> Fuzzy:
    word = list(base if base is not None else draw(st.sampled_from(LATIN)))
    for _ in range(draw(st.integers(0, 2))):
        if len(word) <= 2:
            word.append(draw(st.sampled_from("aeinorst")))
            continue
        where = draw(st.integers(2, len(word) - 1))
        edit = draw(st.sampled_from(["substitute", "insert", "delete", "transpose", "transpose"]))
        letter = draw(st.sampled_from("aeinorst"))
        if edit == "substitute":
            word[where] = letter
        elif edit == "insert":
            word.insert(where, letter)
        elif edit == "delete":
            del word[where]
        elif where + 1 < len(word):
            word[where], word[where + 1] = word[where + 1], word[where]
    return Fuzzy(_as_typed(draw, "".join(word)), draw(st.sampled_from([None, 1, 2])))


words = st.sampled_from(QUERY_WORDS).map(Word)
prefixes = st.sampled_from(SPELLED).flatmap(
    lambda w: st.integers(1, len(w)).map(lambda n: Prefix(w[:n]))
)
phrases = st.builds(
    Phrase,
    st.lists(st.sampled_from(COMMON) | st.sampled_from(QUERY_WORDS), min_size=2, max_size=3).map(
        tuple
    ),
    st.sampled_from([None, 0, 1, 2, 3, 5]),
)
leaves: st.SearchStrategy[Query] = st.one_of(
    words,
    words,
    prefixes,
    patterns,
    typos(),
    phrases,
    st.builds(Title, st.one_of(st.sampled_from(COMMON).map(Word), words, phrases)),
)


def _compound(children: st.SearchStrategy[Query]) -> st.SearchStrategy[Query]:
    several = st.lists(children, min_size=2, max_size=3).map(tuple)
    # And of three parts now and then only: three random parts rarely meet in one text.
    pairs = st.lists(children, min_size=2, max_size=2).map(tuple)
    return st.one_of(
        st.builds(And, pairs | pairs | several, st.booleans()),
        st.builds(Or, several),
        st.builds(AndNot, children, children, st.booleans()),
        st.builds(Not, children),
    )


def _typings(text: str) -> list[str]:
    return [text, text.upper(), text.capitalize(), unicodedata.normalize("NFD", text)]


def _as_typed(draw: st.DrawFn, text: str) -> str:
    """``text`` as a user may type it: in capitals, capitalised or decomposed (NFD)."""
    how = draw(st.sampled_from(["as is", "as is", "upper", "capitalize", "NFD"]))
    if how == "as is":
        return text
    if how == "NFD":
        return unicodedata.normalize("NFD", text)
    return text.upper() if how == "upper" else text.capitalize()


@st.composite
def _phrase_of(draw: st.DrawFn, sources: list[list[str]]) -> Phrase | Word:
    """Two or three words of one of ``sources`` (lists of words), with a slop around their
    distance, now and then in the wrong order."""
    said = draw(st.sampled_from(sources))
    if len(said) < 2:
        return Word(_as_typed(draw, said[0]))
    first = draw(st.integers(0, len(said) - 2))
    second = draw(st.integers(first + 1, min(len(said) - 1, first + 5)))
    picked = [first, second]
    if second + 1 < len(said) and draw(st.booleans()):
        picked.append(draw(st.integers(second + 1, min(len(said) - 1, second + 4))))
    gap = max(b - a for a, b in itertools.pairwise(picked))
    slop = draw(st.sampled_from([None, 0, gap - 1, gap, gap, gap + 1]))
    words = [_as_typed(draw, said[n]) for n in picked]
    if draw(st.integers(0, 4)) == 0:
        words.reverse()
    return Phrase(tuple(words), slop)


@st.composite
def _pattern_of(draw: st.DrawFn, word: str) -> Wildcard | Prefix:
    """``word`` with one or two letters as '?', maybe cut short with '*'."""
    chars = list(word)
    for n in draw(st.sets(st.integers(0, len(word) - 1), min_size=1, max_size=2)):
        chars[n] = "?"
    end = draw(st.integers(1, len(chars)))
    pattern = "".join(chars[:end]) + ("*" if end < len(chars) else "")
    if not pattern.strip("*?") or re.search(r"[*?]{2}", pattern):
        # Two wildcard characters in a row split the pattern (see
        # test_two_wildcard_characters_in_a_row_are_one_pattern): a prefix instead.
        return Prefix(word[:end])
    return Wildcard(pattern)


@st.composite
def _written_term(draw: st.DrawFn, spelled: list[str]) -> Query:
    """A prefix, wildcard or fuzzy term made from one of the words as written."""
    word = draw(st.sampled_from(spelled))
    kind = draw(st.sampled_from(["prefix", "wildcard", "fuzzy", "transposed", "first letters"]))
    if kind == "prefix":
        return Prefix(_as_typed(draw, word[: draw(st.integers(1, len(word)))]))
    if kind == "wildcard":
        return draw(_pattern_of(word))
    if kind == "transposed" and len(word) > 3:  # one edit for Damerau, two for Levenshtein
        where = draw(st.integers(2, len(word) - 2))
        swapped = word[:where] + word[where + 1] + word[where] + word[where + 2 :]
        return Fuzzy(_as_typed(draw, swapped), draw(st.sampled_from([None, 1, 2])))
    if kind == "first letters":  # one edit, but not in the two letters that must match
        where = draw(st.integers(0, 1))
        typed = word[:where] + draw(st.sampled_from("aeinorst")) + word[where + 1 :]
        return Fuzzy(_as_typed(draw, typed), draw(st.sampled_from([None, 2])))
    return draw(typos(word))


def grounded(texts: Sequence[str], titles: Sequence[str]) -> st.SearchStrategy[Query]:
    """Leaves made from the words of ``texts`` and ``titles`` (phrases with slops around the
    words' distance; prefixes, wildcards and fuzzy terms of the words as written) so that hits
    and near misses are common, and the generic leaves."""
    spoken = [[word for word, _start, _end in raw_words(text)] for text in texts]
    spelled = sorted({word for text in texts for word in written_words(text) if len(word) > 1})
    headed = [[word for word, _start, _end in raw_words(title)] for title in titles]
    spoken, headed = [w for w in spoken if w], [w for w in headed if w]
    if not spoken or not spelled:
        return leaves
    return st.one_of(
        _phrase_of(spoken),
        st.sampled_from([w for said in spoken for w in said]).flatmap(
            lambda word: st.builds(Word, st.sampled_from(_typings(word)))
        ),
        _written_term(spelled),
        _written_term(spelled),
        _phrase_of(headed).map(Title) if headed else leaves,
        leaves,
    )


def queries(texts: Sequence[str], titles: Sequence[str]) -> st.SearchStrategy[Query]:
    """Queries over ``texts`` and ``titles``, negative ones (``NOT a`` alone, ``a OR NOT b``)
    included."""
    return st.recursive(grounded(texts, titles), _compound, max_leaves=6)


# Each item: (which live document it replaces, or None for a new one; title; text).
items = st.tuples(st.none() | st.integers(0, 30), titles, texts)
batches = st.lists(st.lists(items, min_size=1, max_size=5), min_size=1, max_size=4)


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
