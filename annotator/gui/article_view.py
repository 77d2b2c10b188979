"""The article: a read-only text view with every annotation highlighted (DESIGN.md §7).

Offsets stored in the project are code points; Qt counts UTF-16 units. All conversion happens
here, through one :class:`~annotator.core.text.OffsetMap` per shown document, and selections
are widened to whole grapheme clusters before anything is coded.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.records import AnnotationRecord
from annotator.core.text import OffsetMap, snap_to_graphemes, trim_whitespace
from annotator.gui.contrast import standing_out, statement_fill

SEARCH_HIT_COLOUR = "#ffe066"
SEARCH_HIT_TEXT = "#000000"
"""Hits are marked alike on light and dark pages: dark text on yellow (16:1)."""
STATEMENT_LAYER, MENTION_LAYER, HIT_LAYER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Paint:
    """One highlight in UTF-16 document positions."""

    start: int
    end: int
    fmt: QTextCharFormat
    tip: str
    key: str = ""
    """The annotation it shows ('' for search hits)."""
    layer: int = 0
    """Merge order where highlights overlap: statements, then mentions, then search hits."""
    colour: str = ""
    """The code's own colour (``fmt`` is fitted to the palette; a new palette refits it)."""


class AnnotationHighlighter(QSyntaxHighlighter):
    """Paints annotations and search hits block by block (fast: 1,000 highlights on a 25 KB
    article in a few ms, DESIGN.md §7; mergeCharFormat on the document was 12-88x slower)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._paints: list[Paint] = []
        self._starts: list[int] = []
        self._max_length = 0
        self._fitted: dict[tuple[str, str], QColor] = {}

    def set_paints(self, paints: list[Paint], *, rehighlight: bool = True) -> None:
        # Sorted by start for lookup; where they overlap, merged by layer.
        self._paints = sorted(paints, key=lambda p: p.start)
        self._starts = [p.start for p in self._paints]
        self._max_length = max((p.end - p.start for p in self._paints), default=0)
        if rehighlight:
            self.rehighlight()

    def paints_at(self, position: int) -> list[Paint]:
        first = bisect.bisect_left(self._starts, position - self._max_length)
        last = bisect.bisect_right(self._starts, position)
        return [p for p in self._paints[first:last] if p.start <= position < p.end]

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        start, end = block.position(), block.position() + block.length()
        first = bisect.bisect_left(self._starts, start - self._max_length)
        last = bisect.bisect_left(self._starts, end)
        here = [p for p in self._paints[first:last] if p.end > start]
        if not here:
            return
        # Overlaps stay visible: cut the block where any highlight starts or ends and give
        # each piece all the formats over it, merged (a statement's background with a
        # mention's underline and a search hit's weight).
        cuts = sorted(
            {start, end} | {max(start, min(end, x)) for p in here for x in (p.start, p.end)}
        )
        for left, right in itertools.pairwise(cuts):
            covering = sorted(
                (p for p in here if p.start <= left and p.end >= right), key=lambda p: p.layer
            )
            if not covering:
                continue
            fmt = QTextCharFormat()
            for paint in covering:
                fmt.merge(paint.fmt)
            if len(covering) > 1 and fmt.fontUnderline() and fmt.hasProperty(_BACKGROUND):
                # A mention inside a statement (or a hit): its underline stands out
                # against that fill too, not only against the page.
                fmt.setUnderlineColor(self._fit(fmt.underlineColor(), fmt.background().color()))
            self.setFormat(left - start, right - left, fmt)

    def _fit(self, line: QColor, fill: QColor) -> QColor:
        key = (line.name(), fill.name())
        if key not in self._fitted:
            self._fitted[key] = QColor(standing_out(*key))
        return self._fitted[key]


_BACKGROUND = QTextFormat.Property.BackgroundBrush


def _annotation_format(kind: str, colour: str, palette: QPalette) -> QTextCharFormat:
    """A statement's fill or a mention's underline in ``colour``, fitted to ``palette`` (the
    text on a fill keeps 4.5:1, an underline stands out from the page by 3:1)."""
    base = palette.color(QPalette.ColorRole.Base).name()
    fmt = QTextCharFormat()
    if kind == "statement":
        text = palette.color(QPalette.ColorRole.Text).name()
        fmt.setBackground(QColor(statement_fill(colour, base, text)))
    else:
        # A coloured underline, the text keeping the palette's colour: readable on light
        # and dark palettes and over a statement's background alike.
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(standing_out(colour, base)))
        fmt.setFontUnderline(True)
    return fmt


class ArticleView(QPlainTextEdit):
    """Shows one document; reports selections as code-point spans."""

    span_selected = Signal(int, int)
    hit_changed = Signal(int, int)
    """(number of the hit now selected, from 1; how many hits) when stepping through them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self._normal_size = font.pointSizeF()
        self.trim_selection = True
        """Leave out white space at the ends of a selection before it is coded."""
        self.document().setDocumentMargin(18)
        self._highlighter = AnnotationHighlighter(self.document())
        self._text = ""
        self._offsets = OffsetMap("")
        self._annotation_paints: dict[str, Paint] = {}
        self._hit_paints: list[Paint] = []
        self._formats: dict[tuple[str, str], QTextCharFormat] = {}
        self.hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self.viewport().installEventFilter(self)

    # --- content -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    def set_base_font(self, font: QFont) -> None:
        """The article's font at its normal size (Preferences); zooming starts from it."""
        self._normal_size = font.pointSizeF()
        self.setFont(font)

    def zoom(self, steps: int) -> None:
        """Larger (steps > 0) or smaller text, as Ctrl+wheel makes it; 0: the normal size."""
        if steps == 0:
            font = QFont(self.font())
            font.setPointSizeF(self._normal_size)
            self.setFont(font)
        elif steps > 0:
            self.zoomIn(steps)
        else:
            self.zoomOut(-steps)

    def set_text(self, text: str) -> None:
        self._text = text
        self._offsets = OffsetMap(text)
        self._annotation_paints, self._hit_paints, self.hits = {}, [], []
        self.current_hit = -1
        self.setPlainText(text)
        self._highlighter.set_paints([])

    def set_annotations(
        self, annotations: list[AnnotationRecord], describe: dict[str, tuple[str, str]]
    ) -> None:
        """Highlight ``annotations``; ``describe`` maps an annotation id to (colour, tooltip)."""
        self._formats = {}
        self._annotation_paints = {
            a.id: self._paint(a, *describe.get(a.id, ("#cccccc", ""))) for a in annotations
        }
        self._repaint()

    def update_annotations(
        self,
        changed: dict[str, AnnotationRecord | None],
        describe: dict[str, tuple[str, str]],
    ) -> None:
        """Redraw only what changed: ``changed`` maps ids to their new record (None when
        deleted); only the text blocks under their old and new spans are re-highlighted."""
        spans: list[tuple[int, int]] = []
        for annotation_id, annotation in changed.items():
            old = self._annotation_paints.pop(annotation_id, None)
            if old is not None:
                spans.append((old.start, old.end))
            if annotation is not None:
                paint = self._paint(annotation, *describe.get(annotation_id, ("#cccccc", "")))
                self._annotation_paints[annotation_id] = paint
                spans.append((paint.start, paint.end))
        self._highlighter.set_paints(self._all_paints(), rehighlight=False)
        document = self.document()
        for start, end in spans:
            block = document.findBlock(start)
            while block.isValid() and block.position() <= end:
                self._highlighter.rehighlightBlock(block)
                block = block.next()

    def _paint(self, annotation: AnnotationRecord, colour: str, tip: str) -> Paint:
        start, end = self.to_utf16(annotation.start), self.to_utf16(annotation.end)
        layer = STATEMENT_LAYER if annotation.kind == "statement" else MENTION_LAYER
        fmt = self._format(annotation.kind, colour)
        return Paint(start, end, fmt, tip, annotation.id, layer, colour)

    def _format(self, kind: str, colour: str) -> QTextCharFormat:
        key = (kind, colour)
        if key not in self._formats:
            self._formats[key] = _annotation_format(kind, colour, self.palette())
        return self._formats[key]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # Another theme: every highlight fitted again to the new page and text colours.
            self._formats = {}
            self._annotation_paints = {
                key: dataclasses.replace(
                    paint,
                    fmt=self._format(
                        "statement" if paint.layer == STATEMENT_LAYER else "mention", paint.colour
                    ),
                )
                for key, paint in self._annotation_paints.items()
            }
            self._repaint()

    def _all_paints(self) -> list[Paint]:
        return [*self._annotation_paints.values(), *self._hit_paints]

    def set_hits(self, hits: list[tuple[int, int]], *, focus: int | None = None) -> None:
        """Mark search hits (code-point spans) and go to the first, or to the first that
        starts at or after ``focus`` (a statement the result was opened at)."""
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(SEARCH_HIT_COLOUR))
        fmt.setForeground(QColor(SEARCH_HIT_TEXT))
        fmt.setFontWeight(QFont.Weight.DemiBold)
        self.hits = sorted(hits)
        self._hit_paints = [
            Paint(self.to_utf16(s), self.to_utf16(e), fmt, "", "", HIT_LAYER) for s, e in self.hits
        ]
        self._repaint()
        self.current_hit = -1
        if focus is not None:
            self.current_hit = next((n for n, (s, _e) in enumerate(self.hits) if s >= focus), 0) - 1
        if self.hits:
            self.next_hit()

    def _repaint(self) -> None:
        self._highlighter.set_paints(self._all_paints())

    # --- offsets and selection -----------------------------------------------------------

    def to_utf16(self, codepoint: int) -> int:
        return self._offsets.to_utf16(codepoint)

    def to_codepoint(self, utf16: int) -> int:
        return self._offsets.to_codepoint(min(utf16, self._offsets.utf16_length))

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span widened to whole grapheme clusters, without
        white space at its ends unless ``trim_selection`` is off (to code), or None.
        Shift+Alt+arrows still make any span."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.to_codepoint(cursor.selectionStart())
        end = self.to_codepoint(cursor.selectionEnd())
        if self.trim_selection:
            start, end = trim_whitespace(self._text, start, end)
        if end <= start:
            return None
        return snap_to_graphemes(self._text, start, end)

    def select_span(self, start: int, end: int, *, centre: bool = True) -> None:
        """Select the code-point span ``[start, end)`` and scroll it into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_utf16(start))
        cursor.setPosition(self.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if centre:
            self.centerCursor()

    def snap_selection(self) -> tuple[int, int] | None:
        """Widen the visible selection to what :meth:`selected_span` returns."""
        span = self.selected_span()
        if span is not None:
            self.select_span(*span, centre=False)
        return span

    def next_hit(self, step: int = 1) -> None:
        if not self.hits:
            return
        self.current_hit = (self.current_hit + step) % len(self.hits)
        self.select_span(*self.hits[self.current_hit])
        self.hit_changed.emit(self.current_hit + 1, len(self.hits))

    # --- tooltips ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            position = self.cursorForPosition(event.pos()).position()
            tips = [p.tip for p in self._highlighter.paints_at(position) if p.tip]
            if tips:
                QToolTip.showText(event.globalPos(), "\n\n".join(tips), self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)
