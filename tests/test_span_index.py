"""SpanIndex against the plain list of spans it replaces: order, look-ups by position, edits."""

import random

import numpy as np

from annotator.model import Span
from annotator.span_index import SpanIndex, order_key

LABELS = ("ACTOR", "LOCATION", "WEAPON")


def random_spans(seed: int, count: int = 300, length: int = 400) -> list[Span]:
    rng = random.Random(seed)
    found = {}
    for number in range(count):
        start = rng.randrange(length - 1)
        end = min(start + rng.choice((1, 2, 5, 20, 120)), length)
        label = rng.choice(LABELS)
        found[(start, end, label)] = Span(
            id=number + 1, document=1, annotator="a", start=start, end=end, label=label
        )
    return sorted(found.values(), key=order_key)


def index_of(spans: list[Span]) -> SpanIndex:
    """The index as the store would give it: columns of the spans in no order."""
    shuffled = random.Random(0).sample(spans, len(spans))
    ids, starts, ends = (
        np.array([getattr(s, n) for s in shuffled]) for n in ("id", "start", "end")
    )
    return SpanIndex(1, "a", (ids, starts, ends, [s.label for s in shuffled]))


def test_overlapping_and_covering_match_a_scan_of_every_span():
    spans = random_spans(1)
    index = index_of(spans)
    assert list(index) == spans
    for first, last in [(0, 1), (10, 30), (150, 151), (0, 400), (390, 400), (399, 400)]:
        expected = [i for i, s in enumerate(spans) if s.start < last and s.end > first]
        assert index.overlapping(first, last).tolist() == expected
    for offset in range(0, 400, 7):
        expected = sorted(
            (s for s in spans if s.start <= offset < s.end),
            key=lambda s: (s.end - s.start, s.start, s.label),
        )
        assert index.covering(offset) == expected


def test_outer_is_true_exactly_for_spans_holding_another():
    spans = random_spans(2)
    index = index_of(spans)
    expected = [
        any(o is not s and s.start <= o.start and o.end <= s.end for o in spans) for s in spans
    ]
    assert index.outer().tolist() == expected


def test_insert_and_remove_keep_the_order_and_the_look_ups():
    spans = random_spans(3)
    index = index_of(spans[::2])
    for span in spans[1::2]:
        index.insert(span)
    assert list(index) == spans
    assert index.get(spans[10].id) == spans[10]
    index.remove(spans[10].id)
    assert list(index) == spans[:10] + spans[11:]
    assert index.position(spans[10].id) is None
    assert index.outer().tolist() == index_of(spans[:10] + spans[11:]).outer().tolist()
