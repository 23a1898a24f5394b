"""The label schema: the default file loads, broken files name the field at fault."""

import json

import pytest

from annotator.schema import DEFAULT_SCHEMA_PATH, SCHEMAS_DIR, SchemaError, json_schema, load_schema
from tests.conftest import run_cli


def test_default_schema_has_the_four_labels_with_their_attributes():
    schema = load_schema()
    assert schema.label_names == ["ACTOR", "LOCATION", "WEAPON", "CASUALTY"]
    casualty = schema.label("CASUALTY")
    assert [a.name for a in casualty.attributes] == [
        "kind",
        "count",
        "count_low",
        "count_high",
        "qualifier",
    ]
    assert "at_least" in casualty.attribute("qualifier").choices
    assert schema.label("ACTOR").attribute("actor_type").type == "choice"
    assert [label.hotkey for label in schema.labels] == ["1", "2", "3", "4"]


def test_generated_json_schema_file_is_current():
    stored = json.loads((SCHEMAS_DIR / "label-schema.schema.json").read_text())
    assert stored == json_schema(), (
        "run: python -m annotator.schema > schemas/label-schema.schema.json"
    )


def _write(tmp_path, data):
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(data))
    return path


def _default():
    return json.loads(DEFAULT_SCHEMA_PATH.read_text())


def test_bad_colour_names_the_field(tmp_path):
    data = _default()
    data["labels"][2]["colour"] = "orange"
    with pytest.raises(SchemaError, match=r"schema.json: labels\.2\.colour: String should match"):
        load_schema(_write(tmp_path, data))


def test_repeated_hotkey_is_refused(tmp_path):
    data = _default()
    data["labels"][1]["hotkey"] = "1"
    with pytest.raises(SchemaError, match="repeat a hotkey: 1"):
        load_schema(_write(tmp_path, data))


def test_choice_without_choices_is_refused(tmp_path):
    data = _default()
    del data["labels"][0]["attributes"][0]["choices"]
    with pytest.raises(SchemaError, match=r"labels\.0\.attributes\.0.*choices"):
        load_schema(_write(tmp_path, data))


def test_unknown_field_is_refused(tmp_path):
    data = _default()
    data["labels"][0]["colur"] = "#000000"
    with pytest.raises(SchemaError, match=r"labels\.0\.colur: Extra inputs"):
        load_schema(_write(tmp_path, data))


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "schema.json"
    path.write_text('{\n  "name": "x",\n  "labels": [,]\n}')
    with pytest.raises(SchemaError, match=r"schema.json:3: not valid JSON"):
        load_schema(path)


def test_json_nested_too_deeply_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "schema.json"
    path.write_text('{"labels": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(SchemaError, match=r"schema.json:1: JSON nested too deeply to read"):
        load_schema(path)
    result = run_cli("init", tmp_path / "deep.db", "--schema", path)
    assert result.exit_code == 2
    assert not (tmp_path / "deep.db").exists()


def test_missing_file(tmp_path):
    with pytest.raises(SchemaError, match="no such schema file"):
        load_schema(tmp_path / "nope.json")


@pytest.mark.parametrize(
    ("label", "attrs", "reason"),
    [
        ("CASUALTY", {"count": "12"}, "count must be an integer"),
        ("CASUALTY", {"count": -1}, "count must be at least 0"),
        ("CASUALTY", {"count": True}, "count must be an integer"),
        ("CASUALTY", {"kind": "dead"}, "kind must be one of killed, injured"),
        ("ACTOR", {"colour": "red"}, "ACTOR has no attribute 'colour'"),
        ("PERSON", {}, "unknown label 'PERSON' \\(labels: ACTOR, LOCATION, WEAPON, CASUALTY\\)"),
    ],
)
def test_attribute_checks(label, attrs, reason):
    with pytest.raises(ValueError, match=reason):
        load_schema().check_attrs(label, attrs)


def test_none_attributes_are_dropped():
    assert load_schema().check_attrs("CASUALTY", {"count": 3, "kind": None}) == {"count": 3}


def test_default_schema_declares_the_four_relation_types():
    schema = load_schema()
    assert [(r.name, r.head, r.tail, r.hotkey) for r in schema.relations] == [
        ("VICTIM", ["CASUALTY"], ["ACTOR"], "v"),
        ("PERPETRATOR", ["CASUALTY"], ["ACTOR"], "p"),
        ("PLACE", ["CASUALTY"], ["LOCATION"], "l"),
        ("MEANS", ["CASUALTY"], ["WEAPON"], "m"),
    ]
    assert [r.name for r in schema.relations_between("CASUALTY", "ACTOR")] == [
        "VICTIM",
        "PERPETRATOR",
    ]


def test_a_stored_schema_from_before_relations_gets_the_default_types(project_path):
    import sqlite3

    from annotator.store import Project

    data = _default()
    del data["relations"]
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE project SET value = ? WHERE key = 'schema'", (json.dumps(data),))
    conn.commit()
    conn.close()
    with Project.open(project_path) as project:
        assert project.schema.relation_names == ["VICTIM", "PERPETRATOR", "PLACE", "MEANS"]


def test_a_schema_adds_its_own_relation_type(tmp_path):
    data = _default()
    data["relations"].append(
        {"name": "LOCATED_IN", "head": ["LOCATION"], "tail": ["LOCATION"], "hotkey": "i"}
    )
    schema = load_schema(_write(tmp_path, data))
    assert schema.check_relation("LOCATED_IN", "LOCATION", "LOCATION").name == "LOCATED_IN"


def test_a_relation_between_unknown_labels_is_refused(tmp_path):
    data = _default()
    data["relations"][0]["tail"] = ["PERSON"]
    with pytest.raises(SchemaError, match="relation VICTIM names unknown labels: PERSON"):
        load_schema(_write(tmp_path, data))


@pytest.mark.parametrize("hotkey", ["1", "r"])
def test_a_relation_hotkey_may_not_repeat_a_labels_or_r(tmp_path, hotkey):
    data = _default()
    data["relations"][2]["hotkey"] = hotkey
    with pytest.raises(
        SchemaError, match=f"relation hotkeys repeat a label's hotkey or R: {hotkey}"
    ):
        load_schema(_write(tmp_path, data))
