"""Labels as users name them ("Dish", "Price range"), and a schema made from a file's labels."""

import json

import pytest

from annotator.exporters.conll import export_conll
from annotator.schema import SchemaError, load_schema, schema_for_labels
from annotator.store import Project
from tests.conftest import REPO, run_cli
from tests.test_import_formats import labelled

TEXT = "The lamb stew was cheap and the Kessar wine dear."


def doccano_menu(path):
    def at(phrase, label):
        start = TEXT.index(phrase)
        return [start, start + len(phrase), label]

    record = {
        "text": TEXT,
        "label": [at("lamb stew", "Dish"), at("cheap", "Price range"), at("Kessar wine", "Dish")],
    }
    path.write_text(json.dumps(record) + "\n")
    return path


def test_init_labels_from_builds_the_schema_and_the_file_imports(tmp_path):
    source = doccano_menu(tmp_path / "menu.jsonl")
    project_path = tmp_path / "menu.db"
    result = run_cli("init", project_path, "--labels-from", source)
    assert result.exit_code == 0, result.stderr
    assert "Language: en; labels: Dish, Price range" in result.stdout
    with Project.open(project_path) as project:
        assert [(lb.name, lb.hotkey) for lb in project.schema.labels] == [
            ("Dish", "1"),
            ("Price range", "2"),
        ]
    assert run_cli("import", project_path, source, "--annotator", "gold").exit_code == 0
    assert labelled(project_path) == {
        ("gold", "lamb stew", "Dish"),
        ("gold", "cheap", "Price range"),
        ("gold", "Kessar wine", "Dish"),
    }


def test_label_with_a_space_survives_a_conll_round_trip(tmp_path):
    source = doccano_menu(tmp_path / "menu.jsonl")
    project_path = tmp_path / "menu.db"
    run_cli("init", project_path, "--labels-from", source)
    run_cli("import", project_path, source, "--annotator", "gold")
    with Project.open(project_path) as project:
        export_conll(project, output=tmp_path / "menu.conll")
    assert "cheap\tB-Price range\n" in (tmp_path / "menu.conll").read_text()
    again = tmp_path / "again.db"
    run_cli("init", again, "--labels-from", tmp_path / "menu.conll")
    assert run_cli("import", again, tmp_path / "menu.conll", "--annotator", "gold").exit_code == 0
    assert labelled(again) == labelled(project_path)


@pytest.mark.parametrize("name", ["Dish", "Price range", "price_range", "Ort (Stadt)", "地名"])
def test_schema_takes_label_names_as_users_write_them(name):
    assert schema_for_labels([name], "menu").label_names == [name]


@pytest.mark.parametrize("name", ["", " Dish", "Dish ", "Dish\tPrice", "Dish\n"])
def test_schema_refuses_blank_padded_or_control_label_names(name):
    with pytest.raises(SchemaError, match=r"menu: labels\.0\.name"):
        schema_for_labels([name], "menu")


def test_labels_from_a_file_without_labels_is_an_error(tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"text": "No labels here."}) + "\n")
    result = run_cli("init", tmp_path / "x.db", "--labels-from", path)
    assert result.exit_code == 2
    assert "plain.jsonl: no labels found" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_default_schema_still_loads():
    assert load_schema().label_names == ["ACTOR", "LOCATION", "WEAPON", "CASUALTY"]


def doccano_linked(path, relation_type="LINK"):
    entities = [
        {"id": 1, "start_offset": 0, "end_offset": 5, "label": "Thing"},
        {"id": 2, "start_offset": 6, "end_offset": 10, "label": "Place"},
    ]
    relations = [{"id": 1, "from_id": 1, "to_id": 2, "type": relation_type}]
    record = {"text": "Other text.", "entities": entities, "relations": relations}
    path.write_text(json.dumps({"text": "Plain."}) + "\n" + json.dumps(record) + "\n")
    return path


def relation_types(project_path):
    with Project.open(project_path) as project:
        return [(r.name, r.head, r.tail) for r in project.schema.relations]


def test_init_labels_from_takes_the_relation_types_and_the_file_imports(tmp_path):
    source = doccano_linked(tmp_path / "linked.jsonl")
    project_path = tmp_path / "linked.db"
    assert run_cli("init", project_path, "--labels-from", source).exit_code == 0
    assert relation_types(project_path) == [("LINK", ["Thing"], ["Place"])]
    result = run_cli("import", project_path, source)
    assert result.exit_code == 0, result.stderr
    with Project.open(project_path) as project:
        assert project.conn.execute("SELECT label FROM relations").fetchall() == [("LINK",)]


def test_init_labels_from_label_studio_and_prodigy_relations(tmp_path):
    studio = REPO / "tests" / "data" / "formats" / "label-studio-relations.json"
    run_cli("init", tmp_path / "studio.db", "--labels-from", studio)
    assert relation_types(tmp_path / "studio.db") == [
        ("PERPETRATOR", ["CASUALTY"], ["ACTOR"]),
        ("PLACE", ["CASUALTY"], ["LOCATION"]),
    ]
    spans = [{"start": 0, "end": 3, "label": "Dish"}, {"start": 8, "end": 13, "label": "Price"}]
    line = {"text": "Tea for 2 coins.", "spans": spans}
    line["relations"] = [{"head_span": spans[0], "child_span": spans[1], "label": "COSTS"}]
    prodigy = tmp_path / "prodigy.jsonl"
    prodigy.write_text(json.dumps(line) + "\n")
    run_cli("init", tmp_path / "tea.db", "--labels-from", prodigy)
    assert relation_types(tmp_path / "tea.db") == [("COSTS", ["Dish"], ["Price"])]


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        (" Dish", "label ' Dish' starts or ends with a space"),
        ("Dish ", "label 'Dish ' starts or ends with a space"),
        ("Di\tsh", "label 'Di\\tsh' holds a control character (a tab)"),
        ("D" * 101, f"label '{'D' * 38}… is longer than 100 characters"),
    ],
)
def test_labels_from_a_label_the_schema_cannot_take_names_its_line(tmp_path, label, reason):
    path = tmp_path / "bad.jsonl"
    lines = [{"text": TEXT, "label": [[4, 8, "Dish"]]}, {"text": TEXT, "label": [[4, 8, label]]}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = run_cli("init", tmp_path / "x.db", "--labels-from", path)
    assert result.exit_code == 2
    assert result.stderr == f"✘ {path}:2: {reason}\n"
    assert not (tmp_path / "x.db").exists()


def test_labels_from_a_relation_type_the_schema_cannot_take_names_its_line(tmp_path):
    source = doccano_linked(tmp_path / "linked.jsonl", "located in")
    result = run_cli("init", tmp_path / "x.db", "--labels-from", source)
    assert result.exit_code == 2
    assert result.stderr == (
        f"✘ {source}:2: relation type 'located in' is not a name a schema takes: capital "
        "letters A-Z, digits and _, starting with a letter (rename it in the file, e.g. "
        "'LOCATED_IN')\n"
    )


def test_labels_from_reads_spacy_ents(tmp_path):
    path = tmp_path / "docs.jsonl"
    text = "Two farmers were killed when militia fighters shelled Doruna on Monday."
    path.write_text(
        json.dumps({"text": text, "ents": [{"start": 54, "end": 60, "label": "PLACE"}]})
    )
    result = run_cli("init", tmp_path / "x.db", "--labels-from", path)
    assert result.exit_code == 0, result.stderr
    assert "labels: PLACE" in result.stdout
