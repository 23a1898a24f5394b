"""The project file: creating, opening, refusing bad files, every edit logged, rollback."""

import sqlite3

import pytest

from annotator.model import Span, Status
from annotator.spans import SpanError
from annotator.store import Project, ProjectError
from annotator.store.migrations import CURRENT_VERSION
from tests.conftest import add_text

TEXT = "At least 18 fighters of the Northern Liberation Front were killed in Ostrel."


def _rows(project, sql):
    return project.conn.execute(sql).fetchall()


def test_new_project_uses_wal_foreign_keys_and_version(project):
    assert _rows(project, "PRAGMA journal_mode") == [("wal",)]
    assert _rows(project, "PRAGMA foreign_keys") == [(1,)]
    assert _rows(project, "PRAGMA user_version") == [(CURRENT_VERSION,)]
    assert project.schema.label_names == ["ACTOR", "LOCATION", "WEAPON", "CASUALTY"]


def test_existing_file_is_never_overwritten(tmp_path):
    path = tmp_path / "taken.db"
    path.write_bytes(b"precious")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)
    assert path.read_bytes() == b"precious"


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"SQLite format 2\x00"])
def test_non_sqlite_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(path)
    assert path.read_bytes() == content


def test_a_cut_project_is_called_damaged_not_another_kind(project_path):
    """A project file cut short (a failed copy) is damaged: the message says so and points to
    `annotator check`, and the file is left as it is."""
    with Project.open(project_path) as project:
        for n in range(40):
            add_text(project, f"Report {n}: rebels shelled Ostrel again. " * 40)
    content = project_path.read_bytes()
    project_path.write_bytes(content[: len(content) * 9 // 10])
    before = project_path.read_bytes()
    with pytest.raises(ProjectError) as refused:
        Project.open(project_path)
    assert str(refused.value) == (
        f"{project_path}: damaged (database disk image is malformed);"
        f" `annotator check {project_path}` says what is damaged"
    )
    assert project_path.read_bytes() == before


def test_other_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="another kind"):
        Project.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_project_from_newer_version_is_refused_untouched(project_path):
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Project.open(project_path)
    assert project_path.read_bytes() == before


def test_same_text_is_one_document(project):
    first = add_text(project, TEXT, "One")
    again = add_text(project, TEXT, "One again")
    assert first == again
    assert project.document_count() == 1
    assert project.tokens(first).snap(0, 3) == (0, 2)


def test_span_edits_are_each_logged(project):
    doc = add_text(project, TEXT)
    span = project.add_span(
        Span(
            document=doc,
            annotator="ann",
            start=28,
            end=52,
            label="ACTOR",
            attrs={"actor_type": "rebel_group"},
        )
    )
    project.update_span(span.id, label="LOCATION")
    project.delete_span(span.id)
    project.set_status(doc, "ann", Status.done)
    actions = [row[0] for row in _rows(project, "SELECT action FROM log ORDER BY id")]
    assert actions == ["span.add", "span.update", "span.delete", "status.set"]
    assert project.spans(doc) == []
    assert project.status(doc, "ann") is Status.done


def test_span_is_widened_to_tokens_and_attrs_checked(project):
    doc = add_text(project, TEXT)
    span = project.add_span(
        Span(
            document=doc,
            annotator="a",
            start=10,
            end=15,
            label="CASUALTY",
            attrs={"kind": "killed", "count_low": 18},
        )
    )
    assert TEXT[span.start : span.end] == "18 fighters"
    with pytest.raises(SpanError, match="kind must be one of"):
        project.add_span(
            Span(
                document=doc,
                annotator="a",
                start=0,
                end=2,
                label="CASUALTY",
                attrs={"kind": "dead"},
            )
        )
    with pytest.raises(SpanError, match="ends past the text"):
        project.add_span(Span(document=doc, annotator="a", start=0, end=999, label="ACTOR"))
    with pytest.raises(SpanError, match="already has CASUALTY"):
        project.add_span(Span(document=doc, annotator="a", start=9, end=20, label="CASUALTY"))
    assert len(project.spans(doc)) == 1


def test_nested_and_overlapping_spans_are_kept(project):
    doc = add_text(project, TEXT)
    outer = "At least 18 fighters of the Northern Liberation Front"
    for phrase, label in [
        (outer, "CASUALTY"),
        ("Northern Liberation Front", "ACTOR"),
        ("of the Northern", "ACTOR"),
    ]:
        start = TEXT.index(phrase)
        project.add_span(
            Span(document=doc, annotator="a", start=start, end=start + len(phrase), label=label)
        )
    assert [TEXT[s.start : s.end] for s in project.spans(doc)] == [
        outer,
        "of the Northern",
        "Northern Liberation Front",
    ]


def test_deleted_span_restores_with_its_id(project):
    doc = add_text(project, TEXT)
    span = project.add_span(Span(document=doc, annotator="a", start=0, end=2, label="ACTOR"))
    gone = project.delete_span(span.id)
    project.restore_span(gone)
    assert project.spans(doc) == [gone]


def test_log_is_append_only(project):
    doc = add_text(project, TEXT)
    project.set_status(doc, "a", Status.done)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.conn.execute("DELETE FROM log")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.conn.execute("UPDATE log SET annotator = 'x'")


def test_failed_transaction_leaves_nothing(project):
    doc = add_text(project, TEXT)
    with pytest.raises(RuntimeError), project.transaction():
        project.add_span(Span(document=doc, annotator="a", start=0, end=2, label="ACTOR"))
        raise RuntimeError("interrupted")
    assert project.spans(doc) == []
    assert _rows(project, "SELECT count(*) FROM log") == [(0,)]


def test_changes_survive_reopening(project_path):
    with Project.open(project_path) as project:
        doc = add_text(project, TEXT)
        project.add_span(Span(document=doc, annotator="a", start=0, end=2, label="ACTOR"))
    with Project.open(project_path) as project:
        assert [(s.start, s.end, s.label) for s in project.spans(doc)] == [(0, 2, "ACTOR")]


def test_stats_counts_labels_and_annotators(project):
    doc = add_text(project, TEXT)
    other = add_text(project, "Shelling hit Karsh.")
    project.add_span(Span(document=doc, annotator="amira", start=0, end=2, label="ACTOR"))
    project.add_span(Span(document=doc, annotator="ben", start=0, end=2, label="ACTOR"))
    project.add_span(
        Span(
            document=doc,
            annotator="ben",
            start=TEXT.index("Ostrel"),
            end=TEXT.index("Ostrel") + 6,
            label="LOCATION",
        )
    )
    project.set_status(doc, "amira", Status.done)
    project.set_status(other, "ben", Status.skipped)
    assert project.stats() == {
        "language": "en",
        "documents": 2,
        "spans": 3,
        "labels": {"ACTOR": 2, "LOCATION": 1},
        "annotators": {
            "amira": {"done": 1, "skipped": 0, "spans": 1},
            "ben": {"done": 0, "skipped": 1, "spans": 2},
        },
    }


def test_sqlite_utils_sees_the_project_tables(project):
    add_text(project, TEXT)
    assert {"documents", "spans", "status", "log"} <= set(project.db.table_names())
    assert project.db["documents"].count == 1
