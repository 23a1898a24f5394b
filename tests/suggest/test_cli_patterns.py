"""`annotator patterns`: which token patterns a tokenizer-only pipeline can run, bad regular
expressions, and listing and removing a project's patterns (also ones an older version
stored unchecked, which `annotator suggest` names instead of failing in spaCy)."""

from __future__ import annotations

import json

import pytest

from annotator.store import Project
from annotator.store.suggestions import add_patterns, open_suggestions, stored_patterns
from tests.conftest import add_text, run_cli

TEXT = "Shelling killed 4 civilians in Medea; 12 mortars were fired from the hills."
GOOD = {"label": "WEAPON", "pattern": "cannon"}


@pytest.fixture
def article(project_path):
    with Project.open(project_path) as project:
        add_text(project, TEXT, "Medea")
    return project_path


def pattern_file(tmp_path, *entries):
    file = tmp_path / "mine.jsonl"
    file.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    return file


def rows(path):
    with Project.open(path) as project:
        return project.conn.execute(
            "SELECT id, label, pattern FROM patterns ORDER BY id"
        ).fetchall()


@pytest.mark.parametrize(
    ("token", "needs"),
    [
        ({"POS": "PROPN", "OP": "+"}, "POS, which needs a tagger"),
        ({"TAG": "NNP"}, "TAG, which needs a tagger"),
        ({"MORPH": "Number=Sing"}, "MORPH, which needs a tagger"),
        ({"LEMMA": "kill"}, "LEMMA, which needs a lemmatizer"),
        ({"DEP": "nsubj"}, "DEP, which needs a parser"),
        ({"ENT_TYPE": "GPE"}, "ENT_TYPE, which needs an entity recognizer"),
        ({"ENT_IOB": "B"}, "ENT_IOB, which needs an entity recognizer"),
        ({"IS_SENT_START": True}, "IS_SENT_START, which needs a sentence splitter"),
        ({"pos": "NOUN"}, "pos, which needs a tagger"),
        ({"_": {"kind": "x"}}, "_, which needs a component that sets custom attributes"),
    ],
)
def test_a_token_attribute_the_tokenizer_cannot_give_is_refused(article, tmp_path, token, needs):
    file = pattern_file(tmp_path, GOOD, {"label": "ACTOR", "pattern": [{"LOWER": "the"}, token]})
    result = run_cli("patterns", article, file)
    assert result.exit_code == 2
    assert result.stderr == (
        f"✘ {file}:2: pattern token 2 uses {needs}; annotator's pipelines only tokenise\n"
    )
    assert rows(article) == []


@pytest.mark.parametrize(
    ("token", "regex"),
    [
        ({"LOWER": {"REGEX": "(("}}, "(("),
        ({"TEXT": {"FUZZY": {"REGEX": "[a-"}}}, "[a-"),
    ],
)
def test_a_bad_regular_expression_is_one_line_and_nothing_is_stored(
    article, tmp_path, token, regex
):
    file = pattern_file(tmp_path, GOOD, {"label": "WEAPON", "pattern": [token]})
    result = run_cli("patterns", article, file)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"✘ {file}:2: bad regular expression {regex!r}: ")
    assert rows(article) == []


def test_lexical_attributes_and_predicates_are_kept_and_match(article, tmp_path):
    number_then_weapon = [
        {"LIKE_NUM": True, "IS_DIGIT": True, "LENGTH": {">=": 2}, "SHAPE": "dd"},
        {"LOWER": {"IN": ["mortars", "rockets"]}, "TEXT": {"REGEX": "^m"}, "IS_STOP": False},
    ]
    place = [{"ORTH": "Medea", "NORM": "medea", "IS_TITLE": True, "SPACY": False}]
    file = pattern_file(
        tmp_path,
        {"label": "WEAPON", "pattern": number_then_weapon},
        {"label": "LOCATION", "pattern": place},
    )
    assert run_cli("patterns", article, file).exit_code == 0
    assert run_cli("suggest", article, "--patterns").exit_code == 0
    with Project.open(article) as project:
        found = {(TEXT[s.start : s.end], s.label) for s in open_suggestions(project, 1, "amira")}
    assert {("12 mortars", "WEAPON"), ("Medea", "LOCATION")} <= found


def test_suggest_names_a_pattern_an_older_version_stored_and_it_can_be_removed(article):
    """An older `annotator patterns` stored POS patterns unchecked; spaCy stopped every
    `suggest --patterns` with a traceback, and nothing removed the pattern."""
    with Project.open(article) as project:
        add_patterns(project, [GOOD, {"label": "ACTOR", "pattern": [{"POS": "PROPN"}]}])
    result = run_cli("suggest", article, "--patterns")
    assert result.exit_code == 2
    assert result.stderr == (
        f'✘ {article}: the project\'s pattern 2 (ACTOR [{{"POS": "PROPN"}}]) cannot be used:'
        " pattern token 1 uses POS, which needs a tagger; annotator's pipelines only tokenise;"
        f" remove it with `annotator patterns {article} --remove 2`\n"
    )
    with Project.open(article) as project:
        assert open_suggestions(project, 1, "amira") == []

    listed = run_cli("patterns", article, "--list")
    assert listed.exit_code == 0
    assert [line.split()[:3] for line in listed.stdout.splitlines()[-3:-1]] == [
        ["1", "WEAPON", '"cannon"'],
        ["2", "ACTOR", '[{"POS":'],
    ]
    removed = run_cli("patterns", article, "--remove", "2")
    assert removed.exit_code == 0
    assert f"Removed 1 pattern(s) from {article}" in removed.stdout
    assert rows(article) == [(1, "WEAPON", '"cannon"')]
    assert run_cli("suggest", article, "--patterns").exit_code == 0
    with Project.open(article) as project:
        assert open_suggestions(project, 1, "amira") != []


def test_a_bad_regex_stored_by_an_older_version_is_named_too(article):
    with Project.open(article) as project:
        add_patterns(project, [{"label": "WEAPON", "pattern": [{"LOWER": {"REGEX": "(("}}]}])
    result = run_cli("suggest", article, "--patterns", "--casualties")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "pattern 1 (WEAPON" in line and "bad regular expression '(('" in line
    assert line.endswith(f"remove it with `annotator patterns {article} --remove 1`")


def test_removing_an_id_not_there_removes_nothing(article, tmp_path):
    assert run_cli("patterns", article, pattern_file(tmp_path, GOOD)).exit_code == 0
    result = run_cli("patterns", article, "--remove", "1", "--remove", "7")
    assert result.exit_code == 2
    assert result.stderr == (
        f"✘ {article}: no pattern with id 7; nothing removed"
        f" (`annotator patterns {article} --list` shows the ids)\n"
    )
    assert rows(article) == [(1, "WEAPON", '"cannon"')]
    with Project.open(article) as project:
        assert stored_patterns(project) == [{**GOOD, "attrs": {}}]


@pytest.mark.parametrize("extra", [[], ["--list", "--remove", "1"], ["FILE", "--list"]])
def test_patterns_wants_exactly_one_of_file_list_and_remove(article, tmp_path, extra):
    file = pattern_file(tmp_path, GOOD)
    args = [str(file) if arg == "FILE" else arg for arg in extra]
    result = run_cli("patterns", article, *args)
    assert result.exit_code == 2
    assert result.stderr == "✘ give one of: a pattern FILE to add, --list, or --remove ID\n"
    assert rows(article) == []


def test_list_says_when_the_project_has_no_patterns_of_its_own(article):
    result = run_cli("patterns", article, "--list")
    assert result.exit_code == 0
    assert "has no patterns of its own" in result.stdout
