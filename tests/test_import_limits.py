"""Input past what Python's JSON reader takes, and paths that lead to no file: one line naming
the file, line and reason, exit 2, the project unchanged, never a traceback."""

from __future__ import annotations

import json

import pytest

from annotator.importers import import_files
from tests.conftest import run_cli
from tests.importing import ARTICLE, snapshot, write_jsonl

DEEP = '{"text": "Ostrel was shelled.", "meta": {"a": ' + "[" * 10_000 + "]" * 10_000 + "}}"
DIGITS = '{"text": "Ostrel was shelled.", "meta": {"a": ' + "7" * 5_000 + "}}"
LONG_COUNT = (
    '{"text": "Ostrel was shelled.", "spans": [{"start": 0, "end": 6, "label": "CASUALTY",'
    ' "attrs": {"count": ' + "9" * 4_000 + "}}]}"
)
CASES = {
    "deep": (DEEP, "JSON nested too deeply (arrays or objects)"),
    "digits": (DIGITS, "a number of more than 4300 digits"),
    "long count": (
        LONG_COUNT,
        "span 1: count must be at most 1000000000, not a number of 4000 digits",
    ),
}


def check_refused(project_path, before, result, where):
    assert result.exit_code == 2
    assert result.output.startswith(f"✘ {where}")
    assert "Traceback" not in result.output and "Error:" not in result.output
    assert snapshot(project_path) == before


@pytest.mark.parametrize(("line", "reason"), CASES.values(), ids=CASES.keys())
def test_refused_with_file_and_line(project_path, tmp_path, line, reason):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE}, line])
    before = snapshot(project_path)
    result = run_cli("import", project_path, path)
    check_refused(project_path, before, result, f"{path}:2: {reason}\n")


@pytest.mark.parametrize(("line", "reason"), CASES.values(), ids=CASES.keys())
def test_skipped_with_its_reason(project, tmp_path, line, reason):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": ARTICLE}, line])
    report = import_files(project, [path], skip_invalid=True)
    assert (report.documents_new, report.rejected) == (1, 1)
    rejected = json.loads((tmp_path / "a.jsonl.rejects.jsonl").read_text())
    assert (rejected["line"], rejected["reason"]) == (2, reason)


@pytest.mark.parametrize("name", ["loop.jsonl", "loop.txt", "loop.csv", "loop.html"])
def test_a_symlink_loop(project_path, tmp_path, name):
    path = tmp_path / name
    path.symlink_to(path)
    before = snapshot(project_path)
    result = run_cli("import", project_path, path)
    check_refused(project_path, before, result, f"{path}:1: a loop of symbolic links")


def test_a_symlink_loop_after_a_good_file_stores_nothing(project_path, tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"text": ARTICLE}])
    loop = tmp_path / "b.jsonl"
    loop.symlink_to(tmp_path / "c.jsonl")
    (tmp_path / "c.jsonl").symlink_to(loop)
    before = snapshot(project_path)
    result = run_cli("import", project_path, good, loop)
    check_refused(project_path, before, result, f"{loop}:1: a loop of symbolic links")


def nested_meta(levels: int) -> str:
    """A record whose meta nests `levels` levels of objects and arrays (meta itself is one)."""
    inner = "[" * (levels - 1) + "]" * (levels - 1)
    return '{"text": "Ostrel was shelled.", "meta": {"a": ' + inner + "}}"


def test_meta_may_nest_100_levels(project, tmp_path):
    import_files(project, [write_jsonl(tmp_path / "a.jsonl", [nested_meta(100)])])
    assert project.document_count() == 1


def test_meta_nested_deeper_is_refused_though_python_reads_it(project_path, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [nested_meta(101), nested_meta(900)])
    result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 0
    assert snapshot(project_path)["rows"]["documents"] == 0
    rejected = (tmp_path / "a.jsonl.rejects.jsonl").read_text().splitlines()
    assert [json.loads(line)["reason"] for line in rejected] == [
        "'meta' JSON nested too deeply (arrays or objects)"
    ] * 2


JSON_FILE_CASES = {
    "deep": (DEEP, "JSON nested too deeply (arrays or objects)"),
    "digits": (DIGITS, "a number of more than 4300 digits"),
    "NaN": ('{"text": "Ostrel was shelled.", "meta": {"v": NaN}}', "NaN is not a JSON number"),
    "Infinity": ('{"text": "Ostrel.", "meta": {"v": -Infinity}}', "-Infinity is not a JSON"),
}


@pytest.mark.parametrize(("item", "reason"), JSON_FILE_CASES.values(), ids=JSON_FILE_CASES.keys())
def test_a_json_file_is_read_as_strictly_as_jsonl(project_path, tmp_path, item, reason):
    """A .json list (Label Studio's, doccano's) gets the same limits as JSONL: its second item
    starts on line 2 and is named there."""
    path = tmp_path / "tasks.json"
    path.write_text(f'[{{"text": "{ARTICLE}"}},\n{item}]', encoding="utf-8")
    before = snapshot(project_path)
    result = run_cli("import", project_path, path, "--skip-invalid")
    check_refused(project_path, before, result, f"{path}:2: {reason}")


def test_deep_meta_from_a_json_file_is_set_aside(project_path, tmp_path):
    """Every importer's meta is held to 100 levels: deeper, orjson could not export it."""
    path = tmp_path / "tasks.json"
    path.write_text(f"[{nested_meta(101)},\n{nested_meta(3)}]", encoding="utf-8")
    result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert snapshot(project_path)["rows"]["documents"] == 1
    rejected = json.loads((tmp_path / "tasks.json.rejects.jsonl").read_text())
    assert (rejected["line"], rejected["reason"]) == (
        1,
        "'meta' JSON nested too deeply (arrays or objects)",
    )
