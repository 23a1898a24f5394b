"""Span ids are never reused, and edits that cross time (undo, review) find spans by identity."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.model import GOLD, Span
from annotator.review_decisions import draw_gold_span, redo_accept, undo_accept
from annotator.session import AnnotationSession
from annotator.spans import SpanError
from annotator.store import Project
from annotator.store.migrations import CURRENT_VERSION, MIGRATIONS
from tests.conftest import add_text

TEXT = "Rebels of the Northern Front shelled Ostrel on Monday."


def version_3_project(path) -> None:
    """A project file as version 3 of annotator made it: span ids reusable."""
    with Project.create(path) as project:
        schema = project.setting("schema")
        add_text(project, TEXT)
        documents = project.conn.execute("SELECT * FROM documents").fetchall()
    path.unlink()
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2, 3):
        MIGRATIONS[version](conn)
    conn.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?)",
        [("format", "annotator-project"), ("id", "x"), ("created", "t"), ("schema", schema)],
    )
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)", documents)
    conn.execute(
        'INSERT INTO spans (id, document, annotator, start, "end", label, created, updated)'
        " VALUES (1, 1, 'amira', 0, 6, 'ACTOR', 't', 't'), (2, 1, 'amira', 37, 43, 'LOCATION',"
        " 't', 't')"
    )
    conn.execute("INSERT INTO relations (id, head, tail, label) VALUES (1, 1, 2, 'PLACE')")
    conn.execute(
        "INSERT INTO log (uid, time, annotator, action, document, span)"
        " VALUES ('u1', 't', 'amira', 'span.delete', 1, 9)"
    )
    conn.execute("PRAGMA user_version = 3")
    conn.close()


def test_migration_keeps_spans_and_relations_and_never_reuses_a_logged_id(tmp_path):
    path = tmp_path / "old.db"
    version_3_project(path)
    with Project.open(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone() == (CURRENT_VERSION,)
        assert [(s.id, s.label) for s in project.spans(1)] == [(1, "ACTOR"), (2, "LOCATION")]
        assert project.conn.execute("SELECT head, tail, label FROM relations").fetchall() == [
            (1, 2, "PLACE")
        ]
        assert project.stats()["spans"] == 2
        new = project.add_span(Span(document=1, annotator="ben", start=0, end=6, label="ACTOR"))
        assert new.id == 10, "the log named span 9 once: ids continue after it"
        project.delete_span(new.id)
        again = project.add_span(Span(document=1, annotator="ben", start=0, end=6, label="ACTOR"))
        assert again.id == 11
        assert project.stats()["labels"] == {"ACTOR": 2, "LOCATION": 1}


def test_a_session_refuses_another_annotators_span(project):
    doc = add_text(project, TEXT)
    bobs = project.add_span(Span(document=doc, annotator="bob", start=0, end=6, label="ACTOR"))
    session = AnnotationSession(project, "amira")
    session.open_document(doc)
    with pytest.raises(SpanError, match="bob's, not amira's"):
        session.delete_span(bobs.id)
    with pytest.raises(SpanError, match="bob's, not amira's"):
        session.update_span(bobs.id, label="WEAPON")
    assert project.spans(doc, "bob") == [bobs]


def test_an_edit_of_a_span_changed_elsewhere_changes_nothing(project):
    doc = add_text(project, TEXT)
    session = AnnotationSession(project, "amira")
    session.open_document(doc)
    span = session.add_span(0, 6, "ACTOR")
    project.update_span(span.id, label="WEAPON")  # another window of amira's
    with pytest.raises(SpanError, match="no longer has ACTOR"):
        session.delete_span(span)
    assert [s.label for s in project.spans(doc)] == ["WEAPON"]


def test_review_undo_removes_the_gold_span_it_added_by_identity(project):
    doc = add_text(project, TEXT)
    gold = draw_gold_span(project, doc, 0, 6, "ACTOR", reviewer="rita")
    undo_accept(project, [gold], reviewer="rita")
    project.conn.execute(  # a row that took over the id (as before ids were kept unique)
        'INSERT INTO spans (id, document, annotator, start, "end", label, created, updated)'
        " VALUES (?, ?, 'amira', 37, 43, 'LOCATION', 't', 't')",
        (gold.id, doc),
    )
    (restored,) = redo_accept(project, [gold], reviewer="rita")
    assert restored.id != gold.id
    undo_accept(project, [restored], reviewer="rita")
    assert project.spans(doc, GOLD) == []
    assert [s.label for s in project.spans(doc, "amira")] == ["LOCATION"]
