"""Importing other tools' files: doccano, Label Studio, Prodigy review, spaCy DocBin, CoNLL/IOB."""

import json
from pathlib import Path

import pytest

from annotator.model import Status
from annotator.store import Project
from tests.conftest import REPO, run_cli

FORMATS = REPO / "tests" / "data" / "formats"


def labelled(project_path: Path) -> set[tuple[str, str, str]]:
    """Every stored span as (annotator, covered text, label)."""
    with Project.open(project_path) as project:
        rows = project.conn.execute(
            'SELECT s.annotator, substr(d.text, s.start + 1, s."end" - s.start), s.label'
            " FROM spans s JOIN documents d ON d.id = s.document"
        ).fetchall()
    return set(rows)


def statuses(project_path: Path) -> dict[tuple[str, str], str]:
    """(first word of the document, annotator) -> status."""
    with Project.open(project_path) as project:
        rows = project.conn.execute(
            "SELECT d.text, s.annotator, s.status FROM status s JOIN documents d"
            " ON d.id = s.document"
        ).fetchall()
    return {(text.split()[0], annotator): status for text, annotator, status in rows}


def imported(project_path: Path, *args) -> dict:
    result = run_cli("import", project_path, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def stored_relations(project_path):
    with Project.open(project_path) as project:
        return set(
            project.conn.execute(
                'SELECT substr(d.text, h.start + 1, h."end" - h.start), h.annotator,'
                ' substr(d.text, t.start + 1, t."end" - t.start), r.label FROM relations r'
                " JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail"
                " JOIN documents d ON d.id = h.document"
            )
        )


def test_doccano_label_triples_bring_every_span(project_path):
    report = imported(project_path, FORMATS / "doccano-label.jsonl")
    assert report["spans"] == 6
    assert labelled(project_path) == {
        ("imported", "Militia fighters", "ACTOR"),
        ("imported", "Kessar Hills", "LOCATION"),
        ("imported", "Doruna", "LOCATION"),
        ("imported", "Two farmers were wounded", "CASUALTY"),
        ("imported", "Border guards of Veloria", "ACTOR"),
        ("imported", "Tamsin", "LOCATION"),
    }


def test_doccano_entities_bring_spans_and_relations(project_path):
    result = run_cli(
        "import", project_path, FORMATS / "doccano-entities.jsonl", "--annotator", "dee"
    )
    assert result.exit_code == 0
    assert "Not imported" not in result.stdout
    assert stored_relations(project_path) == {
        ("Two farmers were wounded", "dee", "Doruna", "PLACE")
    }
    assert labelled(project_path) == {
        ("dee", "Militia fighters", "ACTOR"),
        ("dee", "Doruna", "LOCATION"),
        ("dee", "Two farmers were wounded", "CASUALTY"),
        ("dee", "Tamsin", "LOCATION"),
    }
    with Project.open(project_path) as project:
        (logged,) = project.conn.execute("SELECT data FROM log WHERE action = 'import'")
    assert json.loads(logged[0])["format"] == "jsonl"


def test_doccano_forced_format_reads_older_data_and_labels_keys(project_path, tmp_path):
    text = "Gunmen fired on Tamsin."
    path = tmp_path / "old.txt"  # the extension says nothing; --format does
    path.write_text(json.dumps({"data": text, "labels": [[0, 6, "ACTOR"]]}) + "\n")
    imported(project_path, path, "--format", "doccano")
    assert labelled(project_path) == {("imported", "Gunmen", "ACTOR")}


@pytest.mark.parametrize("key", ["ner", "tags", "accept", "entities"])
def test_unknown_label_carrying_shape_is_an_error_naming_file_and_line(project_path, tmp_path, key):
    value = [[0, 6, "ACTOR"]] if key != "entities" else "ACTOR at 0"
    path = tmp_path / "other.jsonl"
    lines = [{"text": "A plain article."}, {"text": "Gunmen fired on Tamsin.", key: value}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:2:" in result.stderr
    assert key in result.stderr
    with Project.open(project_path) as project:
        assert project.document_count() == 0


PRODIGY_LINE = {
    "text": "Rebels shelled Marrow Ford at dawn.",
    "spans": [{"start": 0, "end": 6, "label": "ACTOR"}],
    "answer": "accept",
    "_annotator_id": "ada",
}


@pytest.mark.parametrize(
    ("shape", "reader", "key", "extra", "hint"),
    [
        ("doccano", "doccano", "spans", {}, "prodigy if the file comes from that tool"),
        ("label-studio", "Label Studio", "spans", {}, "prodigy if the file comes from that tool"),
        (
            "doccano",
            "doccano",
            "versions",
            {"spans": None, "versions": [{"sessions": ["a"]}]},
            "prodigy if the file comes from that tool",
        ),
        (
            "label-studio",
            "Label Studio",
            "relations",
            {"spans": None, "relations": [{}]},
            "prodigy or doccano if the file comes from one of those",
        ),
    ],
)
def test_labels_under_a_key_the_forced_reader_does_not_read_are_an_error(
    project_path, tmp_path, shape, reader, key, extra, hint
):
    path = tmp_path / "prodigy.jsonl"
    path.write_text(json.dumps({**PRODIGY_LINE, **extra}) + "\n")
    result = run_cli("import", project_path, path, "--format", shape)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"✘ {path}:1: {key!r} carries labels in a shape the {reader} reader does not read; "
        f"they would be lost (give --format {hint})"
    )
    with Project.open(project_path) as project:
        assert project.document_count() == 0


def test_label_studio_json_gives_each_annotator_their_spans(project_path):
    report = imported(project_path, FORMATS / "label-studio.json")
    assert labelled(project_path) == {
        ("ada@example.org", "A drone", "WEAPON"),
        ("ada@example.org", "Ostrel", "LOCATION"),
        ("label-studio-user-4", "drone", "WEAPON"),
    }
    assert report["left_out"] == {"relations without a label": 1, "predictions": 1}
    assert statuses(project_path) == {
        ("A", "ada@example.org"): Status.done.value,
        ("A", "label-studio-user-4"): Status.done.value,
        ("Border", "label-studio-user-4"): Status.skipped.value,  # was_cancelled
    }
    with Project.open(project_path) as project:
        metas = [json.loads(m) for (m,) in project.conn.execute("SELECT meta FROM documents")]
    assert {"source": "wire", "label_studio_id": 1} in metas


def test_label_studio_relations_are_stored_turned_by_their_direction(project_path):
    report = imported(project_path, FORMATS / "label-studio-relations.json")
    assert report["relations"] == 2
    assert stored_relations(project_path) == {
        ("Two farmers were killed", "lea@example.org", "militia fighters", "PERPETRATOR"),
        ("Two farmers were killed", "lea@example.org", "Doruna", "PLACE"),  # direction left
    }
    assert report["left_out"] == {"relations without a label": 1}


def test_label_studio_relation_the_schema_refuses_names_file_and_nothing_is_stored(
    project_path, tmp_path
):
    tasks = json.loads((FORMATS / "label-studio-relations.json").read_text())
    tasks[0]["annotations"][0]["result"][3]["labels"] = ["MEANS"]  # CASUALTY -> ACTOR
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tasks))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "MEANS" in result.stderr
    with Project.open(project_path) as project:
        assert project.document_count() == 0
        assert project.conn.execute("SELECT count(*) FROM relations").fetchone() == (0,)


def test_label_studio_annotator_option_does_not_merge_annotators(project_path):
    imported(project_path, FORMATS / "label-studio.json", "--annotator", "someone")
    assert {a for a, _, _ in labelled(project_path)} == {"ada@example.org", "label-studio-user-4"}


def test_label_studio_json_min(project_path):
    imported(project_path, FORMATS / "label-studio-min.json")
    assert labelled(project_path) == {("ada@example.org", "Ostrel", "LOCATION")}
    assert ("Border", "label-studio-user-4") in statuses(project_path)


def test_label_studio_utf16_offsets_are_turned_into_characters(project_path, tmp_path):
    text = "🚀 Gunmen fired on Tamsin."  # the rocket is 2 UTF-16 units, 1 Python character
    task = {
        "data": {"text": text},
        "annotations": [
            {
                "completed_by": 1,
                "result": [
                    {
                        "type": "labels",
                        "value": {"start": 19, "end": 25, "text": "Tamsin", "labels": ["LOCATION"]},
                    }
                ],
            }
        ],
    }
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    imported(project_path, path)
    assert labelled(project_path) == {("label-studio-user-1", "Tamsin", "LOCATION")}


def test_label_studio_unknown_result_type_is_an_error(project_path, tmp_path):
    task = {
        "data": {"text": "Gunmen fired on Tamsin."},
        "annotations": [{"completed_by": 1, "result": [{"type": "hypertextlabels", "value": {}}]}],
    }
    path = tmp_path / "tasks.json"
    path.write_text(
        json.dumps([{"data": {"text": "Calm day."}, "annotations": []}, task], indent=1)
    )
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:8: annotation 1: result 1: type 'hypertextlabels'" in result.stderr


def test_prodigy_review_versions_go_to_their_sessions(project_path):
    imported(project_path, FORMATS / "prodigy-review.jsonl")
    assert labelled(project_path) == {
        ("news_review-rita", "Rebels", "ACTOR"),
        ("news_review-rita", "Marrow Ford", "LOCATION"),
        ("news-ada", "Rebels", "ACTOR"),
        ("news-ada", "Marrow Ford", "LOCATION"),
        ("news-ben", "Rebels", "ACTOR"),
        ("news-ben", "Marrow Ford", "LOCATION"),
        ("news-cho", "Rebels", "ACTOR"),
    }


def test_conll_2003_documents_split_by_docstart(project_path):
    report = imported(project_path, FORMATS / "conll2003.conll")
    assert report["documents_new"] == 2
    assert labelled(project_path) == {
        ("imported", "Militia fighters", "ACTOR"),
        ("imported", "Doruna", "LOCATION"),
        ("imported", "Two farmers were wounded", "CASUALTY"),
        ("imported", "Guards of Veloria", "ACTOR"),
        ("imported", "Tamsin", "LOCATION"),
    }
    with Project.open(project_path) as project:
        texts = sorted(text for (text,) in project.conn.execute("SELECT text FROM documents"))
    assert texts[1] == "Militia fighters shelled Doruna .\nTwo farmers were wounded ."


def test_iob_matches_conll(project_path, tmp_path):
    imported(project_path, FORMATS / "sample.iob")
    other = tmp_path / "other.db"
    run_cli("init", other)
    imported(other, FORMATS / "conll2003.conll")
    assert labelled(project_path) == labelled(other)


def test_conll_bad_tag_names_its_line(project_path, tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("Gunmen B-ACTOR\nfired O\n\nTamsin X-LOCATION\n")
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:4: line 4: tag 'X-LOCATION'" in result.stderr


def test_conll_lines_end_only_at_line_breaks(project_path, tmp_path):
    """A token holding U+2028 (a line separator to str.splitlines) stays one token on its line;
    lines are split at line feeds and carriage returns (CRLF, CR) only."""
    path = tmp_path / "u2028.conll"
    path.write_text("Rebels\tB-ACTOR\r\nshelled\tO\rOst\u2028rel\tB-LOCATION\n\n", "utf-8")
    imported(project_path, path)
    assert labelled(project_path) == {
        ("imported", "Rebels", "ACTOR"),
        ("imported", "Ost\u2028rel", "LOCATION"),
    }


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nbsp.conll", "Rebels\u00a0group B-ACTOR\nfired  O\n\n"),
        ("nbsp.iob", "Rebels\u00a0group|B-ACTOR fired|O\n"),
    ],
)
def test_columns_split_at_ascii_spaces_only(project_path, tmp_path, name, content):
    """A no-break space inside a token is part of it, not a column separator."""
    path = tmp_path / name
    path.write_text(content, "utf-8")
    imported(project_path, path)
    assert labelled(project_path) == {("imported", "Rebels\u00a0group", "ACTOR")}


def test_iob1_and_biluo_tags(project_path, tmp_path):
    path = tmp_path / "tags.conll"
    path.write_text(
        "Militia I-ACTOR\nfighters I-ACTOR\nand O\nguards B-ACTOR\n. O\n\n"
        "Doruna U-LOCATION\nand O\nKessar B-LOCATION\nHills L-LOCATION\n"
    )
    imported(project_path, path)
    assert {text for _, text, _ in labelled(project_path)} == {
        "Militia fighters",
        "guards",
        "Doruna",
        "Kessar Hills",
    }


def test_binary_file_is_a_file_error_without_skip_hint(project_path, tmp_path):
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b'{"text": "fine"}\n\x89PNG\x00\x00\x00\rIHDR\xff\xfe\n')
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:2: not a text file: it holds NUL bytes" in result.stderr
    assert "--skip-invalid" not in result.stderr
    result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 2
    assert not (tmp_path / "photo.jsonl.rejects.jsonl").exists()


def test_binary_txt_is_refused(project_path, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("Title\n\nText".encode("utf-16"))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert "not a text file" in result.stderr
    assert "--skip-invalid" not in result.stderr


def test_unknown_extension_does_not_suggest_skip_invalid(project_path, tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04 a zip")
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr
    assert "--skip-invalid" not in result.stderr


def test_record_error_still_suggests_skip_invalid(project_path, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "   "}\n')
    result = run_cli("import", project_path, path)
    assert f"{path}:1: 'text' holds only whitespace" in result.stderr
    assert "--skip-invalid" in result.stderr


def test_label_studio_task_with_its_text_on_top(project_path, tmp_path):
    text = "VESSEL Arctic Tern was held at Karsh."
    task = {
        "text": text,
        "annotations": [
            {
                "result": [
                    {"type": "labels", "value": {"start": 31, "end": 36, "labels": ["LOCATION"]}}
                ]
            }
        ],
    }
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps(task) + "\n")
    imported(project_path, path)
    assert labelled(project_path) == {("imported", "Karsh", "LOCATION")}


FARMERS = "Two farmers were killed when militia fighters shelled Doruna on Monday."
KILLED = {"label": "CASUALTY", "start_offset": 0, "end_offset": 23}
DORUNA = {"label": "LOCATION", "start_offset": 54, "end_offset": 60}


def _first_error(project_path, tmp_path, record, *options):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n")
    result = run_cli("import", project_path, path, *options)
    assert result.exit_code == 2, result.output
    return result.stderr.splitlines()[0].removeprefix(f"✘ {path}:1: ")


@pytest.mark.parametrize("bad", [[1], {"a": 1}])
def test_doccano_ids_that_are_no_string_or_number_are_errors(project_path, tmp_path, bad):
    entities = [{"id": bad, **KILLED}, {"id": 2, **DORUNA}]
    record = {"text": FARMERS, "entities": entities, "relations": []}
    message = _first_error(project_path, tmp_path, record)
    assert message == "entity 1: 'id' must be a string or a number"
    relation = {"id": 1, "from_id": bad, "to_id": 2, "type": "PLACE"}
    record = {**record, "entities": [{"id": 1, **KILLED}, entities[1]], "relations": [relation]}
    message = _first_error(project_path, tmp_path, record)
    assert message == "relation 1: 'from_id' must be a string or a number"


def test_doccano_duplicate_entity_ids_are_named(project_path, tmp_path):
    entities = [{"id": 3, **KILLED}, {"id": 3, **DORUNA}]
    relation = {"id": 1, "from_id": 3, "to_id": 3, "type": "PLACE"}
    record = {"text": FARMERS, "entities": entities, "relations": [relation]}
    message = _first_error(project_path, tmp_path, record)
    assert message == "entity 2: duplicate entity id 3"


def test_an_id_that_is_no_string_or_number_is_skippable(project_path, tmp_path):
    entities = [{"id": [1], **KILLED}]
    path = tmp_path / "records.jsonl"
    good = {"text": "Gunmen fired on Tamsin.", "label": [[0, 6, "ACTOR"]]}
    path.write_text(json.dumps({"text": FARMERS, "entities": entities}) + "\n" + json.dumps(good))
    result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    assert labelled(project_path) == {("imported", "Gunmen", "ACTOR")}


@pytest.mark.parametrize(("key", "index"), [("id", 0), ("from_id", 2), ("to_id", 2)])
def test_label_studio_ids_that_are_no_string_or_number_are_errors(
    project_path, tmp_path, key, index
):
    results = [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 23, "labels": ["CASUALTY"]}},
        {"id": "b", "type": "labels", "value": {"start": 54, "end": 60, "labels": ["LOCATION"]}},
        {"type": "relation", "from_id": "a", "to_id": "b", "labels": ["PLACE"]},
    ]
    results[index][key] = ["a"]
    task = {"data": {"text": FARMERS}, "annotations": [{"completed_by": 1, "result": results}]}
    message = _first_error(project_path, tmp_path, task)
    assert message == f"annotation 1: result {index + 1}: {key!r} must be a string or a number"
