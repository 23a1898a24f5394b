"""Suggestions apart from labels: replaced per source, rejected per annotator, never counted."""

from __future__ import annotations

import json

import pytest

from annotator.agreement_report import project_agreement
from annotator.exporters.conll import export_conll
from annotator.exporters.event_export import export_events
from annotator.exporters.jsonl import export_jsonl
from annotator.exporters.spacy import export_spacy
from annotator.model import GOLD, Span, Status, Suggestion
from annotator.review import load_document_review, rank_documents
from annotator.store import Project
from annotator.store.listing import DocumentFilter, document_page, row_of
from annotator.store.migrations import CURRENT_VERSION
from annotator.store.suggestions import (
    add_patterns,
    documents_to_suggest,
    most_uncertain_todo,
    open_suggestions,
    reject_suggestion,
    replace_suggestions,
    store_uncertainty,
    stored_patterns,
    suggestion_counts,
    unreject_suggestion,
)
from tests.conftest import add_text

TEXT = "Rebels shelled Ostrel on Monday, killing 12 civilians."


def where(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def suggestion(document, word, label, source="patterns", **attrs) -> Suggestion:
    start, end = where(word)
    return Suggestion(
        document=document, start=start, end=end, label=label, source=source, attrs=attrs
    )


@pytest.fixture
def document(project) -> int:
    return add_text(project, TEXT, "Shelling")


def test_a_project_from_before_suggestions_migrates_and_keeps_its_spans(project_path):
    with Project.open(project_path) as project:
        doc = add_text(project, TEXT)
        project.add_span(Span(document=doc, annotator="amira", start=0, end=6, label="ACTOR"))
        for table in ("suggestions", "suggestion_rejections", "patterns", "uncertainty"):
            project.conn.execute(f"DROP TABLE {table}")
        for view in ("spans_with_text", "document_status"):
            project.conn.execute(f"DROP VIEW {view}")
        project.conn.execute("PRAGMA user_version = 4")
    with Project.open(project_path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone() == (CURRENT_VERSION,)
        assert [s.label for s in project.spans(doc)] == ["ACTOR"]
        replace_suggestions(
            project, [suggestion(doc, "Ostrel", "LOCATION")], documents=[doc], sources=["patterns"]
        )
        assert len(open_suggestions(project, doc, "amira")) == 1


def test_fresh_suggestions_replace_their_source_only(project, document):
    first = [suggestion(document, "Rebels", "ACTOR"), suggestion(document, "Ostrel", "LOCATION")]
    assert replace_suggestions(project, first, documents=[document], sources=["patterns"]) == 2
    casualty = suggestion(document, "12 civilians", "CASUALTY", "casualties", kind="killed")
    replace_suggestions(project, [casualty], documents=[document], sources=["casualties"])
    again = [suggestion(document, "Ostrel", "LOCATION")]
    replace_suggestions(project, again, documents=[document], sources=["patterns"])
    assert [(s.label, s.source) for s in open_suggestions(project, document, "amira")] == [
        ("LOCATION", "patterns"),
        ("CASUALTY", "casualties"),
    ]
    assert suggestion_counts(project) == {
        "patterns": {"LOCATION": 1},
        "casualties": {"CASUALTY": 1},
    }


def test_one_suggestion_per_span_preferring_attributes(project, document):
    plain = suggestion(document, "12 civilians", "CASUALTY", "model")
    rich = suggestion(document, "12 civilians", "CASUALTY", "casualties", kind="killed")
    replace_suggestions(project, [plain], documents=[document], sources=["model"])
    replace_suggestions(project, [rich], documents=[document], sources=["casualties"])
    (only,) = open_suggestions(project, document, "amira")
    assert only.attrs == {"kind": "killed"}


def test_rejections_are_per_annotator_and_undone(project, document):
    ostrel = suggestion(document, "Ostrel", "LOCATION")
    replace_suggestions(project, [ostrel], documents=[document], sources=["patterns"])
    reject_suggestion(project, ostrel, "amira")
    assert open_suggestions(project, document, "amira") == []
    assert len(open_suggestions(project, document, "ben")) == 1
    replace_suggestions(project, [ostrel], documents=[document], sources=["patterns"])
    assert open_suggestions(project, document, "amira") == []
    unreject_suggestion(project, ostrel, "amira")
    assert len(open_suggestions(project, document, "amira")) == 1
    actions = [r[0] for r in project.conn.execute("SELECT action FROM log ORDER BY id")]
    assert actions[-2:] == ["suggestion.reject", "suggestion.unreject"]


def test_an_accepted_span_hides_its_suggestion(project, document):
    ostrel = suggestion(document, "Ostrel", "LOCATION")
    replace_suggestions(project, [ostrel], documents=[document], sources=["patterns"])
    start, end = where("Ostrel")
    project.add_span(
        Span(document=document, annotator="amira", start=start, end=end, label="LOCATION")
    )
    assert open_suggestions(project, document, "amira") == []
    assert len(open_suggestions(project, document, "ben")) == 1


def test_suggestions_for_one_annotator_are_theirs_alone(project, document):
    ostrel = suggestion(document, "Ostrel", "LOCATION")
    replace_suggestions(
        project, [ostrel], documents=[document], sources=["patterns"], annotator="amira"
    )
    assert len(open_suggestions(project, document, "amira")) == 1
    assert open_suggestions(project, document, "ben") == []


def test_documents_to_suggest_todo_or_all(project, document):
    other = add_text(project, "Army units returned fire from the hills.")
    project.set_status(document, "amira", Status.done)
    ids = lambda **kw: [i for batch in documents_to_suggest(project, **kw) for i, _ in batch]  # noqa: E731
    assert ids(which="all") == [document, other]
    assert ids(which="todo") == [other]
    assert ids(which="todo", annotator="ben") == [document, other]


def test_patterns_are_stored_once(project):
    patterns = [
        {"label": "ACTOR", "pattern": "Northern Front", "attrs": {"actor_type": "rebel_group"}},
        {"label": "LOCATION", "pattern": [{"LOWER": "ostrel"}]},
    ]
    assert add_patterns(project, patterns) == 2
    assert add_patterns(project, patterns[:1]) == 0
    assert stored_patterns(project) == [
        {"label": "ACTOR", "pattern": "Northern Front", "attrs": {"actor_type": "rebel_group"}},
        {"label": "LOCATION", "pattern": [{"LOWER": "ostrel"}], "attrs": {}},
    ]


# Suggestions never count as labels: each figure below would change if they leaked.


@pytest.fixture
def labelled(project):
    """Two annotators and gold on one done document, and suggestions for everyone."""
    doc = add_text(project, TEXT, "Shelling")
    for annotator in ("amira", "ben", GOLD):
        start, end = where("Ostrel")
        project.add_span(
            Span(document=doc, annotator=annotator, start=start, end=end, label="LOCATION")
        )
        project.set_status(doc, annotator, Status.done)
    return project, doc


def _figures(project, doc, tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    agreement = project_agreement(project, ["amira", "ben"])
    review = load_document_review(project, doc)
    export_jsonl(project, output=folder / "all.jsonl")
    export_conll(project, output=folder / "gold.conll")
    export_events(project, output=folder / "events.jsonl")
    spacy_report = export_spacy(project, output=folder / "spacy", dev_fraction=0)
    return {
        "stats": project.stats(),
        "agreement": agreement.model_dump(),
        "review_items": [(i.start, i.end, i.kind) for i in review.items],
        "ranked": [(s.document, s.items) for s in rank_documents(project)],
        "jsonl": [json.loads(x)["spans"] for x in (folder / "all.jsonl").read_text().splitlines()],
        "conll": (folder / "gold.conll").read_text(),
        "events": (folder / "events.jsonl").read_text(),
        "spacy_spans": spacy_report["spans"],
    }


def test_suggestions_count_for_nothing(labelled, tmp_path):
    project, doc = labelled
    before = _figures(project, doc, tmp_path, "before")
    proposed = [
        suggestion(doc, "Rebels", "ACTOR"),
        suggestion(doc, "Ostrel", "ACTOR"),
        suggestion(doc, "12 civilians", "CASUALTY", "casualties", kind="killed", count=12),
    ]
    for annotator in ("", "amira", "ben", GOLD):
        replace_suggestions(
            project,
            proposed,
            documents=[doc],
            sources=["patterns", "casualties"],
            annotator=annotator,
        )
    after = _figures(project, doc, tmp_path, "after")
    assert after == before
    assert before["stats"]["spans"] == 3
    assert before["events"] == ""


def test_the_most_uncertain_document_still_to_do_comes_first(project):
    ids = [add_text(project, f"Bulletin {n}: rebels shelled Ostrel.") for n in range(4)]
    store_uncertainty(project, {ids[0]: 0.2, ids[1]: 1.5, ids[2]: 0.9}, "models/v1")
    assert most_uncertain_todo(project, "amira") == ids[1]
    project.set_status(ids[1], "amira", Status.done)
    assert most_uncertain_todo(project, "amira") == ids[2]
    assert most_uncertain_todo(project, "amira", after=ids[2]) == ids[0]
    for done in ids[:3]:
        project.set_status(done, "amira", Status.done)
    assert most_uncertain_todo(project, "amira") == ids[3]
    project.set_status(ids[3], "amira", Status.skipped)
    assert most_uncertain_todo(project, "amira") is None


def test_the_document_list_pages_and_places_rows_by_uncertainty(project):
    ids = [add_text(project, f"Bulletin {n}: rebels shelled Ostrel.") for n in range(5)]
    store_uncertainty(project, {ids[0]: 0.2, ids[1]: 1.5, ids[2]: 0.9, ids[3]: 3.0}, "v1")
    project.set_status(ids[3], "amira", Status.done)
    project.set_status(ids[1], "ben", Status.done)  # someone else's status changes nothing
    by_uncertainty = DocumentFilter(order="uncertainty")
    expected = [ids[1], ids[2], ids[0], ids[4], ids[3]]
    page = document_page(project, "amira", by_uncertainty, offset=0, limit=10)
    assert [row.id for row in page] == expected
    assert [r.id for r in document_page(project, "amira", by_uncertainty, offset=1, limit=2)] == (
        expected[1:3]
    )
    assert [row_of(project, "amira", by_uncertainty, i) for i in expected] == [0, 1, 2, 3, 4]
    todo = DocumentFilter(status=Status.todo, order="uncertainty")
    assert [r.id for r in document_page(project, "amira", todo, offset=0, limit=10)] == (
        expected[:4]
    )
    assert row_of(project, "amira", todo, ids[4]) == 3
    assert row_of(project, "amira", todo, ids[3]) is None
    in_order = document_page(project, "amira", DocumentFilter(), offset=0, limit=10)
    assert [row.id for row in in_order] == ids


def test_a_suggestion_inside_a_longer_one_of_its_label_waits_behind_it(project, document):
    outer = suggestion(document, "Rebels shelled", "ACTOR", "model")
    inner = suggestion(document, "Rebels", "ACTOR")
    other = suggestion(document, "Rebels", "LOCATION")
    replace_suggestions(project, [inner, other], documents=[document], sources=["patterns"])
    replace_suggestions(project, [outer], documents=[document], sources=["model"])
    shown = open_suggestions(project, document, "amira")
    assert [(s.key[2], TEXT[s.start : s.end]) for s in shown] == [
        ("ACTOR", "Rebels shelled"),
        ("LOCATION", "Rebels"),
    ]
    reject_suggestion(project, shown[0], "amira")
    assert ("ACTOR", "Rebels") in [
        (s.label, TEXT[s.start : s.end]) for s in open_suggestions(project, document, "amira")
    ]
