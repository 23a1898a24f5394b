"""Prodigy-shaped JSONL import: spans, annotators, answers, widening, idempotence, progress."""

import json

import pytest

from annotator.importers import ImportCancelled, import_files
from annotator.model import Status
from tests.conftest import run_cli
from tests.importing import ARTICLE, snapshot, span, write_jsonl
from tests.test_import_formats import labelled

ACTOR = span(ARTICLE, "Rebels of the Northern Front", "ACTOR", actor_type="rebel_group")
FRONT = span(ARTICLE, "Northern Front", "ACTOR")
PLACE = span(ARTICLE, "Ostrel", "LOCATION", precision="town")
FIGURE = span(ARTICLE, "At least 12 soldiers", "CASUALTY", kind="killed", count_low=12)


def stored(project, annotator):
    document = project.document_id(next(project.documents()).uid)
    return {(s.start, s.end, s.label) for s in project.spans(document, annotator)}


def test_spans_attrs_and_status_go_in(project, tmp_path):
    record = {"text": ARTICLE, "spans": [ACTOR, PLACE, FIGURE], "_annotator_id": "amira"}
    report = import_files(project, [write_jsonl(tmp_path / "a.jsonl", [record])])
    assert report.spans == 3
    assert report.annotators == {"amira": {"spans": 3, "done": 1, "skipped": 0}}
    document = next(project.documents())
    figure = next(s for s in project.spans(document.id) if s.label == "CASUALTY")
    assert figure.attrs == {"kind": "killed", "count_low": 12}
    assert project.status(document.id, "amira") is Status.done
    assert document.text == ARTICLE


@pytest.mark.parametrize(
    ("option", "record_annotator", "expected"),
    [("ben", "amira", "ben"), (None, "amira", "amira"), (None, None, "imported")],
)
def test_whose_spans(project, tmp_path, option, record_annotator, expected):
    record = {"text": ARTICLE, "spans": [PLACE]}
    if record_annotator:
        record["_annotator_id"] = record_annotator
    import_files(project, [write_jsonl(tmp_path / "a.jsonl", [record])], annotator=option)
    assert project.annotators() == [expected]


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("accept", Status.done),
        (None, Status.done),
        ("ignore", Status.skipped),
        ("reject", Status.skipped),
    ],
)
def test_answer_sets_status(project, tmp_path, answer, status):
    record = {"text": ARTICLE, "spans": [], "_annotator_id": "amira"}
    if answer:
        record["answer"] = answer
    import_files(project, [write_jsonl(tmp_path / "a.jsonl", [record])])
    document = next(project.documents())
    assert project.status(document.id, "amira") is status
    assert project.spans(document.id) == []


@pytest.mark.parametrize(
    ("answer", "status"),
    [("accept", Status.skipped), ("reject", Status.done), ("accept", Status.todo)],
)
def test_status_wins_over_answer(project, tmp_path, answer, status):
    record = {
        "text": ARTICLE,
        "spans": [],
        "_annotator_id": "amira",
        "answer": answer,
        "_status": status.value,
    }
    import_files(project, [write_jsonl(tmp_path / "a.jsonl", [record])])
    document = next(project.documents())
    assert project.status(document.id, "amira") is status


def test_record_without_spans_or_answer_only_adds_the_document(project, tmp_path):
    report = import_files(project, [write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE}])])
    assert report.documents_new == 1 and report.annotators == {}
    assert project.annotators() == []
    title = next(project.documents()).title
    assert title.startswith("Rebels of the Northern Front attacked Ostrel") and title.endswith("…")


def test_overlapping_and_nested_spans_are_kept(project, tmp_path):
    record = {"text": ARTICLE, "spans": [ACTOR, FRONT], "_annotator_id": "amira"}
    import_files(project, [write_jsonl(tmp_path / "a.jsonl", [record])])
    assert stored(project, "amira") == {
        (ACTOR["start"], ACTOR["end"], "ACTOR"),
        (FRONT["start"], FRONT["end"], "ACTOR"),
    }


def test_spans_off_token_boundaries_are_widened_and_counted(project, tmp_path):
    start = ARTICLE.index("Ostrel")
    ragged = {"start": start + 1, "end": start + 4, "label": "LOCATION"}
    record = {"text": ARTICLE, "spans": [ragged], "_annotator_id": "amira"}
    report = import_files(project, [write_jsonl(tmp_path / "a.jsonl", [record])])
    assert report.spans_widened == 1
    assert stored(project, "amira") == {(start, start + len("Ostrel"), "LOCATION")}


def test_importing_again_adds_nothing(project, project_path, tmp_path):
    records = [
        {"text": ARTICLE, "spans": [ACTOR, PLACE], "_annotator_id": "amira"},
        {"text": ARTICLE, "spans": [FIGURE], "_annotator_id": "ben", "answer": "ignore"},
        {"text": "Another article about drones.", "meta": {"title": "Drones"}},
    ]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    first = import_files(project, [path])
    before = snapshot(project_path)
    again = import_files(project, [path])
    assert (first.documents_new, first.documents_existing, first.spans) == (2, 0, 3)
    assert (again.documents_new, again.documents_existing, again.spans) == (0, 2, 0)
    assert again.annotators == {
        "amira": {"spans": 0, "done": 0, "skipped": 0},
        "ben": {"spans": 0, "done": 0, "skipped": 0},
    }
    after = snapshot(project_path)
    assert after["rows"] == {**before["rows"], "log": before["rows"]["log"] + 1}


def test_same_article_in_two_files_is_one_document(project, tmp_path):
    a = write_jsonl(
        tmp_path / "a.jsonl", [{"text": ARTICLE, "_annotator_id": "amira", "spans": [PLACE]}]
    )
    b = write_jsonl(
        tmp_path / "b.jsonl", [{"text": ARTICLE, "_annotator_id": "ben", "spans": [PLACE]}]
    )
    report = import_files(project, [a, b])
    assert (report.documents_new, report.documents_existing) == (1, 0)  # each counted once
    assert project.document_count() == 1
    assert project.annotators() == ["amira", "ben"]


def test_progress_is_reported_and_cancel_leaves_the_project_unchanged(project_path, tmp_path):
    from annotator.store import Project

    records = [{"text": f"Article number {i} about Ostrel.", "spans": []} for i in range(600)]
    path = write_jsonl(tmp_path / "many.jsonl", records)
    calls = []
    with Project.open(project_path) as project:
        import_files(project, [path], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (600, 600)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    other = tmp_path / "other.db"
    Project.create(other).close()
    before = snapshot(other)
    with Project.open(other) as project, pytest.raises(ImportCancelled):
        import_files(project, [path], progress=lambda done, total: done < 300)
    assert snapshot(other) == before


def test_cli_summary_and_json(project_path, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", [{"text": ARTICLE, "spans": [ACTOR, PLACE], "_annotator_id": "amira"}]
    )
    result = run_cli("import", project_path, path)
    assert result.exit_code == 0
    assert "1 new documents, 0 already present" in result.output
    assert "2 new, 0 widened" in result.output
    assert "amira" in result.output
    again = run_cli("import", project_path, path, "--json")
    data = json.loads(again.stdout)
    assert data["documents_existing"] == 1 and data["spans"] == 0
    assert data["annotators"]["amira"] == {"spans": 0, "done": 0, "skipped": 0}


SHELLED = "Two farmers were killed when militia fighters shelled Doruna on Monday."
DORUNA = {"start": 54, "end": 60, "label": "LOCATION"}


@pytest.mark.parametrize("extra", [{}, {"tokens": [{"id": 0, "start": 0, "end": 3}]}])
def test_spacy_doc_json_ents_are_read_as_spans(project_path, tmp_path, extra):
    """spaCy's Doc.to_json() and displaCy write entities under `ents`, in character offsets."""
    path = write_jsonl(tmp_path / "docs.jsonl", [{"text": SHELLED, "ents": [DORUNA], **extra}])
    result = run_cli("import", project_path, path, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["spans"] == 1
    assert labelled(project_path) == {("imported", "Doruna", "LOCATION")}


def test_spans_and_ents_that_differ_are_an_error(project_path, tmp_path):
    record = {"text": SHELLED, "spans": [{**DORUNA, "label": "ACTOR"}], "ents": [DORUNA]}
    path = write_jsonl(tmp_path / "docs.jsonl", [record])
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"✘ {path}:1: 'spans' and 'ents' hold different spans: keep one of them"
    )


def test_ents_under_doccano_name_the_prodigy_reader(project_path, tmp_path):
    path = write_jsonl(tmp_path / "docs.jsonl", [{"text": SHELLED, "ents": [DORUNA]}])
    result = run_cli("import", project_path, path, "--format", "doccano")
    assert result.exit_code == 2
    assert "'ents' carries labels" in result.stderr and "--format prodigy" in result.stderr
