"""Every kind of bad input: `FILE:LINE: reason`, exit code 2, and the project left unchanged."""

import json
import random

import pytest

from annotator.importers import ImportFailed, import_files
from tests.conftest import run_cli
from tests.importing import ARTICLE, snapshot, write_jsonl

GOOD = {"text": "A good article about Ostrel.", "spans": [], "_annotator_id": "amira"}


def record(**spans_and_keys):
    return json.dumps({"text": ARTICLE, "_annotator_id": "amira", **spans_and_keys})


def one_span(**fields):
    return record(spans=[{"start": 0, "end": 6, "label": "ACTOR", **fields}])


JSONL_CASES = {
    "malformed JSON": ('{"text": "unfinished', 2, "malformed JSON"),
    "missing text": (json.dumps({"meta": {}}), 2, "missing or empty 'text'"),
    "empty text": (json.dumps({"text": ""}), 2, "missing or empty 'text'"),
    "whitespace text": (json.dumps({"text": " \n\t "}), 2, "'text' holds only whitespace"),
    "non-integer offset": (one_span(start="0"), 2, "span 1: 'start' must be an integer"),
    "float offset": (one_span(end=6.5), 2, "span 1: 'end' must be an integer"),
    "whole float offset": (one_span(end=6.0), 2, "span 1: 'end' must be an integer, not 6.0"),
    "boolean offset": (one_span(start=True), 2, "span 1: 'start' must be an integer, not True"),
    "missing offset": (record(spans=[{"end": 6, "label": "ACTOR"}]), 2, "span 1: 'start' must"),
    "span not an object": (record(spans=[[0, 6, "ACTOR"]]), 2, "span 1: expected a JSON object"),
    "spans not a list": (record(spans="ACTOR"), 2, "'spans' must be a list"),
    "attrs not an object": (one_span(attrs=["x"]), 2, "span 1: 'attrs' must be a JSON object"),
    "meta not an object": (record(meta="wire"), 2, "'meta' must be a JSON object"),
    "empty annotator": (record(_annotator_id=""), 2, "'_annotator_id' must be a non-empty"),
    "not an object": ("[1, 2]", 2, "expected a JSON object, not list"),
    "negative offset": (one_span(start=-1), 2, "span 1: 'start' must not be negative"),
    "reversed offsets": (one_span(start=6, end=2), 2, "span 1: start 6 is not before end 2"),
    "out of range": (one_span(end=9999), 2, "span 1: end 9999 is past the end of the text"),
    "unknown label": (
        one_span(label="VEHICLE"),
        2,
        "span 1: unknown label 'VEHICLE' (labels: ACTOR, LOCATION, WEAPON, CASUALTY)",
    ),
    "attribute of wrong type": (
        one_span(label="CASUALTY", attrs={"count": "five"}),
        2,
        "span 1: count must be an integer, not 'five'",
    ),
    "attribute of wrong value": (
        one_span(attrs={"actor_type": "aliens"}),
        2,
        "span 1: actor_type must be one of",
    ),
    "unknown attribute": (
        one_span(attrs={"colour": "red"}),
        2,
        "span 1: label ACTOR has no attribute 'colour'",
    ),
    "unpaired surrogate": ('{"text": "Ostrel \\ud800"}', 2, "'text' holds an unpaired surrogate"),
    "bad answer": (record(answer="maybe"), 2, "'answer' must be one of accept, ignore, reject"),
    "bad _status": (record(_status="later"), 2, "'_status' must be one of todo, done, skipped"),
    "blank annotator": (record(_annotator_id="  "), 2, "annotator name '  ' is empty"),
    "annotator with a newline": (
        record(_annotator_id="a\nb"),
        2,
        "annotator name 'a\\nb' holds a control character",
    ),
    "annotator with a space at the end": (
        record(_annotator_id="amira "),
        2,
        "annotator name 'amira ' starts or ends with a space",
    ),
    "NUL in the text": (
        json.dumps({"text": "Rebels\u0000 shelled Ostrel."}),
        2,
        "the text holds a NUL character (U+0000) at character 6",
    ),
}


def assert_fails_unchanged(project_path, path, line, reason, *extra):
    before = snapshot(project_path)
    good = write_jsonl(path.parent / "good.jsonl", [GOOD])
    result = run_cli("import", project_path, good, path, *extra)
    assert result.exit_code == 2
    assert f"{path}:{line}: {reason}" in result.stderr
    assert "Nothing was imported." in result.stderr
    assert snapshot(project_path) == before
    assert not list(path.parent.glob("*.rejects.jsonl"))


@pytest.mark.parametrize("case", JSONL_CASES)
def test_bad_jsonl_record(project_path, tmp_path, case):
    bad_line, line, reason = JSONL_CASES[case]
    path = write_jsonl(tmp_path / "bad.jsonl", [json.dumps(GOOD), bad_line])
    assert_fails_unchanged(project_path, path, line, reason)


def test_not_utf8_jsonl(project_path, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b'\n{"text": "caf\xe9 in Ostrel"}\n')
    assert_fails_unchanged(project_path, path, 2, "not UTF-8 text")


def test_a_line_not_utf8_is_set_aside_by_skip_invalid(project, project_path, tmp_path):
    """One line in another encoding is a bad record, not a bad file."""
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 in Ostrel"}\n' + json.dumps(GOOD).encode() + b"\n")
    assert run_cli("import", project_path, path, "--skip-invalid").exit_code == 0
    assert [d.text for d in project.documents()] == [GOOD["text"]]
    rejects = (tmp_path / "latin1.jsonl.rejects.jsonl").read_text(encoding="utf-8")
    assert json.loads(rejects)["reason"] == "not UTF-8 text (save the file as UTF-8)"


def random_bytes(count: int) -> bytes:
    """What a compressed or encrypted file holds: any byte but NUL, so no NUL gives it away."""
    generator = random.Random(3)
    return bytes(generator.randrange(1, 256) for _ in range(count))


BINARY_REASON = "not a text file: it is not UTF-8 and holds control bytes (compressed or binary)"


@pytest.mark.parametrize("skip_invalid", [False, True], ids=["plain", "skip-invalid"])
def test_binary_jsonl_without_nul_is_a_file_error(project_path, tmp_path, skip_invalid):
    """Read line by line, it made ~20 'not UTF-8' records, set aside as replacement characters."""
    path = tmp_path / "dump.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + random_bytes(4000))
    extra = ["--skip-invalid"] if skip_invalid else []
    assert_fails_unchanged(project_path, path, 2, BINARY_REASON, *extra)
    result = run_cli("import", project_path, path, *extra)
    assert result.stderr.splitlines()[0].endswith(f"{path}:2: {BINARY_REASON}")
    assert "--skip-invalid" not in result.stderr


def test_binary_after_a_rejected_line_leaves_no_rejects_file(project_path, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 in Ostrel"}\n\x1f\x8b\x08\xe9 gzip\n')
    assert_fails_unchanged(project_path, path, 2, BINARY_REASON, "--skip-invalid")


@pytest.mark.parametrize("name", ["dump.txt", "dump.csv", "dump.html", "dump.json"])
def test_binary_text_file_without_nul_says_binary(project_path, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"Title line\n" + random_bytes(4000))
    assert_fails_unchanged(project_path, path, 2, BINARY_REASON)


def test_not_utf8_txt(project_path, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Title\n\nThe caf\xe9 was shelled.\n")
    assert_fails_unchanged(project_path, path, 3, "not UTF-8 text")


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.txt", "empty.csv", "empty.html"])
def test_empty_file(project_path, tmp_path, name):
    path = tmp_path / name
    path.write_text("\n  \n", encoding="utf-8")
    assert_fails_unchanged(project_path, path, 1, "empty file")


@pytest.mark.parametrize("name", ["missing.jsonl", "missing.txt"])
def test_missing_file(project_path, tmp_path, name):
    assert_fails_unchanged(project_path, tmp_path / name, 1, "no such file")


def test_unknown_extension(project_path, tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("x", encoding="utf-8")
    assert_fails_unchanged(project_path, path, 1, "cannot tell the format from the extension")


def test_error_in_a_later_file_undoes_the_earlier_files(project_path, tmp_path):
    """One command is one transaction, even across files and batches."""
    many = write_jsonl(
        tmp_path / "many.jsonl",
        [
            {"text": f"Article {i} on Ostrel.", "spans": [], "_annotator_id": "a"}
            for i in range(700)
        ],
    )
    bad = write_jsonl(tmp_path / "bad.jsonl", [JSONL_CASES["unknown label"][0]])
    before = snapshot(project_path)
    result = run_cli("import", project_path, many, bad)
    assert result.exit_code == 2
    assert f"{bad}:1: span 1: unknown label" in result.stderr
    assert snapshot(project_path) == before


def test_library_raises_import_failed_with_place_and_reason(project, tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [json.dumps(GOOD), "[1, 2]"])
    with pytest.raises(ImportFailed) as caught:
        import_files(project, [path])
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert caught.value.reason == "expected a JSON object, not list"
    assert project.document_count() == 0


def test_a_bad_annotator_option_is_one_line(project_path, tmp_path):
    path = write_jsonl(tmp_path / "good.jsonl", [GOOD])
    before = snapshot(project_path)
    result = run_cli("import", project_path, path, "--annotator", " rita")
    assert result.exit_code == 2
    assert result.stderr == "✘ --annotator: annotator name ' rita' starts or ends with a space\n"
    assert snapshot(project_path) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tasks.json", "[]\n"),
        ("only-docstart.conll", "-DOCSTART- -X- -X- O\n\n"),
        ("only-docstart.iob", "-DOCSTART-|O\n"),
    ],
)
def test_a_file_without_articles_is_an_error(project_path, tmp_path, name, content):
    """As an empty JSONL file is: an import that brought nothing is said, not reported as done."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = snapshot(project_path)
    result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 2
    assert result.stderr == f"✘ {path}:1: no articles in the file\nNothing was imported.\n"
    assert snapshot(project_path) == before


def test_an_empty_docbin_is_an_error(project_path, tmp_path):
    from spacy.tokens import DocBin

    path = tmp_path / "empty.spacy"
    DocBin().to_disk(path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:1: no articles in the file" in result.stderr
