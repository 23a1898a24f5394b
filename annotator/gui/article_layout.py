"""How the article view lays text out: long paragraphs shown as blocks, and the lines on screen.

Qt lays text out one block (paragraph) at a time, and a label must not relay out a whole
200,000-word paragraph, so `shown_text` breaks paragraphs longer than BLOCK_LIMIT characters
into blocks at a space. `ScreenLines` holds the laid-out lines on screen and turns a character
range into the rectangles it covers, caching each line's x positions for one paint.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextLine

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
    start: int
    end: int
    line: QTextLine
    left: float
    top: float


class ScreenLines:
    """The lines on screen, in text order, and the rectangles of character ranges on them."""

    def __init__(self, lines: list[ScreenLine], x_cache: dict | None = None) -> None:
        """`x_cache` maps a line's first offset to the x of each of its cursor positions
        (NaN until asked), kept by the caller while the layout stays the same: a label
        changes no layout, so its repaint asks Qt for no position."""
        self.lines = lines
        self._starts = [line.start for line in lines]
        self._x: dict[int, np.ndarray] = {} if x_cache is None else x_cache

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
        x1, x2 = self._xs(numbers, lows), self._xs(numbers, highs)
        entries = self.lines
        lefts = np.array([e.left for e in entries])[numbers]
        tops = np.array([e.top + e.line.y() for e in entries])[numbers]
        heights = np.array([e.line.height() for e in entries])[numbers]
        if bar:
            tops, heights = tops + heights - bar, np.full(len(numbers), float(bar))
        columns = (lefts + np.minimum(x1, x2), tops, np.abs(x2 - x1), heights)
        return list(map(QRectF, *(column.tolist() for column in columns)))

    def _xs(self, numbers: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """x of each offset on its line: from the cache, asking Qt only for the missing."""
        per_line = [self._line_xs(entry) for entry in self.lines]
        base = np.cumsum([0] + [len(xs) for xs in per_line])
        flat = np.concatenate(per_line)
        at = base[numbers] + offsets - np.array(self._starts, dtype=np.int64)[numbers]
        missing = np.unique(at[np.isnan(flat[at])]).tolist()
        for where in missing:
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
