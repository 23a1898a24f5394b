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


@pytest.mark.slow
def test_workers_store_what_one_process_stores(tmp_path, monkeypatch):
    from annotator.suggest import source_workers
    from annotator.suggest.run import suggest_project

    path = tmp_path / "news.db"
    with Project.create(path) as project:
        add_articles(project, articles(24, seed=7, words=80))
        train_model(project, output=tmp_path / "model", max_steps=30, dev_fraction=0.3)
        for item in articles(40, seed=8, words=60):
            add_text(project, item["text"])

    def stored(project):
        rows = project.conn.execute(
            'SELECT document, start, "end", label, attrs FROM suggestions ORDER BY 1, 2, 3, 4'
        ).fetchall()
        scores = project.conn.execute("SELECT document, score FROM uncertainty").fetchall()
        return rows, {document: round(score, 4) for document, score in scores}

    with Project.open(path) as project:
        suggest_project(project, model=tmp_path / "model", patterns=True, casualties=True)
        alone = stored(project)
        monkeypatch.setattr(source_workers, "WORKERS_FROM", 1)
        with monkeypatch.context() as patched:
            pools = []
            real = source_workers.worker_pool

            def recorded(workers, needed, **options):
                pools.append((workers, needed, options))
                return real(workers, needed, **options)

            patched.setattr(source_workers, "worker_pool", recorded)
            suggest_project(project, model=tmp_path / "model", patterns=True, casualties=True)
        assert pools == [(source_workers.SUGGEST_WORKERS, True, {"fork": True})]
        assert stored(project) == alone
    assert len(alone[1]) == 40 and alone[0]


@pytest.mark.slow
def test_the_model_proposes_what_spacy_itself_finds(tmp_path):
    from annotator.suggest.model import ModelSuggester

    with Project.create(tmp_path / "news.db") as project:
        add_articles(project, articles(24, seed=7, words=80))
        train_model(project, output=tmp_path / "model", max_steps=30, dev_fraction=0.3)
    suggester = ModelSuggester(tmp_path / "model", ["ACTOR", "LOCATION", "WEAPON", "CASUALTY"])
    texts = [item["text"] for item in articles(12, seed=8, words=80)]
    spacy_found = [
        [(e.start_char, e.end_char, e.label_, {}, None) for e in doc.ents]
        for doc in suggester.nlp.pipe(texts)
    ]
    assert list(suggester.suggest(texts)) == spacy_found and any(spacy_found)


def test_the_model_runs_on_numpy_blas_with_one_thread(tmp_path, monkeypatch):
    import spacy
    from threadpoolctl import threadpool_info

    from annotator.suggest import model as model_module

    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("ACTOR")
    nlp.initialize()
    nlp.to_disk(tmp_path / "model")
    suggester = model_module.ModelSuggester(tmp_path / "model", ["ACTOR"])
    threads = []

    def decode(ner, docs):
        threads.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        return real(ner, docs)

    real = model_module.decode_entities
    monkeypatch.setattr(model_module, "decode_entities", decode)
    list(suggester.suggest(["Rebels shelled Ostrel."]))
    assert not suggester.nlp.get_pipe("ner").model.ops.use_blis
    assert threads and set(threads) == {1}


def test_a_model_of_an_unknown_component_is_one_line(project_path, tmp_path):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("ACTOR")
    nlp.initialize()
    nlp.to_disk(tmp_path / "model")
    config = tmp_path / "model" / "config.cfg"
    config.write_text(config.read_text().replace('factory = "ner"', 'factory = "nerx"'))
    result = run_cli("suggest", project_path, "--model", tmp_path / "model")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "spaCy cannot load it: [E002] Can't find factory for 'nerx'" in line
    assert len(line) < 400
