"""Change sets: what an operation changed, so views redraw only what they must (Anki's
``OpChanges``). The GUI reacts to change sets, never to the operation that produced them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class ChangeSet:
    documents: frozenset[str] = field(default_factory=frozenset)
    """Documents added, removed or whose metadata changed."""
    annotations: frozenset[str] = field(default_factory=frozenset)
    annotated_documents: frozenset[str] = field(default_factory=frozenset)
    """Documents whose annotations changed (their highlights and counts need redrawing)."""
    actors: frozenset[str] = field(default_factory=frozenset)
    claims: frozenset[str] = field(default_factory=frozenset)
    coders: frozenset[str] = field(default_factory=frozenset)
    details: frozenset[str] = field(default_factory=frozenset)
    """Documents whose details (title, source, date...) changed; their text did not."""
    statuses: frozenset[str] = field(default_factory=frozenset)
    """Documents whose coding status changed (nothing the search index holds)."""
    project: bool = False
    """Project settings (name, stance scale) changed."""

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            documents=self.documents | other.documents,
            annotations=self.annotations | other.annotations,
            annotated_documents=self.annotated_documents | other.annotated_documents,
            actors=self.actors | other.actors,
            claims=self.claims | other.claims,
            coders=self.coders | other.coders,
            details=self.details | other.details,
            statuses=self.statuses | other.statuses,
            project=self.project or other.project,
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


EMPTY = ChangeSet()
