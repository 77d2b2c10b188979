"""A discourse network drawn: nodes coloured as in the codebook and sized by their statements,
edges as wide as their weight, green where actors (or claims) agree, red where they conflict;
saved as PNG or SVG."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from annotator.services.networks import Network

ROLE_SOURCE, ROLE_TARGET = 0, 1
AGREE, CONFLICT, NEUTRAL = QColor("#2e7d32"), QColor("#c62828"), QColor("#78909c")
ACTOR_DEFAULT, CLAIM_DEFAULT = QColor("#5c6bc0"), QColor("#ffb300")


def edge_colour(network_type: str, signed: bool, weight: float) -> QColor:
    """Green for agreement, red for conflict; a signed weight (subtract, or two-mode support
    minus oppose) by its sign; plain counts grey. A new colour each call."""
    if network_type == "congruence":
        return QColor(AGREE)
    if network_type == "conflict":
        return QColor(CONFLICT)
    if network_type == "subtract" or signed:
        return QColor(AGREE if weight > 0 else CONFLICT if weight < 0 else NEUTRAL)
    return QColor(NEUTRAL)


class NetworkScene(QGraphicsScene):
    """Draws one :class:`Network` at given positions; items carry the node ids they stand
    for (``data(ROLE_SOURCE)``, ``data(ROLE_TARGET)``) so a click can ask what is behind."""

    def draw(
        self,
        network: Network,
        positions: dict[str, tuple[float, float]],
        network_type: str,
        signed: bool,
    ) -> None:
        self.clear()
        if not network.nodes:
            self.addSimpleText(self.tr("No statements fit these filters."))
            return
        heaviest = max((abs(e.weight) for e in network.edges), default=1.0) or 1.0
        busiest = max(n.statements for n in network.nodes) or 1
        for edge in network.edges:
            if edge.source not in positions or edge.target not in positions:
                continue
            (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
            line = QGraphicsLineItem(x1, y1, x2, y2)
            colour = edge_colour(network_type, signed, edge.weight)
            colour.setAlpha(170)
            pen = QPen(colour, 1 + 7 * abs(edge.weight) / heaviest)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            line.setPen(pen)
            line.setToolTip(
                self.tr("{0} – {1}: weight {2:g}, {3} statement(s)").format(
                    _label(network, edge.source),
                    _label(network, edge.target),
                    round(edge.weight, 4),
                    edge.statements,
                )
            )
            line.setData(ROLE_SOURCE, edge.source)
            line.setData(ROLE_TARGET, edge.target)
            line.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            line.setZValue(0)
            self.addItem(line)
        for node in network.nodes:
            x, y = positions[node.id]
            radius = 5 + 13 * math.sqrt(node.statements / busiest)
            dot = QGraphicsEllipseItem(QRectF(x - radius, y - radius, 2 * radius, 2 * radius))
            fill = QColor(node.colour) if QColor.isValidColorName(node.colour or "") else None
            if fill is None:
                fill = ACTOR_DEFAULT if node.type == "actor" else CLAIM_DEFAULT
            dot.setBrush(QBrush(fill))
            dot.setPen(QPen(QColor("#263238"), 1.2 if node.type == "actor" else 0.6))
            dot.setToolTip(node.path or node.label)
            dot.setData(ROLE_SOURCE, node.id)
            dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            dot.setZValue(2)
            self.addItem(dot)
            label = QGraphicsSimpleTextItem(node.label)
            label.setPos(x + radius + 2, y - 8)
            label.setZValue(3)
            self.addItem(label)

    def _unselected(self) -> list[QGraphicsItem]:
        """Clear the selection (its dashed box is not part of the picture); what it was."""
        selected = self.selectedItems()
        self.clearSelection()
        return selected

    def add_title(self, text: str) -> None:
        """A line of text above the drawing, saved with the picture: which network it is."""
        box = self.itemsBoundingRect()
        title = QGraphicsSimpleTextItem(text)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setPos(box.left(), box.top() - title.boundingRect().height() - 12)
        title.setZValue(3)
        self.addItem(title)

    def save_png(self, path: Path) -> None:
        selected = self._unselected()
        rect = self.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        image = QImage(
            QSize(max(1, int(rect.width() * 2)), max(1, int(rect.height() * 2))),
            QImage.Format.Format_ARGB32,
        )
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.render(painter, QRectF(image.rect()), rect)
        painter.end()
        for item in selected:
            item.setSelected(True)
        if not image.save(str(path)):  # the format from the suffix
            raise OSError(f"{path.name} could not be written")

    def save_svg(self, path: Path, title: str) -> None:
        selected = self._unselected()
        rect = self.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(title)
        painter = QPainter(generator)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        for item in selected:
            item.setSelected(True)
        if not painter.end():
            raise OSError(f"{path.name} could not be written")


def _label(network: Network, node_id: str) -> str:
    return next((n.label for n in network.nodes if n.id == node_id), node_id)
