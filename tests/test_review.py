"""Review over a project: items of a document, ranking, reviewer decisions, adjudication."""

from __future__ import annotations

import pytest

from annotator.model import GOLD, ReviewStatus, Span, Status
from annotator.review import (
    ItemKind,
    ItemState,
    ReviewError,
    adjudicate,
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
from tests.conftest import add_text, downgrade_to_v1

TEXT = "Rebels attacked Ostrel on Monday and killed 12 soldiers with mortars near the river."


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
    for name in ("amira", "ben", "chen"):
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


def test_accept_reject_draw_and_undo_write_gold(project, three_annotators):
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


def test_adjudicate_waits_for_an_import_under_way(project, three_annotators):
    """An import's spans on documents already there go in step by step and may yet be undone:
    gold settled on them would stay settled. Adjudication refuses until the import is in."""
    from annotator.store.staged_import import StagedImport

    with StagedImport(project) as staged:
        with staged.step():
            annotate(project, three_annotators, GOLD, [("Ostrel", "LOCATION", {})], done=False)
        with pytest.raises(ReviewError, match="an import into it is under way"):
            adjudicate(project, min_agree=2)
        assert project.status(three_annotators, GOLD) is Status.todo
        staged.publish(lambda conn: None)
    assert adjudicate(project, min_agree=2).spans_written == 1


def test_adjudicate_refuses_k_below_two_or_nothing_finished(project):
    with pytest.raises(ReviewError, match="at least 2"):
        adjudicate(project, min_agree=1)
    doc = add_text(project, TEXT)
    annotate(project, doc, "amira", [("Rebels", "ACTOR", {})])
    with pytest.raises(ReviewError, match="no document is finished by 2"):
        adjudicate(project, min_agree=2)


def test_a_version_1_project_gains_the_review_tables(project_path):
    with Project.open(project_path) as project:
        downgrade_to_v1(project.conn)
    with Project.open(project_path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone() == (CURRENT_VERSION,)
        doc = add_text(project, TEXT)
        assert review_status(project, doc) is ReviewStatus.todo


def test_accept_all_agreed_leaves_items_whose_attributes_differ(project):
    doc = add_text(project, TEXT)
    annotate(project, doc, "amira", [("12 soldiers", "CASUALTY", {"kind": "killed"})])
    annotate(project, doc, "ben", [("12 soldiers", "CASUALTY", {"kind": "injured"})])
    assert accept_agreed(project, doc, reviewer="rita") == []
    (item,) = load_document_review(project, doc).items
    assert item.kind is ItemKind.attrs_differ
    accept_version(project, item, "ben", reviewer="rita")
    assert project.spans(doc, GOLD)[0].attrs == {"kind": "injured"}


def test_a_document_counts_only_once_every_compared_annotator_marked_it_done(
    project, three_annotators
):
    half = add_text(project, "Police arrested two men in Brannick.", "Chen still working")
    for name in ("amira", "ben"):
        annotate(project, half, name, [("Police", "ACTOR", {})])
    annotate(project, half, "chen", [("Brannick", "LOCATION", {})], done=False)
    assert [s.document for s in rank_documents(project)] == [three_annotators]
    left_out = rank_documents(project, exclude={"chen"})
    assert [s.document for s in left_out] == [three_annotators, half]
    assert all(s.annotators == ("amira", "ben") for s in left_out)
    assert load_document_review(project, three_annotators, {"chen"}).annotators == ["amira", "ben"]
    assert rank_documents(project, exclude={"chen", "ben"}) == []


def test_accepting_a_version_its_annotator_changed_since_it_was_loaded_writes_nothing(
    project, three_annotators
):
    """The review window loaded the document; then amira deleted her CASUALTY span. Accepting
    "amira's version" of that item would give gold a span nobody has: it is refused."""
    review = load_document_review(project, three_annotators)
    item = next(i for i in review.items if any(s.label == "CASUALTY" for s in i.spans_of("amira")))
    (casualty,) = [s for s in item.spans_of("amira") if s.label == "CASUALTY"]
    project.delete_span(project.find_span(casualty))
    with pytest.raises(ReviewError, match="amira's CASUALTY at .* is no longer there"):
        accept_version(project, item, "amira", reviewer="rita")
    assert [s for s in project.spans(three_annotators, GOLD)] == []


def test_accepting_takes_the_attributes_as_stored_now(project, three_annotators):
    review = load_document_review(project, three_annotators)
    item = next(i for i in review.items if any(s.label == "ACTOR" for s in i.spans_of("amira")))
    (actor,) = item.spans_of("amira")
    project.update_span(project.find_span(actor), attrs={"actor_type": "political_militia"})
    accept_version(project, item, "amira", reviewer="rita")
    assert [s.attrs for s in project.spans(three_annotators, GOLD)] == [
        {"actor_type": "political_militia"}
    ]
