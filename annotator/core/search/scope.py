"""Statement scope in queries (issue #14.4): ``statement:( … )`` holds conditions that one
coded statement must meet together, and ``speaker:X`` is a statement spoken by X.

Outside a scope, every condition is on the document: ``stance:oppose AND claim:Taxation``
finds documents with an oppose statement and a Taxation statement, perhaps two different
ones. Inside, the conditions are on each statement: its quote (words, phrases, prefixes…),
``actor:`` or ``speaker:`` (its speaker), ``claim:`` (its claim or a parent), ``stance:`` and
``coder:``. A scope stands for the documents holding such a statement, so it combines with
any other condition, ``NOT`` included.

The scopes are cut out of the query's text before Whoosh parses it and replaced by a
placeholder term of a field only the parser knows (:data:`SCOPE_FIELD`); the search resolves
each one against the index's statements (``engine.resolve_scopes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.search import QueryError

SCOPE_FIELD = "statementscope"
"""The placeholder's field: in the parser's schema, never in the index."""
STATEMENT_FIELDS = ("body", "actor", "speaker", "claim", "stance", "coder")
"""Fields a statement has (``body`` is its quote)."""
DOCUMENT_ONLY = ("title", "source", "date")
EXAMPLE = "statement:(stance:support AND claim:troops)"

_SCOPE_START = re.compile(r"(?<![\w.])(statement|speaker):", re.IGNORECASE)
_FIELD = re.compile(r"(?<![\w.])([A-Za-z_]+):(?=\S)")


@dataclass(frozen=True)
class Scoped:
    """A query's text with each scope replaced by a placeholder, and the scopes' texts."""

    text: str
    scopes: tuple[str, ...]


def placeholder(number: int) -> str:
    return f"s{number}"


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start`` (quotes skipped; the query's
    brackets are known to balance)."""
    depth, quoted = 0, False
    for index in range(start, len(text)):
        char = text[index]
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    raise QueryError("a bracket is not closed (expected ')')")


def _operand_end(text: str, start: int) -> int:
    """Where the operand of ``speaker:`` that starts at ``start`` ends: a bracket, a quoted
    phrase (with its ~N) or a word."""
    if text.startswith("(", start):
        return _closing(text, start) + 1
    if text.startswith('"', start):
        end = text.index('"', start + 1) + 1
        tail = re.match(r"~\d+", text[end:])
        return end + (tail.end() if tail else 0)
    word = re.match(r"[^\s()]+", text[start:])
    return start + (word.end() if word else 0)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r'"[^"]*"', text)]


def _outside_quotes(text: str, position: int) -> bool:
    return not any(start < position < end for start, end in _quoted_spans(text))


def cut_scopes(text: str) -> Scoped:
    """Replace every ``statement:( … )`` and ``speaker:X`` of ``text`` by a placeholder."""
    scopes: list[str] = []
    out, position = [], 0
    for match in _SCOPE_START.finditer(text):
        if match.start() < position or not _outside_quotes(text, match.start()):
            continue
        operand = match.end()
        if match.group(1).lower() == "statement":
            if not text.startswith("(", operand):
                raise QueryError(
                    "put the conditions one statement must meet in brackets after "
                    f"'statement:', e.g. {EXAMPLE}"
                )
            end = _closing(text, operand) + 1
            inner = text[operand + 1 : end - 1]
        else:
            end = _operand_end(text, operand)
            inner = f"actor:{text[operand:end]}"
        check_statement_conditions(inner)
        out.append(text[position : match.start()])
        out.append(f"{SCOPE_FIELD}:{placeholder(len(scopes))}")
        scopes.append(_speaker_as_actor(inner))
        position = end
    out.append(text[position:])
    return Scoped("".join(out), tuple(scopes))


def _speaker_as_actor(inner: str) -> str:
    """Inside a scope, ``speaker:`` is the statement's actor."""
    return re.sub(r"(?<![\w.])speaker:", "actor:", inner, flags=re.IGNORECASE)


def check_statement_conditions(inner: str) -> None:
    """Refuse what a statement cannot meet: a nested scope, a field of the document."""
    if not inner.strip():
        raise QueryError(f"nothing inside 'statement:( )'; e.g. {EXAMPLE}")
    unquoted = re.sub(r'"[^"]*"', "_", inner)
    for match in _FIELD.finditer(unquoted):
        name = match.group(1).lower()
        if name == "statement":
            raise QueryError("'statement:( )' cannot hold another 'statement:( )'")
        if name in DOCUMENT_ONLY:
            raise QueryError(
                f"'{name}:' is a field of the document, not of a statement: put it outside "
                "'statement:( )'"
            )
