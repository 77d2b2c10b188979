"""The Whoosh schema and analysers. Changing either means bumping :data:`SCHEMA_VERSION`,
which makes every existing index rebuild itself on next open."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import analysis, fields
from whoosh.lang.porter import stem

from annotator.core.search.positions import PackedPositions
from annotator.core.search.whoosh_compat import frequency_value
from annotator.core.search.words import (
    WORD,
    has_spaceless,
    lower,
    lowering,
    raw_words,
    words_of,
)

SCHEMA_VERSION = 12

# Fields a user may name in a query, and what each searches.
USER_FIELDS = {
    "body": "the text (documents) or the quote (statements)",
    "title": "the title",
    "source": "the source or outlet",
    "date": "the publication date, e.g. date:[2023-01-01 TO 2023-12-31] or date:2024",
    "actor": "an actor coded in the document, or any of its names and aliases in the text",
    "claim": "the claim (or a parent claim) of a coded statement",
    "stance": "the stance of a coded statement",
    "coder": "who coded it",
    "statement": "conditions one coded statement meets together, e.g. "
    "statement:(stance:support AND claim:troops)",
    "speaker": "the speaker of a coded statement (the same as statement:(actor:…))",
}
FIELD_EXAMPLES = {
    "body": "body:sanctions",
    "title": "title:sanctions",
    "source": 'source:"voa news"',
    "date": "date:2024",
    "actor": 'actor:"Kim Jong Un"',
    "claim": "claim:troops",
    "stance": "stance:support",
    "coder": "coder:alice",
    "statement": "statement:(stance:support AND claim:troops)",
    "speaker": "speaker:KCNA",
}
"""A query of each field, for messages."""


class WordTokenizer(analysis.Tokenizer):  # type: ignore[misc]
    """The words of :func:`.words.raw_words` as Whoosh tokens (the arguments and attributes
    are those of Whoosh's ``RegexTokenizer``)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[analysis.Token]:
        token = analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for position, (word, start, end) in enumerate(raw_words(value)):
            token.text = word
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class LowerFilter(analysis.Filter):  # type: ignore[misc]
    """Each token lowercased by :func:`.words.lower` (Whoosh's ``LowercaseFilter`` gives
    "İstanbul" a combining dot: "i̇stanbul")."""

    def __call__(self, tokens: Iterable[analysis.Token]) -> Iterator[analysis.Token]:
        for token in tokens:
            token.text = lower(token.text)
            yield token


def text_analyzer() -> analysis.Analyzer:
    """Words, lowercased and stemmed; no stop words, so every word of a phrase counts."""
    return WordTokenizer() | LowerFilter() | analysis.StemFilter()


def name_analyzer() -> analysis.Analyzer:
    """Words, lowercased, not stemmed: for names of sources and actors."""
    return WordTokenizer() | LowerFilter()


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),
        doc_id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=text_analyzer(), field_boost=2.0),
        # The title's words as written, for prefixes, wildcards and fuzzy terms in `title:`.
        title_written=WrittenField(),
        source=fields.TEXT(analyzer=name_analyzer()),
        date=fields.DATETIME(),
        body=WordsField(),
        # The body's words as written (lowercased, not stemmed): prefixes, wildcards and
        # fuzzy terms expand over these, never over stems (issue #14.1, #14.2).
        written=WrittenField(),
        actor=fields.TEXT(analyzer=name_analyzer()),
        actor_id=fields.KEYWORD(commas=True),
        # Actors any of whose names or aliases occur in the text, found at index time so
        # that `actor:` needs no phrase search over the whole index at query time.
        named=fields.KEYWORD(commas=True),
        claim=fields.TEXT(analyzer=text_analyzer()),
        stance=fields.KEYWORD(lowercase=True, commas=True),
        coder=fields.KEYWORD(lowercase=True, commas=True),
        # A digest of everything indexed for the entry, so that `check` can compare the
        # index's contents with the project's, not only its watermark (issue #13.2).
        digest=fields.STORED(),
    )


_cached_stem = functools.lru_cache(maxsize=200_000)(stem)


def stem_of(word: str) -> str:
    """The stem of a lowercased word, as the stemmed fields hold it."""
    return str(_cached_stem(word))


def is_own_stem(word: str) -> bool:
    """Whether the lowercased ``word`` is its own stem: then the stemmed fields hold it under
    itself, and ``written`` does not (see surface.py)."""
    return bool(_cached_stem(word) == word)


def text_tokens(text: str) -> list[tuple[str, int, int]]:
    """(stemmed word, start, end) of every word of ``text``, exactly as
    :func:`text_analyzer` makes them (a test holds the two together), without building one
    Token object per word: marking the hits of 20 articles is on every search's path."""
    fold = lowering(text)
    if not has_spaceless(text):  # most texts: straight from the regex, no generator
        return [
            (_cached_stem(fold(match.group())), match.start(), match.end())
            for match in WORD.finditer(text)
        ]
    return [(_cached_stem(fold(word)), start, end) for word, start, end in raw_words(text)]


def text_words(text: str) -> list[str]:
    """The stemmed words of :func:`text_tokens` without their offsets, about three times
    faster (finding the actors named in every document while indexing needs only these)."""
    return list(map(_cached_stem, written_words(text)))


class WordsField(fields.TEXT):  # type: ignore[misc]
    """A phrase-searchable text field whose words are those of :func:`text_analyzer`, found
    by :func:`text_words` when indexing: a third of the cost of running the analyser's chain
    of token filters over every word, with the same terms and positions (a test holds them
    together). Queries still go through the analyser."""

    def __init__(self) -> None:
        # A query word the analyser cuts in several (a hyphenated name, a run of Chinese
        # characters cut into pairs) is the phrase of them, not each of them anywhere.
        super().__init__(analyzer=text_analyzer(), phrase=True, multitoken_query="phrase")
        self.format = PackedPositions()  # the field boost is 1, as TEXT's default

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions: defaultdict[str, list[int]] = defaultdict(list)
        for position, term in enumerate(text_words(value)):
            positions[term].append(position)
        encode, boost = self.format.encode, self.format.field_boost
        for term, where in positions.items():
            yield term.encode("utf-8"), len(where), len(where) * boost, encode(where)


def written_words(text: str) -> list[str]:
    """The words of ``text`` as written, lowercased: what ``written`` holds and what a prefix,
    wildcard or fuzzy term is compared with (the words of :func:`text_words`, unstemmed).
    The list may be the one returned for the same text before: read it, do not change it."""
    global _last_written
    last = _last_written  # one read: another thread may replace it meanwhile
    if last[0] is text:
        return last[1]
    # Lowercasing ASCII changes no word boundary: one call, not one a word. Elsewhere each
    # word is lowercased, not the text: lowercasing can change what counts as a word ("İ"
    # becomes "i" plus a combining dot), and the analyser lowercases after splitting.
    ascii_text = text.isascii()
    words = words_of(text.lower()) if ascii_text else list(map(lowering(text), words_of(text)))
    _last_written = (text, words)
    return words


_last_written: tuple[str, list[str]] = ("", [])
"""The last text split and its words: indexing a document splits its text for the stemmed
field and again, the very same string object (one pickle carries the document to the
indexing process), for ``written``. Kept by identity, so the text cannot be another one."""


class WrittenField(fields.KEYWORD):  # type: ignore[misc]
    """Each distinct word of a text as written (lowercased) that is not its own stem, with how
    often it occurs; given the text itself (surface.py reads the others from the stemmed
    field). Not searched by name: queries reach it through prefix, wildcard and
    fuzzy terms on the body (``written``) or the title (``title_written``)."""

    def __init__(self) -> None:
        # Scorable although expansions are scored by frequency alone (bulk.py): without a
        # lengths column Whoosh looks for one at every posting it writes (10% slower).
        super().__init__(lowercase=False, commas=False, scorable=True)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for word, count in Counter(written_words(value)).items():
            if not is_own_stem(word):  # the stemmed field holds it under itself
                yield word.encode("utf-8"), count, count * boost, frequency_value(count)
