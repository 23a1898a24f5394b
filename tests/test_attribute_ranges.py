"""Integer attributes have a range (the schema's, default 0 to 10^9): import refuses values
outside it; an export never fails with a traceback on a value an older version let in."""

from __future__ import annotations

import json

import pytest

from annotator.importers import import_files
from annotator.schema import INTEGER_RANGE, SchemaError, load_schema, parse_schema
from annotator.store import Project
from tests.conftest import run_cli
from tests.importing import ARTICLE, snapshot, span, write_jsonl
from tests.labelled_project import add_labelled

FIGURE = "At least 12 soldiers"


def schema_with(attribute: dict) -> str:
    label = {"name": "CASUALTY", "colour": "#f28482", "hotkey": "4", "attributes": [attribute]}
    return json.dumps({"name": "test", "labels": [label]})


def test_conflict_schema_states_the_count_ranges():
    casualty = load_schema().label("CASUALTY")
    for name in ("count", "count_low", "count_high"):
        spec = casualty.attribute(name)
        assert (spec.minimum, spec.maximum) == (0, 1_000_000_000) == INTEGER_RANGE


@pytest.mark.parametrize("bounds", [{}, {"minimum": None, "maximum": None}])
def test_an_integer_without_bounds_gets_the_default_range(bounds):
    """Also a schema stored by an older version, which wrote null for both."""
    schema = parse_schema(schema_with({"name": "count", "type": "integer", **bounds}))
    spec = schema.label("CASUALTY").attribute("count")
    assert (spec.minimum, spec.maximum) == INTEGER_RANGE
    assert json.loads(schema.to_json())["labels"][0]["attributes"][0]["maximum"] == 10**9


@pytest.mark.parametrize(
    ("attribute", "reason"),
    [
        ({"type": "integer", "maximum": 2**31}, "maximum: Input should be less than or equal"),
        ({"type": "integer", "minimum": 5, "maximum": 4}, "minimum 5 is above maximum 4"),
        ({"type": "text", "maximum": 4}, "'minimum' and 'maximum' only go with type 'integer'"),
    ],
)
def test_bad_ranges_are_refused(attribute, reason):
    with pytest.raises(SchemaError, match=reason):
        parse_schema(schema_with({"name": "count", **attribute}), "s.json")


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (1_000_000_001, "1000000001"),
        (10**20, "100000000000000000000"),
        (10**60, "a number of 61 digits"),
        (-1, "-1"),
    ],
    ids=["1e9+1", "1e20", "1e60", "-1"],
)
def test_import_refuses_a_count_outside_the_range(project_path, tmp_path, count, shown):
    figure = span(ARTICLE, FIGURE, "CASUALTY", kind="killed", count=count)
    path = write_jsonl(
        tmp_path / "a.jsonl", [{"text": ARTICLE}, {"text": ARTICLE, "spans": [figure]}]
    )
    before = snapshot(project_path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    bound = "at least 0" if count < 0 else "at most 1000000000"
    assert f"{path}:2: span 1: count must be {bound}, not {shown}\n" in result.output
    assert "Traceback" not in result.output
    assert snapshot(project_path) == before


def test_import_takes_the_top_of_the_range(project, tmp_path):
    figure = span(ARTICLE, FIGURE, "CASUALTY", count=10**9)

    import_files(
        project, [write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE, "spans": [figure]}])]
    )
    (stored,) = project.spans(1)
    assert stored.attrs == {"count": 10**9}


def stored_count(project_path, count):
    """A gold CASUALTY span with `count` written as is (as an older version let it in)."""
    with Project.open(project_path) as project:
        add_labelled(project, ARTICLE, [(FIGURE, "CASUALTY")], title="Ostrel <b>shelled</b>")
        with project.transaction() as conn:
            conn.execute("UPDATE spans SET attrs = ?", (json.dumps({"count": count}),))


def test_spacy_export_names_a_count_too_large_for_its_format(project_path, tmp_path):
    stored_count(project_path, 10**20)
    output = tmp_path / "out"
    result = run_cli("export", project_path, "--format", "spacy", "-o", output)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert (
        "(Ostrel <b>shelled</b>): CASUALTY at 56-76 has count 100000000000000000000, too large"
        in result.output
    )
    assert not output.exists()


def test_other_exports_write_a_large_stored_count(project_path, tmp_path):
    stored_count(project_path, 10**20)
    output = tmp_path / "out.jsonl"
    assert run_cli("export", project_path, "--format", "jsonl", "-o", output).exit_code == 0
    assert json.loads(output.read_text())["spans"][0]["attrs"] == {"count": 10**20}
    stored_count_beyond_range = 5 * 10**9
    with Project.open(project_path) as project, project.transaction() as conn:
        conn.execute(
            "UPDATE spans SET attrs = ?", (json.dumps({"count": stored_count_beyond_range}),)
        )
    result = run_cli("export", project_path, "--format", "spacy", "-o", tmp_path / "spacy")
    assert result.exit_code == 0, result.output
