"""Whoosh query-parser plugins that replace two of Whoosh's own (issue #14).

- :class:`WildcardPlugin`: only ASCII ``?`` and ``*`` are wildcards (Whoosh also took the
  Arabic, Armenian and Ethiopic question marks for ``?``), and a pattern is one term however
  many wildcard characters stand in a row (Whoosh cut ``??ection`` into ``??`` AND
  ``ection``).
"""

from __future__ import annotations

from typing import Any

from whoosh.qparser import plugins, syntax

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
