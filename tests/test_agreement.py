"""Agreement metrics on small cases worked out by hand (the working is beside each case)."""

import itertools

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import (
    cohen_kappa,
    exact_f1,
    exact_matches,
    krippendorff_alpha_binary,
    krippendorff_alpha_nominal,
    mark_tokens,
    overlap_f1,
    overlap_matches,
    span_match_counts,
    token_kappa,
)

# Ten one-character tokens at 0, 2, 4, ... 18 ("a b c d e f g h i j").
STARTS = np.arange(0, 20, 2)
ENDS = STARTS + 1


def test_exact_f1_counts_same_start_end_and_label():
    a = {(0, 5, "ACTOR"), (10, 15, "LOCATION")}
    b = {(0, 5, "ACTOR"), (10, 14, "LOCATION"), (20, 25, "WEAPON")}
    # One match (the ACTOR); 2 * 1 / (2 + 3) = 0.4
    assert exact_f1(a, b) == pytest.approx(0.4)
    assert exact_f1(a, b) == exact_f1(b, a)


def test_same_range_with_another_label_is_no_match():
    assert exact_f1([(0, 5, "ACTOR")], [(0, 5, "LOCATION")]) == 0.0
    assert overlap_f1([(0, 5, "ACTOR")], [(0, 5, "LOCATION")]) == 0.0


def test_identical_spans_agree_fully_and_no_spans_is_undefined():
    spans = [(0, 5, "ACTOR"), (0, 20, "CASUALTY"), (8, 12, "LOCATION")]
    assert exact_f1(spans, list(spans)) == 1.0
    assert overlap_f1(spans, list(spans)) == 1.0
    assert exact_f1([], []) is None
    assert overlap_f1([], []) is None
    # One side empty: 2 * 0 / (3 + 0) = 0
    assert exact_f1(spans, []) == 0.0


def test_overlap_f1_matches_nested_spans_one_to_one_as_many_as_possible():
    a = [(0, 20, "CASUALTY"), (5, 10, "CASUALTY")]  # the second nests in the first
    b = [(6, 8, "CASUALTY"), (15, 30, "CASUALTY")]
    # Overlaps: a0-b0, a0-b1, a1-b0. Taking a0-b0 first would leave one match; the
    # maximum is a0-b1 and a1-b0: 2 matches, 2 * 2 / (2 + 2) = 1.0. No exact match: 0.
    assert overlap_f1(a, b) == 1.0
    assert exact_f1(a, b) == 0.0


def test_overlap_f1_uses_each_span_once():
    a = [(0, 10, "ACTOR")]
    b = [(0, 4, "ACTOR"), (6, 10, "ACTOR")]
    # Both b spans overlap the one a span, which can match only one: 2 * 1 / 3
    assert overlap_f1(a, b) == pytest.approx(2 / 3)
    # Touching is not overlapping: [0, 4) and [4, 8) share no character.
    assert overlap_f1([(0, 4, "ACTOR")], [(4, 8, "ACTOR")]) == 0.0


def test_mark_tokens_marks_every_token_a_span_touches_nested_or_not():
    marks = mark_tokens(STARTS, ENDS, np.array([0, 4, 13]), np.array([3, 7, 15]))
    # [0, 3) covers tokens 0 (0-1) and 1 (2-3); [4, 7) nests 2 and 3; [13, 15) touches
    # token 7 (14-15) only: token 6 (12-13) ends where the span starts.
    assert marks.tolist() == [1, 1, 1, 1, 0, 0, 0, 1, 0, 0]
    nested = mark_tokens(STARTS, ENDS, np.array([0, 4]), np.array([19, 7]))
    assert nested.all()
    assert not mark_tokens(STARTS, ENDS, np.array([], int), np.array([], int)).any()


def test_token_kappa_by_hand():
    a = [(0, 7, "ACTOR")]  # tokens 0-3
    b = [(4, 11, "ACTOR")]  # tokens 2-5
    # a = 1111000000, b = 0011110000: both agree on tokens 2, 3 and 6-9, p_o = 0.6.
    # p_a = p_b = 0.4, p_e = 0.4 * 0.4 + 0.6 * 0.6 = 0.52.
    # kappa = (0.6 - 0.52) / (1 - 0.52) = 1/6
    assert token_kappa(STARTS, ENDS, a, b, "ACTOR") == pytest.approx(1 / 6)
    assert token_kappa(STARTS, ENDS, a, a, "ACTOR") == 1.0
    # No ACTOR on either side: every token 0 for both, p_e = 1: undefined.
    assert token_kappa(STARTS, ENDS, a, b, "WEAPON") is None


def test_cohen_kappa_of_opposite_ratings_is_minus_one():
    # p_o = 0, p_a = p_b = 0.5, p_e = 0.5: (0 - 0.5) / 0.5 = -1
    assert cohen_kappa(np.array([1, 0, 1, 0]), np.array([0, 1, 0, 1])) == -1.0
    assert cohen_kappa(np.array([], bool), np.array([], bool)) is None


def test_krippendorff_alpha_with_missing_ratings_by_hand():
    nan = np.nan
    ratings = np.array([[1, 0, 0, nan], [1, 1, 0, 0], [nan, 1, 0, 0]])
    # Units (zeros, ones): u1 (0, 2), u2 (1, 2), u3 (3, 0), u4 (2, 0).
    # Coincidences: u1 o11 += 2*1/1; u2 o01 = o10 += 1*2/2, o11 += 2*1/2; u3 o00 += 3*2/2;
    # u4 o00 += 2*1/1. So o00 = 5, o11 = 3, o01 = o10 = 1; n0 = 6, n1 = 4, n = 10.
    # alpha = 1 - (n - 1) * (o01 + o10) / (2 * n0 * n1) = 1 - 9 * 2 / 48 = 0.625
    counts = np.array([[0, 2], [1, 2], [3, 0], [2, 0]])
    assert krippendorff_alpha_nominal(counts) == pytest.approx(0.625)
    rated = ~np.isnan(ratings)
    assert krippendorff_alpha_binary(np.nan_to_num(ratings), rated) == pytest.approx(0.625)
    assert krippendorff.alpha(ratings, level_of_measurement="nominal") == pytest.approx(0.625)


def test_krippendorff_alpha_perfect_and_undefined():
    assert krippendorff_alpha_nominal(np.array([[0, 3], [2, 0], [0, 2]])) == 1.0
    # Only zeros anywhere: no expected disagreement, alpha undefined.
    assert krippendorff_alpha_nominal(np.array([[3, 0], [2, 0]])) is None
    # A unit rated once is not pairable and leaves nothing to compare.
    assert krippendorff_alpha_nominal(np.array([[0, 1], [1, 0]])) is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0.0, 1.0, np.nan]), min_size=3, max_size=3),
        min_size=2,
        max_size=30,
    )
)
def test_krippendorff_alpha_agrees_with_the_krippendorff_package(units):
    ratings = np.array(units).T
    rated = ~np.isnan(ratings)
    ours = krippendorff_alpha_binary(np.nan_to_num(ratings), rated)
    pairable = rated.sum(axis=0) >= 2
    values = np.unique(ratings[:, pairable][rated[:, pairable]])
    if len(values) < 2:
        assert ours is None
        return
    theirs = krippendorff.alpha(ratings, level_of_measurement="nominal", value_domain=[0, 1])
    assert ours == pytest.approx(theirs)


span_lists = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 12), st.integers(1, 6)),
    max_size=12,
    unique_by=lambda span: (span[0], span[1], span[1] + span[2]),
)


@settings(max_examples=150, deadline=None)
@given(span_lists, span_lists)
def test_vectorised_counts_equal_the_per_document_functions(a_spans, b_spans):
    """span_match_counts over groups agrees with exact_matches / overlap_matches per group."""

    def columns(spans):
        group = np.array([g for g, _, _ in spans], dtype=np.int64)
        ranges = np.array([(s, s + n) for _, s, n in spans], dtype=np.int64).reshape(-1, 2)
        return group, ranges

    totals, exact, overlap = span_match_counts(*columns(a_spans), *columns(b_spans), 3)
    for group in range(3):
        a = [(s, s + n, "ACTOR") for g, s, n in a_spans if g == group]
        b = [(s, s + n, "ACTOR") for g, s, n in b_spans if g == group]
        assert totals[group] == len(a) + len(b)
        assert exact[group] == exact_matches(a, b)
        assert overlap[group] == overlap_matches(a, b)


def _brute_force_matching(a, b):
    """Most one-to-one overlapping pairs, by trying every assignment of a's spans."""
    best = 0
    for choice in itertools.product([None, *range(len(b))], repeat=len(a)):
        used = [j for j in choice if j is not None]
        if len(used) == len(set(used)) and all(
            j is None or (a[i][2] == b[j][2] and a[i][0] < b[j][1] and b[j][0] < a[i][1])
            for i, j in enumerate(choice)
        ):
            best = max(best, len(used))
    return best


small_spans = st.lists(
    st.tuples(st.integers(0, 10), st.integers(1, 5), st.sampled_from(["ACTOR", "WEAPON"])).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=5,
    unique=True,
)


@settings(max_examples=150, deadline=None)
@given(small_spans, small_spans)
def test_overlap_matching_is_maximum(a, b):
    assert overlap_matches(a, b) == _brute_force_matching(a, b)
