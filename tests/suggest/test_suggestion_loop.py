"""The loop closes: train, suggest, accept, and train again from the last model."""

from __future__ import annotations

import pytest
import spacy

from annotator.model import Status
from annotator.session import AnnotationSession
from annotator.store import Project
from annotator.train import SMALL_NER, SMALL_TOK2VEC, TrainingError, train_model, training_config
from tests.bench.corpus import articles
from tests.bench.project_builder import add_articles
from tests.conftest import add_text, run_cli


def test_small_shapes_a_narrow_tok2vec_and_ner(tmp_path):
    paths = {"train_path": tmp_path / "t.spacy", "dev_path": tmp_path / "d.spacy"}
    config = training_config(component="ner", max_steps=10, small=True, **paths)
    encode = config["components"]["tok2vec"]["model"]["encode"]
    assert (
        {key: encode[key] for key in SMALL_TOK2VEC}
        == SMALL_TOK2VEC
        == {
            "width": 32,
            "depth": 2,
            "maxout_pieces": 2,
        }
    )
    ner = config["components"]["ner"]["model"]
    assert {key: ner[key] for key in SMALL_NER} == SMALL_NER
    usual = training_config(component="ner", max_steps=10, **paths)
    assert usual["components"]["tok2vec"]["model"]["encode"]["width"] == 96


def test_small_and_a_base_model_do_not_go_together(project, tmp_path):
    with pytest.raises(TrainingError, match="--small"):
        train_model(project, output=tmp_path / "m", small=True, base_model="en_core_web_sm")


@pytest.mark.slow
def test_train_suggest_accept_train_again(tmp_path):
    path = tmp_path / "news.db"
    with Project.create(path) as project:
        add_articles(project, articles(24, seed=7, words=80))
        fresh = [add_text(project, item["text"]) for item in articles(6, seed=8, words=80)]
    first = tmp_path / "v1"
    trained = run_cli("train", path, "-o", first, "--max-steps", "60", "--small")
    assert trained.exit_code == 0, trained.output
    suggested = run_cli("suggest", path, "--model", first, "--annotator", "amira")
    assert suggested.exit_code == 0, suggested.output

    with Project.open(path) as project:
        session = AnnotationSession(project, "amira")
        accepted = 0
        for document in fresh:
            session.open_document(document)
            accepted += len(session.suggested.accept_all())
            session.set_status(document, Status.done)
        stored = project.conn.execute(
            "SELECT count(*) FROM spans WHERE annotator = 'amira'"
        ).fetchone()[0]
    assert accepted > 0 and stored == accepted

    second = tmp_path / "v2"
    again = run_cli(
        "train", path, "-o", second, "--source", "amira", "--max-steps", "10",
        "--dev-fraction", "0.5", "--base-model", first,
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "documents of amira" in again.output
    tuned = spacy.load(second)
    assert {"ACTOR", "LOCATION", "WEAPON", "CASUALTY"} <= set(tuned.get_pipe("ner").labels)
    width = tuned.get_pipe("tok2vec").model.get_dim("nO")
    assert width == SMALL_TOK2VEC["width"]  # fine-tuned from the small model, not a blank one
