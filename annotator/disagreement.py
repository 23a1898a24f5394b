"""Disagreements between annotators, as pure functions over span sets.

An *item* is a cluster of spans from the annotators who finished a document, linked when two
spans have the same boundaries or the same label and overlap (so a CASUALTY span that contains
an ACTOR span stays a separate item). Its kind says how the annotators differ.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import combinations
from typing import Any, Protocol

from annotator.agreement import exact_f1
from annotator.model import GOLD, Span

SpanKey = tuple[int, int, str]


class SpanLike(Protocol):
    """What grouping and scoring read of a span (a model.Span or a store row)."""

    @property
    def document(self) -> int: ...
    @property
    def annotator(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def key(self) -> SpanKey: ...
    @property
    def attrs(self) -> dict[str, Any]: ...


class ItemKind(str, Enum):
    """How the annotators' spans of one item differ, most serious first."""

    label_differs = "label_differs"
    boundary_differs = "boundary_differs"
    attrs_differ = "attrs_differ"
    only_some = "only_some"
    agreed = "agreed"


class ItemState(str, Enum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


def linked(a: SpanLike, b: SpanLike) -> bool:
    """Two spans belong to one item: same boundaries, or same label and overlapping."""
    if (a.start, a.end) == (b.start, b.end):
        return True
    return a.label == b.label and a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class Item:
    """Spans of several annotators over one stretch of text that a reviewer settles together."""

    start: int
    end: int
    kind: ItemKind
    spans: tuple[SpanLike, ...]
    annotators: tuple[str, ...]
    """Everyone whose work is compared, including those with no span here."""

    @property
    def keys(self) -> list[SpanKey]:
        """The distinct versions (start, end, label) in this item."""
        return sorted({span.key for span in self.spans})

    @property
    def missing(self) -> list[str]:
        have = {span.annotator for span in self.spans}
        return [name for name in self.annotators if name not in have]

    def spans_of(self, annotator: str) -> list[Span]:
        return [span for span in self.spans if span.annotator == annotator]

    def versions(self) -> list[tuple[SpanKey, list[str]]]:
        """Each distinct version with the annotators who marked it."""
        return [
            (key, sorted({s.annotator for s in self.spans if s.key == key})) for key in self.keys
        ]


def same_attrs(spans: Sequence[SpanLike]) -> bool:
    """Whether all spans carry equal attributes (compared as stored JSON first, which is cheap)."""
    stored = {getattr(span, "attrs_json", None) for span in spans}
    if len(stored) <= 1 and None not in stored:
        return True
    return all(span.attrs == spans[0].attrs for span in spans[1:])


def classify(spans: Sequence[SpanLike], annotators: Sequence[str]) -> ItemKind:
    """Labels differ, then boundaries differ, then attributes differ (same span and label),
    then some annotators lack it; else agreed."""
    if len({span.label for span in spans}) > 1:
        return ItemKind.label_differs
    if len({(span.start, span.end) for span in spans}) > 1:
        return ItemKind.boundary_differs
    if not same_attrs(spans):
        return ItemKind.attrs_differ
    if {span.annotator for span in spans} >= set(annotators):
        return ItemKind.agreed
    return ItemKind.only_some


def group_items(spans: Iterable[SpanLike], annotators: Sequence[str]) -> list[Item]:
    """Cluster the spans of `annotators` into items (connected by `linked`), ordered by position."""
    spans = sorted((s for s in spans if s.annotator in annotators), key=_position)
    parent = list(range(len(spans)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, span in enumerate(spans):
        for j in range(i + 1, len(spans)):
            if spans[j].start >= span.end:
                break
            if linked(span, spans[j]):
                parent[root(j)] = root(i)
    clusters: dict[int, list[Span]] = {}
    for i, span in enumerate(spans):
        clusters.setdefault(root(i), []).append(span)
    items = [
        Item(
            start=min(s.start for s in members),
            end=max(s.end for s in members),
            kind=classify(members, annotators),
            spans=tuple(members),
            annotators=tuple(annotators),
        )
        for members in clusters.values()
    ]
    return sorted(items, key=lambda item: (item.start, -item.end, item.keys))


def _position(span: SpanLike) -> tuple:
    return span.start, -span.end, span.label, span.annotator


def item_state(item: Item, gold: Sequence[SpanLike], rejected: Collection[SpanKey]) -> ItemState:
    """Accepted once gold has a span linked to it; rejected once all its versions are rejected."""
    near = [g for g in gold if g.start < item.end and item.start < g.end]
    if any(linked(g, s) for g in near for s in item.spans):
        return ItemState.accepted
    if set(item.keys) <= set(rejected):
        return ItemState.rejected
    return ItemState.pending


def document_score(spans: Iterable[SpanLike], annotators: Sequence[str]) -> float | None:
    """Mean pairwise exact-span F1 over `annotators`; None when fewer than two have spans to
    compare (pairs where both marked nothing are left out)."""
    keys: dict[str, set[SpanKey]] = {name: set() for name in annotators}
    for span in spans:
        if span.annotator in keys:
            keys[span.annotator].add(span.key)
    scores = [exact_f1(keys[a], keys[b]) for a, b in combinations(annotators, 2)]
    known = [score for score in scores if score is not None]
    return sum(known) / len(known) if known else None


def agreed_gold_spans(spans: Iterable[SpanLike], min_agree: int) -> list[Span]:
    """Gold copies of every (start, end, label) marked by at least `min_agree` annotators.

    Attributes: those the agreeing annotators share when they all match; otherwise the most
    common version among them, ties going to the version of the alphabetically first annotator.
    """
    by_key: dict[SpanKey, dict[str, SpanLike]] = {}
    for span in spans:
        if span.annotator != GOLD:
            by_key.setdefault(span.key, {}).setdefault(span.annotator, span)
    gold = []
    for key, versions in sorted(by_key.items()):
        if len(versions) < min_agree:
            continue
        ordered = [versions[name] for name in sorted(versions)]
        chosen = ordered[0].attrs
        if not same_attrs(ordered):
            attrs = [span.attrs for span in ordered]
            counts = Counter(json.dumps(a, sort_keys=True) for a in attrs)
            best = max(counts.values())
            chosen = next(a for a in attrs if counts[json.dumps(a, sort_keys=True)] == best)
        start, end, label = key
        gold.append(
            # Copies of stored, validated spans: no need to validate again.
            Span.model_construct(
                id=None,
                document=next(iter(versions.values())).document,
                annotator=GOLD,
                start=start,
                end=end,
                label=label,
                attrs=chosen,
                created=None,
                updated=None,
            )
        )
    return gold
