"""How the article view lays text out: long paragraphs shown as blocks, and the lines on screen.

Qt lays text out one block (paragraph) at a time, and a label must not relay out a whole
200,000-word paragraph, so `shown_text` breaks paragraphs longer than BLOCK_LIMIT characters
into blocks at a space. `ScreenLines` holds the laid-out lines on screen and turns a character
range into the rectangles it covers, caching each line's x positions for one paint.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontDatabase, QTextLayout, QTextLine

BLOCK_LIMIT = 2000


def shown_text(text: str, limit: int = BLOCK_LIMIT) -> str:
    """The text as the view shows it: any paragraph longer than `limit` characters broken into
    blocks at a space (one character replaced by a newline, so every offset stays the same).

    Breaks fall after a sentence end in the second half of each stretch where there is one,
    else at its last space; a stretch with no space at all is left whole.
    """
    if len(text) <= limit:
        return text
    pieces, start = [], 0
    while start < len(text):
        paragraph_end = text.find("\n", start, start + limit + 1)
        if paragraph_end >= 0 or len(text) - start <= limit:
            end = paragraph_end + 1 if paragraph_end >= 0 else len(text)
            pieces.append(text[start:end])
            start = end
            continue
        middle = start + limit // 2
        cut = text.rfind(". ", middle, start + limit) + 1
        cut = cut or text.rfind(" ", start + 1, start + limit)
        if cut <= start:
            cut = text.find(" ", start + limit)
            if cut < 0:
                pieces.append(text[start:])
                break
        pieces.append(text[start:cut] + "\n")
        start = cut + 1
    return "".join(pieces)


class ScreenLine(NamedTuple):
    """A laid-out line on screen: its characters [start, end) of the article, the Qt line,
    its block's top-left corner in the viewport, and whether it mixes writing directions."""

    start: int
    end: int
    line: QTextLine
    left: float
    top: float
    mixed: bool = False


def is_mixed(text: str) -> bool:
    """Whether a line holds right-to-left letters and left-to-right letters or digits (digits
    run left to right inside Arabic text too), so a range on it may show in several pieces."""
    return RIGHT_TO_LEFT.search(text) is not None and LEFT_TO_RIGHT.search(text) is not None


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LEFT_TO_RIGHT = re.compile("[0-9A-Za-z\u00c0-\u024f\u0370-\u052f\u0660-\u0669\u06f0-\u06f9]")


class ScreenLines:
    """The lines on screen, in text order, and the rectangles of character ranges on them.

    On a line of one direction, a range is one rectangle between the x of its two ends. On a
    line that mixes directions, a range may show as several pieces (a number inside Arabic
    text, an English name): those come from the glyph runs Qt shaped for it.
    """

    def __init__(self, lines: list[ScreenLine], x_cache: dict | None = None) -> None:
        """`x_cache` maps a line's first offset to the x of each of its cursor positions
        (NaN until asked), kept by the caller while the layout stays the same: a label
        changes no layout, so its repaint asks Qt for no position."""
        self.lines = lines
        self._starts = [line.start for line in lines]
        self._x: dict[int, np.ndarray] = {} if x_cache is None else x_cache
        self._lefts = np.array([e.left for e in lines])
        self._tops = np.array([e.top + e.line.y() for e in lines])
        self._heights = np.array([e.line.height() for e in lines])
        self._mixed = np.array([e.mixed for e in lines], dtype=bool)
        self._flat: tuple[list[np.ndarray], np.ndarray, np.ndarray] | None = None

    def __bool__(self) -> bool:
        return bool(self.lines)

    @property
    def first(self) -> int:
        return self.lines[0].start

    @property
    def last(self) -> int:
        return self.lines[-1].end

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """(starts, ends) of the lines."""
        return np.array(self._starts, dtype=np.int64), np.array(
            [line.end for line in self.lines], dtype=np.int64
        )

    def rects(self, start: int, end: int) -> list[QRectF]:
        """Rectangles (viewport coordinates) of [start, end), one per line it touches."""
        numbers, lows, highs = [], [], []
        first = max(bisect_right(self._starts, start) - 1, 0)
        for number in range(first, len(self.lines)):
            entry = self.lines[number]
            if entry.start >= end:
                break
            low, high = max(start, entry.start), min(end, entry.end)
            if low < high:
                numbers.append(number)
                lows.append(low)
                highs.append(high)
        return self.many_rects(*(np.array(c, dtype=np.int64) for c in (numbers, lows, highs)))

    def many_rects(
        self, numbers: np.ndarray, lows: np.ndarray, highs: np.ndarray, bar: float = 0
    ) -> list[QRectF]:
        """Rectangles of many ranges at once, range k being [lows[k], highs[k]) on line
        numbers[k]; with `bar`, only a bar that high at the bottom of each (an underline)."""
        if not len(numbers):
            return []
        mixed = self._mixed[numbers]
        if mixed.any():
            plain = ~mixed
            rects = self.many_rects(numbers[plain], lows[plain], highs[plain], bar)
            for number, low, high in zip(
                *(c[mixed].tolist() for c in (numbers, lows, highs)), strict=True
            ):
                rects.extend(self._pieces(number, low, high, bar))
            return rects
        x1, x2 = self._xs(numbers, lows), self._xs(numbers, highs)
        tops, heights = self._tops[numbers], self._heights[numbers]
        if bar:
            tops, heights = tops + heights - bar, np.full(len(numbers), float(bar))
        columns = (self._lefts[numbers] + np.minimum(x1, x2), tops, np.abs(x2 - x1), heights)
        return list(map(QRectF, *(column.tolist() for column in columns)))

    def _pieces(self, number: int, low: int, high: int, bar: float) -> list[QRectF]:
        """Rectangles of [low, high) on a line that mixes directions, one per glyph run."""
        entry = self.lines[number]
        top, height = float(self._tops[number]), float(self._heights[number])
        if bar:
            top, height = top + height - bar, bar
        block_start = entry.start - entry.line.textStart()
        rects = []
        for run in entry.line.glyphRuns(low - block_start, high - low):
            box = run.boundingRect()
            rects.append(QRectF(entry.left + box.left(), top, box.width(), height))
        return rects

    def _xs(self, numbers: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """x of each offset on its line: from the cache, asking Qt only for the missing."""
        if self._flat is None:
            per_line = [self._line_xs(entry) for entry in self.lines]
            base = np.cumsum([0] + [len(xs) for xs in per_line])
            self._flat = per_line, base, np.concatenate(per_line)
        per_line, base, flat = self._flat
        at = base[numbers] + offsets - np.array(self._starts, dtype=np.int64)[numbers]
        for where in np.unique(at[np.isnan(flat[at])]).tolist():
            number = bisect_right(base.tolist(), where) - 1
            entry = self.lines[number]
            column = where - int(base[number])
            x = entry.line.cursorToX(entry.line.textStart() + column)[0]
            flat[where] = per_line[number][column] = x
        return flat[at]

    def _line_xs(self, entry: ScreenLine) -> np.ndarray:
        xs = self._x.get(entry.start)
        if xs is None:
            xs = self._x[entry.start] = np.full(entry.end - entry.start + 1, np.nan)
        return xs


def align_right(layout: QTextLayout, margin: float) -> None:
    """Move the lines of a right-to-left block to the right edge.

    QPlainTextEdit lays every block out with the document's one text option, so Qt orders a
    right-to-left paragraph's characters right to left (its direction comes from its first
    strong character) but leaves its lines at the left edge. Moving each line keeps every
    position Qt reports (hits, cursor x, glyph runs) consistent with what is drawn.
    """
    for index in range(layout.lineCount()):
        line = layout.lineAt(index)
        x = margin + line.width() - line.naturalTextWidth()
        if line.x() != x:
            line.setPosition(QPointF(x, line.y()))


SCRIPTS = (
    (
        QFontDatabase.WritingSystem.Arabic,
        re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"),
    ),
    (QFontDatabase.WritingSystem.Hebrew, re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")),
)


def script_families(family: str, text: str) -> list[str]:
    """`family`, then for each right-to-left script of the text that `family` lacks, the first
    installed family that has it (Qt takes each character from the first that has it)."""
    families = [family]
    for system, letters in SCRIPTS:
        if letters.search(text) and system not in QFontDatabase.writingSystems(family):
            families.extend(QFontDatabase.families(system)[:1])
    return families
