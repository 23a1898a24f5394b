"""Review: grouping and classifying disagreements, ranking documents, decisions, adjudication."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import GOLD, ReviewStatus, Span, Status
from annotator.review import (
    ItemKind,
    ItemState,
    ReviewError,
    adjudicate,
    document_score,
    group_items,
    linked,
    load_document_review,
    rank_documents,
)
from annotator.review_decisions import (
    accept_agreed,
    accept_version,
    draw_gold_span,
    mark_reviewed,
    redo_accept,
    reject_item,
    undo_accept,
    undo_reject,
)
from annotator.store import Project
from annotator.store.migrations import CURRENT_VERSION
from annotator.store.review import review_status
from tests.conftest import add_text

TEXT = "Rebels attacked Ostrel on Monday and killed 12 soldiers with mortars near the river."


def _span(annotator: str, start: int, end: int, label: str, **attrs) -> Span:
    return Span(document=1, annotator=annotator, start=start, end=end, label=label, attrs=attrs)


def _find(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def annotate(project, document: int, annotator: str, marks, done: bool = True) -> None:
    """`marks`: (word, label, attrs) triples marked in the document by `annotator`."""
    text = project.document(document).text
    for word, label, attrs in marks:
        start, end = _find(text, word)
        project.add_span(
            Span(
                document=document,
                annotator=annotator,
                start=start,
                end=end,
                label=label,
                attrs=attrs,
            )
        )
    if done:
        project.set_status(document, annotator, Status.done)


def gold_words(project, document: int) -> list[tuple[str, str]]:
    text = project.document(document).text
    return [(text[s.start : s.end], s.label) for s in project.spans(document, GOLD)]


# Pure grouping and classification


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


# Over a project


@pytest.fixture
def three_annotators(project):
    """One document annotated by amira, ben and chen, all done."""
    doc = add_text(project, TEXT, "Ostrel attack")
    agreed = [("Rebels", "ACTOR", {"actor_type": "rebel_group"})]
    annotate(
        project,
        doc,
        "amira",
        [*agreed, ("Ostrel", "LOCATION", {}), ("12 soldiers", "CASUALTY", {"kind": "killed"})],
    )
    annotate(
        project,
        doc,
        "ben",
        [*agreed, ("Ostrel", "ACTOR", {}), ("killed 12 soldiers", "CASUALTY", {"kind": "killed"})],
    )
    annotate(project, doc, "chen", [*agreed, ("Ostrel", "LOCATION", {}), ("mortars", "WEAPON", {})])
    return doc


def test_load_document_review_reads_finished_annotators(project, three_annotators):
    review = load_document_review(project, three_annotators)
    assert review.annotators == ["amira", "ben", "chen"]
    assert [i.kind for i in review.items] == [
        ItemKind.agreed,
        ItemKind.label_differs,
        ItemKind.boundary_differs,
        ItemKind.only_some,
    ]
    assert review.states == [ItemState.pending] * 4
    assert review.status is ReviewStatus.todo


def test_rank_documents_lowest_agreement_first(project, three_annotators):
    calm = add_text(project, "Police arrested two men in Brannick.", "Calm day")
    for name in ("amira", "ben"):
        annotate(project, calm, name, [("Police", "ACTOR", {}), ("Brannick", "LOCATION", {})])
    lonely = add_text(project, "Nothing happened in Karsh.", "One annotator")
    annotate(project, lonely, "amira", [("Karsh", "LOCATION", {})])
    ranked = rank_documents(project)
    assert [s.document for s in ranked] == [three_annotators, calm]
    assert ranked[1].score == 1.0
    assert ranked[0].score < 0.5
    assert ranked[0].kinds == {
        "agreed": 1,
        "label_differs": 1,
        "boundary_differs": 1,
        "only_some": 1,
    }
    assert ranked[0].pending == 4


def test_accept_reject_draw_and_undo_writegold_words(project, three_annotators):
    doc = three_annotators
    review = load_document_review(project, doc)
    agreed, label, boundary, only = review.items

    added = accept_agreed(project, doc, reviewer="rita")
    assert gold_words(project, doc) == [("Rebels", "ACTOR")]
    assert project.spans(doc, GOLD)[0].attrs == {"actor_type": "rebel_group"}
    assert accept_agreed(project, doc, reviewer="rita") == []

    accept_version(project, label, "amira", reviewer="rita")
    accepted = accept_version(project, boundary, "ben", reviewer="rita")
    keys = reject_item(project, only, reviewer="rita")
    river = TEXT.index("the river")
    drawn = draw_gold_span(project, doc, river + 1, river + 7, "LOCATION", reviewer="rita")
    assert (drawn.start, drawn.end) == (river, river + len("the river"))

    assert set(gold_words(project, doc)) == {
        ("Rebels", "ACTOR"),
        ("Ostrel", "LOCATION"),
        ("killed 12 soldiers", "CASUALTY"),
        ("the river", "LOCATION"),
    }
    review = load_document_review(project, doc)
    assert review.states == [ItemState.accepted] * 3 + [ItemState.rejected]
    assert review.pending == []
    assert review_status(project, doc) is ReviewStatus.in_progress

    undo_accept(project, accepted, reviewer="rita")
    undo_reject(project, doc, keys, reviewer="rita")
    review = load_document_review(project, doc)
    assert review.states[2:] == [ItemState.pending, ItemState.pending]
    redo_accept(project, accepted, reviewer="rita")
    assert ("killed 12 soldiers", "CASUALTY") in gold_words(project, doc)
    undo_accept(project, added, reviewer="rita")
    assert ("Rebels", "ACTOR") not in gold_words(project, doc)

    mark_reviewed(project, doc, reviewer="rita")
    assert review_status(project, doc) is ReviewStatus.done
    assert project.status(doc, GOLD) is Status.done  # so exports of gold take it
    mark_reviewed(project, doc, reviewer="rita", status=ReviewStatus.in_progress)
    assert project.status(doc, GOLD) is Status.todo
    actions = [
        r[0] for r in project.conn.execute("SELECT action FROM log WHERE annotator = 'rita'")
    ]
    assert {"review.accept", "review.reject", "review.draw", "review.status"} <= set(actions)


# Adjudication


def test_adjudicate_two_of_three_writes_gold_and_reports_the_rest(project, three_annotators):
    doc = three_annotators
    report = adjudicate(project, min_agree=2)
    assert gold_words(project, doc) == [("Rebels", "ACTOR"), ("Ostrel", "LOCATION")]
    assert report.spans_written == 2
    assert report.documents == 1
    assert report.items_left == 2
    assert report.left[0].kinds == {"boundary_differs": 1, "only_some": 1}
    assert report.to_dict()["documents_left"] == 1

    again = adjudicate(project, min_agree=2)
    assert again.spans_written == 0
    assert len(project.spans(doc, GOLD)) == 2
    assert again.items_left == 2


def test_adjudicate_three_of_three_only_takes_unanimous_spans(project, three_annotators):
    report = adjudicate(project, min_agree=3)
    assert gold_words(project, three_annotators) == [("Rebels", "ACTOR")]
    assert report.items_left == 3


def test_adjudicate_takes_the_most_common_attributes(project):
    doc = add_text(project, TEXT)
    annotate(project, doc, "amira", [("Rebels", "ACTOR", {"actor_type": "unknown"})])
    annotate(project, doc, "ben", [("Rebels", "ACTOR", {"actor_type": "rebel_group"})])
    annotate(project, doc, "chen", [("Rebels", "ACTOR", {"actor_type": "rebel_group"})])
    adjudicate(project, min_agree=2)
    assert project.spans(doc, GOLD)[0].attrs == {"actor_type": "rebel_group"}


def test_adjudicate_skips_documents_too_few_finished(project, three_annotators):
    other = add_text(project, "Police arrested two men in Brannick.")
    annotate(project, other, "amira", [("Police", "ACTOR", {})])
    annotate(project, other, "ben", [("Police", "ACTOR", {})], done=False)
    report = adjudicate(project, min_agree=2)
    assert report.skipped == 1
    assert project.spans(other, GOLD) == []


def test_adjudicate_marks_documents_with_nothing_left_done(project, three_annotators):
    calm = add_text(project, "Police arrested two men in Brannick.")
    for name in ("amira", "ben"):
        annotate(project, calm, name, [("Police", "ACTOR", {})])
    report = adjudicate(project, min_agree=2)
    assert report.settled == 1
    assert project.status(calm, GOLD) is Status.done
    assert review_status(project, calm) is ReviewStatus.done
    assert project.status(three_annotators, GOLD) is Status.todo
    assert review_status(project, three_annotators) is ReviewStatus.todo


def test_adjudicate_refuses_k_below_two_or_nothing_finished(project):
    with pytest.raises(ReviewError, match="at least 2"):
        adjudicate(project, min_agree=1)
    doc = add_text(project, TEXT)
    annotate(project, doc, "amira", [("Rebels", "ACTOR", {})])
    with pytest.raises(ReviewError, match="no document is finished by 2"):
        adjudicate(project, min_agree=2)


# Properties and storage

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


def test_a_version_1_project_gains_the_review_tables(project_path):
    with Project.open(project_path) as project:
        project.conn.execute("DROP TABLE review_rejections")
        project.conn.execute("DROP TABLE review_status")
        project.conn.execute("PRAGMA user_version = 1")
    with Project.open(project_path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone() == (CURRENT_VERSION,)
        doc = add_text(project, TEXT)
        assert review_status(project, doc) is ReviewStatus.todo
