"""The query language, through Whoosh's parser and plugins (no hand-written parsing).

On top of Whoosh: a clear :class:`QueryError` for what it would silently drop (unclosed
quotes or brackets, unknown fields, bad dates, nothing left to search for); fuzzy terms get a
prefix of 2 unless given one (4-12x cheaper, DESIGN.md §6); ``actor:`` expands to the actor's
coded mentions and every one of its names and aliases in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import fields, query
from whoosh.qparser import FuzzyTermPlugin, QueryParser, plugins

from annotator.core.search import ActorResolver, QueryError
from annotator.core.search.bulk import bulk_version
from annotator.core.search.names import name_words
from annotator.core.search.plugins import OperatorsPlugin, WildcardPlugin
from annotator.core.search.schema import (
    FIELD_EXAMPLES,
    USER_FIELDS,
    make_schema,
)
from annotator.core.search.scope import SCOPE_FIELD, cut_scopes
from annotator.core.search.whoosh_compat import AndNot, Not
from annotator.core.search.words import lower

FUZZY_PREFIX = 2
MAX_QUERY_CHARS = 4000
"""Longer queries are refused: Whoosh's parser slows down more than linearly on some long
inputs (20,000 characters took 4 s, 100,000 over a minute: issue #13.6)."""
DATE_HELP = "write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. date:[2023-01-01 TO 2023-12-31]"
_EXACT_PHRASE = re.compile(r'("[^"]*")~0+(?![\d.])')
_FIELD_PREFIX = re.compile(r"(?<![\w.])([A-Za-z_]+):(?=\S)")
_EMPTY_FIELD = re.compile(r"(?<![\w.])([A-Za-z_]+):(?=\s|$)")
_QUOTED = re.compile(r'"[^"]*"')
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _check_syntax(text: str) -> None:
    if not text.strip():
        raise QueryError("type something to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters long; the most is {MAX_QUERY_CHARS:,}"
        )
    if text.count('"') % 2:
        raise QueryError('a quotation mark (") is not closed')
    unquoted = _QUOTED.sub("_", text)  # what is quoted is words, whatever it holds
    _check_fields(unquoted)
    stack: list[str] = []
    for char in unquoted:
        if char in _PAIRS:
            stack.append(_PAIRS[char])
        elif char in _PAIRS.values() and (not stack or stack.pop() != char):
            raise QueryError(f"'{char}' has no matching opening bracket")
    if stack:
        raise QueryError(f"a bracket is not closed (expected '{stack[-1]}')")


def _check_fields(unquoted: str) -> None:
    """Refuse a field name that is unknown, or with nothing (or a space) after its colon."""
    for match in _EMPTY_FIELD.finditer(unquoted):
        name = match.group(1)
        if name.lower() in USER_FIELDS:
            example = FIELD_EXAMPLES[name.lower()]
            if unquoted[match.end() :].strip():
                raise QueryError(
                    f"no space may follow '{name}:': write what it applies to right after the "
                    f"colon, e.g. {example}"
                )
            raise QueryError(f"nothing follows '{name}:'; e.g. {example}")
    for match in _FIELD_PREFIX.finditer(unquoted):
        name = match.group(1)
        if name.lower() not in USER_FIELDS:
            raise QueryError(
                f"unknown field '{name}:'; fields are {', '.join(f + ':' for f in USER_FIELDS)}"
            )


@dataclass(frozen=True)
class ParsedQuery:
    """A Whoosh query and what to mark in a text it matched beyond its own body terms: the
    names and aliases of the actors an ``actor:`` part stands for (as word tuples)."""

    query: query.Query
    name_phrases: tuple[tuple[str, ...], ...] = ()
    scopes: tuple[query.Query, ...] = ()
    """The conditions of each ``statement:( … )``, on statements; ``query`` holds a term of
    :data:`.scope.SCOPE_FIELD` in its place (numbered as here), resolved when searching."""


EXPANDING = (query.Prefix, query.Wildcard, query.FuzzyTerm)
WRITTEN_FIELDS = {"body": "written", "title": "title_written"}
"""Stemmed fields and the fields of their words as written, which prefix, wildcard and fuzzy
terms on them expand over."""


class AnyWord(query.Every):  # type: ignore[misc]
    """``*``: the documents with any word in ``words_field``, as Whoosh's ``Every`` on it,
    under another field name: a compound query drops every other condition on the field of
    an ``Every`` beside it (right for OR, wrong for AND: ``war AND *`` found everything)."""

    def __init__(self, words_field: str, boost: float = 1.0) -> None:
        super().__init__(f"{words_field}:any word", boost=boost)
        self.words_field = words_field

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return query.Every(self.words_field, boost=self.boost).matcher(searcher, context)


class _Parser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser, except that a prefix, wildcard or fuzzy term on the body or the title
    is compared with the words as written (:data:`WRITTEN_FIELDS`), not stemmed first: Whoosh
    stemmed ``gas*`` to ``ga*`` and compared ``arsnal~`` with the stem ``arsen`` (#14.1-2)."""

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: type[query.Query],
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> query.Query | None:
        if (
            fieldname in WRITTEN_FIELDS
            and isinstance(termclass, type)
            and issubclass(termclass, EXPANDING)
        ):
            written = lower(unicodedata.normalize("NFC", text))
            if written and not written.strip("*"):
                # Any word at all: the stemmed field holds every word, `written` only those
                # that are not their own stem (surface.py).
                return AnyWord(fieldname, boost=boost)
            return termclass(WRITTEN_FIELDS[fieldname], written, boost=boost) if written else None
        found = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if fieldname == "date" and (
            getattr(found, "error", None) is not None or not _readable_date(found)
        ):
            # Whoosh turned an unreadable date into a query that matches nothing, silently.
            raise QueryError(f"the date '{text}' cannot be read; {DATE_HELP}")
        return found


def _readable_date(node: query.Query | None) -> bool:
    """Whether a date condition's values can be compared with the index's dates."""
    if node is None or isinstance(node, query.DateRange | query.NumericRange):
        return True
    try:
        for _field, value in node.iter_all_terms():
            make_schema()["date"].to_bytes(value)
    except Exception:  # Whoosh raises assorted errors on what is not a date
        return False
    return True


class QueryBuilder:
    """Turns the text a user typed into a Whoosh query."""

    def __init__(self) -> None:
        schema = make_schema()
        schema.add(SCOPE_FIELD, fields.ID())  # placeholders of statement scopes, parsed only
        self._parser = _Parser("body", schema)
        ours = {plugins.WildcardPlugin: WildcardPlugin, plugins.OperatorsPlugin: OperatorsPlugin}
        self._parser.plugins = [
            ours[type(plugin)]() if type(plugin) in ours else plugin
            for plugin in self._parser.plugins
        ]
        self._parser.add_plugin(FuzzyTermPlugin())

    def parse(self, text: str, resolver: ActorResolver | None = None) -> ParsedQuery:
        """Parse ``text``; raise :class:`QueryError` with a message when it is malformed."""
        text = unicodedata.normalize("NFC", text)  # as the texts are (José typed either way)
        _check_syntax(text)
        text = _EXACT_PHRASE.sub(r"\1", text)  # "a b"~0 is the exact phrase, not AND "0"
        scoped = cut_scopes(text)
        phrases: list[tuple[str, ...]] = []
        whole = self._parse_text(scoped.text, resolver, phrases)
        # A scope's actor names are its speakers: its statements are marked, not the names.
        scopes = tuple(self._parse_text(inner, resolver, []) for inner in scoped.scopes)
        return ParsedQuery(whole, tuple(phrases), scopes)

    def _parse_text(
        self, text: str, resolver: ActorResolver | None, phrases: list[tuple[str, ...]]
    ) -> query.Query:
        try:
            parsed = self._parser.parse(text)
        except QueryError:
            raise
        except ValueError as error:
            # Whoosh's date fields raise ValueError on anything that is not a date.
            raise QueryError(f"a date in the query cannot be read; {DATE_HELP}") from error
        except Exception as error:  # Whoosh raises assorted errors on odd input
            raise QueryError(f"could not read the query: {error}") from error
        if isinstance(parsed, type(query.NullQuery)):
            raise QueryError("the query has nothing to search for")
        return parsed.accept(lambda node: self._rewrite(node, resolver, phrases))

    def _rewrite(
        self, node: query.Query, resolver: ActorResolver | None, phrases: list[tuple[str, ...]]
    ) -> query.Query:
        if getattr(node, "fieldname", None) == "date" and not _readable_date(node):
            typed = " ".join(str(text) for _field, text in node.iter_all_terms())
            raise QueryError(f"the date '{typed}' cannot be read; {DATE_HELP}")
        if type(node) is query.AndNot:  # Whoosh's own kept a segment's first match (#14.3)
            rewritten = AndNot(node.a, node.b)
            rewritten.boost = node.boost
            return rewritten
        if isinstance(node, query.Not) and isinstance(node.query, query.Not):
            return node.query.query  # NOT NOT a is a (README, "Search queries")
        if type(node) is query.Not:  # Whoosh's own listed deleted documents at a segment's end
            return Not(node.query, boost=node.boost)
        if isinstance(node, query.FuzzyTerm) and len(node.text) < FUZZY_PREFIX:
            raise QueryError(
                f"'{node.text}~' is too short for a fuzzy search: give at least "
                f"{FUZZY_PREFIX} letters, e.g. {node.text}{'x' * (FUZZY_PREFIX - len(node.text))}~"
            )
        if isinstance(node, query.FuzzyTerm) and node.prefixlength < FUZZY_PREFIX:
            node.prefixlength = FUZZY_PREFIX
        if getattr(node, "fieldname", None) == "actor" and isinstance(
            node, query.Term | query.Phrase
        ):
            words = [node.text] if isinstance(node, query.Term) else list(node.words)
            found = resolver(words) if resolver is not None else None
            if found is None:
                raise QueryError(f"no actor or alias called '{' '.join(words)}' in this project")
            actor_id, names = found
            phrases.extend(name_words(name) for name in names)
            # Coded in the document, or named in its text (found when it was indexed).
            return query.Or([query.Term("actor_id", actor_id), query.Term("named", actor_id)])
        return bulk_version(node) or node


def positive_leaves(node: query.Query) -> Iterator[query.Query]:
    """The leaves that make a text match (not those under NOT)."""
    if isinstance(node, query.Not):
        return
    if isinstance(node, query.AndNot):
        yield from positive_leaves(node.a)
        return
    if node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from positive_leaves(child)
