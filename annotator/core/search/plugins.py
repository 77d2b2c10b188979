"""Whoosh query-parser plugins that replace two of Whoosh's own (issue #14).

- :class:`WildcardPlugin`: only ASCII ``?`` and ``*`` are wildcards (Whoosh also took the
  Arabic, Armenian and Ethiopic question marks for ``?``), and a pattern is one term however
  many wildcard characters stand in a row (Whoosh cut ``??ection`` into ``??`` AND
  ``ection``).
- :class:`OperatorsPlugin`: the documented precedence. ``NOT`` binds tightest, then ``AND``,
  ``ANDNOT`` and words side by side (one level, left to right), then ``OR``: ``a b OR c`` is
  ``(a AND b) OR c`` and ``a ANDNOT b OR c`` is ``(a ANDNOT b) OR c`` (Whoosh made them
  ``a AND (b OR c)`` and ``a ANDNOT (b OR c)``). ``NOT NOT a`` is ``a`` (Whoosh failed with
  an IndexError), and an operator without a term on each side is an error, not dropped.
"""

from __future__ import annotations

from typing import Any

from whoosh.qparser import plugins, syntax

from annotator.core.search import QueryError

WILDCARDS = "*?"


class WildcardPlugin(plugins.WildcardPlugin):  # type: ignore[misc]
    """Whoosh's wildcard plugin with ASCII ``?`` and ``*`` only, each pattern one term."""

    qmarks = "?"
    expr = r"(?P<text>[*?])"

    def do_wildcards(self, parser: Any, group: Any) -> Any:
        """Join every wildcard character with the text and wildcard characters touching it
        (no space between them) into one wildcard term; a pattern whose only wildcard is a
        final ``*`` is a prefix."""
        position = 0
        while position < len(group):
            node = group[position]
            if isinstance(node, self.WildcardNode):
                while position + 1 < len(group) and group[position + 1].is_text():
                    following = group.pop(position + 1)
                    node.text += following.text
                    node.endchar = following.endchar
                while position > 0 and group[position - 1].is_text():
                    preceding = group.pop(position - 1)
                    node.text = preceding.text + node.text
                    node.startchar = preceding.startchar
                    position -= 1
            elif isinstance(node, syntax.GroupNode):
                self.do_wildcards(parser, node)
            position += 1
        for position, node in enumerate(group):
            if isinstance(node, self.WildcardNode):
                text = node.text
                if len(text) > 1 and "?" not in text and text.find("*") == len(text) - 1:
                    prefix = plugins.PrefixPlugin.PrefixNode(text[:-1])
                    prefix.startchar, prefix.endchar = node.startchar, node.endchar
                    group[position] = prefix
        return group


# An operator stands between spaces, brackets or the ends of the query: Whoosh's own needed
# a space on both sides, so "oil AND" searched the word "and" and "OR gas" the word "or",
# where an operator with nothing on one side is refused (README, _check_operands).
_BEFORE, _AFTER = r"(^|(?<=[\s()]))", r"(?=[\s()]|$)"


def _tagger(word: str, group: type, memo: str, kind: type = syntax.InfixOperator) -> Any:
    return plugins.OperatorsPlugin.OpTagger(f"{_BEFORE}{word}{_AFTER}", group, kind, memo=memo)


_NOT = _tagger("NOT", syntax.NotGroup, "not", syntax.PrefixOperator)
_AND_LEVEL = (
    _tagger("AND", syntax.AndGroup, "and"),
    _tagger("ANDNOT", syntax.AndNotGroup, "anot"),
    _tagger("ANDMAYBE", syntax.AndMaybeGroup, "amaybe"),
    _tagger("REQUIRE", syntax.RequireGroup, "req"),
)
_OR = _tagger("OR", syntax.OrGroup, "or")


class OperatorsPlugin(plugins.OperatorsPlugin):  # type: ignore[misc]
    """Whoosh's operators (same words, same query classes) with the documented precedence:
    ``NOT`` > ``AND`` = ``ANDNOT`` = side by side > ``OR``."""

    def __init__(self) -> None:
        # Priorities for tagging: ANDNOT and ANDMAYBE before AND, as in Whoosh.
        ops = [(_NOT, 0), *((op, -5 if op.memo in ("anot", "amaybe") else 0) for op in _AND_LEVEL)]
        super().__init__(ops=[*ops, (_OR, 0)], clean=True)

    def do_operators(self, parser: Any, group: Any) -> Any:
        """Apply the operators of ``group`` and of the bracketed groups in it, innermost
        first, level by level."""
        for position, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):  # only brackets make groups before this
                group[position] = self.do_operators(parser, node)
        _check_operands(group)
        position = len(group) - 1
        while position >= 0:  # NOT is right-associative: NOT NOT a is NOT (NOT a)
            if isinstance(group[position], syntax.PrefixOperator):
                group[position].replace_self(parser, group, position)
            position -= 1
        _join_side_by_side(group)
        for level in ({op.grouptype for op in _AND_LEVEL}, {_OR.grouptype}):
            position = 0
            while position < len(group):
                node = group[position]
                if isinstance(node, syntax.InfixOperator) and node.grouptype in level:
                    position = node.replace_self(parser, group, position)
                else:
                    position += 1
        return group


def _operand(node: Any) -> bool:
    return not isinstance(node, syntax.Operator)


def _check_operands(group: Any) -> None:
    """Refuse an operator that lacks a term: ``AND`` needs one on each side (``NOT`` may
    begin the right one), ``NOT`` one after it."""
    nodes = list(group)
    for position, node in enumerate(nodes):
        after = nodes[position + 1] if position + 1 < len(nodes) else None
        if isinstance(node, syntax.PrefixOperator):
            if after is None or not (_operand(after) or isinstance(after, syntax.PrefixOperator)):
                raise QueryError(f"'{node.text}' needs something to search for after it")
        elif isinstance(node, syntax.InfixOperator):
            before = nodes[position - 1] if position > 0 else None
            right = after is not None and (
                _operand(after) or isinstance(after, syntax.PrefixOperator)
            )
            if before is None or not _operand(before) or not right:
                raise QueryError(
                    f"'{node.text}' needs something to search for on each side, "
                    f"e.g. gas {node.text} oil"
                )


def _join_side_by_side(group: Any) -> None:
    """Put an ``AND`` between terms that stand side by side."""
    position = 1
    while position < len(group):
        if _operand(group[position - 1]) and _operand(group[position]):
            group.insert(position, syntax.InfixOperator("AND", syntax.AndGroup))
            position += 1
        position += 1
