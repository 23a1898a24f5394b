"""`annotator train` and `evaluate`: a few steps on generated articles, a model spaCy loads."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import spacy

from annotator.exporters.spacy import read_docs
from annotator.store import Project
from annotator.train import TrainingError, _install_model, train_model
from tests.bench.corpus import articles
from tests.bench.project_builder import add_articles
from tests.conftest import run_cli, run_process
from tests.labelled_project import add_labelled, sample_gold_project


@pytest.fixture
def generated_path(tmp_path):
    path = tmp_path / "news.db"
    with Project.create(path) as project:
        add_articles(project, articles(24, seed=7, words=80))
    return path


@pytest.mark.slow
def test_train_on_the_sample_project_saves_a_model_and_evaluate_scores_it(tmp_path):
    sample = sample_gold_project(tmp_path / "sample.db")
    model = tmp_path / "model"
    # 40 steps (about 15 s on 2 cores) is the fewest after which the model finds entities.
    result = run_cli("train", sample, "--output", model, "--max-steps", "40")
    assert result.exit_code == 0, result.output
    assert "Model saved to" in result.output
    for label in ("ACTOR", "LOCATION", "WEAPON", "CASUALTY", "overall"):
        assert label in result.output
    nlp = spacy.load(model)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    with Project.open(sample) as project:
        doc = nlp(project.document(1).text)
    assert doc.ents, "the trained model finds no entity in an article it was trained on"
    assert all(ent.label_ in {"ACTOR", "LOCATION", "WEAPON", "CASUALTY"} for ent in doc.ents)
    assert (model / "training" / "config.cfg").is_file()
    assert (model / "training" / "model-last" / "meta.json").is_file()

    scored = run_cli("evaluate", sample, "--model", model, "--json", "--all")
    assert scored.exit_code == 0, scored.output
    scores = json.loads(scored.output)
    with Project.open(sample) as project:
        assert scores["documents"] == project.document_count() and scores["source"] == "gold"
    assert scores["scope"] == "all"
    assert set(scores["per_label"]) <= {"ACTOR", "LOCATION", "WEAPON", "CASUALTY"}
    assert all(set(s) == {"p", "r", "f"} for s in scores["per_label"].values())
    assert 0.1 < scores["overall"]["f"] <= 1.0  # it learnt something (0.29 measured)
    table = run_cli("evaluate", sample, "--model", model)
    assert table.exit_code == 0 and "F1" in table.output and "overall" in table.output


@pytest.mark.slow
def test_spancat_model_predicts_span_groups(generated_path, tmp_path):
    with Project.open(generated_path) as project:
        result = train_model(
            project, output=tmp_path / "m", component="spancat", max_steps=30, dev_fraction=0.3
        )
        text = project.document(1).text
        gold = {(s.start, s.end, s.label) for s in project.spans(1, "gold")}
    assert result["component"] == "spancat"
    nlp = spacy.load(tmp_path / "m")
    assert "spancat" in nlp.pipe_names
    doc = nlp(text)
    found = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
    # 30 steps (about 6 s) is the fewest after which it learnt: after 6 it proposed 75 spans
    # an article at random (precision 0.02); after 30, few and right (precision 1.0).
    right = found & gold
    assert right and len(right) >= len(found) / 2, "the spancat proposes no span, or at random"
    assert result["scores"]["overall"]["p"] > 0.5 and result["scores"]["overall"]["f"] > 0.1


@pytest.mark.slow
def test_evaluate_scores_on_the_dev_split_kept_with_the_model(generated_path, tmp_path):
    model = tmp_path / "m"
    with Project.open(generated_path) as project:
        result = train_model(project, output=model, max_steps=2, dev_fraction=0.3)
    dev_docs = read_docs(model / "training" / "corpus" / "dev.spacy")
    dev_uids = sorted(doc.user_data["annotator"]["uid"] for doc in dev_docs)
    split = json.loads((model / "dev_split.json").read_text())
    assert sorted(split["dev"]) == dev_uids and len(dev_uids) == result["export"]["dev"] > 0
    assert split["source"] == "gold" and split["train_documents"] == result["export"]["train"]

    scored = run_cli("evaluate", generated_path, "--model", model, "--json")
    assert scored.exit_code == 0, scored.output
    scores = json.loads(scored.output)
    assert scores["scope"] == "dev" and scores["documents"] == len(dev_uids)
    assert scores["overall"] == result["scores"]["overall"]
    table = run_cli("evaluate", generated_path, "--model", model)
    said = " ".join(table.output.split())  # wasabi wraps long lines
    assert f"on the dev split: {len(dev_uids)} documents done by gold" in said
    assert "the model did not train on" in said

    everything = run_cli("evaluate", generated_path, "--model", model, "--all")
    assert everything.exit_code == 0, everything.output
    said = " ".join(everything.output.split())
    assert "on all 24 documents done by gold (training documents included)" in said

    (model / "dev_split.json").unlink()
    refused = run_cli("evaluate", generated_path, "--model", model)
    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 2 and "no dev split stored" in said and "--all" in said
    assert run_cli("evaluate", generated_path, "--model", model, "--all").exit_code == 0


def test_too_little_data_is_said_before_spacy_runs(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
    result = run_cli("train", project_path, "--output", tmp_path / "m", "--max-steps", "5")
    assert result.exit_code == 2
    assert "too little data" in result.stderr and "only 1 done document" in result.stderr
    assert not (tmp_path / "m").exists()


def test_no_spans_at_all_is_too_little_data(project, tmp_path):
    for i in range(6):
        add_labelled(project, f"Bulletin {i}: markets reopened.", [])
    with pytest.raises(TrainingError, match="no spans"):
        train_model(project, output=tmp_path / "m", max_steps=5)


def test_evaluate_refuses_a_folder_that_is_no_model(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
    (tmp_path / "empty").mkdir()
    result = run_cli("evaluate", project_path, "--model", tmp_path / "empty")
    assert result.exit_code == 2 and "not a spaCy model" in result.stderr


def fake_run(folder):
    """What spaCy's training leaves in a run folder, in miniature."""
    for part in ("output/model-best", "output/model-last", "corpus"):
        (folder / part).mkdir(parents=True)
    (folder / "output" / "model-best" / "meta.json").write_text("new best")
    (folder / "output" / "model-last" / "meta.json").write_text("new last")
    (folder / "corpus" / "dev.spacy").write_text("dev")
    (folder / "config.cfg").write_text("[nlp]")
    return folder


def test_a_model_is_installed_whole_or_the_old_one_stays(tmp_path, monkeypatch):
    output = tmp_path / "models" / "m"
    output.mkdir(parents=True)
    (output / "meta.json").write_text("old best")
    real_move = shutil.move

    def failing_on_model_last(source, target):
        if Path(source).name == "model-last":
            raise OSError(28, "No space left on device")
        return real_move(source, target)

    monkeypatch.setattr(shutil, "move", failing_on_model_last)
    with pytest.raises(TrainingError, match=f"{output}: cannot write the model: No space left"):
        _install_model(fake_run(tmp_path / "run1"), output, {"dev": ["a"]})
    assert [p.name for p in output.iterdir()] == ["meta.json"]
    assert (output / "meta.json").read_text() == "old best"
    assert [p.name for p in output.parent.iterdir()] == ["m"]

    monkeypatch.setattr(shutil, "move", real_move)
    _install_model(fake_run(tmp_path / "run2"), output, {"dev": ["a"]})
    assert (output / "meta.json").read_text() == "new best"
    assert json.loads((output / "dev_split.json").read_text()) == {"dev": ["a"]}
    assert (output / "training" / "model-last" / "meta.json").read_text() == "new last"
    assert (output / "training" / "config.cfg").is_file()
    assert [p.name for p in output.parent.iterdir()] == ["m"]


@pytest.mark.parametrize("where", ["beside", "below"])
def test_training_into_the_folder_of_its_project_is_refused(tmp_path, where):
    folder = tmp_path / "s2"
    project = folder / ("g.db" if where == "beside" else "deeper/g.db")
    project.parent.mkdir(parents=True)
    sample_gold_project(project)
    (folder / "notes.txt").write_text("notes")
    before = project.read_bytes()
    result = run_cli("train", project, "--output", folder, "--max-steps", "5", "--force")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"✘ {folder}: holds the project file {project}; choose another folder"
    ]
    assert project.read_bytes() == before and (folder / "notes.txt").read_text() == "notes"


def test_replacing_a_model_keeps_the_files_that_are_not_the_models(tmp_path):
    output = tmp_path / "models" / "m"
    (output / "ner").mkdir(parents=True)
    (output / "ner" / "model").write_text("old ner")
    (output / "meta.json").write_text(json.dumps({"pipeline": ["ner"], "components": ["ner"]}))
    (output / "notes.txt").write_text("my notes")
    (output / "eval").mkdir()
    (output / "eval" / "scores.txt").write_text("0.5")
    _install_model(fake_run(tmp_path / "run"), output, {"dev": ["a"]})
    assert sorted(p.name for p in output.iterdir()) == [
        "dev_split.json",
        "eval",
        "meta.json",
        "notes.txt",
        "training",
    ]
    assert (output / "meta.json").read_text() == "new best"
    assert (output / "notes.txt").read_text() == "my notes"
    assert (output / "eval" / "scores.txt").read_text() == "0.5"


@pytest.fixture
def read_only_disk(tmp_path):
    """A tmpfs (needs root) to remount read-only; skipped where mounting is not permitted."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.slow
def test_train_and_evaluate_only_read_a_read_only_project(generated_path, read_only_disk, tmp_path):
    shutil.copy(generated_path, read_only_disk / "news.db")
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_disk)], check=True)
    project, model = read_only_disk / "news.db", tmp_path / "m"
    before = project.read_bytes()
    trained = run_cli("train", project, "--output", model, "--max-steps", "2")
    assert trained.exit_code == 0, trained.output
    assert (model / "meta.json").is_file() and "Model saved to" in trained.output
    scored = run_cli("evaluate", project, "--model", model, "--json")
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.output)["scope"] == "dev"
    assert project.read_bytes() == before and sorted(os.listdir(read_only_disk)) == ["news.db"]


def test_training_on_a_damaged_project_is_one_line_naming_the_document(tmp_path):
    path = sample_gold_project(tmp_path / "gold.db")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute('UPDATE spans SET "end" = "end" + 100000 WHERE id = 1')
    document, uid, start, end = conn.execute(
        'SELECT d.id, d.uid, s.start, s."end" FROM spans s JOIN documents d'
        " ON d.id = s.document WHERE s.id = 1"
    ).fetchone()
    conn.close()
    result = run_cli("train", path, "--output", tmp_path / "m", "--max-steps", "2")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"✘ {path}: document {document} ({uid[:12]}…): stored span [{start}, {end}) is not on"
        f" its tokens; `annotator check {path}` says what is damaged"
    ]
    assert not (tmp_path / "m").exists()


def test_training_output_through_a_pipe_is_plain_and_names_no_temporary_folder(
    generated_path, tmp_path
):
    """spaCy's table of losses is shown; its colour codes and its lines about the temporary
    folder it trains in (gone when the command ends) are not."""
    model = tmp_path / "model"
    result = run_process("train", generated_path, "--output", model, "--max-steps", "2")
    assert result.returncode == 0, result.stderr
    assert "LOSS NER" in result.stdout
    assert f"Model saved to {model}" in result.stdout
    assert "\x1b[" not in result.stdout
    assert "annotator-train-" not in result.stdout + result.stderr
