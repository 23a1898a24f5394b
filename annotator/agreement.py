"""Inter-annotator agreement metrics: pure functions over span sets and binary token units.

A span is a `(start, end, label)` tuple of character offsets, end exclusive. Each metric
returns None where it is undefined (nothing to compare, or chance agreement already 1).

- Exact span F1: a match is the same start, end and label.
  F1 = 2 * matches / (|A| + |B|); summed over documents for a corpus (micro).
- Overlap span F1: spans of one label that share at least one character, matched one to
  one (each span used at most once, as many matches as possible: a maximum bipartite
  matching); same formula.
- Token kappa: the units are the non-whitespace tokens; a token is 1 for a label when it
  overlaps a span of that label, else 0. Cohen's kappa = (p_o - p_e) / (1 - p_e), with
  p_o the share of tokens both call the same and p_e = p_a * p_b + (1 - p_a) * (1 - p_b)
  from each side's share p of 1s. Undefined when p_e = 1.
- Krippendorff's alpha (nominal) over units rated by any number of annotators (missing
  ratings allowed): alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c * n_k,
  with the coincidences o_ck = sum_u n_uc * (n_uk - [c = k]) / (m_u - 1) over units rated
  by m_u >= 2 annotators, n_c = sum_k o_ck and n = sum_c n_c. Undefined when only one
  value occurs (the denominator is 0).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

import numpy as np

SpanKey = tuple[int, int, str]


def f1_from_counts(matches: int, total: int) -> float | None:
    """2 * matches / total, where total = |A| + |B|; None when there are no spans."""
    return 2 * matches / total if total else None


def exact_matches(a: Collection[SpanKey], b: Collection[SpanKey]) -> int:
    """How many spans are in both sets with the same start, end and label."""
    return len(set(a) & set(b))


def exact_f1(a: Collection[SpanKey], b: Collection[SpanKey]) -> float | None:
    """Exact span F1 of two annotators' spans of one document; None when both are empty."""
    return f1_from_counts(exact_matches(a, b), len(set(a)) + len(set(b)))


RelationKey = tuple[int, SpanKey, SpanKey, str]
"""(document, head span, tail span, type): a relation as agreement compares it."""


def relation_f1(a: Collection[RelationKey], b: Collection[RelationKey]) -> float | None:
    """Relation F1 = 2 |A ∩ B| / (|A| + |B|): a match is the same type between spans that
    match exactly (same start, end and label); None when neither drew a relation."""
    a, b = set(a), set(b)
    return f1_from_counts(len(a & b), len(a) + len(b))


def relation_f1_per_type(
    a: Collection[RelationKey], b: Collection[RelationKey], types: Iterable[str]
) -> dict[str, float | None]:
    """`relation_f1` of each relation type apart."""
    return {
        name: relation_f1([r for r in a if r[3] == name], [r for r in b if r[3] == name])
        for name in types
    }


def _by_label(spans: Iterable[SpanKey]) -> dict[str, list[tuple[int, int]]]:
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for start, end, label in set(spans):
        grouped[label].append((start, end))
    return grouped


def _maximum_matching(left: Sequence[tuple[int, int]], right: Sequence[tuple[int, int]]) -> int:
    """Size of a maximum matching between overlapping ranges (Kuhn's augmenting paths)."""
    neighbours = [
        [j for j, (s, e) in enumerate(right) if s < end and start < e] for start, end in left
    ]
    owner: list[int | None] = [None] * len(right)

    def augment(i: int, seen: set[int]) -> bool:
        for j in neighbours[i]:
            if j not in seen:
                seen.add(j)
                if owner[j] is None or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(len(left)) if neighbours[i])


def overlap_matches(a: Collection[SpanKey], b: Collection[SpanKey]) -> int:
    """Most one-to-one pairs of same-label spans sharing at least one character."""
    a_labels, b_labels = _by_label(a), _by_label(b)
    return sum(
        _maximum_matching(ranges, b_labels[label])
        for label, ranges in a_labels.items()
        if label in b_labels
    )


def overlap_f1(a: Collection[SpanKey], b: Collection[SpanKey]) -> float | None:
    """Overlap span F1 of two annotators' spans of one document; None when both are empty."""
    return f1_from_counts(overlap_matches(a, b), len(set(a)) + len(set(b)))


def span_match_counts(
    a_group: np.ndarray,
    a_ranges: np.ndarray,
    b_group: np.ndarray,
    b_ranges: np.ndarray,
    groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact and overlap matches between two sides' spans, counted per group, vectorised.

    A group is what spans may match within: one label of one document, numbered 0 to
    groups - 1. `*_ranges` are (start, end) rows; no side repeats a span within a group.
    Returns per group: spans on both sides (|A| + |B|), exact matches, overlap matches.
    The exact matches are a one-to-one matching already; the augmenting-path search runs
    only in groups where a bigger one is possible, which in practice are few.
    """
    a_count = np.bincount(a_group, minlength=groups)
    b_count = np.bincount(b_group, minlength=groups)
    a_ranges, b_ranges = a_ranges.reshape(-1, 2), b_ranges.reshape(-1, 2)
    width = int(max(a_ranges.max(initial=0), b_ranges.max(initial=0))) + 1
    if groups * width * width >= 2**62:
        raise ValueError("too many groups or too long documents to key spans in 64 bits")
    a_keys = (a_group * width + a_ranges[:, 0]) * width + a_ranges[:, 1]
    b_keys = (b_group * width + b_ranges[:, 0]) * width + b_ranges[:, 1]
    a_matched, b_matched = _in_both(a_keys, b_keys)
    exact = np.bincount(a_group[a_matched], minlength=groups)
    # A bigger matching needs an augmenting path (Berge): from an A span outside the exact
    # matching to a B span outside it, each overlapping something on the other side.
    a_free = ~a_matched & _overlaps_any(a_group, a_ranges, b_group, b_ranges, width)
    b_free = ~b_matched & _overlaps_any(b_group, b_ranges, a_group, a_ranges, width)
    hard = np.intersect1d(a_group[a_free], b_group[b_free])
    overlap = exact.copy()
    if len(hard):
        a_lists = _ranges_of_groups(a_group, a_ranges, hard)
        b_lists = _ranges_of_groups(b_group, b_ranges, hard)
        overlap[hard] = [_maximum_matching(x, y) for x, y in zip(a_lists, b_lists)]
    return a_count + b_count, exact, overlap


def _in_both(a_keys: np.ndarray, b_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bool per key of each side: is it on the other side too? (No side repeats a key.)"""
    keys = np.concatenate([a_keys, b_keys])
    order = np.argsort(keys, kind="stable")
    same = keys[order][1:] == keys[order][:-1]
    found = np.zeros(len(keys), dtype=bool)
    found[order[1:][same]] = found[order[:-1][same]] = True
    return found[: len(a_keys)], found[len(a_keys) :]


def _overlaps_any(
    group: np.ndarray,
    ranges: np.ndarray,
    other_group: np.ndarray,
    other_ranges: np.ndarray,
    width: int,
) -> np.ndarray:
    """Bool per span: does a span of the other side in its group share a character with it?"""
    if not len(group) or not len(other_group):
        return np.zeros(len(group), dtype=bool)
    keyed_starts = other_group * width + other_ranges[:, 0]
    order = np.argsort(keyed_starts)
    keyed_starts = keyed_starts[order]
    # Running maximum of ends within a group: the group offset keeps groups apart.
    reach = np.maximum.accumulate(other_group[order] * width + other_ranges[order, 1])
    last_before_end = np.searchsorted(keyed_starts, group * width + ranges[:, 1], "left") - 1
    found = last_before_end >= 0
    behind = np.where(found, reach[np.maximum(last_before_end, 0)], -1)
    return found & (behind > group * width + ranges[:, 0])


def _ranges_of_groups(
    group: np.ndarray, ranges: np.ndarray, wanted: np.ndarray
) -> list[list[tuple[int, int]]]:
    order = np.argsort(group, kind="stable")
    ordered = group[order]
    starts, ends = (column.tolist() for column in ranges.reshape(-1, 2)[order].T)
    low = np.searchsorted(ordered, wanted, side="left").tolist()
    high = np.searchsorted(ordered, wanted, side="right").tolist()
    return [list(zip(starts[i:j], ends[i:j])) for i, j in zip(low, high)]


def mark_tokens(
    word_starts: np.ndarray, word_ends: np.ndarray, span_starts: np.ndarray, span_ends: np.ndarray
) -> np.ndarray:
    """Bool per token: does it share a character with any of the spans?

    Tokens must be sorted and not overlap each other; the spans may overlap and nest.
    Works on one document or on many laid end to end.
    """
    first, stop = token_ranges(word_starts, word_ends, span_starts, span_ends)
    return marks_of_ranges(len(word_starts), first, stop)


def token_ranges(
    word_starts: np.ndarray, word_ends: np.ndarray, span_starts: np.ndarray, span_ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per span, the tokens it shares a character with: indices first to stop (exclusive)."""
    first = np.searchsorted(word_ends, np.asarray(span_starts), side="right")
    stop = np.searchsorted(word_starts, np.asarray(span_ends), side="left")
    return first, np.maximum(stop, first)


def marks_of_ranges(count: int, first: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Bool per token: inside one of the token ranges [first, stop)?"""
    lengths = stop - first
    # The covered token indices, range by range (few, next to the millions of tokens).
    offsets = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
    marks = np.zeros(count, dtype=bool)
    marks[np.arange(int(lengths.sum())) + offsets] = True
    return marks


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two binary ratings of the same units; None when p_e = 1."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    n = len(a)
    a_ones, b_ones = np.count_nonzero(a), np.count_nonzero(b)
    agree = n - np.count_nonzero(a ^ b)
    # Everything times n * n keeps the arithmetic in exact integers.
    expected = a_ones * b_ones + (n - a_ones) * (n - b_ones)
    if expected == n * n:
        return None
    return (agree * n - expected) / (n * n - expected)


def token_kappa(
    word_starts: np.ndarray,
    word_ends: np.ndarray,
    a: Collection[SpanKey],
    b: Collection[SpanKey],
    label: str,
) -> float | None:
    """Cohen's kappa of one label over the word tokens of one document."""

    def marks(spans: Collection[SpanKey]) -> np.ndarray:
        ranges = np.array([(s, e) for s, e, lab in spans if lab == label], dtype=np.int64)
        ranges = ranges.reshape(-1, 2)
        return mark_tokens(word_starts, word_ends, ranges[:, 0], ranges[:, 1])

    return cohen_kappa(marks(a), marks(b))


def krippendorff_alpha_nominal(value_counts: np.ndarray) -> float | None:
    """Krippendorff's alpha (nominal) from a units x values matrix of how many gave each value.

    Units with fewer than two ratings are not pairable and are left out. None if undefined.
    Units with the same counts contribute the same coincidences, so each distinct row is
    weighed by how often it occurs (millions of token units cost little).
    """
    counts = np.asarray(value_counts, dtype=np.int64)
    if not counts.size:
        return None
    radix = int(counts.max()) + 1
    powers = radix ** np.arange(counts.shape[1], dtype=np.int64)
    times = np.bincount(counts @ powers)
    distinct = np.flatnonzero(times)
    return _alpha_of_distinct_units(distinct[:, None] // powers % radix, times[distinct])


def krippendorff_alpha_binary(ratings: np.ndarray, rated: np.ndarray) -> float | None:
    """Krippendorff's alpha (nominal) of 0/1 ratings: annotators x units, and who rated what."""
    raters = len(rated)
    rated = np.asarray(rated, dtype=bool)
    small = np.uint8 if raters < 16 else np.int64
    # Unit key: (how many rated it) * (raters + 1) + (how many said 1); rows added one by
    # one in a small type are several times faster than a reduction across rows.
    keys = np.zeros(rated.shape[1], dtype=small)
    for row, mask in zip(np.asarray(ratings, dtype=bool), rated):
        keys += mask.astype(small) * small(raters + 1) + (row & mask)
    times = np.bincount(keys, minlength=(raters + 1) ** 2)
    distinct = np.flatnonzero(times)
    given_there, ones_there = np.divmod(distinct, raters + 1)
    rows = np.stack([given_there - ones_there, ones_there], axis=1)
    return _alpha_of_distinct_units(rows, times[distinct])


def _alpha_of_distinct_units(rows: np.ndarray, times: np.ndarray) -> float | None:
    """Alpha from distinct unit rows (counts per value) and how many units have each."""
    pairable = rows.sum(axis=1) >= 2
    rows, times = rows[pairable].astype(np.float64), times[pairable]
    if not len(rows):
        return None
    weights = times / (rows.sum(axis=1) - 1)
    coincidences = (rows * weights[:, None]).T @ rows - np.diag(weights @ rows)
    totals = coincidences.sum(axis=1)
    n = totals.sum()
    disagreement_observed = coincidences.sum() - np.trace(coincidences)
    disagreement_expected = n**2 - (totals**2).sum()
    if disagreement_expected <= 0:
        return None
    return float(1.0 - (n - 1) * disagreement_observed / disagreement_expected)


def mean_defined(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None
