"""A trained model's spans as suggestions, and how unsure it is of each document."""

from __future__ import annotations

import pytest

from annotator.store import Project
from annotator.train import train_model
from tests.bench.corpus import articles
from tests.bench.project_builder import add_articles
from tests.conftest import add_text, run_cli


@pytest.mark.slow
def test_suggest_with_a_model_stores_its_spans_and_uncertainty(tmp_path):
    path = tmp_path / "news.db"
    with Project.create(path) as project:
        add_articles(project, articles(24, seed=7, words=80))
        train_model(project, output=tmp_path / "model", max_steps=30, dev_fraction=0.3)
        fresh = [add_text(project, f"Rebels shelled Ostrel, town {n} said.") for n in range(3)]
    result = run_cli("suggest", path, "--model", tmp_path / "model", "--documents", "todo")
    assert result.exit_code == 0, result.output
    with Project.open(path) as project:
        scored = dict(project.conn.execute("SELECT document, score FROM uncertainty"))
        labels = {
            r[0]
            for r in project.conn.execute("SELECT label FROM suggestions WHERE source = 'model'")
        }
    assert set(scored) == set(fresh)
    assert all(score >= 0 for score in scored.values())
    assert labels <= {"ACTOR", "LOCATION", "WEAPON", "CASUALTY"}


def test_a_folder_that_is_no_model_is_said_plainly(project_path, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("suggest", project_path, "--model", tmp_path / "empty")
    assert result.exit_code == 2
    assert "not a spaCy model folder" in result.stderr
