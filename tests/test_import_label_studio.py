"""Label Studio's JSON export: UTF-16 offsets, drafts and predictions, keys beside a task's."""

import json

import pytest

from annotator.store import Project
from tests.conftest import run_cli
from tests.test_import_formats import imported, labelled, statuses


def label_studio_task(text, *values):
    """A Label Studio task of one annotation by user 1 with a `labels` region per value."""
    results = [{"id": f"r{n}", "type": "labels", "value": v} for n, v in enumerate(values)]
    return {
        "id": 1,
        "data": {"text": text},
        "annotations": [{"completed_by": 1, "result": results}],
    }


def test_label_studio_utf16_offsets_are_turned_even_without_region_text(project_path, tmp_path):
    path = tmp_path / "tasks.json"
    region = {"start": 5, "end": 11, "labels": ["ACTOR"]}  # UTF-16: two emoji, four units
    path.write_text(json.dumps([label_studio_task("🔥🔥 Rebels shelled Doruna. x", region)]))
    report = imported(project_path, path)
    assert labelled(project_path) == {("label-studio-user-1", "Rebels", "ACTOR")}
    assert report["spans_widened"] == 0


def test_label_studio_region_text_in_python_offsets_is_kept(project_path, tmp_path):
    path = tmp_path / "tasks.json"
    region = {"start": 3, "end": 9, "text": "Rebels", "labels": ["ACTOR"]}  # Python's count
    path.write_text(json.dumps([label_studio_task("🔥🔥 Rebels shelled Doruna. x", region)]))
    imported(project_path, path)
    assert labelled(project_path) == {("label-studio-user-1", "Rebels", "ACTOR")}


def test_label_studio_offset_inside_an_emoji_is_an_error(project_path, tmp_path):
    path = tmp_path / "tasks.json"
    region = {"start": 1, "end": 11, "labels": ["ACTOR"]}
    path.write_text(json.dumps([label_studio_task("🔥🔥 Rebels shelled Doruna. x", region)]))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"✘ {path}:1: annotation 1: result 1: UTF-16 offset 1 falls inside a character"
    )


def test_a_label_studio_task_with_labels_beside_its_annotations_is_an_error(project_path, tmp_path):
    task = label_studio_task("Gunmen fired on Tamsin.", {"start": 0, "end": 6, "labels": ["ACTOR"]})
    task["spans"] = [{"start": 16, "end": 22, "label": "LOCATION"}]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:1: 'spans' carries labels" in result.stderr


REGION = {"id": "a", "type": "labels", "value": {"start": 0, "end": 6, "labels": ["ACTOR"]}}
TEXT = "Rebels shelled Marrow Ford at dawn."


def test_label_studio_drafts_are_their_annotators_spans_and_leave_the_status(
    project_path, tmp_path
):
    drafts = [{"user": "ada@example.org", "result": [REGION]}, {"completed_by": 7, "result": []}]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"id": 2, "data": {"text": TEXT}, "drafts": drafts}]))
    report = imported(project_path, path)
    assert labelled(project_path) == {("ada@example.org", "Rebels", "ACTOR")}
    assert report["left_out"] == {}
    assert statuses(project_path) == {}  # a draft is work in progress, not done


def test_label_studio_drafts_of_nobody_are_reported_not_dropped(project_path, tmp_path):
    task = {"id": 2, "data": {"text": TEXT}, "annotations": [], "drafts": [{"result": [REGION]}]}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 0, result.stderr
    assert "⚠ Not imported: 1 drafts without an annotator" in result.stdout
    assert labelled(project_path) == set()


def test_label_studio_task_with_only_predictions_brings_its_text(project_path, tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps({"data": {"text": TEXT}, "predictions": [{"result": [REGION]}]}))
    report = imported(project_path, path)
    assert report["documents_new"] == 1
    assert report["left_out"] == {"predictions": 1}
    assert labelled(project_path) == set()


def test_label_studio_draft_of_a_submitted_annotation_is_reported_not_merged(
    project_path, tmp_path
):
    location = {
        "id": "b",
        "type": "labels",
        "value": {"start": 15, "end": 26, "labels": ["LOCATION"]},
    }
    task = {
        "data": {"text": TEXT},
        "annotations": [{"id": 5, "completed_by": 1, "result": [REGION]}],
        "drafts": [{"user": 1, "annotation": 5, "result": [REGION, location]}],
    }
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    report = imported(project_path, path)
    assert labelled(project_path) == {("label-studio-user-1", "Rebels", "ACTOR")}
    assert report["left_out"] == {"drafts of submitted annotations": 1}


SHELLED = "Two farmers were killed when militia fighters shelled Doruna on Monday."


def test_label_studio_region_text_that_is_not_at_its_offsets_is_an_error(project_path, tmp_path):
    region = {"start": 19, "end": 25, "text": "Doruna", "labels": ["LOCATION"]}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([label_studio_task(SHELLED, region)]))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"✘ {path}:1: annotation 1: result 1: 'text' 'Doruna' is not the text at 19-25 ('lled w')"
    )
    assert labelled(project_path) == set()


def test_label_studio_region_on_another_data_field_is_an_error(project_path, tmp_path):
    task = label_studio_task(SHELLED, {"start": 54, "end": 60, "labels": ["LOCATION"]})
    task["data"]["headline"] = "Farmers killed in Doruna"
    headline = {"start": 18, "end": 24, "text": "Doruna", "labels": ["LOCATION"]}
    result_on_headline = {"id": "h", "type": "labels", "to_name": "headline", "value": headline}
    task["annotations"][0]["result"].append(result_on_headline)
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"✘ {path}:1: annotation 1: result 2: labels the data field 'headline', not the one"
        " read as the text; its spans would land on other words"
    )


def test_label_studio_region_on_the_text_field_goes_in(project_path, tmp_path):
    task = label_studio_task(SHELLED, {"start": 54, "end": 60, "labels": ["LOCATION"]})
    task["data"]["headline"] = "Farmers killed in Doruna"
    task["annotations"][0]["result"][0]["to_name"] = "text"
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    imported(project_path, path)
    assert labelled(project_path) == {("label-studio-user-1", "Doruna", "LOCATION")}


@pytest.mark.parametrize("fmt", ["auto", "label-studio", "doccano"])
def test_doccano_1x_annotations_are_refused_not_read_as_label_studio(project_path, tmp_path, fmt):
    """doccano 1.x names labels by id: no reader can keep them, and none may say it can."""
    annotation = {"label": 3, "start_offset": 0, "end_offset": 23, "user": 1}
    record = {"id": 1, "text": SHELLED, "annotations": [annotation], "meta": {}}
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(record) + "\n")
    result = run_cli("import", project_path, path, "--format", fmt)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"✘ {path}:1: annotation 1: a doccano 1.x annotation (label ids, start_offset);"
        " export from doccano with label names"
    )
    assert statuses(project_path) == {}


DORUNA_REGION = {
    "id": "a",
    "type": "labels",
    "value": {"start": 54, "end": 60, "labels": ["LOCATION"]},
}
ADA = {"id": 5, "email": "ada@example.org"}


@pytest.mark.parametrize("second", [{"result": [REGION]}, {"result": [], "was_cancelled": True}])
def test_two_annotations_by_one_annotator_are_an_error(project_path, tmp_path, second):
    """Merged, they would give spans (and a status) that neither annotation had."""
    annotations = [
        {"completed_by": ADA, "result": [DORUNA_REGION]},
        {"completed_by": ADA, **second},
    ]
    task = {"id": 1, "data": {"text": SHELLED}, "annotations": annotations}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"✘ {path}:1: annotations 1 and 2 are both by ada@example.org: keep one"
        " (annotator holds one version per annotator)"
    )
    assert labelled(project_path) == set() and statuses(project_path) == {}


def _annotation_error(project_path, tmp_path, annotation):
    task = {"id": 1, "data": {"text": SHELLED}, "annotations": [annotation]}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]))
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    return result.stderr.splitlines()[0].removeprefix(f"✘ {path}:1: ")


def test_was_cancelled_that_is_no_boolean_is_an_error(project_path, tmp_path):
    annotation = {"completed_by": 1, "result": [DORUNA_REGION], "was_cancelled": "false"}
    message = _annotation_error(project_path, tmp_path, annotation)
    assert message == "annotation 1: 'was_cancelled' must be true or false"


@pytest.mark.parametrize("who", [[1], 3.5, {"id": [1]}])
def test_completed_by_that_is_no_id_or_email_is_an_error(project_path, tmp_path, who):
    message = _annotation_error(project_path, tmp_path, {"completed_by": who, "result": []})
    key = "completed_by.id" if isinstance(who, dict) else "completed_by"
    assert message == f"annotation 1: {key!r} must be a user id or an email"


def test_relation_direction_that_is_no_direction_is_an_error(project_path, tmp_path):
    casualty = {
        "id": "c",
        "type": "labels",
        "value": {"start": 0, "end": 23, "labels": ["CASUALTY"]},
    }
    link = {
        "type": "relation",
        "from_id": "c",
        "to_id": "a",
        "direction": ["left"],
        "labels": ["PLACE"],
    }
    annotation = {"completed_by": 1, "result": [DORUNA_REGION, casualty, link]}
    message = _annotation_error(project_path, tmp_path, annotation)
    assert message == "annotation 1: result 3: 'direction' must be left, right or bi"


def test_json_min_region_choices_are_reported_not_kept_as_meta(project_path, tmp_path):
    record = {
        "id": 1,
        "text": SHELLED,
        "label": [{"start": 54, "end": 60, "text": "Doruna", "labels": ["LOCATION"]}],
        "kind": [{"start": 0, "end": 23, "text": "Two farmers were killed", "choices": ["killed"]}],
        "annotator": "ada@example.org",
        "annotation_id": 1,
    }
    path = tmp_path / "min.json"
    path.write_text(json.dumps([record]))
    report = imported(project_path, path)
    assert report["left_out"] == {"choices": 1}
    assert labelled(project_path) == {("ada@example.org", "Doruna", "LOCATION")}
    with Project.open(project_path) as project:
        (meta,) = project.conn.execute("SELECT meta FROM documents").fetchone()
    assert "kind" not in json.loads(meta)
