"""SpanIndex: one article's spans as sorted position arrays, made into Span records on demand.

A 200,000-word article may hold 50,000 spans. Building 50,000 pydantic records to open it
costs seconds and hundreds of megabytes, and scanning them on every keystroke costs more.
The index keeps starts, ends and ids in numpy arrays sorted by (start, longest first, label),
so "which spans touch this range" is two binary searches and one vectorised filter, and
builds a Span only for the rows a widget asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

import numpy as np

from annotator.model import Span


def order_key(span: Span) -> tuple[int, int, str]:
    """The order of an article's spans: by start, then longest first, then label."""
    return span.start, -span.end, span.label


class SpanIndex(Sequence[Span]):
    """The spans of one annotator on one article, in `order_key` order."""

    def __init__(
        self,
        document: int,
        annotator: str,
        positions: tuple[np.ndarray, np.ndarray, np.ndarray, Sequence[str]] | None = None,
        attrs_of: Callable[[int], dict[str, Any]] | None = None,
    ) -> None:
        """`positions`: (ids, starts, ends, labels) in any order, as the store's
        `span_positions` reads them; `attrs_of(id)` reads a span's attributes when a record
        of it is first asked for. Records made here carry no created/updated times."""
        self.document, self.annotator = document, annotator
        empty = np.zeros(0, dtype=np.int64)
        ids, starts, ends, labels = positions or (empty, empty, empty, [])
        names, codes = np.unique(np.asarray(labels, dtype=str), return_inverse=True)
        self.names: list[str] = names.tolist()
        order = np.lexsort((codes, -np.asarray(ends), np.asarray(starts)))
        self.ids, self.starts, self.ends = (
            np.asarray(column, dtype=np.int64)[order] for column in (ids, starts, ends)
        )
        self.codes = codes.astype(np.int64).reshape(-1)[order]
        self._attrs_of = attrs_of or (lambda _span_id: {})
        self._made: dict[int, Span] = {}
        self._reach = np.maximum.accumulate(self.ends) if len(self.ends) else self.ends
        self._outer: np.ndarray | None = None
        self._last_found: tuple[int | None, int] = (None, 0)
        self.last_change: tuple[int, int] | None = None
        """(row, +1 or -1) of the latest insert or remove, for list views that follow it."""
        self._changed_range: tuple[int, int] | None = None

    # Sequence

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Span: ...
    @overload
    def __getitem__(self, index: slice) -> list[Span]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = index + len(self) if index < 0 else index
        if not 0 <= index < len(self):
            raise IndexError(index)
        span_id = int(self.ids[index])
        span = self._made.get(span_id)
        if span is None:
            span = Span(
                id=span_id,
                document=self.document,
                annotator=self.annotator,
                start=int(self.starts[index]),
                end=int(self.ends[index]),
                label=self.label(index),
                attrs=self._attrs_of(span_id),
            )
            self._made[span_id] = span
        return span

    def __iter__(self) -> Iterator[Span]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SpanIndex | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # Look-ups by id and by position

    def position(self, span_id: int | None) -> int | None:
        """The row of the span with this id, or None."""
        if span_id is None:
            return None
        known, row = self._last_found
        if known == span_id and row < len(self) and self.ids[row] == span_id:
            return row  # the selected span is asked for many times between edits
        found = np.flatnonzero(self.ids == span_id)
        if not len(found):
            return None
        self._last_found = (span_id, int(found[0]))
        return int(found[0])

    def get(self, span_id: int | None) -> Span | None:
        row = self.position(span_id)
        return None if row is None else self[row]

    def label(self, row: int) -> str:
        return self.names[int(self.codes[row])]

    def overlapping(self, first: int, last: int) -> np.ndarray:
        """Rows of the spans that share a character with [first, last), in order.

        Rows past `high` start at or after `last`; rows before `low` all end by `first`
        (`_reach` is the running maximum of the ends, so it is sorted too).
        """
        high = int(np.searchsorted(self.starts, last, side="left"))
        low = int(np.searchsorted(self._reach[:high], first, side="right"))
        rows = np.arange(low, high)
        return rows[self.ends[low:high] > first]

    def outer(self) -> np.ndarray:
        """For each row, whether the span holds another span of the index inside it.

        Rows after row k start at or after its start, so one of them lies inside it exactly
        when the smallest end after k is at most k's end; a span of the same range just
        before k (another label) lies inside it too.
        """
        if self._outer is None and not len(self):
            self._outer = np.zeros(0, dtype=bool)
        if self._outer is None:
            after = np.minimum.accumulate(self.ends[::-1])[::-1]
            later = np.append(after[1:], np.iinfo(np.int64).max) <= self.ends
            same = (self.starts[1:] == self.starts[:-1]) & (self.ends[1:] == self.ends[:-1])
            self._outer = later | np.append(False, same)
        return self._outer

    def covering(self, offset: int) -> list[Span]:
        """The spans covering character `offset`, shortest first."""
        spans = [self[int(i)] for i in self.overlapping(offset, offset + 1)]
        return sorted(spans, key=lambda s: (s.end - s.start, s.start, s.label))

    def first_after(self, offset: int) -> int | None:
        """Row of the first span starting after `offset`, or None."""
        row = int(np.searchsorted(self.starts, offset, side="right"))
        return row if row < len(self) else None

    def last_before(self, offset: int) -> int | None:
        """Row of the last span starting before `offset`, or None."""
        row = int(np.searchsorted(self.starts, offset, side="left")) - 1
        return row if row >= 0 else None

    # Changes

    def insert(self, span: Span) -> int:
        """Add a stored span in its place; returns its row."""
        row = self._row_for(span)
        self.ids = np.insert(self.ids, row, span.id)
        self.starts = np.insert(self.starts, row, span.start)
        self.ends = np.insert(self.ends, row, span.end)
        if span.label not in self.names:
            self.names.append(span.label)
        self.codes = np.insert(self.codes, row, self.names.index(span.label))
        self._made[span.id] = span
        self._changed()
        self.last_change = (row, 1)
        self._touch(span.start, span.end)
        return row

    def remove(self, span_id: int) -> int | None:
        """Drop the span with this id; returns the row it had, or None."""
        row = self.position(span_id)
        if row is None:
            return None
        self._touch(int(self.starts[row]), int(self.ends[row]))
        self.ids, self.starts, self.ends, self.codes = (
            np.delete(column, row) for column in (self.ids, self.starts, self.ends, self.codes)
        )
        self._made.pop(span_id, None)
        self._changed()
        self.last_change = (row, -1)
        return row

    def _row_for(self, span: Span) -> int:
        key = order_key(span)
        row = int(np.searchsorted(self.starts, span.start, side="left"))
        while row < len(self) and self._key(row) < key:
            row += 1
        return row

    def take_changed_range(self) -> tuple[int, int] | None:
        """The characters whose painting the edits since the last call may have changed: the
        spans inserted or removed, and every span holding one of them (its underline), or
        None when nothing changed."""
        changed, self._changed_range = self._changed_range, None
        if changed is None:
            return None
        start, end = changed
        rows = self.overlapping(start, end)
        holding = rows[(self.starts[rows] <= start) & (self.ends[rows] >= end)]
        if len(holding):
            start = min(start, int(self.starts[holding].min()))
            end = max(end, int(self.ends[holding].max()))
        return start, end

    def _touch(self, start: int, end: int) -> None:
        if self._changed_range is not None:
            start, end = min(start, self._changed_range[0]), max(end, self._changed_range[1])
        self._changed_range = (start, end)

    def _key(self, row: int) -> tuple[int, int, str]:
        return int(self.starts[row]), -int(self.ends[row]), self.label(row)

    def _changed(self) -> None:
        self._outer = None
        self._reach = np.maximum.accumulate(self.ends) if len(self) else self.ends
