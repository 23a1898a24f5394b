"""`annotator train --base-model`: fine-tune a saved pipeline, keeping its other components."""

from __future__ import annotations

import pytest
import spacy

from annotator.store import Project
from annotator.train import train_model
from tests.bench.corpus import articles
from tests.bench.project_builder import add_articles
from tests.conftest import run_cli


@pytest.fixture
def generated_path(tmp_path):
    path = tmp_path / "news.db"
    with Project.create(path) as project:
        add_articles(project, articles(24, seed=7, words=80))
    return path


@pytest.mark.slow
def test_fine_tune_from_a_saved_pipeline_keeps_its_other_components(generated_path, tmp_path):
    first = tmp_path / "first"
    with Project.open(generated_path) as project:
        train_model(project, output=first, max_steps=6, dev_fraction=0.3)
    base = spacy.load(first)
    base.add_pipe("sentencizer")
    base_folder = tmp_path / "base"
    base.to_disk(base_folder)

    second = tmp_path / "second"
    result = run_cli(
        "train",
        generated_path,
        "--output",
        second,
        "--max-steps",
        "6",
        "--dev-fraction",
        "0.3",
        "--base-model",
        base_folder,
    )
    assert result.exit_code == 0, result.output
    tuned = spacy.load(second)
    assert tuned.pipe_names == ["tok2vec", "ner", "sentencizer"]
    assert {"ACTOR", "LOCATION", "WEAPON", "CASUALTY"} <= set(tuned.get_pipe("ner").labels)
    doc = tuned("Rebels shelled Ostrel. Two soldiers died.")
    assert len(list(doc.sents)) == 2
    config = (second / "training" / "config.cfg").read_text()
    assert config.count("source = ") == 3
    assert 'frozen_components = ["sentencizer"]' in config


@pytest.mark.slow
def test_a_base_without_ner_gets_one(generated_path, tmp_path):
    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    base.to_disk(tmp_path / "base")
    with Project.open(generated_path) as project:
        train_model(
            project,
            output=tmp_path / "m",
            max_steps=4,
            dev_fraction=0.3,
            base_model=str(tmp_path / "base"),
        )
    tuned = spacy.load(tmp_path / "m")
    assert tuned.pipe_names == ["sentencizer", "ner"]
    assert "CASUALTY" in tuned.get_pipe("ner").labels


def test_a_base_model_spacy_cannot_load_is_said_plainly(generated_path, tmp_path):
    result = run_cli(
        "train",
        generated_path,
        "--output",
        tmp_path / "m",
        "--max-steps",
        "2",
        "--base-model",
        tmp_path / "nowhere",
    )
    assert result.exit_code == 2
    assert "cannot load this base model" in result.stderr
    assert not (tmp_path / "m").exists()
