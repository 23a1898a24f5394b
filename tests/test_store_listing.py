"""The document list's SQL: pages with status and span counts, search, progress, next todo."""

from annotator.model import Span, Status
from annotator.store.listing import (
    DocumentFilter,
    document_page,
    fts_query,
    next_todo,
    progress,
    row_count,
    row_of,
)
from tests.conftest import add_text


def _three(project):
    for number, place in enumerate(["Ostrel", "Melisk", "Lirsk"], 1):
        add_text(project, f"Report {number}: clashes near {place} today.", f"{place} clashes")
    project.set_status(2, "amira", Status.done)
    project.set_status(3, "ben", Status.skipped)
    project.add_span(Span(document=1, annotator="amira", start=0, end=6, label="ACTOR"))
    project.add_span(Span(document=1, annotator="ben", start=0, end=6, label="ACTOR"))


def test_page_shows_status_and_span_count_of_one_annotator(project):
    _three(project)
    rows = document_page(project, "amira", DocumentFilter(), offset=0, limit=10)
    assert [(r.id, r.status, r.spans) for r in rows] == [
        (1, Status.todo, 1),
        (2, Status.done, 0),
        (3, Status.todo, 0),
    ]
    assert [r.id for r in document_page(project, "amira", DocumentFilter(), offset=1, limit=1)] == [
        2
    ]


def test_filter_by_status_and_search(project):
    _three(project)
    todo = DocumentFilter(status=Status.todo)
    assert row_count(project, "amira", todo) == 2
    assert [r.id for r in document_page(project, "amira", todo, offset=0, limit=9)] == [1, 3]
    found = DocumentFilter(search="meli")
    assert [r.id for r in document_page(project, "amira", found, offset=0, limit=9)] == [2]
    assert row_count(project, "amira", DocumentFilter(status=Status.todo, search="melisk")) == 0
    assert row_of(project, "amira", todo, 3) == 1
    assert row_of(project, "amira", todo, 2) is None


def test_search_input_is_never_fts_syntax(project):
    _three(project)
    # Each input is read as plain words (the last one a prefix): documents holding them all.
    expected = {
        '"': [1, 2, 3],  # no word: no search
        "-": [1, 2, 3],
        "NEAR(": [1, 2, 3],  # the word "near", in every text, not FTS5's NEAR operator
        "near(Lirsk": [3],
        "clashes Mel": [2],
        "Ostrel OR": [],  # no word starts with "or": not FTS5's OR
        "a*b": [],
        "title:x": [],  # not a column filter
        "'; DROP": [],
    }
    for nasty, ids in expected.items():
        found = DocumentFilter(search=nasty)
        assert [r.id for r in document_page(project, "amira", found, offset=0, limit=9)] == ids
        assert row_count(project, "amira", found) == len(ids), nasty
    assert fts_query('near "Ostrel') == '"near" "Ostrel"*'
    assert fts_query("  ") == ""


def test_progress_and_next_todo_wrap(project):
    _three(project)
    assert progress(project, "amira") == (1, 3)
    assert next_todo(project, "amira", 1) == 3
    assert next_todo(project, "amira", 3) == 1
    assert next_todo(project, "ben", 2) == 1
