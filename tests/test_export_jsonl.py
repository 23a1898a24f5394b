"""JSONL export: Prodigy's shape with tokens, token indices, attrs, answers; atomic writes."""

import json

import pytest

import annotator.exporters.jsonl as jsonl_exporter
from annotator.errors import AnnotatorError
from annotator.exporters.jsonl import export_jsonl
from annotator.exporters.source import ExportError
from annotator.importers import import_files
from annotator.model import Status
from annotator.store import Project
from tests.conftest import run_cli
from tests.importing import ARTICLE, span, write_jsonl

TEXT = "Army units shelled Ostrel.\n\nTwo  civilians died."


@pytest.fixture
def annotated(project, tmp_path):
    records = [
        {
            "text": TEXT,
            "meta": {"title": "Shelling", "source": "wire"},
            "spans": [
                span(TEXT, "Army units", "ACTOR", actor_type="state_forces"),
                span(TEXT, "Two  civilians", "CASUALTY", kind="killed", count=2),
            ],
            "_annotator_id": "amira",
        },
        {
            "text": TEXT,
            "spans": [span(TEXT, "Ostrel", "LOCATION")],
            "_annotator_id": "ben",
            "answer": "ignore",
        },
        {"text": ARTICLE, "spans": [span(ARTICLE, "Ostrel", "LOCATION")], "_annotator_id": "ben"},
        {"text": "An article nobody has annotated."},
    ]
    import_files(project, [write_jsonl(tmp_path / "in.jsonl", records)])
    return project


def read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_record_per_document_and_annotator(annotated, tmp_path):
    output = tmp_path / "out.jsonl"
    report = export_jsonl(annotated, output=output)
    assert report == {
        "output": str(output),
        "documents": 2,
        "records": 3,
        "spans": 4,
        "todo_left_out": 0,
        "relations": 0,
    }
    records = read(output)
    assert [(r["_annotator_id"], r.get("answer")) for r in records] == [
        ("amira", "accept"),
        ("ben", "ignore"),
        ("ben", "accept"),
    ]
    first = records[0]
    assert first["text"] == TEXT
    assert first["meta"] == {"title": "Shelling", "source": "wire"}
    assert first["spans"] == [
        {
            "start": 0,
            "end": 10,
            "label": "ACTOR",
            "token_start": 0,
            "token_end": 1,
            "attrs": {"actor_type": "state_forces"},
        },
        {
            "start": 28,
            "end": 42,
            "label": "CASUALTY",
            "token_start": 6,
            "token_end": 8,
            "attrs": {"kind": "killed", "count": 2},
        },
    ]


def test_tokens_include_whitespace_tokens_as_spacy_has_them(annotated, tmp_path):
    output = tmp_path / "out.jsonl"
    export_jsonl(annotated, output=output, source="amira")
    tokens = read(output)[0]["tokens"]
    assert [t["text"] for t in tokens] == [
        "Army",
        "units",
        "shelled",
        "Ostrel",
        ".",
        "\n\n",
        "Two",
        " ",
        "civilians",
        "died",
        ".",
    ]
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    assert "".join(t["text"] + " " * t["ws"] for t in tokens) == TEXT
    assert all(TEXT[t["start"] : t["end"]] == t["text"] for t in tokens)


def test_source_and_labels_filter(annotated, tmp_path):
    output = tmp_path / "out.jsonl"
    report = export_jsonl(annotated, output=output, source="amira", labels=["CASUALTY"])
    assert report["records"] == 1
    assert [s["label"] for s in read(output)[0]["spans"]] == ["CASUALTY"]


def test_unknown_source_lists_the_annotators(annotated, tmp_path):
    with pytest.raises(AnnotatorError, match=r"no annotator 'gold' \(annotators: amira, ben\)"):
        export_jsonl(annotated, output=tmp_path / "out.jsonl", source="gold")
    assert not (tmp_path / "out.jsonl").exists()


def test_failed_export_leaves_no_half_written_file(annotated, tmp_path, monkeypatch):
    output = tmp_path / "out.jsonl"
    output.write_text("previous export\n", encoding="utf-8")
    real = jsonl_exporter.prodigy_record
    calls = []

    def failing_after_one(item, relations=None, tokens_of=None):
        calls.append(item)
        if len(calls) > 1:
            raise OSError("disk full")
        return real(item, relations, tokens_of)

    monkeypatch.setattr(jsonl_exporter, "prodigy_record", failing_after_one)
    with pytest.raises(ExportError, match="out.jsonl: cannot write the export: disk full"):
        export_jsonl(annotated, output=output)
    assert output.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_command(annotated, project_path, tmp_path):
    annotated.close()
    output = tmp_path / "cli.jsonl"
    result = run_cli(
        "export", project_path, "--format", "jsonl", "--output", output, "--source", "ben", "--json"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["records"] == 2
    assert {r["_annotator_id"] for r in read(output)} == {"ben"}
    unknown = run_cli("export", project_path, "--output", output, "--source", "nobody")
    assert unknown.exit_code == 2
    assert "annotators: amira, ben" in unknown.stderr


def test_a_document_still_to_do_goes_back_in_as_to_do(annotated, tmp_path):
    """Without `_status`, a record with no answer would import as done (Prodigy's reading)."""
    amira_done = next(annotated.documents()).id
    annotated.set_status(amira_done, "amira", Status.todo)
    output = tmp_path / "out.jsonl"
    export_jsonl(annotated, output=output, source="amira", include_todo=True)
    (record,) = read(output)
    assert record["_status"] == "todo" and record["answer"] == "ignore"
    with Project.create(tmp_path / "other.db") as other:
        report = import_files(other, [output])
        (document,) = list(other.documents())
        assert other.status(document.id, "amira") is Status.todo
        assert len(other.spans(document.id, "amira")) == 2
    assert report.annotators["amira"] == {"spans": 2, "done": 0, "skipped": 0}


def test_documents_still_to_do_are_left_out_by_default(annotated, project_path, tmp_path):
    """Every record has an answer, so any reader of Prodigy's format takes the file as is."""
    amira_done = next(annotated.documents()).id
    annotated.set_status(amira_done, "amira", Status.todo)
    annotated.close()
    output = tmp_path / "out.jsonl"
    result = run_cli("export", project_path, "--output", output, "--json")
    assert json.loads(result.stdout)["todo_left_out"] == 1
    records = read(output)
    assert [(r["_annotator_id"], r["answer"]) for r in records] == [
        ("ben", "ignore"),
        ("ben", "accept"),
    ]
    assert all("_status" not in r for r in records)
    run_cli("export", project_path, "--output", output, "--include-todo")
    assert [(r["_annotator_id"], r.get("_status")) for r in read(output)][0] == ("amira", "todo")


def test_spans_come_by_start_longest_first_then_label_whatever_order_they_were_stored(
    project, tmp_path
):
    text = "Militia fighters from Doruna shelled the town."
    spans = [  # stored in the reverse of the export's order
        span(text, "Doruna", "LOCATION"),
        span(text, "Militia fighters from Doruna", "LOCATION"),
        span(text, "Militia fighters", "ACTOR"),
        span(text, "Militia fighters from Doruna", "ACTOR"),
    ]
    import_files(project, [write_jsonl(tmp_path / "in.jsonl", [{"text": text, "spans": spans}])])
    output = tmp_path / "out.jsonl"
    export_jsonl(project, output=output)
    assert [(s["start"], s["end"], s["label"]) for s in read(output)[0]["spans"]] == [
        (0, 28, "ACTOR"),
        (0, 28, "LOCATION"),
        (0, 16, "ACTOR"),
        (22, 28, "LOCATION"),
    ]


def test_a_nan_an_older_version_stored_in_attrs_is_written_as_null(annotated, tmp_path):
    annotated.conn.execute("UPDATE spans SET attrs = '{\"count\": NaN}' WHERE label = 'CASUALTY'")
    output = tmp_path / "out.jsonl"
    export_jsonl(annotated, output=output, source="amira")
    assert "NaN" not in output.read_text(encoding="utf-8")
    assert read(output)[0]["spans"][1]["attrs"] == {"count": None}


def test_labels_given_with_stray_commas_and_spaces(annotated, tmp_path):
    """`--labels "CASUALTY, ,"` is the label CASUALTY, as `agreement --labels` reads it."""
    output = tmp_path / "out.jsonl"
    result = run_cli(
        "export", annotated.path, "--format", "jsonl", "-o", output, "--labels", "CASUALTY, ,"
    )
    assert result.exit_code == 0, result.output
    labels = {span["label"] for line in read(output) for span in line["spans"]}
    assert labels == {"CASUALTY"}
