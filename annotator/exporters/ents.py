"""Choosing the spans that become `doc.ents` (or BIO tags) when spans overlap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class TokenSpan(NamedTuple):
    """A labelled range of token indices, [first, end) like spaCy's Span."""

    first: int
    end: int
    label: str


def non_overlapping(spans: Iterable[TokenSpan]) -> list[TokenSpan]:
    """The spans kept when no token may be in two: longest first, then earliest, then label.

    Length counts tokens. This is spaCy's `filter_spans` rule made total: a tie in length and
    start (same range, two labels) goes to the label first in alphabetical order. Each span
    is kept if none of its tokens is taken by a span kept before it. Result sorted by start.
    """
    spans = sorted(set(spans))
    if all(a.end <= b.first for a, b in zip(spans, spans[1:])):
        return spans
    kept: list[TokenSpan] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.first - s.end, s.first, s.label)):
        tokens = range(span.first, span.end)
        if taken.isdisjoint(tokens):
            kept.append(span)
            taken.update(tokens)
    return sorted(kept)
