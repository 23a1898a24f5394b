"""`annotator adjudicate` from the command line: gold rows written, report, errors."""

from __future__ import annotations

import json

from annotator.model import GOLD
from annotator.store import Project
from tests.conftest import add_text, run_cli
from tests.test_review import TEXT, annotate, gold_words


def _three_annotators(path) -> int:
    with Project.open(path) as project:
        doc = add_text(project, TEXT, "Ostrel attack")
        agreed = [("Rebels", "ACTOR", {"actor_type": "rebel_group"})]
        annotate(project, doc, "amira", [*agreed, ("Ostrel", "LOCATION", {})])
        annotate(project, doc, "ben", [*agreed, ("Ostrel", "ACTOR", {})])
        annotate(
            project, doc, "chen", [*agreed, ("Ostrel", "LOCATION", {}), ("mortars", "WEAPON", {})]
        )
    return doc


def test_adjudicate_writes_gold_and_reports_what_is_left(project_path):
    doc = _three_annotators(project_path)
    result = run_cli("adjudicate", project_path, "--min-agree", 2)
    assert result.exit_code == 0, result.output
    assert "Wrote 2 gold spans" in result.output
    assert "Left for review: 1 items in 1 documents" in result.output
    with Project.open(project_path) as project:
        assert gold_words(project, doc) == [("Rebels", "ACTOR"), ("Ostrel", "LOCATION")]


def test_adjudicate_json_is_one_object_and_idempotent(project_path):
    doc = _three_annotators(project_path)
    first = json.loads(run_cli("adjudicate", project_path, "--min-agree", 3, "--json").stdout)
    again = json.loads(run_cli("adjudicate", project_path, "--min-agree", 3, "--json").stdout)
    assert first["spans_written"] == 1 and again["spans_written"] == 0
    assert first["items_left"] == again["items_left"] == 2
    assert first["left"][0]["document"] == doc
    with Project.open(project_path) as project:
        assert len(project.spans(doc, GOLD)) == 1


def test_adjudicate_refuses_k_below_two(project_path):
    _three_annotators(project_path)
    result = run_cli("adjudicate", project_path, "--min-agree", 1)
    assert result.exit_code == 2
    assert "at least 2" in result.stderr


def test_adjudicate_without_enough_finished_documents_fails(project_path):
    result = run_cli("adjudicate", project_path, "--min-agree", 2)
    assert result.exit_code == 2
    assert "no document is finished by 2 annotators" in result.stderr
