"""Coding by keyboard: `A` codes the selection as an actor mention, `S` as a statement
(claim, then speaker, then stance), Delete removes the selected annotation. Every change is
one undoable step, even when it also creates the actor or claim it needs."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from annotator.core.records import ACTOR_KINDS
from annotator.core.text import snap_to_graphemes
from annotator.gui.article_controller import ArticleController
from annotator.gui.choices import actor_choices, claim_choices
from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.dialogs import Dialogs
from annotator.gui.picker import Choice, PickerDialog, StanceDialog
from annotator.gui.session import ProjectSession
from annotator.services import operations as ops

log = logging.getLogger(__name__)

TOP_LEVEL = "\x00top"
"""The parent picker's row for a new claim with no parent."""
NO_SPEAKER = "__none__"


class CodingController:
    def __init__(
        self,
        parent: QWidget,
        session: ProjectSession,
        codebook: CodebookCache,
        article: ArticleController,
        dialogs: Dialogs,
        report: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._session = session
        self._codebook = codebook
        self._article = article
        self._view = article.view
        self._dialogs = dialogs
        self._report = report

    # --- choices -------------------------------------------------------------------------

    def _actor_choices(self) -> list[Choice]:
        return actor_choices(self._codebook)

    def _claim_choices(self) -> list[Choice]:
        return claim_choices(self._codebook)

    def _speaker_name(self, speaker_id: str, typed: str | None) -> str:
        """Who the stance step is about: the speaker chosen (or created)."""
        if speaker_id == NO_SPEAKER:
            return self._parent.tr("no speaker")
        actor = self._codebook.actors.get(speaker_id)
        return actor.name if actor is not None else (typed or "").strip()

    def _claim_label(self, claim_id: str, typed: str | None) -> str:
        claim = self._codebook.claim(claim_id)
        return claim.label if claim is not None else (typed or "").strip()

    def _pick(self, title: str, choices: list[Choice], **kwargs: object) -> PickerDialog | None:
        dialog = PickerDialog(title, choices, parent=self._parent, **kwargs)  # type: ignore[arg-type]
        if not self._dialogs.run(dialog) or dialog.chosen is None:
            return None
        return dialog

    def _ready(self) -> tuple[str, int, int] | None:
        """The shown document and the selection in it, when coding can start."""
        document_id = self._session.document_id
        if self._session.project is None or document_id is None:
            return None
        if self._session.read_only_reason:
            self._report(self._session.read_only_reason)
            return None
        span = self._view.snap_selection()
        if span is None:
            self._report(self._parent.tr("Select some text first"))
            return None
        return document_id, *span

    def _new_actor(self, name: str, ops_out: list[ops.Operation], step: str) -> str | None:
        """Ask for the kind of the new actor ``name``; ``step`` is "Step n of m"."""
        tr = self._parent.tr
        kinds = [Choice(kind, kind) for kind in ACTOR_KINDS]
        hint = tr("{0}: kind of the new actor “{1}”. Type to filter; Enter picks.")
        dialog = self._pick(tr("Kind of “{0}”").format(name), kinds, hint=hint.format(step, name))
        if dialog is None or dialog.chosen is None or dialog.chosen.id is None:
            return None
        create = ops.CreateActor.new(name, dialog.chosen.id)
        ops_out.append(create)
        return create.actor.id

    def _mention_hint(self) -> str:
        return self._parent.tr(
            "Step 1 of 2: the actor mentioned. Type to filter; Enter picks (a known actor: done)."
        )

    # --- coding --------------------------------------------------------------------------

    def code_mention(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        document_id, start, end = ready
        dialog = self._pick(
            self._parent.tr("Actor mentioned"),
            self._actor_choices(),
            hint=self._mention_hint(),
            allow_create=True,
            initial_text=self._view.text[start:end],
        )
        if dialog is None or dialog.chosen is None:
            return
        steps: list[ops.Operation] = []
        actor_id = dialog.chosen.id
        if actor_id is None:
            actor_id = self._new_actor(
                dialog.create_text or "", steps, self._parent.tr("Step 2 of 2")
            )
            if actor_id is None:
                return
        coder_id = self._session.coder_id
        assert coder_id is not None
        steps.append(ops.AddMention(document_id, start, end, actor_id, coder_id))
        self._apply(self._parent.tr("Code mention"), steps)

    def code_statement(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        document_id, start, end = ready
        steps: list[ops.Operation] = []
        coding = self._statement_coding(None, self._article.default_speaker(start), steps)
        if coding is None:
            return
        claim_id, speaker_id, stance = coding
        coder_id = self._session.coder_id
        assert coder_id is not None
        steps.append(
            ops.AddStatement(
                document_id,
                start,
                end,
                claim_id,
                coder_id,
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
        project = self._session.project
        assert project is not None
        tr = self._parent.tr
        claim = self._pick(
            tr("Claim"),
            self._claim_choices(),
            allow_create=True,
            preselect=claim_id,
            tree=True,
            hint=tr("Step 1 of 3: the claim. Type to filter, or its letter [a]; Enter picks."),
        )
        if claim is None or claim.chosen is None:
            return None
        chosen_claim = claim.chosen.id
        if chosen_claim is None:
            label = claim.create_text or ""
            parent = self._pick(
                tr("Put the new claim under…"),
                [Choice(TOP_LEVEL, tr("(top level)")), *self._claim_choices()],
                preselect=TOP_LEVEL,
                tree=True,
                hint=tr("“{0}” is new: choose where it goes in the claim tree.").format(label),
            )
            if parent is None or parent.chosen is None:
                return None
            parent_id = None if parent.chosen.id == TOP_LEVEL else parent.chosen.id
            create = ops.CreateClaim.new(label, parent_id=parent_id)
            steps.append(create)
            chosen_claim = create.claim.id
        speakers = [Choice(NO_SPEAKER, self._parent.tr("(no speaker)")), *self._actor_choices()]
        speaker = self._pick(
            tr("Speaker"),
            speakers,
            allow_create=True,
            preselect=speaker_id,
            hint=tr("Step 2 of 3: who says it. Type to filter; Enter picks."),
        )
        if speaker is None or speaker.chosen is None:
            return None
        chosen_speaker = speaker.chosen.id
        if chosen_speaker is None:
            chosen_speaker = self._new_actor(speaker.create_text or "", steps, tr("Step 2 of 3"))
            if chosen_speaker is None:
                return None
        stance = StanceDialog(
            project.info().stance_scale,
            self._parent,
            step=tr("Step 3 of 3: the stance of {0} on “{1}”.").format(
                self._speaker_name(chosen_speaker, speaker.create_text),
                self._claim_label(chosen_claim, claim.create_text),
            ),
        )
        if not self._dialogs.run(stance):
            return None
        return (
            chosen_claim,
            None if chosen_speaker == NO_SPEAKER else chosen_speaker,
            stance.chosen,
        )

    def adjust(self, annotation_id: str, edge: str, step: int) -> None:
        """Move the start or end of an annotation by one grapheme cluster."""
        annotation = self._article.annotation(annotation_id)
        if annotation is None:
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
        annotation = self._article.annotation(annotation_id)
        if annotation is None:
            return
        note = self._dialogs.multiline(
            self._parent.tr("Note"), self._parent.tr("Note on this annotation:"), annotation.note
        )
        if note is not None and note != annotation.note:
            self._apply(
                self._parent.tr("Edit note"), [ops.EditAnnotation(annotation_id, note=note)]
            )

    def recode(self, annotation_id: str) -> None:
        """Change a mention's actor, or a statement's claim, speaker and stance."""
        annotation = self._article.annotation(annotation_id)
        if annotation is None:
            return
        steps: list[ops.Operation] = []
        if annotation.kind == "mention":
            dialog = self._pick(
                self._parent.tr("Actor mentioned"),
                self._actor_choices(),
                hint=self._mention_hint(),
                allow_create=True,
                preselect=annotation.actor_id,
            )
            if dialog is None or dialog.chosen is None:
                return
            actor_id = dialog.chosen.id or self._new_actor(
                dialog.create_text or "", steps, self._parent.tr("Step 2 of 2")
            )
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
        self._apply(self._parent.tr("Delete annotation"), [ops.DeleteAnnotation(annotation_id)])

    def _apply(self, text: str, steps: list[ops.Operation]) -> None:
        op = steps[0] if len(steps) == 1 else ops.Batch(tuple(steps), text)
        self._session.push(op, text)


def _grapheme_step(text: str, position: int, step: int) -> int:
    """The grapheme boundary ``step`` (+1 or -1) clusters away from ``position``."""
    if step > 0:
        return snap_to_graphemes(text, position, min(len(text), position + 1))[1]
    if position == 0:
        return 0
    return snap_to_graphemes(text, position - 1, position)[0]
