"""Views for ad-hoc queries (Datasette, `sqlite-utils query`), and the migration that adds them."""

from annotator.model import Status
from annotator.store import Project
from annotator.store.migrations import CURRENT_VERSION
from tests.labelled_project import add_labelled

TEXT = "Rebels shelled Ostrel. Two farmers were wounded."


def test_spans_with_text_and_document_status(project):
    document = add_labelled(
        project, TEXT, [("Rebels", "ACTOR"), ("Ostrel", "LOCATION")], annotator="amira"
    )
    rows = project.conn.execute(
        "SELECT document, annotator, label, text FROM spans_with_text ORDER BY start"
    ).fetchall()
    assert rows == [
        (document, "amira", "ACTOR", "Rebels"),
        (document, "amira", "LOCATION", "Ostrel"),
    ]
    status = project.conn.execute("SELECT annotator, status, spans FROM document_status").fetchall()
    assert status == [("amira", Status.done.value, 2)]
    assert {"spans_with_text", "document_status"} <= set(project.db.view_names())
    assert project.db["spans_with_text"].count == 2


def test_text_of_a_span_counts_characters_not_bytes(project):
    text = "Café owners in Ostrel fled."
    add_labelled(project, text, [("Ostrel", "LOCATION")])
    (covered,) = project.conn.execute("SELECT text FROM spans_with_text").fetchone()
    assert covered == "Ostrel"


def test_a_project_from_before_the_views_gains_them(project_path):
    with Project.open(project_path) as project:
        project.conn.execute("DROP VIEW spans_with_text")
        project.conn.execute("DROP VIEW document_status")
        project.conn.execute("PRAGMA user_version = 5")
    with Project.open(project_path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone() == (CURRENT_VERSION,)
        assert project.conn.execute("SELECT count(*) FROM spans_with_text").fetchone() == (0,)
