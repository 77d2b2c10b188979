"""Coding by keyboard: `A` codes the selection as an actor mention, `S` as a statement
(claim, then speaker, then stance), Delete removes the selected annotation. Every change is
one undoable step, even when it also creates the actor or claim it needs."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from annotator.core.records import ACTOR_KINDS, AnnotationRecord
from annotator.core.text import snap_to_graphemes
from annotator.gui.article_view import ArticleView
from annotator.gui.picker import Choice, PickerDialog, StanceDialog
from annotator.gui.undo import ProjectBus, push
from annotator.services import operations as ops
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)

NO_SPEAKER = "__none__"


class CodingController:
    def __init__(
        self,
        parent: QWidget,
        view: ArticleView,
        stack: QUndoStack,
        bus: ProjectBus,
        report: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._view = view
        self._stack = stack
        self._bus = bus
        self._report = report
        self.project: ProjectService | None = None
        self.coder_id: str | None = None
        self.document_id: str | None = None
        self.annotations: list[AnnotationRecord] = []

    # --- choices -------------------------------------------------------------------------

    def _actor_choices(self) -> list[Choice]:
        assert self.project is not None
        return [
            Choice(a.id, f"{a.name}  ({a.kind})", (a.name, *(x.alias for x in a.aliases)))
            for a in self.project.actors()
        ]

    def _claim_choices(self) -> list[Choice]:
        assert self.project is not None
        claims = self.project.claims()
        by_id = {c.id: c for c in claims}

        def depth(claim_id: str | None) -> int:
            level = 0
            while claim_id is not None and claim_id in by_id and level < 20:
                claim_id = by_id[claim_id].parent_id
                level += 1
            return level

        return [Choice(c.id, "    " * (depth(c.parent_id)) + c.label, (c.label,)) for c in claims]

    def _pick(self, title: str, choices: list[Choice], **kwargs: object) -> PickerDialog | None:
        dialog = PickerDialog(title, choices, parent=self._parent, **kwargs)  # type: ignore[arg-type]
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return None
        return dialog

    def _ready(self) -> tuple[int, int] | None:
        if self.project is None or self.document_id is None:
            return None
        if self.project.read_only_reason:
            self._report(self.project.read_only_reason)
            return None
        span = self._view.snap_selection()
        if span is None:
            self._report(self._parent.tr("Select some text first"))
        return span

    def _new_actor(self, name: str, ops_out: list[ops.Operation]) -> str | None:
        kinds = [Choice(kind, kind) for kind in ACTOR_KINDS]
        dialog = self._pick(self._parent.tr("Kind of “{0}”").format(name), kinds)
        if dialog is None or dialog.chosen is None or dialog.chosen.id is None:
            return None
        create = ops.CreateActor.new(name, dialog.chosen.id)
        ops_out.append(create)
        return create.actor.id

    # --- coding --------------------------------------------------------------------------

    def code_mention(self) -> None:
        span = self._ready()
        if span is None:
            return
        assert self.project is not None
        assert self.document_id is not None
        dialog = self._pick(
            self._parent.tr("Actor mentioned"), self._actor_choices(), allow_create=True
        )
        if dialog is None or dialog.chosen is None:
            return
        steps: list[ops.Operation] = []
        actor_id = dialog.chosen.id
        if actor_id is None:
            actor_id = self._new_actor(dialog.create_text or "", steps)
            if actor_id is None:
                return
        assert self.coder_id is not None
        steps.append(ops.AddMention(self.document_id, span[0], span[1], actor_id, self.coder_id))
        self._apply(self._parent.tr("Code mention"), steps)

    def default_speaker(self, start: int) -> str | None:
        """The actor of the last mention that starts before ``start`` (DESIGN.md §7)."""
        before = [a for a in self.annotations if a.kind == "mention" and a.start < start]
        return max(before, key=lambda a: a.start).actor_id if before else None

    def code_statement(self) -> None:
        span = self._ready()
        if span is None:
            return
        assert self.project is not None
        assert self.document_id is not None
        steps: list[ops.Operation] = []
        coding = self._statement_coding(None, self.default_speaker(span[0]), steps)
        if coding is None:
            return
        claim_id, speaker_id, stance = coding
        assert self.coder_id is not None
        steps.append(
            ops.AddStatement(
                self.document_id,
                span[0],
                span[1],
                claim_id,
                self.coder_id,
                speaker_id=speaker_id,
                stance=stance,
            )
        )
        self._apply(self._parent.tr("Code statement"), steps)

    def _statement_coding(
        self, claim_id: str | None, speaker_id: str | None, steps: list[ops.Operation]
    ) -> tuple[str, str | None, str | None] | None:
        """Ask for claim, speaker and stance (creating what is new into ``steps``);
        None when cancelled."""
        assert self.project is not None
        claim = self._pick(
            self._parent.tr("Claim"), self._claim_choices(), allow_create=True, preselect=claim_id
        )
        if claim is None or claim.chosen is None:
            return None
        chosen_claim = claim.chosen.id
        if chosen_claim is None:
            create = ops.CreateClaim.new(claim.create_text or "")
            steps.append(create)
            chosen_claim = create.claim.id
        speakers = [Choice(NO_SPEAKER, self._parent.tr("(no speaker)")), *self._actor_choices()]
        speaker = self._pick(
            self._parent.tr("Speaker"), speakers, allow_create=True, preselect=speaker_id
        )
        if speaker is None or speaker.chosen is None:
            return None
        chosen_speaker = speaker.chosen.id
        if chosen_speaker is None:
            chosen_speaker = self._new_actor(speaker.create_text or "", steps)
            if chosen_speaker is None:
                return None
        stance = StanceDialog(self.project.info().stance_scale, self._parent)
        if stance.exec() != QDialog.DialogCode.Accepted:
            return None
        return (
            chosen_claim,
            None if chosen_speaker == NO_SPEAKER else chosen_speaker,
            stance.chosen,
        )

    def adjust(self, annotation_id: str, edge: str, step: int) -> None:
        """Move the start or end of an annotation by one grapheme cluster."""
        annotation = next((a for a in self.annotations if a.id == annotation_id), None)
        if annotation is None or self.project is None:
            return
        text = self._view.text
        start, end = annotation.start, annotation.end
        if edge == "start":
            start = _grapheme_step(text, start, step)
        else:
            end = _grapheme_step(text, end, step)
        if not 0 <= start < end <= len(text):
            return
        self._apply(
            self._parent.tr("Adjust annotation"),
            [ops.EditAnnotation(annotation_id, start=start, end=end)],
        )

    def edit_note(self, annotation_id: str) -> None:
        annotation = next((a for a in self.annotations if a.id == annotation_id), None)
        if annotation is None:
            return
        note, accepted = QInputDialog.getMultiLineText(
            self._parent,
            self._parent.tr("Note"),
            self._parent.tr("Note on this annotation:"),
            annotation.note,
        )
        if accepted and note != annotation.note:
            self._apply(
                self._parent.tr("Edit note"), [ops.EditAnnotation(annotation_id, note=note)]
            )

    def recode(self, annotation_id: str) -> None:
        """Change a mention's actor, or a statement's claim, speaker and stance."""
        annotation = next((a for a in self.annotations if a.id == annotation_id), None)
        if annotation is None or self.project is None:
            return
        steps: list[ops.Operation] = []
        if annotation.kind == "mention":
            dialog = self._pick(
                self._parent.tr("Actor mentioned"),
                self._actor_choices(),
                allow_create=True,
                preselect=annotation.actor_id,
            )
            if dialog is None or dialog.chosen is None:
                return
            actor_id = dialog.chosen.id or self._new_actor(dialog.create_text or "", steps)
            if actor_id is None:
                return
            steps.append(ops.EditAnnotation(annotation_id, actor_id=actor_id))
        else:
            coding = self._statement_coding(annotation.claim_id, annotation.actor_id, steps)
            if coding is None:
                return
            claim_id, speaker_id, stance = coding
            steps.append(
                ops.EditAnnotation(
                    annotation_id, claim_id=claim_id, actor_id=speaker_id, stance=stance
                )
            )
        self._apply(self._parent.tr("Recode annotation"), steps)

    def delete(self, annotation_id: str) -> None:
        if self.project is None:
            return
        self._apply(self._parent.tr("Delete annotation"), [ops.DeleteAnnotation(annotation_id)])

    def _apply(self, text: str, steps: list[ops.Operation]) -> None:
        assert self.project is not None
        op = steps[0] if len(steps) == 1 else ops.Batch(tuple(steps), text)
        push(self._stack, self.project, self._bus, op, text)


def _grapheme_step(text: str, position: int, step: int) -> int:
    """The grapheme boundary ``step`` (+1 or -1) clusters away from ``position``."""
    if step > 0:
        return snap_to_graphemes(text, position, min(len(text), position + 1))[1]
    if position == 0:
        return 0
    return snap_to_graphemes(text, position - 1, position)[0]
