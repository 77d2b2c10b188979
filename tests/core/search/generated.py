"""Hypothesis strategies for the reference tests: texts and titles from a vocabulary whose
stems mislead (inflections, prefixes of other words, accents, an emoji, Chinese), and queries
over every operator made from the words of the texts drawn, so that hits and near misses are
common."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence

from hypothesis import strategies as st

from annotator.core.search.schema import written_words
from annotator.core.search.words import raw_words
from tests.core.search.reference import (
    And,
    AndNot,
    Fuzzy,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Title,
    Wildcard,
    Word,
)

# Inflections sharing a stem ("elections" / "elected" -> "elect", "gases" -> "gase" but "gas"
# -> "ga" as "games" is "game"), words whose stems mislead prefixes ("electronics" ->
# "electron"), accented words, an emoji, a run of Chinese characters (searched by pairs) and a
# Turkish capital İ (lowercased to a plain i).
VOCABULARY = [
    "election", "elections", "elected", "electronics", "elect",
    "gas", "gases", "gasoline", "games", "game", "GAS",
    "news", "new", "newer", "newspaper", "News",
    "run", "running", "runner", "runs",
    "José", "café", "Zürich", "😊", "外交部", "外交", "部长", "İstanbul", "ISTANBUL",
]  # fmt: skip
QUERY_WORDS = [
    *VOCABULARY, "Jose\u0301", "CAFE\u0301", "交部", "Elections", "RUNNING", "istanbul",
]  # fmt: skip
SPELLED = sorted({w for w in written_words(" ".join(VOCABULARY)) if len(w) >= 2})
"""Words as written (lowercased) that prefixes, wildcards and fuzzy terms are made from."""
LATIN = sorted(w for w in SPELLED if w.isalpha() and not "\u4e00" <= w[0] <= "\u9fff")


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


patterns = wildcards()


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


OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"}
"""In capitals these are operators, never words (README): "and" is typed in small letters."""


def _typings(text: str) -> list[str]:
    typed = [text, text.upper(), text.capitalize(), unicodedata.normalize("NFD", text)]
    return [t for t in typed if t not in OPERATORS]


def _as_typed(draw: st.DrawFn, text: str) -> str:
    """``text`` as a user may type it: in capitals, capitalised or decomposed (NFD)."""
    how = draw(st.sampled_from(["as is", "as is", "upper", "capitalize", "NFD"]))
    if how == "as is":
        return text
    if how == "NFD":
        return unicodedata.normalize("NFD", text)
    return text.upper() if how == "upper" else text.capitalize()


@st.composite
def phrase_of(draw: st.DrawFn, sources: list[list[str]]) -> Phrase | Word:
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
    if not pattern.strip("*?"):  # wildcards only: a prefix instead
        return Prefix(word[:end])
    return Wildcard(pattern)


@st.composite
def _written_term(draw: st.DrawFn, spelled: list[str]) -> Prefix | Wildcard | Fuzzy:
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
    titled = sorted({word for title in titles for word in written_words(title) if len(word) > 1})
    spoken, headed = [w for w in spoken if w], [w for w in headed if w]
    if not spoken or not spelled:
        return leaves
    return st.one_of(
        phrase_of(spoken),
        st.sampled_from([w for said in spoken for w in said]).flatmap(
            lambda word: st.builds(Word, st.sampled_from(_typings(word)))
        ),
        _written_term(spelled),
        _written_term(spelled),
        phrase_of(headed).map(Title) if headed else leaves,
        _written_term(titled).map(Title) if titled else leaves,
        leaves,
    )


def queries(texts: Sequence[str], titles: Sequence[str]) -> st.SearchStrategy[Query]:
    """Queries over ``texts`` and ``titles``, negative ones (``NOT a`` alone, ``a OR NOT b``)
    included."""
    return st.recursive(grounded(texts, titles), _compound, max_leaves=6)


# Each item: (which live document it replaces, or None for a new one; title; text).
items = st.tuples(st.none() | st.integers(0, 30), titles, texts)
batches = st.lists(st.lists(items, min_size=1, max_size=5), min_size=1, max_size=4)
