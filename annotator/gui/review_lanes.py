"""ReviewLanes: a document's text shown once, with one lane of label bars per annotator and gold.

Under every line of text sits a thin lane per annotator (and one for gold) where each span is a
bar in its label's colour. Items where the annotators differ are boxed in the text, in the colour
of their kind (legend above); the current item has a yellow background. Dragging over words
selects a token-aligned range for drawing a gold span.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QToolTip, QVBoxLayout, QWidget

from annotator.gui.plain_text import tooltip
from annotator.model import GOLD, Span
from annotator.review import DocumentReview, ItemKind, ItemState
from annotator.schema import LabelSchema
from annotator.tokens import Tokens

KIND_COLOURS = {
    ItemKind.label_differs: "#d62828",
    ItemKind.boundary_differs: "#f77f00",
    ItemKind.attrs_differ: "#1d4ed8",
    ItemKind.only_some: "#7b2cbf",
}
KIND_NAMES = {
    ItemKind.label_differs: "labels differ",
    ItemKind.boundary_differs: "boundaries differ",
    ItemKind.attrs_differ: "attributes differ",
    ItemKind.only_some: "only some annotators",
}
MARGIN = 72
LANE_HEIGHT = 9
LANE_GAP = 2
LINE_GAP = 10
SELECTION = QColor("#9ec5fe")
CURRENT = QColor("#fff3a3")


@dataclass
class _Piece:
    line: int
    x: int
    width: int


def _runs(tokens: Tokens) -> list[list[int]]:
    """Token indices grouped into runs with no space between them ("Ostrel," is one run);
    a whitespace token holding a line break is a run of its own."""
    text, starts, ends = tokens.text, tokens.starts.tolist(), tokens.ends.tolist()
    runs: list[list[int]] = []
    for i, (start, end) in enumerate(zip(starts, ends)):
        breaks = "\n" in text[start:end]
        glued = (
            i > 0
            and start == ends[i - 1]
            and not breaks
            and "\n" not in text[starts[i - 1] : ends[i - 1]]
        )
        if glued:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def layout_pieces(
    tokens: Tokens, advance: Callable[[str], int], left: int, right: int
) -> list[_Piece]:
    """Place every token on a line between x = left and right, wrapping between runs."""
    text, starts, ends = tokens.text, tokens.starts.tolist(), tokens.ends.tolist()
    pieces: list[_Piece | None] = [None] * len(starts)
    line, x, space = 0, left, advance(" ")
    for run in _runs(tokens):
        if "\n" in text[starts[run[0]] : ends[run[0]]]:
            pieces[run[0]] = _Piece(line, x, 0)
            line, x = line + 1, left
            continue
        widths = [advance(text[starts[i] : ends[i]]) for i in run]
        if x + sum(widths) > right and x > left:
            line, x = line + 1, left
        for i, width in zip(run, widths):
            pieces[i] = _Piece(line, x, width)
            x += width
        if run[-1] + 1 < len(starts) and starts[run[-1] + 1] > ends[run[-1]]:
            x += space
    return pieces


class LaneCanvas(QWidget):
    """The painted text and lanes; emits the item clicked and the selected range."""

    item_clicked = Signal(int)
    selection_changed = Signal()

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colours = {label.name: QColor(label.colour) for label in schema.labels}
        self.setFont(QFont(self.font().family(), 11))
        self.setMouseTracking(True)
        self.review: DocumentReview | None = None
        self.tokens: Tokens | None = None
        self.current: int | None = None
        self._pieces: list[_Piece] = []
        self._selection: tuple[int, int] | None = None
        self._press: int | None = None
        self._laid_out_width = -1

    # What it shows

    @property
    def lanes(self) -> list[str]:
        return [*(self.review.annotators if self.review else []), GOLD]

    def show_review(self, review: DocumentReview | None, tokens: Tokens | None) -> None:
        self.review, self.tokens = review, tokens
        self._selection = None
        self._relayout()

    def set_current_item(self, index: int | None) -> None:
        self.current = index
        self.update()

    def selection(self) -> tuple[int, int] | None:
        """The selected character range, on token boundaries, or None."""
        if self._selection is None or self.tokens is None:
            return None
        first, last = self._selection
        return int(self.tokens.starts[first]), int(self.tokens.ends[last])

    def clear_selection(self) -> None:
        self._selection = None
        self.update()

    # Layout

    def _line_height(self) -> int:
        text_height = QFontMetrics(self.font()).height()
        return text_height + len(self.lanes) * (LANE_HEIGHT + LANE_GAP) + LINE_GAP

    def _relayout(self) -> None:
        self._pieces = []
        if self.tokens is not None:
            metrics = QFontMetrics(self.font())
            right = max(self.width() - 12, MARGIN + 200)
            self._pieces = layout_pieces(self.tokens, metrics.horizontalAdvance, MARGIN, right)
            lines = (self._pieces[-1].line + 1) if self._pieces else 0
            self.setMinimumHeight(lines * self._line_height() + 16)
        self._laid_out_width = self.width()
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.width() != self._laid_out_width:
            self._relayout()
        super().resizeEvent(event)

    def _segments(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(line, x_left, x_right) of each line a character range covers."""
        tokens = self.tokens
        first = int(np.searchsorted(tokens.ends, start, side="right"))
        last = int(np.searchsorted(tokens.starts, end, side="left")) - 1
        segments: dict[int, list[int]] = {}
        for piece in self._pieces[first : last + 1]:
            if piece.width == 0:
                continue
            left_right = segments.setdefault(piece.line, [piece.x, piece.x + piece.width])
            left_right[0] = min(left_right[0], piece.x)
            left_right[1] = max(left_right[1], piece.x + piece.width)
        return [(line, lr[0], lr[1]) for line, lr in sorted(segments.items())]

    def _text_rect(self, line: int, left: int, right: int) -> QRect:
        height = QFontMetrics(self.font()).height()
        return QRect(left - 1, 8 + line * self._line_height(), right - left + 2, height)

    def _lane_rect(self, line: int, lane: int, left: int, right: int, depth: int) -> QRect:
        top = 8 + line * self._line_height() + QFontMetrics(self.font()).height() + 2
        top += lane * (LANE_HEIGHT + LANE_GAP) + min(depth, 3)
        return QRect(left, top, right - left, LANE_HEIGHT - 2 * min(depth, 3))

    # Painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self.review is None or self.tokens is None:
            painter.drawText(self.rect(), Qt.AlignCenter, "Choose a document on the left")
            return
        self._paint_items(painter)
        self._paint_text(painter)
        self._paint_lanes(painter)

    def _paint_items(self, painter: QPainter) -> None:
        review = self.review
        for index, (item, state) in enumerate(zip(review.items, review.states)):
            segments = self._segments(item.start, item.end)
            if index == self.current:
                for line, left, right in segments:
                    painter.fillRect(self._text_rect(line, left, right), CURRENT)
            colour = KIND_COLOURS.get(item.kind)
            if colour is None:
                continue
            pending = state is ItemState.pending
            pen = QPen(QColor(colour), 2 if pending else 1)
            pen.setStyle(Qt.SolidLine if pending else Qt.DotLine)
            painter.setPen(pen)
            for line, left, right in segments:
                painter.drawRect(self._text_rect(line, left, right))
        if self._selection is not None:
            for line, left, right in self._segments(*self.selection()):
                painter.fillRect(self._text_rect(line, left, right), SELECTION)

    def _paint_text(self, painter: QPainter) -> None:
        painter.setPen(QColor("#1b1b1b"))
        ascent = QFontMetrics(self.font()).ascent()
        text, height = self.tokens.text, self._line_height()
        for piece, start, end in zip(self._pieces, self.tokens.starts, self.tokens.ends):
            if piece.width:
                painter.drawText(piece.x, 8 + piece.line * height + ascent, text[start:end])

    def _paint_lanes(self, painter: QPainter) -> None:
        small = QFont(self.font().family(), 7)
        lines = (self._pieces[-1].line + 1) if self._pieces else 0
        by_lane = {name: [] for name in self.lanes}
        for span in [*self.review.spans, *self.review.gold]:
            by_lane.setdefault(span.annotator, []).append(span)
        painter.setFont(small)
        for lane, name in enumerate(self.lanes):
            painter.setPen(QColor("#b8860b" if name == GOLD else "#666666"))
            for line in range(lines):
                rect = self._lane_rect(line, lane, 4, MARGIN - 6, 0).adjusted(0, -3, 0, 3)
                painter.drawText(rect, Qt.AlignLeft | Qt.AlignVCenter, name)
            self._paint_bars(painter, lane, by_lane[name])
        painter.setFont(self.font())

    def _paint_bars(self, painter: QPainter, lane: int, spans: list[Span]) -> None:
        ends: list[int] = []
        for span in sorted(spans, key=lambda s: (s.start, -s.end)):
            ends = [end for end in ends if end > span.start]
            depth = len(ends)
            ends.append(span.end)
            colour = self._colours.get(span.label, QColor("#999999"))
            painter.setPen(QPen(colour.darker(150), 1))
            painter.setBrush(colour)
            for line, left, right in self._segments(span.start, span.end):
                painter.drawRect(self._lane_rect(line, lane, left, right, depth))
        painter.setBrush(Qt.NoBrush)

    # Mouse

    def _token_at(self, point: QPoint) -> int | None:
        line = (point.y() - 8) // self._line_height()
        xs = [(p.x, i) for i, p in enumerate(self._pieces) if p.line == line and p.width]
        if not xs:
            return None
        position = bisect.bisect_right(xs, (point.x(), len(self._pieces))) - 1
        return xs[max(position, 0)][1]

    def _span_at(self, point: QPoint) -> Span | None:
        token = self._token_at(point)
        if token is None or self.review is None:
            return None
        offset_in_line = (point.y() - 8) % self._line_height() - QFontMetrics(self.font()).height()
        lane = (offset_in_line - 2) // (LANE_HEIGHT + LANE_GAP)
        if not 0 <= lane < len(self.lanes):
            return None
        start = int(self.tokens.starts[token])
        spans = [*self.review.spans, *self.review.gold]
        hits = [s for s in spans if s.annotator == self.lanes[lane] and s.start <= start < s.end]
        return min(hits, key=lambda s: s.end - s.start, default=None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        self._press = self._token_at(event.position().toPoint())
        self._selection = None if self._press is None else (self._press, self._press)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        point = event.position().toPoint()
        if self._press is None or not event.buttons():
            span = self._span_at(point)
            if span is not None:
                attrs = ", ".join(f"{k}={v}" for k, v in span.attrs.items())
                QToolTip.showText(
                    event.globalPosition().toPoint(),
                    tooltip(f"{span.annotator}: {span.label} {attrs}".strip()),
                    self,
                )
            return
        token = self._token_at(point)
        if token is not None:
            self._selection = (min(self._press, token), max(self._press, token))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if self._press is None:
            return
        if self._selection == (self._press, self._press):
            clicked = self._item_at_token(self._press)
            self._selection = None
            if clicked is not None:
                self.item_clicked.emit(clicked)
        self._press = None
        self.update()
        self.selection_changed.emit()

    def _item_at_token(self, token: int) -> int | None:
        start = int(self.tokens.starts[token])
        candidates = [
            (item.end - item.start, index)
            for index, item in enumerate(self.review.items)
            if item.start <= start < item.end
        ]
        return min(candidates)[1] if candidates else None

    def token_point(self, offset: int) -> QPoint:
        """The centre of the word at a character offset (for tests and scrolling)."""
        token = int(np.searchsorted(self.tokens.ends, offset, side="right"))
        piece = self._pieces[token]
        rect = self._text_rect(piece.line, piece.x, piece.x + piece.width)
        return rect.center()


class ReviewLanes(QWidget):
    """The lanes canvas in a scroll area, with the legend of labels and difference kinds above."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = LaneCanvas(schema)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.canvas)
        self.legend = QLabel(self._legend_html(schema))
        self.legend.setTextFormat(Qt.RichText)
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.scroll, 1)

    @staticmethod
    def _legend_html(schema: LabelSchema) -> str:
        labels = " ".join(
            f'<span style="background:{label.colour}">&nbsp;{label.name} '
            f"({label.hotkey})&nbsp;</span>"
            for label in schema.labels
        )
        kinds = " ".join(
            f'<span style="color:{colour}; border:1px solid {colour}">▢ {KIND_NAMES[kind]}</span>'
            for kind, colour in KIND_COLOURS.items()
        )
        return f"{labels} &nbsp;&nbsp; Boxes: {kinds} &nbsp; (dotted: settled)"

    def scroll_to_item(self, index: int | None) -> None:
        if index is None or self.canvas.review is None:
            return
        point = self.canvas.token_point(self.canvas.review.items[index].start)
        self.scroll.ensureVisible(point.x(), point.y(), 20, 80)
