"""The codebook: actors (with their aliases) and the claim tree."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QListView, QTreeView, QVBoxLayout, QWidget

from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.contrast import TEXT_CONTRAST, standing_out
from annotator.gui.roles import IdRole


class CodebookPanel(QWidget):
    def __init__(self, codebook: CodebookCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codebook = codebook
        self.actor_model = QStandardItemModel(self)
        self.claim_model = QStandardItemModel(self)
        self.actors = QListView()
        self.actors.setObjectName("actorList")
        self.actors.setModel(self.actor_model)
        self.claims = QTreeView()
        self.claims.setObjectName("claimTree")
        self.claims.setModel(self.claim_model)
        self.claims.setHeaderHidden(True)
        # Long names are cut in the middle (both ends tell them apart); tooltips hold them.
        self.claims.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.actors.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel(self.tr("Actors")))
        layout.addWidget(self.actors, 1)
        layout.addWidget(QLabel(self.tr("Claims")))
        layout.addWidget(self.claims, 1)
        codebook.changed.connect(self.redraw)

    def redraw(self) -> None:
        codebook = self._codebook
        base = self.palette().color(QPalette.ColorRole.Base).name()  # the lists inherit it
        self.actor_model.clear()
        for actor in codebook.actors.values():
            item = QStandardItem(f"{actor.name}  ·  {actor.kind}")
            item.setEditable(False)
            item.setData(actor.id, IdRole)
            # In its colour, as dark or light as keeps it readable on this theme's page.
            shade = standing_out(codebook.actor_colour(actor), base, TEXT_CONTRAST)
            item.setForeground(QColor(shade))
            aliases = ", ".join(a.alias for a in actor.aliases)
            also = self.tr("also: {0}").format(aliases) if aliases else ""
            item.setToolTip("\n".join(x for x in (actor.name, also, actor.description) if x))
            self.actor_model.appendRow(item)
        self.claim_model.clear()
        items: dict[str, QStandardItem] = {}
        for claim in codebook.claims:  # parents come before their children
            label = f"{claim.label}  [{claim.shortcut}]" if claim.shortcut else claim.label
            item = QStandardItem(label)
            item.setEditable(False)
            item.setData(claim.id, IdRole)
            colour = QColor(codebook.claim_colours[claim.id])
            item.setData(colour, 1)  # Qt.DecorationRole: a colour swatch
            item.setToolTip("\n".join(x for x in (claim.label, claim.description) if x))
            parent = items.get(claim.parent_id) if claim.parent_id else None
            (parent or self.claim_model.invisibleRootItem()).appendRow(item)
            items[claim.id] = item
        self.claims.expandAll()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # another theme
            self.redraw()
