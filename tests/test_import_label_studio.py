"""Label Studio's JSON export: UTF-16 offsets, drafts and predictions, keys beside a task's."""

import json

from tests.conftest import run_cli
from tests.test_import_formats import imported, labelled


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
