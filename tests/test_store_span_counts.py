"""Span counts per annotator and label, kept by triggers, always equal a fresh count."""

import sqlite3

import pytest

from annotator.importers import ImportFailed, import_files
from annotator.model import Span
from annotator.store import Project
from tests.conftest import add_text, downgrade_to_v1
from tests.importing import write_jsonl

TEXT = "Rebels shelled Ostrel and Brannick with mortars on Monday."


def counted(project):
    rows = project.conn.execute(
        "SELECT annotator, label, count(*) FROM spans GROUP BY annotator, label"
    ).fetchall()
    return sorted(rows)


def kept(project):
    return sorted(project.conn.execute("SELECT annotator, label, spans FROM span_counts"))


def test_counts_follow_adds_updates_deletes_and_restores(project):
    document = add_text(project, TEXT)
    ostrel = project.add_span(
        Span(document=document, annotator="amira", start=15, end=21, label="LOCATION")
    )
    project.add_span(Span(document=document, annotator="amira", start=0, end=6, label="ACTOR"))
    project.add_span(Span(document=document, annotator="ben", start=15, end=21, label="LOCATION"))
    assert (
        kept(project)
        == counted(project)
        == [
            ("amira", "ACTOR", 1),
            ("amira", "LOCATION", 1),
            ("ben", "LOCATION", 1),
        ]
    )
    project.update_span(ostrel.id, label="ACTOR")
    assert kept(project) == counted(project) == [("amira", "ACTOR", 2), ("ben", "LOCATION", 1)]
    removed = project.delete_span(ostrel.id)
    assert kept(project) == counted(project)
    project.restore_span(removed)
    assert kept(project) == counted(project)
    stored = project.spans(document)
    assert project.insert_checked_spans(stored) == 0  # all there already: nothing changes
    fresh = Span(document=document, annotator="chen", start=27, end=35, label="LOCATION")
    assert project.insert_checked_spans([fresh]) == 1  # what was inserted, not what triggers did
    assert kept(project) == counted(project)
    for span in project.spans(document):
        project.delete_span(span.id)
    assert kept(project) == [] and project.stats()["labels"] == {}


def test_opening_a_version_1_project_fills_the_counts(project_path):
    with Project.open(project_path) as project:
        document = add_text(project, TEXT)
    conn = sqlite3.connect(project_path, isolation_level=None)
    downgrade_to_v1(conn)
    conn.executemany(
        'INSERT INTO spans (document, annotator, start, "end", label, created, updated)'
        " VALUES (?, ?, ?, ?, ?, '', '')",
        [
            (document, "amira", 0, 6, "ACTOR"),
            (document, "amira", 15, 21, "LOCATION"),
            (document, "ben", 0, 6, "ACTOR"),
        ],
    )
    conn.close()
    with Project.open(project_path) as project:
        assert kept(project) == counted(project)
        assert project.stats()["annotators"]["amira"]["spans"] == 2


def test_import_counts_its_spans_in_bulk_and_keeps_the_trigger(project, tmp_path):
    """Imports count spans once at the end; a failed import leaves counts and trigger as before."""
    records = [
        {"text": TEXT, "spans": [{"start": 0, "end": 6, "label": "ACTOR"}], "_annotator_id": "a"},
        {"text": TEXT + " Again.", "spans": [{"start": 15, "end": 21, "label": "LOCATION"}]},
    ]
    good = write_jsonl(tmp_path / "good.jsonl", records)
    import_files(project, [good])
    import_files(project, [good])  # nothing new: counts unchanged
    assert kept(project) == counted(project) == [("a", "ACTOR", 1), ("imported", "LOCATION", 1)]
    bad = write_jsonl(tmp_path / "bad.jsonl", [records[0] | {"text": "Other text."}, "{"])
    with pytest.raises(ImportFailed):
        import_files(project, [bad])
    assert kept(project) == counted(project) == [("a", "ACTOR", 1), ("imported", "LOCATION", 1)]
    document = add_text(project, "Shelling near Brannick.")
    project.add_span(Span(document=document, annotator="a", start=14, end=22, label="LOCATION"))
    assert kept(project) == counted(project)  # the per-row trigger is back
