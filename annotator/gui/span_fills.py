"""Which span's colour shows where on screen, worked out once per paint with numpy.

Spans are painted longest first, so where spans nest the innermost one's colour shows, and a
span holding another one is underlined in its darker colour. Painting each span rectangle in
that order costs a Python call per span and per line it touches; instead the order is played
on an array of elementary intervals (between any two consecutive span or line boundaries on
screen), and what shows is returned as disjoint runs, painted a colour at a time.
"""

from __future__ import annotations

import numpy as np


def visible_runs(
    starts: np.ndarray,
    ends: np.ndarray,
    painted: np.ndarray,
    line_starts: np.ndarray,
    line_ends: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Runs of one colour source, for spans `starts`/`ends` painted in the order of the
    positions `painted` (later ones cover earlier ones), cut at every screen line's ends.

    Returns the runs as arrays (screen line, start, end, owner), owner being the position of
    the span whose colour shows there.
    """
    nothing = np.zeros(0, dtype=np.int64)
    if not len(line_starts):
        return nothing, nothing, nothing, nothing
    first, last = int(line_starts[0]), int(line_ends[-1])
    cuts = np.concatenate((starts, ends, line_starts, line_ends))
    cuts = np.unique(np.clip(cuts, first, last))
    owner = np.full(max(len(cuts) - 1, 0), -1, dtype=np.int64)
    low = np.searchsorted(cuts, starts).tolist()
    high = np.searchsorted(cuts, ends).tolist()
    for k in painted.tolist():
        owner[low[k] : high[k]] = k
    left, right = cuts[:-1], cuts[1:]
    line = np.searchsorted(line_starts, left, side="right") - 1
    on_line = (line >= 0) & (right <= line_ends[np.maximum(line, 0)]) & (owner >= 0)
    keep = np.flatnonzero(on_line)
    if not len(keep):
        return nothing, nothing, nothing, nothing
    # A run continues while the next interval is adjacent, on the same line, same owner.
    joined = (
        (np.diff(keep) == 1)
        & (line[keep[1:]] == line[keep[:-1]])
        & (owner[keep[1:]] == owner[keep[:-1]])
    )
    heads = keep[np.concatenate(([True], ~joined))]
    tails = keep[np.concatenate((~joined, [True]))]
    return line[heads], left[heads], right[tails], owner[heads]
