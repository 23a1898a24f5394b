"""Training, scoring and spaCy's `debug data` on a tiny Arabic project (the bundled samples)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import spacy

from annotator.exporters.spacy import export_spacy
from annotator.store import Project
from annotator.train import training_config
from tests.conftest import run_cli
from tests.language_samples import sample_project


@pytest.mark.slow
def test_train_and_evaluate_an_arabic_project(tmp_path):
    path = sample_project(tmp_path / "ar.db", "ar")
    model = tmp_path / "model"
    result = run_cli("train", path, "--output", model, "--max-steps", "10")
    assert result.exit_code == 0, result.output
    assert "Model saved to" in result.output and "trained on 2 documents of gold" in result.output
    nlp = spacy.load(model)
    assert nlp.lang == "ar" and nlp.pipe_names == ["tok2vec", "ner"]
    assert 'lang = "ar"' in (model / "training" / "config.cfg").read_text()
    assert [t.text for t in nlp("وقصفت القوات الحكومية زهرانة، بحسب د. مازن")] == [
        "وقصفت",
        "القوات",
        "الحكومية",
        "زهرانة",
        "،",
        "بحسب",
        "د.",
        "مازن",
    ]
    scored = run_cli("evaluate", path, "--model", model, "--json")
    assert scored.exit_code == 0, scored.output
    scores = json.loads(scored.output)
    assert scores["documents"] == 2 and scores["scope"] == "dev" and scores["source"] == "gold"
    everything = json.loads(run_cli("evaluate", path, "--model", model, "--json", "--all").output)
    assert everything["documents"] == 4 and everything["scope"] == "all"
    assert 0.0 <= scores["overall"]["f"] <= 1.0


@pytest.mark.slow
def test_spacy_debug_data_reads_the_arabic_export(tmp_path):
    with Project.open(sample_project(tmp_path / "ar.db", "ar")) as project:
        report = export_spacy(project, output=tmp_path / "out")
    config = training_config(
        component="ner",
        train_path=tmp_path / "out" / "train.spacy",
        dev_path=tmp_path / "out" / "dev.spacy",
        max_steps=10,
        language=report["language"],
    )
    config.to_disk(tmp_path / "config.cfg")
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "data", str(tmp_path / "config.cfg")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "ANSI_COLORS_DISABLED": "1"},
    )
    output = result.stdout + result.stderr
    assert "Language: ar" in output and "Corpus is loadable" in output
    assert f"{report['train']} training docs" in output
    assert "No entities consisting of or starting/ending with whitespace" in output
    # Four articles are far too few for spaCy: that is the one error it may report.
    errors = [line for line in output.splitlines() if line.startswith("✘")]
    assert errors == [f"✘ Low number of examples to train a new pipeline ({report['train']})"] + [
        "✘ 1 error"
    ], output
