"""NaN and Infinity: refused on import (strict JSON readers reject them); exports write strict
JSON even from a project an older version let one into."""

from __future__ import annotations

import json

import pytest

from annotator.importers import import_files
from annotator.store import Project
from tests.conftest import run_cli
from tests.importing import ARTICLE, snapshot, write_jsonl
from tests.labelled_project import add_labelled

FIGURE = "At least 12 soldiers"


def strict_loads(text: str):
    def refuse(name):
        raise AssertionError(f"{name} in exported JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    "line",
    [
        '{"text": "Ostrel was shelled.", "meta": {"score": NaN}}',
        '{"text": "Ostrel was shelled.", "meta": {"source": {"weight": Infinity}}}',
        '{"text": "Ostrel was shelled.", "meta": {"scores": [1, -Infinity]}}',
    ],
    ids=["NaN", "Infinity", "-Infinity"],
)
def test_import_refuses_nan_and_infinity(project_path, tmp_path, line):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE}, line])
    before = snapshot(project_path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    name = line.split(": ")[-1].strip("{}[]1, ")
    assert f"{path}:2: {name} is not a JSON number" in result.output
    assert "Traceback" not in result.output
    assert snapshot(project_path) == before


def test_skipped_nan_record_goes_to_a_strict_rejects_file(project, tmp_path):
    line = '{"text": "Ostrel was shelled.", "meta": {"score": NaN}}'
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE}, line])
    report = import_files(project, [path], skip_invalid=True)
    assert (report.documents_new, report.rejected) == (1, 1)
    rejected = strict_loads((tmp_path / "a.jsonl.rejects.jsonl").read_text())
    assert (rejected["line"], rejected["record"].strip()) == (2, line)
    assert rejected["reason"] == "NaN is not a JSON number (write null, or the value as a string)"


def project_with_nan(project_path):
    """Gold labels on a document whose meta holds NaN and Infinity, as an older version stored
    them (span attributes never could: they were checked as integers, text or booleans)."""
    with Project.open(project_path) as project:
        add_labelled(project, ARTICLE, [(FIGURE, "CASUALTY"), ("Ostrel", "LOCATION")])
        with project.transaction() as conn:
            conn.execute("""UPDATE documents SET meta = '{"score": NaN, "w": [Infinity]}'""")


def test_jsonl_export_is_strict_json(project_path, tmp_path):
    project_with_nan(project_path)
    output = tmp_path / "out.jsonl"
    assert run_cli("export", project_path, "--format", "jsonl", "-o", output).exit_code == 0
    (record,) = [strict_loads(line) for line in output.read_text().splitlines()]
    assert record["meta"] == {"score": None, "w": [None], "title": "Untitled"}
    assert len(record["spans"]) == 2
