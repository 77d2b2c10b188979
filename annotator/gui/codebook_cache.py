"""One copy of the codebook for every view: actors, claims and the colour of each.

It reloads when a change set touches actors or claims and then emits ``changed``; views that
show codes (the article, the tables, the codebook panel, the pickers) read it from here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.core.codebook import fallback_claim_colour
from annotator.core.records import ActorRecord, AnnotationRecord, ClaimRecord
from annotator.gui.claim_tree import claim_depths
from annotator.gui.session import ProjectSession
from annotator.services.changes import ChangeSet

ACTOR_KIND_COLOURS = {
    "person": "#1f77b4",
    "organization": "#9467bd",
    "state": "#2ca02c",
    "media": "#ff7f0e",
    "other": "#7f7f7f",
}
NO_CLAIM_COLOUR = "#cccccc"


class CodebookCache(QObject):
    changed = Signal()

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.actors: dict[str, ActorRecord] = {}
        self.claims: list[ClaimRecord] = []
        self.claim_colours: dict[str, str] = {}
        self.depths: dict[str, int] = {}
        self._claims_by_id: dict[str, ClaimRecord] = {}
        # Connected before any view: views that redraw on a change find the codebook fresh.
        session.opened.connect(self.reload)
        session.closed.connect(self.reload)
        session.bus.changed.connect(self._on_changed)

    def reload(self) -> None:
        project = self._session.project
        actors = project.actors() if project is not None else []
        self.claims = project.claims() if project is not None else []
        self.actors = {a.id: a for a in actors}
        self._claims_by_id = {c.id: c for c in self.claims}
        self.depths = claim_depths(self.claims)
        # A claim keeps the colour stored with it; older claims without one get a colour
        # from their id (by their place in the tree, a new claim recoloured the others).
        self.claim_colours = {c.id: c.colour or fallback_claim_colour(c.id) for c in self.claims}
        self.changed.emit()

    def _on_changed(self, changes: ChangeSet, _initiator: object) -> None:
        if changes.actors or changes.claims:
            self.reload()

    def actor(self, actor_id: str | None) -> ActorRecord | None:
        return self.actors.get(actor_id or "")

    def claim(self, claim_id: str | None) -> ClaimRecord | None:
        return self._claims_by_id.get(claim_id or "")

    def actor_colour(self, actor: ActorRecord | None) -> str:
        if actor is not None and actor.colour:
            return actor.colour  # an actor's own colour wins over its kind's
        return ACTOR_KIND_COLOURS.get(actor.kind if actor else "other", "#7f7f7f")

    def colour_of(self, annotation: AnnotationRecord) -> str:
        if annotation.kind == "statement":
            return self.claim_colours.get(annotation.claim_id or "", NO_CLAIM_COLOUR)
        return self.actor_colour(self.actor(annotation.actor_id))
