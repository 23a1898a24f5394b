"""A project's language: init --lang, its tokenizer at import, stats, merge, exports, evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

import annotator.importers as importers
from annotator.exporters.event_export import export_events
from annotator.exporters.spacy import export_spacy, read_docs
from annotator.importers import import_files
from annotator.importers.jsonl import read_lines
from annotator.importers.prepare import Prepared, prepare_jsonl_lines
from annotator.schema import load_schema
from annotator.session import AnnotationSession
from annotator.store import Project
from annotator.store.export_queries import done_documents
from annotator.store.merge import MergeError, merge_projects
from annotator.tokens import LANGUAGES, LanguageError, Tokens, check_language
from annotator.train import TrainingError, evaluate_model, training_config
from tests.conftest import SAMPLES, add_text, run_cli
from tests.language_samples import (
    SAMPLE_LANGUAGES,
    sample_gold,
    sample_project,
    sample_records,
    spacy_offsets,
    stored_offsets,
)


@pytest.fixture(scope="module")
def arabic_path(tmp_path_factory) -> Path:
    return sample_project(tmp_path_factory.mktemp("ar") / "ar.db", "ar")


# The language setting


def test_init_stores_the_language_and_stats_show_it(tmp_path):
    path = tmp_path / "ar.db"
    result = run_cli("init", path, "--lang", "ar")
    assert result.exit_code == 0, result.output
    with Project.open(path) as project:
        assert project.setting("language") == "ar" and project.language == "ar"
    text = run_cli("stats", path)
    assert "0 documents, 0 spans, language ar" in text.stdout
    assert json.loads(run_cli("stats", path, "--json").stdout)["language"] == "ar"


def test_init_without_lang_makes_an_english_project(tmp_path):
    assert run_cli("init", tmp_path / "en.db").exit_code == 0
    with Project.open(tmp_path / "en.db") as project:
        assert project.setting("language") == "en"


def test_an_unsupported_language_is_refused_in_one_line_and_nothing_is_written(tmp_path):
    for code in ("ja", "xyz", "AR"):
        result = run_cli("init", tmp_path / "p.db", "--lang", code)
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"language {code!r} is not supported" in lines[0]
        assert "supported: af, am, ar," in lines[0] and ", fr," in lines[0]
        assert not (tmp_path / "p.db").exists()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(LanguageError):
        Project.create(tmp_path / "q.db", language="ja")
    assert list(tmp_path.iterdir()) == []


def test_a_project_made_before_languages_opens_as_english_unchanged(tmp_path):
    path = tmp_path / "old.db"
    with Project.create(path) as project:
        project.conn.execute("DELETE FROM project WHERE key = 'language'")
    with Project.open(path) as project:
        assert project.language == "en" and project.stats()["language"] == "en"
        document = add_text(project, "L'armée a tué 3 rebelles.")
        assert project.tokens(document).words_and_spaces()[0][0] == "L'armée"
        assert project.conn.execute("SELECT * FROM project WHERE key = 'language'").fetchall() == []
    assert "language en" in run_cli("stats", path).stdout


def test_every_listed_language_is_checked_and_others_are_not():
    assert {"en", "ar", "fr", "es", "uk", "ru", "pt"} <= set(LANGUAGES)
    assert not {"ja", "ko", "th", "vi"} & set(LANGUAGES)  # need packages spaCy does not bring
    assert check_language("fr") == "fr"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_listed_language_tokenizes_with_spacy_alone(language):
    text = "Rebels shelled Ostrel on 3 May; 12 civilians were killed."
    assert Tokens.from_text(text, language).starts.tolist() == [
        start for start, _ in spacy_offsets(language, text)
    ]


# Tokens at import


@pytest.mark.parametrize("language", SAMPLE_LANGUAGES)
def test_imported_tokens_are_spacys_tokens_of_the_language(tmp_path, language):
    path = sample_project(tmp_path / "p.db", language)
    with Project.open(path) as project:
        documents = list(project.documents())
        assert len(documents) == 4
        english_differs = False
        for document in documents:
            offsets = stored_offsets(project, document.id)
            assert offsets == spacy_offsets(language, document.text)
            english_differs |= offsets != spacy_offsets("en", document.text)
        assert english_differs


def test_arabic_clitics_stay_on_their_word_as_spacy_keeps_them(arabic_path):
    with Project.open(arabic_path) as project:
        words = [
            word
            for document in project.documents()
            for word in project.tokens(document.id).words_and_spaces()[0]
        ]
    # A leading و ("and") or ب ("with") stays on its word; the Arabic comma and "د." (Dr) are
    # spaCy's Arabic tokens (English splits "د." in two).
    assert {"والرشاشات", "وتل", "برصاص", "بطائرة", "،", "د."} <= set(words)
    assert "و" not in words and "د" not in words


def test_french_elisions_are_tokens_of_their_own(tmp_path):
    with Project.open(sample_project(tmp_path / "fr.db", "fr")) as project:
        document = next(project.documents())
        words = project.tokens(document.id).words_and_spaces()[0]
    assert words[words.index("armée") - 1 :][:3] == ["l'", "armée", "tarvanienne"]
    assert "d'" in words and "l'armée" not in words


def test_gold_spans_sit_on_the_languages_token_boundaries():
    for language in SAMPLE_LANGUAGES:
        for record in sample_records(language):
            offsets = spacy_offsets(language, record["text"])
            starts, ends = {s for s, _ in offsets}, {e for _, e in offsets}
            for span in record["spans"]:
                assert span["start"] in starts and span["end"] in ends, (language, span)


def test_gold_texts_are_the_article_files():
    for language in SAMPLE_LANGUAGES:
        for record in sample_records(language):
            article = (SAMPLES / language / record["meta"]["source"]).read_text("utf-8")
            title, body = article.split("\n", 1)
            assert record["meta"]["title"] == title and record["text"] == body.strip()


def test_gold_imports_whole_without_widening(tmp_path):
    for language in SAMPLE_LANGUAGES:
        with Project.create(tmp_path / f"{language}.db", language=language) as project:
            report = import_files(project, [sample_gold(language)])
            spans = sum(len(record["spans"]) for record in sample_records(language))
            assert report.spans == spans and report.spans_widened == 0
            assert report.documents_new == 4 and report.rejected == 0


def test_the_worker_task_tokenizes_in_the_language_it_is_given():
    lines = list(read_lines(sample_gold("fr")))
    schema = load_schema().model_dump_json()
    prepared = prepare_jsonl_lines((str(sample_gold("fr")), lines, schema, None, "fr", "auto"))
    for item in prepared:
        assert isinstance(item, Prepared)
        tokens = Tokens.unpack(item.tokens, item.record.text)
        offsets = list(zip(tokens.starts.tolist(), tokens.ends.tolist()))
        assert offsets == spacy_offsets("fr", item.record.text)


@pytest.mark.slow
def test_worker_processes_tokenize_in_the_projects_language(tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "WORKERS", 2)
    monkeypatch.setattr(importers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(importers, "BATCH_SIZE", 2)
    path = sample_project(tmp_path / "ar.db", "ar")
    with Project.open(path) as project:
        for document in project.documents():
            assert stored_offsets(project, document.id) == spacy_offsets("ar", document.text)


# Merge


def test_merge_refuses_a_project_of_another_language_and_changes_nothing(tmp_path, arabic_path):
    french = sample_project(tmp_path / "fr.db", "fr")
    with Project.open(french) as project, pytest.raises(MergeError) as refused:
        merge_projects(project, [arabic_path])
    assert "in language 'ar'" in str(refused.value) and "'fr'" in str(refused.value)
    assert "different languages cannot be merged" in str(refused.value)
    result = run_cli("merge", french, arabic_path)
    assert result.exit_code == 2 and "different languages" in result.stderr
    with Project.open(french) as project:
        assert project.document_count() == 4


def test_merge_takes_a_project_made_before_languages_into_an_english_one(tmp_path):
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    with Project.create(old) as project:
        add_text(project, "Rebels shelled Ostrel.")
        project.conn.execute("DELETE FROM project WHERE key = 'language'")
    Project.create(new).close()
    with Project.open(new) as project:
        (report,) = merge_projects(project, [old])
        assert report.documents == 1


# Exports, train, evaluate


def test_spacy_export_of_an_arabic_project_has_arabic_tokens(arabic_path, tmp_path):
    with Project.open(arabic_path) as project:
        report = export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    assert report["language"] == "ar"
    assert json.loads((tmp_path / "out" / "report.json").read_text())["language"] == "ar"
    docs = list(read_docs(tmp_path / "out" / "train.spacy", spacy.blank("ar").vocab))
    assert len(docs) == 4
    for doc in docs:
        assert [(t.idx, t.idx + len(t)) for t in doc] == spacy_offsets("ar", doc.text)
    assert "والرشاشات الثقيلة" in {span.text for doc in docs for span in doc.spans["sc"]}


def test_events_export_reads_an_arabic_project_with_an_arabic_pipeline(arabic_path, tmp_path):
    with Project.open(arabic_path) as project:
        assert {d.language for d in done_documents(project, "gold")} == {"ar"}
        report = export_events(project, output=tmp_path / "events.jsonl")
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert report["events"] == len(records) == 11
    first = records[0]
    assert first["casualty"] == "12 مسلحاً من كتائب الفجر الأحمر"
    assert first["sentence"].startswith("تل برقان، زرقان — قُتل 12 مسلحاً")
    assert first["sentence"].endswith("قيادة المنطقة العسكرية.")
    assert first["victims"] == ["كتائب الفجر الأحمر"]
    assert first["perpetrators"] == ["الجيش الزرقاني"]


def test_training_config_is_in_the_projects_language(tmp_path):
    config = training_config(
        component="ner", train_path=tmp_path, dev_path=tmp_path, max_steps=5, language="ar"
    )
    assert config["nlp"]["lang"] == "ar"


def test_evaluate_refuses_a_model_of_another_language(arabic_path, tmp_path):
    model = tmp_path / "english-model"
    model.mkdir()
    spacy.blank("en").to_disk(model)
    with Project.open(arabic_path) as project, pytest.raises(TrainingError) as refused:
        evaluate_model(project, model=model)
    assert "language 'en'" in str(refused.value) and "'ar'" in str(refused.value)
    result = run_cli("evaluate", arabic_path, "--model", model)
    assert result.exit_code == 2 and "language 'en'" in result.stderr


def test_a_selection_in_an_arabic_article_snaps_to_arabic_tokens(arabic_path):
    with Project.open(arabic_path) as project:
        session = AnnotationSession(project, "amira")
        session.open_first()
        text = session.document.text
        inside = text.index("الرشاشات")  # the word after its و ("and")
        selected = session.select_range(inside + 2, inside + 5)
        assert text[slice(*selected)] == "والرشاشات"
        selected = session.select_range(text.index("د. ") + 1, text.index("د. ") + 2)
        assert text[slice(*selected)] == "د."
