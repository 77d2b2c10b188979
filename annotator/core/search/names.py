"""Finding the actors named in a text: every name and alias, as whole words as written,
case-insensitive ("Kim Jong-Un" and "kim jong un" match) but never stemmed: "the prime
minister" does not match "the prime ministers" (issue #14.6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.core.search.schema import written_words


def name_words(name: str) -> tuple[str, ...]:
    return tuple(written_words(name))


class NameMatcher:
    """All names and aliases of all actors, looked up by their first word."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for actor_id, actor_names in names.items():
            for name in actor_names:
                words = name_words(name)
                if words:
                    self._by_first.setdefault(words[0], []).append((words, actor_id))
                    self.phrases.setdefault(actor_id, []).append(words)

    def actors_in(self, text: str) -> set[str]:
        """Ids of the actors one of whose names occurs in ``text``."""
        if not self._by_first:
            return set()
        words = written_words(text)
        found: set[str] = set()
        for index, word in enumerate(words):
            for name, actor_id in self._by_first.get(word, ()):
                if actor_id not in found and tuple(words[index : index + len(name)]) == name:
                    found.add(actor_id)
        return found
