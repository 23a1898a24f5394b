"""Prodigy's review output: each version's spans, relations and status go to its sessions."""

import json

from annotator.model import Status
from annotator.store import Project
from tests.conftest import run_cli
from tests.test_import_formats import imported, statuses, stored_relations

REVIEWED = "Two farmers were killed by militia fighters."
REVIEWED_SPANS = [
    {"start": 0, "end": 23, "label": "CASUALTY"},
    {"start": 27, "end": 43, "label": "ACTOR"},
]


def review_file(path, *versions):
    """A Prodigy review record of REVIEWED with `versions` (text and spans filled in)."""
    full = [{"text": REVIEWED, "spans": REVIEWED_SPANS, **version} for version in versions]
    path.write_text(json.dumps({"text": REVIEWED, "spans": [], "versions": full}) + "\n")
    return path


def victim(label="VICTIM"):
    return {"head_span": REVIEWED_SPANS[0], "child_span": REVIEWED_SPANS[1], "label": label}


def test_prodigy_review_versions_bring_their_relations_and_status(project_path, tmp_path):
    path = review_file(
        tmp_path / "review.jsonl",
        {"relations": [victim()], "sessions": ["news-ada", "news-ben"]},
        {"_status": "todo", "sessions": ["news-cho"]},
        {"answer": "ignore", "sessions": ["news-dan"]},
    )
    report = imported(project_path, path)
    assert report["relations"] == 2
    assert stored_relations(project_path) == {
        ("Two farmers were killed", "news-ada", "militia fighters", "VICTIM"),
        ("Two farmers were killed", "news-ben", "militia fighters", "VICTIM"),
    }
    assert statuses(project_path) == {
        ("Two", "imported"): Status.done.value,
        ("Two", "news-ada"): Status.done.value,
        ("Two", "news-ben"): Status.done.value,
        ("Two", "news-dan"): Status.skipped.value,
    }


def test_prodigy_review_version_relation_the_schema_does_not_know(project_path, tmp_path):
    path = review_file(
        tmp_path / "review.jsonl", {"relations": [victim("KILLED_BY")], "sessions": ["news-ada"]}
    )
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:1:" in result.stderr and "unknown relation type 'KILLED_BY'" in result.stderr
    with Project.open(project_path) as project:
        assert project.document_count() == 0


def test_prodigy_review_version_labels_under_another_key_are_an_error(project_path, tmp_path):
    path = review_file(tmp_path / "review.jsonl", {"ner": [[0, 11, "X"]], "sessions": ["news-ada"]})
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"✘ {path}:1: version 1: 'ner' carries labels in a shape the Prodigy reader does not "
        "read; they would be lost (a review version's labels are read from 'spans' and "
        "'relations' only)"
    )
