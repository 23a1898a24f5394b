"""Pure grouping of annotators' spans into disagreement items, their kinds, and scores."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.disagreement import ItemKind, document_score, group_items, linked
from annotator.model import GOLD, Span


def _span(annotator: str, start: int, end: int, label: str, **attrs) -> Span:
    return Span(document=1, annotator=annotator, start=start, end=end, label=label, attrs=attrs)


def test_group_items_classifies_each_kind():
    names = ("amira", "ben", "chen")
    spans = [
        *(_span(n, 0, 6, "ACTOR") for n in names),  # agreed
        _span("amira", 16, 22, "LOCATION"),  # label differs
        _span("ben", 16, 22, "ACTOR"),
        _span("chen", 16, 22, "LOCATION"),
        _span("amira", 44, 55, "CASUALTY"),  # boundary differs
        _span("ben", 41, 55, "CASUALTY"),
        _span("chen", 61, 68, "WEAPON"),  # only some
    ]
    items = group_items(spans, names)
    assert [(i.start, i.end, i.kind) for i in items] == [
        (0, 6, ItemKind.agreed),
        (16, 22, ItemKind.label_differs),
        (41, 55, ItemKind.boundary_differs),
        (61, 68, ItemKind.only_some),
    ]
    assert items[2].missing == ["chen"]
    assert items[3].missing == ["amira", "ben"]
    assert items[1].versions() == [
        ((16, 22, "ACTOR"), ["ben"]),
        ((16, 22, "LOCATION"), ["amira", "chen"]),
    ]


def test_nested_spans_of_other_labels_stay_separate_items():
    names = ("amira", "ben")
    spans = [
        *(_span(n, 36, 55, "CASUALTY") for n in names),
        *(_span(n, 47, 55, "ACTOR") for n in names),
    ]
    items = group_items(spans, names)
    assert [i.kind for i in items] == [ItemKind.agreed, ItemKind.agreed]
    assert [i.keys for i in items] == [[(36, 55, "CASUALTY")], [(47, 55, "ACTOR")]]


def test_spans_of_annotators_not_compared_are_ignored():
    items = group_items(
        [_span("amira", 0, 6, "ACTOR"), _span(GOLD, 0, 6, "ACTOR")], ["amira", "ben"]
    )
    assert len(items) == 1 and items[0].kind is ItemKind.only_some


def test_document_score_is_mean_pairwise_exact_f1():
    spans = [
        _span("amira", 0, 6, "ACTOR"),
        _span("amira", 16, 22, "LOCATION"),
        _span("ben", 0, 6, "ACTOR"),
        _span("chen", 0, 6, "ACTOR"),
        _span("chen", 16, 22, "LOCATION"),
    ]
    # amira-ben 2*1/3, amira-chen 1, ben-chen 2*1/3
    assert document_score(spans, ["amira", "ben", "chen"]) == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)
    assert document_score([], ["amira", "ben"]) is None


names = st.sampled_from(["amira", "ben", "chen"])
labels = st.sampled_from(["ACTOR", "LOCATION"])


@st.composite
def span_sets(draw):
    marks = draw(
        st.lists(st.tuples(names, st.integers(0, 40), st.integers(1, 8), labels), max_size=25)
    )
    unique = {(a, start, start + length, label) for a, start, length, label in marks}
    return [_span(*mark) for mark in sorted(unique)]


@given(span_sets())
def test_every_span_lands_in_exactly_one_item(spans):
    annotators = ["amira", "ben", "chen"]
    items = group_items(spans, annotators)
    grouped = [span for item in items for span in item.spans]
    assert sorted(grouped, key=repr) == sorted(spans, key=repr)
    for item in items:
        assert all(item.start <= s.start and s.end <= item.end for s in item.spans)
        if item.kind is ItemKind.agreed:
            assert len(item.keys) == 1 and item.missing == []
    for a, b in combinations(items, 2):
        assert not any(linked(x, y) for x in a.spans for y in b.spans)


def test_same_span_with_different_attributes_is_not_agreed():
    spans = [
        _span("amira", 36, 55, "CASUALTY", kind="killed", count=12),
        _span("ben", 36, 55, "CASUALTY", kind="injured", count=12),
    ]
    (item,) = group_items(spans, ["amira", "ben"])
    assert item.kind is ItemKind.attrs_differ
    same = [_span(n, 36, 55, "CASUALTY", kind="killed") for n in ("amira", "ben")]
    assert group_items(same, ["amira", "ben"])[0].kind is ItemKind.agreed
