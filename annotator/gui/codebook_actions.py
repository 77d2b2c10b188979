"""Changing the codebook from its panel: rename, re-kind, alias, merge and delete actors;
create, rename, move and delete claims. All through the undo stack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.records import ACTOR_KINDS
from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.codebook_panel import CodebookPanel
from annotator.gui.dialogs import Dialogs
from annotator.gui.picker import Choice, PickerDialog
from annotator.gui.roles import IdRole
from annotator.gui.session import ProjectSession
from annotator.services import operations as ops


class CodebookActions:
    def __init__(
        self,
        parent: QWidget,
        panel: CodebookPanel,
        session: ProjectSession,
        codebook: CodebookCache,
        dialogs: Dialogs,
    ) -> None:
        self._parent, self._panel, self._session = parent, panel, session
        self._codebook, self._dialogs = codebook, dialogs
        for view in (panel.actors, panel.claims):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.actors.customContextMenuRequested.connect(self._on_actor_menu)
        panel.claims.customContextMenuRequested.connect(self._on_claim_menu)

    def _tr(self, text: str) -> str:
        return self._parent.tr(text)

    def _apply(self, op: ops.Operation, text: str) -> None:
        self._session.push(op, text)

    def _text(self, title: str, label: str, value: str = "") -> str | None:
        return self._dialogs.text(title, label, value)

    # --- actors --------------------------------------------------------------------------

    def _on_actor_menu(self, position: QPoint) -> None:
        index = self._panel.actors.indexAt(position)
        actor = self._codebook.actor(index.data(IdRole)) if index.isValid() else None
        if not self._session.writable or actor is None:
            return
        actor_id = actor.id
        menu = QMenu(self._parent)
        menu.addAction(self._tr("Rename…"), lambda: self.rename_actor(actor_id, actor.name))
        kinds = menu.addMenu(self._tr("Kind"))
        for kind in ACTOR_KINDS:
            action = kinds.addAction(kind)
            action.setCheckable(True)
            action.setChecked(kind == actor.kind)
            action.triggered.connect(self._set_kind_slot(actor_id, kind))
        menu.addAction(self._tr("Add Alias…"), lambda: self.add_alias(actor_id))
        if actor.aliases:
            remove = menu.addMenu(self._tr("Remove Alias"))
            for alias in actor.aliases:
                remove.addAction(alias.alias).triggered.connect(
                    self._op_slot(ops.RemoveAlias(alias.id), self._tr("Remove alias"))
                )
        menu.addAction(
            self._tr("Description…"), lambda: self.describe_actor(actor_id, actor.description)
        )
        menu.addAction(self._tr("Colour…"), lambda: self.recolour_actor(actor_id, actor.colour))
        menu.addAction(self._tr("Merge Into…"), lambda: self.merge_actor(actor_id))
        menu.addSeparator()
        menu.addAction(
            self._tr("Delete"),
            lambda: self._apply(ops.DeleteActor(actor_id), self._tr("Delete actor")),
        )
        menu.exec(self._panel.actors.viewport().mapToGlobal(position))

    def _op_slot(self, op: ops.Operation, text: str) -> Callable[[], None]:
        return lambda: self._apply(op, text)

    def _set_kind_slot(self, actor_id: str, kind: str) -> Callable[[], None]:
        return self._op_slot(ops.EditActor(actor_id, kind=kind), self._tr("Change actor kind"))

    def rename_actor(self, actor_id: str, name: str) -> None:
        new = self._text(self._tr("Rename actor"), self._tr("Name:"), name)
        if new and new != name:
            self._apply(ops.EditActor(actor_id, name=new), self._tr("Rename actor"))

    def _description(self, what: str, current: str) -> str | None:
        return self._dialogs.multiline(
            self._tr("Description of {0}").format(what),
            self._tr("Coding instructions, shown over it in the pickers (Ctrl+Enter: OK):"),
            current,
        )

    def describe_actor(self, actor_id: str, current: str) -> None:
        text = self._description(self._tr("the actor"), current)
        if text is not None and text.strip() != current:
            self._apply(
                ops.EditActor(actor_id, description=text.strip()), self._tr("Describe actor")
            )

    def describe_claim(self, claim_id: str, current: str) -> None:
        text = self._description(self._tr("the claim"), current)
        if text is not None and text.strip() != current:
            self._apply(
                ops.EditClaim(claim_id, description=text.strip()), self._tr("Describe claim")
            )

    def add_alias(self, actor_id: str) -> None:
        alias = self._text(self._tr("Add alias"), self._tr("Another name of this actor:"))
        if alias:
            self._apply(ops.AddAlias(actor_id, alias), self._tr("Add alias"))

    def _colour(self, current: str) -> str | None:
        return self._dialogs.colour(current)

    def recolour_actor(self, actor_id: str, current: str) -> None:
        colour = self._colour(current)
        if colour is not None and colour != current:
            self._apply(ops.EditActor(actor_id, colour=colour), self._tr("Recolour actor"))

    def recolour_claim(self, claim_id: str, current: str) -> None:
        colour = self._colour(current)
        if colour is not None and colour != current:
            self._apply(ops.EditClaim(claim_id, colour=colour), self._tr("Recolour claim"))

    def merge_actor(self, actor_id: str) -> None:
        others = [
            Choice(a.id, a.name, tuple(x.alias for x in a.aliases))
            for a in self._codebook.actors.values()
            if a.id != actor_id
        ]
        dialog = PickerDialog(
            self._tr("Merge into"),
            others,
            parent=self._parent,
            hint=self._tr(
                "Its annotations and aliases move to the actor you pick; its name becomes an alias."
            ),
        )
        if self._dialogs.run(dialog) and dialog.chosen is not None and dialog.chosen.id is not None:
            self._apply(ops.MergeActors(actor_id, dialog.chosen.id), self._tr("Merge actors"))

    # --- claims --------------------------------------------------------------------------

    def _on_claim_menu(self, position: QPoint) -> None:
        if not self._session.writable:
            return
        index = self._panel.claims.indexAt(position)
        menu = QMenu(self._parent)
        menu.addAction(self._tr("New Claim…"), lambda: self.new_claim(None))
        if index.isValid():
            claim_id = index.data(IdRole)
            claim = self._codebook.claim(claim_id)
            assert claim is not None
            menu.addAction(self._tr("New Sub-claim…"), lambda: self.new_claim(claim_id))
            menu.addAction(self._tr("Rename…"), lambda: self.rename_claim(claim_id, claim.label))
            menu.addAction(self._tr("Move Under…"), lambda: self.move_claim(claim_id))
            menu.addAction(self._tr("Merge Into…"), lambda: self.merge_claim(claim_id))
            menu.addAction(
                self._tr("Description…"), lambda: self.describe_claim(claim_id, claim.description)
            )
            menu.addAction(self._tr("Colour…"), lambda: self.recolour_claim(claim_id, claim.colour))
            if claim.parent_id is not None:
                menu.addAction(
                    self._tr("Move to Top Level"),
                    lambda: self._apply(ops.MoveClaim(claim_id, None), self._tr("Move claim")),
                )
            menu.addSeparator()
            menu.addAction(
                self._tr("Delete"),
                lambda: self._apply(ops.DeleteClaim(claim_id), self._tr("Delete claim")),
            )
        menu.exec(self._panel.claims.viewport().mapToGlobal(position))

    def new_claim(self, parent_id: str | None) -> None:
        label = self._text(self._tr("New claim"), self._tr("Label:"))
        if label:
            self._apply(ops.CreateClaim.new(label, parent_id=parent_id), self._tr("New claim"))

    def rename_claim(self, claim_id: str, label: str) -> None:
        new = self._text(self._tr("Rename claim"), self._tr("Label:"), label)
        if new and new != label:
            self._apply(ops.EditClaim(claim_id, label_text=new), self._tr("Rename claim"))

    def merge_claim(self, claim_id: str) -> None:
        targets = [Choice(c.id, c.label) for c in self._codebook.claims if c.id != claim_id]
        dialog = PickerDialog(
            self._tr("Merge into"),
            targets,
            parent=self._parent,
            hint=self._tr("Its statements and sub-claims move to the claim you pick."),
        )
        if self._dialogs.run(dialog) and dialog.chosen is not None and dialog.chosen.id is not None:
            self._apply(ops.MergeClaims(claim_id, dialog.chosen.id), self._tr("Merge claims"))

    def move_claim(self, claim_id: str) -> None:
        targets = [Choice(c.id, c.label) for c in self._codebook.claims if c.id != claim_id]
        dialog = PickerDialog(self._tr("Move under"), targets, parent=self._parent)
        if self._dialogs.run(dialog) and dialog.chosen is not None and dialog.chosen.id is not None:
            self._apply(ops.MoveClaim(claim_id, dialog.chosen.id), self._tr("Move claim"))
