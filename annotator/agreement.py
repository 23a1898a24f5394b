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


def mark_tokens(
    word_starts: np.ndarray, word_ends: np.ndarray, span_starts: np.ndarray, span_ends: np.ndarray
) -> np.ndarray:
    """Bool per token: does it share a character with any of the spans?

    Tokens must be sorted and not overlap each other; the spans may overlap and nest.
    Works on one document or on many laid end to end.
    """
    count = len(word_starts)
    first = np.searchsorted(word_ends, np.asarray(span_starts), side="right")
    stop = np.searchsorted(word_starts, np.asarray(span_ends), side="left")
    keep = first < stop
    depth = np.bincount(first[keep], minlength=count + 1) - np.bincount(
        stop[keep], minlength=count + 1
    )
    return np.cumsum(depth[:count]) > 0


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    """Cohen's kappa of two binary ratings of the same units; None when p_e = 1."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    n = len(a)
    a_ones, b_ones = int(a.sum()), int(b.sum())
    agree = int((a == b).sum())
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
    """
    counts = np.asarray(value_counts, dtype=np.float64)
    raters = counts.sum(axis=1)
    counts, raters = counts[raters >= 2], raters[raters >= 2]
    if not len(counts):
        return None
    weights = 1.0 / (raters - 1)
    coincidences = (counts * weights[:, None]).T @ counts
    coincidences -= np.diag((counts * weights[:, None]).sum(axis=0))
    totals = coincidences.sum(axis=1)
    n = totals.sum()
    disagreement_observed = coincidences.sum() - np.trace(coincidences)
    disagreement_expected = totals.sum() ** 2 - (totals**2).sum()
    if disagreement_expected <= 0:
        return None
    return float(1.0 - (n - 1) * disagreement_observed / disagreement_expected)


def binary_value_counts(ratings: np.ndarray, rated: np.ndarray) -> np.ndarray:
    """Units x (zeros, ones) counts from annotators x units 0/1 ratings and a mask of who rated."""
    ones = (np.asarray(ratings, dtype=bool) & rated).sum(axis=0)
    return np.stack([rated.sum(axis=0) - ones, ones], axis=1)


def mean_defined(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None
