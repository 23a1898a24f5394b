"""Which span's colour shows where on screen, worked out once per paint with numpy.

Spans are painted longest first, so where spans nest the innermost one's colour shows, and a
span holding another one is underlined in its darker colour. Painting each span rectangle in
that order costs a Python call per span and per line it touches; instead the order is played
on an array of elementary intervals (between any two consecutive span or line boundaries on
screen), and what shows is returned as disjoint runs, painted a colour at a time.
"""

from __future__ import annotations

import numpy as np

Runs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def visible_runs(
    starts: np.ndarray,
    ends: np.ndarray,
    orders: list[np.ndarray],
    line_starts: np.ndarray,
    line_ends: np.ndarray,
) -> list[Runs]:
    """For each order (positions into `starts`/`ends`, painted in that order, later ones
    covering earlier ones), the runs of what shows, cut at every screen line's ends.

    Each result holds arrays (screen line, start, end, owner), owner being the position of
    the span whose colour shows there.
    """
    nothing = np.zeros(0, dtype=np.int64)
    if not len(line_starts):
        return [(nothing, nothing, nothing, nothing) for _ in orders]
    first, last = int(line_starts[0]), int(line_ends[-1])
    cuts = np.unique(np.clip(np.concatenate((starts, ends, line_starts, line_ends)), first, last))
    low = np.searchsorted(cuts, starts).tolist()
    high = np.searchsorted(cuts, ends).tolist()
    left, right = cuts[:-1], cuts[1:]
    line = np.searchsorted(line_starts, left, side="right") - 1
    on_line = (line >= 0) & (right <= line_ends[np.maximum(line, 0)])
    results = []
    for order in orders:
        owner = np.full(len(left), -1, dtype=np.int64)
        for k in order.tolist():
            owner[low[k] : high[k]] = k
        keep = np.flatnonzero(on_line & (owner >= 0))
        # A run goes on while the next interval is adjacent, on the same line, same owner.
        joined = (
            (np.diff(keep) == 1)
            & (line[keep[1:]] == line[keep[:-1]])
            & (owner[keep[1:]] == owner[keep[:-1]])
        )
        heads = keep[np.concatenate(([True], ~joined))] if len(keep) else keep
        tails = keep[np.concatenate((~joined, [True]))] if len(keep) else keep
        results.append((line[heads], left[heads], right[tails], owner[heads]))
    return results


def pieces_on_lines(
    starts: np.ndarray, ends: np.ndarray, line_starts: np.ndarray, line_ends: np.ndarray
) -> Runs:
    """Every range's piece on each screen line it touches, all at once: arrays (screen line,
    start, end, owner), owner being the range's position in `starts`/`ends`. Unlike
    `visible_runs`, ranges do not cover one another (each outline is drawn whole)."""
    first = np.maximum(np.searchsorted(line_starts, starts, side="right") - 1, 0)
    counts = np.maximum(np.searchsorted(line_starts, ends) - first, 0)
    owner = np.repeat(np.arange(len(starts)), counts)
    before = np.repeat(np.cumsum(counts) - counts, counts)
    line = first[owner] + np.arange(len(owner)) - before
    low = np.maximum(starts[owner], line_starts[line])
    high = np.minimum(ends[owner], line_ends[line])
    keep = low < high
    return line[keep], low[keep], high[keep], owner[keep]
