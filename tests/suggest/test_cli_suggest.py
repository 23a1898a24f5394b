"""`annotator suggest` and `annotator patterns` on the sample articles."""

from __future__ import annotations

import json
import unicodedata

import pytest

from annotator.model import Status
from annotator.store import Project
from annotator.store.suggestions import open_suggestions, stored_patterns
from tests.conftest import SAMPLES, add_text, run_cli

ARTICLES = sorted((SAMPLES / "articles").glob("*.txt"))


@pytest.fixture
def samples(project_path):
    with Project.open(project_path) as project:
        for path in ARTICLES[:4]:
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            add_text(project, body.strip(), title)
    return project_path


def stored(path):
    with Project.open(path) as project:
        rows = project.conn.execute(
            "SELECT source, label, count(*) FROM suggestions GROUP BY source, label"
        )
        return {(source, label): count for source, label, count in rows}


def test_suggest_stores_per_source_and_prints_what_it_stored(samples):
    result = run_cli("suggest", samples, "--patterns", "--casualties")
    assert result.exit_code == 0, result.output
    counts = stored(samples)
    assert {source for source, _ in counts} == {"patterns", "casualties"}
    assert set(counts) >= {
        ("patterns", "ACTOR"),
        ("patterns", "LOCATION"),
        ("casualties", "CASUALTY"),
    }
    for (source, label), count in counts.items():
        assert any(
            line.split() == [source, label, str(count)] for line in result.output.splitlines()
        )
    again = run_cli("suggest", samples, "--patterns", "--casualties")
    assert again.exit_code == 0
    assert stored(samples) == counts


def test_the_first_article_gets_its_casualty_figure_with_attributes(samples):
    run_cli("suggest", samples, "--casualties")
    with Project.open(samples) as project:
        text = project.document(1).text
        found = [(text[s.start : s.end], s.attrs) for s in open_suggestions(project, 1, "amira")]
    assert (
        "At least 18 fighters of the Northern Liberation Front",
        {"kind": "killed", "count_low": 18, "qualifier": "at_least"},
    ) in found


def test_documents_todo_leaves_done_ones_alone(samples):
    with Project.open(samples) as project:
        project.set_status(1, "amira", Status.done)
    run_cli("suggest", samples, "--patterns", "--documents", "todo")
    with Project.open(samples) as project:
        documents = {r[0] for r in project.conn.execute("SELECT document FROM suggestions")}
    assert documents == {2, 3, 4}
    run_cli("suggest", samples, "--patterns", "--documents", "all", "--annotator", "ben")
    with Project.open(samples) as project:
        rows = project.conn.execute(
            "SELECT DISTINCT document FROM suggestions WHERE annotator = 'ben'"
        )
        assert {r[0] for r in rows} == {1, 2, 3, 4}


def test_suggest_without_a_source_fails_cleanly(samples):
    result = run_cli("suggest", samples)
    assert result.exit_code == 2
    assert "--patterns" in result.stderr
    assert stored(samples) == {}


def test_an_unknown_project_language_is_said_once_and_gets_no_casualties(samples):
    with Project.open(samples) as project, project.transaction() as conn:
        conn.execute("UPDATE project SET value = 'de' WHERE key = 'language'")
    result = run_cli("suggest", samples, "--casualties", "--patterns")
    assert result.exit_code == 0
    assert result.output.count("'de'") == 1
    assert not any(source == "casualties" for source, _ in stored(samples))


def test_patterns_command_adds_and_suggest_uses_them(samples, tmp_path):
    lines = [
        {"label": "WEAPON", "pattern": [{"LOWER": "ambulance"}], "attrs": {"category": "vehicle"}},
        {"label": "ACTOR", "pattern": "Ostrel", "attrs": {"actor_type": "civilians"}},
    ]
    file = tmp_path / "mine.jsonl"
    file.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = run_cli("patterns", samples, file)
    assert result.exit_code == 0
    assert "Added 2 pattern(s)" in result.output
    assert "Added 0 pattern(s)" in run_cli("patterns", samples, file).output
    run_cli("suggest", samples, "--patterns")
    with Project.open(samples) as project:
        text = project.document(1).text
        actors = [
            (text[s.start : s.end], s.attrs)
            for s in open_suggestions(project, 1, "amira")
            if s.label == "ACTOR"
        ]
    assert ("Ostrel", {"actor_type": "civilians"}) in actors


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"label": "BOAT", "pattern": "ferry"}', "unknown label 'BOAT'"),
        ('{"label": "WEAPON", "pattern": ""}', "'pattern' must be"),
        ('{"label": "WEAPON", "pattern": "gun", "attrs": {"category": "laser"}}', "category"),
        ('{"label": "WEAPON", "pattern": [{"LOWR": "gun"}]}', "spaCy cannot use this pattern"),
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply to read"),
    ],
)
def test_a_bad_pattern_line_is_named_and_nothing_is_stored(samples, tmp_path, line, reason):
    file = tmp_path / "bad.jsonl"
    good = json.dumps({"label": "WEAPON", "pattern": "cannon"})
    file.write_text(f"{good}\n{line}\n", encoding="utf-8")
    result = run_cli("patterns", samples, file)
    assert result.exit_code == 2
    assert f"{file}:2: " in result.stderr
    assert reason in result.stderr
    with Project.open(samples) as project:
        assert stored_patterns(project) == []


@pytest.mark.parametrize("content", ["", "\n  \n\r\n"], ids=["empty", "blank lines"])
def test_a_pattern_file_without_patterns_is_an_error(samples, tmp_path, content):
    file = tmp_path / "none.jsonl"
    file.write_text(content, encoding="utf-8")
    result = run_cli("patterns", samples, file)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"{file}:1: no patterns" in line


@pytest.mark.parametrize(
    ("text_form", "pattern_form"), [("NFD", "NFC"), ("NFC", "NFD"), ("NFD", "NFD")]
)
def test_accents_match_however_text_and_pattern_spell_them(
    project_path, tmp_path, text_form, pattern_form
):
    text = unicodedata.normalize(text_form, "Shelling killed 4 civilians in Médéa, near Sétif.")
    with Project.open(project_path) as project:
        document = add_text(project, text)
    file = tmp_path / "places.jsonl"
    pattern = {"label": "LOCATION", "pattern": unicodedata.normalize(pattern_form, "Médéa")}
    file.write_text(json.dumps(pattern, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_cli("patterns", project_path, file).exit_code == 0
    assert run_cli("suggest", project_path, "--patterns").exit_code == 0
    with Project.open(project_path) as project:
        found = [text[s.start : s.end] for s in open_suggestions(project, document, "amira")]
    assert unicodedata.normalize(text_form, "Médéa") in found


def test_a_model_of_another_language_is_refused(tmp_path):
    """An English model on French articles: one line, nothing stored (evaluate refuses it too)."""
    project = tmp_path / "fr.db"
    assert run_cli("init", project, "--lang", "fr").exit_code == 0
    with Project.open(project) as opened:
        add_text(opened, "Trois civils ont été tués à Ostrel lundi.", "Ostrel")
    model = tmp_path / "en-model"
    model.mkdir()
    (model / "config.cfg").write_text('[nlp]\nlang = "en"\npipeline = ["ner"]\n', encoding="utf-8")
    result = run_cli("suggest", project, "--model", model)
    assert result.exit_code == 2
    assert result.stderr == (
        f"✘ {model}: a model of language 'en', but the project's articles are 'fr';"
        " train one on this project (`annotator train`)\n"
    )
    assert stored(project) == {}


def test_nothing_still_to_do_says_how_to_suggest_anyway(samples):
    """After the tour every article is done by someone: 0 suggestions, and the way on."""
    with Project.open(samples) as project:
        for document in project.documents():
            project.set_status(document.id, "amira", Status.done)
    result = run_cli("suggest", samples, "--patterns")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "✔ Stored 0 suggestions for 0 documents"
    assert lines[1].startswith("ℹ No document is still to do (someone marked each one done")
    assert lines[1].endswith("; --documents all suggests for all")
    assert stored(samples) == {}
