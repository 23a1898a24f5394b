"""ArticleView: the article's text with every span painted in its label's colour.

Spans are painted, not stored as text formats: only the lines on screen are visited and only
the spans that touch them are looked up (two binary searches in the session's span index) and
drawn, so a 200,000-word article with 50,000 spans repaints as fast as a short one. Qt lays
text out one block (paragraph) at a time, so a paragraph longer than BLOCK_LIMIT characters is
shown as several blocks, broken at a space (a sentence end where there is one): the shown text
keeps every offset of the article's text, and a label relays out nothing.
Mouse and keys go to the session; the view redraws from it and keeps no state of its own.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextCursor, QTextLine
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.gui.article_layout import (
    ScreenLine,
    ScreenLines,
    align_right,
    is_mixed,
    script_families,
    shown_text,
)
from annotator.gui.plain_text import tooltip
from annotator.gui.span_fills import pieces_on_lines, visible_runs
from annotator.session import AnnotationSession

FALLBACK_COLOURS = (QColor("#cccccc"), QColor("#cccccc").darker(160))
SELECTION_COLOUR = QColor("#b9cdfb")
SELECTED_PEN = QColor("#1d3557")
DEFAULT_POINT_SIZE = 13
FONT_FAMILY = "DejaVu Sans"


class ArticleView(QPlainTextEdit):
    """The open article; drag, double-click, click, arrows and Tab select through the session.

    Suggestions are outlined with a dashed line in their label's colour (the current one
    thicker). The context menu (relations, delete, "Always suggest") is the window's.
    """

    def __init__(self, session: AnnotationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.outlined: list[tuple[int, int, str]] = []
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        font = QFont(FONT_FAMILY)
        font.setPointSize(DEFAULT_POINT_SIZE)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self._colours = {
            label.name: (QColor(label.colour).lighter(112), QColor(label.colour).darker(160))
            for label in session.project.schema.labels
        }
        self._x_layout: tuple | None = None
        self._x_cache: dict[int, np.ndarray] = {}
        self._painted_index = None
        self._shown_target: tuple[int, int] | None = None
        self._press: int | None = None
        self._dragged = False
        session.events.document.connect(self._on_document_change)
        session.events.spans.connect(self._on_spans_change)
        session.events.selection.connect(self._on_selection_change)
        session.events.suggestions.connect(self._on_suggestions_change)

    # Session events

    def _on_document_change(self) -> None:
        document = self.session.document
        text = document.text if document else ""
        families = script_families(FONT_FAMILY, text)
        if self.font().families() != families:
            font = self.font()
            font.setFamilies(families)
            self.setFont(font)
        self.setPlainText(shown_text(text))
        self.verticalScrollBar().setValue(0)
        self._shown_target = None

    # A label repaints only the lines it changed: the new span's, those of the spans holding
    # it (their underline), and those of the selection before and after.

    def _on_spans_change(self) -> None:
        index = self.session.spans
        changed = index.take_changed_range()
        if index is not self._painted_index or changed is None:
            self._painted_index = index
            self.viewport().update()
        else:
            self._update_lines(*changed)

    def _on_selection_change(self) -> None:
        target = self.session.selection
        span = self.session.span(self.session.selected_span) if self.session.selected_span else None
        if span is not None:
            target = (span.start, span.end)
        if target is not None:
            self._scroll_to(*target)
        for shown in (self._shown_target, target):
            if shown is not None:
                self._update_lines(*shown)
        self._shown_target = target

    def _update_lines(self, start: int, end: int) -> None:
        """Repaint the band of lines that shows [start, end)."""
        top, _ = self._line_band(start)
        _, bottom = self._line_band(max(start, end - 1))
        self.viewport().update(0, int(top) - 1, self.viewport().width(), int(bottom - top) + 3)

    def _line_band(self, offset: int) -> tuple[float, float]:
        """Viewport top and bottom of the line holding character `offset`."""
        block = self.document().findBlock(offset)
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        line = block.layout().lineForTextPosition(offset - block.position())
        if not line.isValid():
            return top, top + self.blockBoundingGeometry(block).height()
        return top + line.y(), top + line.y() + line.height()

    def _on_suggestions_change(self) -> None:
        session = self.session
        current = session.suggested.current
        if current is not None and session.selection is None and session.selected_span is None:
            self._scroll_to(current.start, current.end)
        self.viewport().update()

    def _scroll_to(self, start: int, end: int) -> None:
        for position in (end, start):
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(position, self.document().characterCount() - 1))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    # Geometry

    def char_at(self, point: QPointF) -> int | None:
        """The character under a viewport point, or None when there is none."""
        block = self.cursorForPosition(point.toPoint()).block()
        if not block.isValid():
            return None
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        layout = block.layout()
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            if line.y() <= point.y() - top.y() < line.y() + line.height():
                if not line.x() <= point.x() - top.x() <= line.naturalTextWidth() + line.x():
                    return None
                column = line.xToCursor(point.x() - top.x(), QTextLine.CursorOnCharacter)
                offset = block.position() + column
                text = self.session.document.text if self.session.document else ""
                return offset if offset < len(text) else None
        return None

    def char_rect(self, offset: int) -> QRectF:
        """Viewport rectangle of one character (for tests and tooltips)."""
        rects = self._visible_lines().rects(offset, offset + 1)
        return rects[0] if rects else QRectF()

    def _visible_blocks(self):
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if block.isVisible():
                yield block, geometry.topLeft()
            block = block.next()

    def _visible_lines(self, clip: QRect | None = None) -> ScreenLines:
        """Every laid-out line on screen (in `clip`), in order; right-to-left blocks aligned
        right."""
        area = self.viewport().rect() if clip is None else clip
        lines, low, height = [], area.top(), area.bottom() + 1
        text = self.session.document.text if self.session.document else ""
        for block, top in self._visible_blocks():
            first, layout = block.position(), block.layout()
            if block.textDirection() == Qt.LayoutDirection.RightToLeft:
                align_right(layout, self.document().documentMargin())
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                if top.y() + line.y() + line.height() < low:
                    continue
                if top.y() + line.y() > height:
                    break
                start = first + line.textStart()
                end = start + line.textLength()
                mixed = is_mixed(text[start:end])
                lines.append(ScreenLine(start, end, line, top.x(), top.y(), mixed))
        layout = (self.viewport().width(), self.font().pointSizeF(), self.document().revision())
        if layout != self._x_layout:
            self._x_layout, self._x_cache = layout, {}
        return ScreenLines(lines, self._x_cache)

    # Painting

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self.viewport())
        try:
            self._paint_spans(painter, event.rect())
        finally:
            painter.end()
        super().paintEvent(event)

    def _paint_spans(self, painter: QPainter, clip: QRect | None = None) -> None:
        lines = self._visible_lines(clip)
        if not lines:
            return
        self._paint_suggestions(painter, lines)
        index = self.session.spans
        rows = index.overlapping(lines.first, lines.last)
        starts, ends = index.starts[rows], index.ends[rows]
        painted = np.argsort(starts - ends, kind="stable")  # longest first
        underlined = painted[index.outer()[rows][painted]]
        names, codes = index.names, index.codes[rows]
        painter.setPen(Qt.PenStyle.NoPen)
        runs = visible_runs(starts, ends, [painted, underlined], *lines.bounds())
        for shade, (numbers, lows, highs, owners) in enumerate(runs):
            colours = codes[owners]
            for code in np.unique(colours).tolist():  # a colour at a time
                pick = colours == code
                rects = lines.many_rects(numbers[pick], lows[pick], highs[pick], 3 * shade)
                painter.setBrush(self._colours.get(names[code], FALLBACK_COLOURS)[shade])
                painter.drawRects(rects)
        self._paint_selection(painter, lines)

    def _paint_suggestions(self, painter: QPainter, lines: ScreenLines) -> None:
        """Dashed outlines in each label's colour (the current one thicker): the pieces of
        the suggestions on screen measured and drawn one call per label."""
        queue = self.session.suggested
        shown = queue.in_range(lines.first, lines.last)
        if not shown:
            return
        line_starts, line_ends = lines.bounds()
        starts = np.array([s.start for s in shown], dtype=np.int64)
        ends = np.array([s.end for s in shown], dtype=np.int64)
        numbers, lows, highs, owners = pieces_on_lines(starts, ends, line_starts, line_ends)
        groups: dict[tuple[str, bool], list[int]] = {}
        for position, suggestion in enumerate(shown):
            key = (suggestion.label, suggestion is queue.current)
            groups.setdefault(key, []).append(position)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for (label, is_current), members in groups.items():
            pick = np.isin(owners, members)
            rects = lines.many_rects(numbers[pick], lows[pick], highs[pick])
            colour = self._colours.get(label, FALLBACK_COLOURS)[1]
            # A 1-pixel dash is stroked by Qt's fast line path (a 1.2 one cost 6 times as much)
            painter.setPen(QPen(colour, 2.5 if is_current else 1, Qt.PenStyle.DashLine))
            painter.drawRects([rect.adjusted(0.5, 0.5, -0.5, -0.5) for rect in rects])

    def _paint_selection(self, painter: QPainter, lines: ScreenLines) -> None:
        session = self.session
        if session.selection is not None:
            for rect in lines.rects(*session.selection):
                painter.fillRect(rect, SELECTION_COLOUR)
        painter.setBrush(Qt.BrushStyle.NoBrush)  # frames only: the text stays readable
        span = session.span(session.selected_span) if session.selected_span else None
        if span is not None:
            painter.setPen(QPen(SELECTED_PEN, 2))
            for rect in lines.rects(span.start, span.end):
                painter.drawRect(rect.adjusted(0, 1, 0, -1))
        for start, end, colour in self.outlined:
            painter.setPen(QPen(QColor(colour), 2, Qt.PenStyle.DashLine))
            for rect in lines.rects(start, end):
                painter.drawRect(rect.adjusted(-1, 0, 1, 0))

    def set_outlined(self, ranges: list[tuple[int, int, str]]) -> None:
        """Ranges drawn with a dashed frame in a colour (the other end of a relation)."""
        if ranges != self.outlined:
            self.outlined = ranges
            self.viewport().update()

    # Mouse and keys

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus()
        self._press, self._dragged = self.char_at(event.position()), False

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        here = self.char_at(event.position())
        if here is not None and (self._dragged or here != self._press):
            self._dragged = True
            low, high = sorted((self._press, here))
            self.session.select_range(low, high + 1)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._press is not None and not self._dragged:
            self.session.click_at(self._press)
        self._press = None

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        offset = self.char_at(event.position())
        if offset is not None:
            self.session.select_range(offset, offset + 1)
        self._press = None

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key, modifiers = event.key(), event.modifiers()
        plain = not modifiers & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if plain and key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            # In reading order: in a right-to-left paragraph, Left goes on to the next word.
            forward = (key == Qt.Key.Key_Right) != self._reading_right_to_left()
            self.session.move_cursor(1 if forward else -1, extend=shift)
        elif plain and key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            step = -1 if shift or key == Qt.Key.Key_Backtab else 1
            if len(self.session.suggested):
                self.session.suggested.step(step)
            else:
                self.session.step_span(step)
        else:
            super().keyPressEvent(event)

    def _reading_right_to_left(self) -> bool:
        """Whether the paragraph of the selection (else the first on screen) reads right to
        left."""
        session = self.session
        span = session.span(session.selected_span) if session.selected_span else None
        where = span.start if span else session.selection[0] if session.selection else None
        block = self.firstVisibleBlock() if where is None else self.document().findBlock(where)
        return block.textDirection() == Qt.LayoutDirection.RightToLeft

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Tab steps spans
        return False

    def viewportEvent(self, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            offset = self.char_at(QPointF(event.pos()))
            spans = self.session.spans_at(offset) if offset is not None else []
            text = "\n".join(f"{s.label}  {self._attrs_text(s.attrs)}".strip() for s in spans)
            if text:
                QToolTip.showText(event.globalPos(), tooltip(text), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    @staticmethod
    def _attrs_text(attrs: dict) -> str:
        return ", ".join(f"{k}={v}" for k, v in attrs.items())

    def zoom(self, step: int) -> None:
        """Larger (step > 0) or smaller text; step 0 returns to the normal size."""
        font = self.font()
        size = DEFAULT_POINT_SIZE if step == 0 else font.pointSize() + step
        font.setPointSize(min(max(size, 7), 40))
        self.setFont(font)
