"""Relations in Prodigy-shaped JSONL: exported with head, child, head_span and child_span,
imported back between the same spans, refused with the file's line when they break the schema."""

from __future__ import annotations

import json

from annotator.exporters.jsonl import export_jsonl
from annotator.importers import import_files
from annotator.model import GOLD
from annotator.store import Project
from annotator.store.relations import add_relation, relations
from tests.conftest import run_cli
from tests.labelled_project import add_labelled

TEXT = "Rebels killed four villagers near Ostrel."


def _labelled(project):
    document = add_labelled(
        project,
        TEXT,
        [
            ("Rebels", "ACTOR"),
            {"start": 14, "end": 28, "label": "CASUALTY", "attrs": {"kind": "killed", "count": 4}},
            ("villagers", "ACTOR"),
            ("Ostrel", "LOCATION"),
        ],
    )
    spans = {s.label + str(s.start): s for s in project.spans(document, GOLD)}
    add_relation(project, spans["CASUALTY14"].id, spans["ACTOR0"].id, "PERPETRATOR")
    add_relation(project, spans["CASUALTY14"].id, spans["LOCATION34"].id, "PLACE")
    return document


def test_export_writes_prodigys_relation_shape(project, tmp_path):
    _labelled(project)
    report = export_jsonl(project, output=tmp_path / "out.jsonl")
    (record,) = map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())
    assert report["relations"] == 2
    # Tokens: Rebels(0) killed(1) four(2) villagers(3) near(4) Ostrel(5) .(6)
    assert record["relations"] == [
        {
            "head": 3,
            "child": 0,
            "head_span": {
                "start": 14,
                "end": 28,
                "label": "CASUALTY",
                "token_start": 2,
                "token_end": 3,
            },
            "child_span": {
                "start": 0,
                "end": 6,
                "label": "ACTOR",
                "token_start": 0,
                "token_end": 0,
            },
            "label": "PERPETRATOR",
        },
        {
            "head": 3,
            "child": 5,
            "head_span": {
                "start": 14,
                "end": 28,
                "label": "CASUALTY",
                "token_start": 2,
                "token_end": 3,
            },
            "child_span": {
                "start": 34,
                "end": 40,
                "label": "LOCATION",
                "token_start": 5,
                "token_end": 5,
            },
            "label": "PLACE",
        },
    ]


def test_relations_round_trip_through_jsonl(project, tmp_path):
    _labelled(project)
    export_jsonl(project, output=tmp_path / "out.jsonl")
    with Project.create(tmp_path / "other.db") as other:
        report = import_files(other, [tmp_path / "out.jsonl"])
        assert report.relations == 2
        (document,) = other.documents_with_status(GOLD)
        found = [(r.head.key, r.tail.key, r.label) for r in relations(other, document)]
    assert found == [
        ((14, 28, "CASUALTY"), (0, 6, "ACTOR"), "PERPETRATOR"),
        ((14, 28, "CASUALTY"), (34, 40, "LOCATION"), "PLACE"),
    ]


def _write(tmp_path, relation):
    record = {
        "text": TEXT,
        "spans": [
            {"start": 0, "end": 6, "label": "ACTOR"},
            {"start": 14, "end": 28, "label": "CASUALTY"},
        ],
        "relations": [relation],
    }
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Markets reopened."}\n' + json.dumps(record) + "\n")
    return path


def test_a_relation_breaking_the_schema_is_refused_with_its_line(project_path, tmp_path):
    path = _write(
        tmp_path,
        {
            "head_span": {"start": 0, "end": 6, "label": "ACTOR"},
            "child_span": {"start": 14, "end": 28, "label": "CASUALTY"},
            "label": "VICTIM",
        },
    )
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert (
        f"{path}:2: relation 1: a VICTIM relation leads from CASUALTY to ACTOR, not from ACTOR"
        " to CASUALTY" in result.stderr
    )
    with Project.open(project_path) as project:
        assert project.document_count() == 0


def test_a_relation_to_no_span_of_the_record_is_refused(project_path, tmp_path):
    path = _write(
        tmp_path,
        {
            "head_span": {"start": 14, "end": 28, "label": "CASUALTY"},
            "child_span": {"start": 34, "end": 40, "label": "LOCATION"},
            "label": "PLACE",
        },
    )
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert "in.jsonl:2: relation 1: its child_span [34, 40) LOCATION is not one of" in result.stderr
    missing = _write(tmp_path, {"head": 3, "child": 0, "label": "PERPETRATOR"})
    result = run_cli("import", project_path, missing)
    assert "relation 1: needs 'head_span' with start, end and label" in result.stderr
