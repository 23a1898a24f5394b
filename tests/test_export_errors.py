"""Exports that cannot be written say which file and why in one line, exit 2, and leave the
earlier output as it was: an output that is a folder, a full disk."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess

import pytest

from annotator.exporters import docbin_writer
from tests.conftest import run_cli
from tests.labelled_project import sample_gold_project

SINGLE_FILE_FORMATS = ("jsonl", "conll", "events")


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    return sample_gold_project(tmp_path_factory.mktemp("gold") / "gold.db")


def said_in_one_line(result, *parts: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert all(part in lines[0] for part in parts), lines[0]
    assert "Traceback" not in result.output


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("export_format", SINGLE_FILE_FORMATS)
def test_an_output_that_is_a_folder_is_refused_in_one_line(gold, tmp_path, export_format):
    folder = tmp_path / "somedir"
    folder.mkdir()
    (folder / "kept.txt").write_text("mine")
    result = run_cli("export", gold, "--format", export_format, "--output", folder)
    said_in_one_line(result, str(folder), "is a folder")
    assert listing(folder) == ["kept.txt"] and listing(tmp_path) == ["somedir"]


def test_an_output_under_a_file_is_refused_in_one_line(gold, tmp_path):
    (tmp_path / "file").write_text("x")
    output = tmp_path / "file" / "gold.jsonl"
    result = run_cli("export", gold, "--format", "jsonl", "--output", output)
    said_in_one_line(result, str(output), "file is not a folder")
    assert listing(tmp_path) == ["file"]


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs (needs root); skipped where mounting is not permitted."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder, leave: int = 16_384) -> None:
    """Take all the free space of `folder`'s disk but `leave` bytes."""
    (folder / "filler").write_bytes(b"\0" * max(0, shutil.disk_usage(folder).free - leave))


def folder_bytes(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("export_format", SINGLE_FILE_FORMATS)
def test_a_full_disk_leaves_the_old_file(gold, small_disk, export_format):
    output = small_disk / ("out.csv" if export_format == "events" else "out")
    output.write_text("the earlier export\n")
    fill(small_disk)
    result = run_cli("export", gold, "--format", export_format, "--output", output)
    said_in_one_line(result, str(output), "No space left on device")
    assert output.read_text() == "the earlier export\n"
    assert listing(small_disk) == ["filler", output.name]


def test_a_full_disk_leaves_the_old_spacy_folder(gold, small_disk):
    output = small_disk / "out"
    assert run_cli("export", gold, "--format", "spacy", "-o", output).exit_code == 0
    old = folder_bytes(output)
    fill(small_disk)
    result = run_cli("export", gold, "--format", "spacy", "-o", output, "--seed", "1", "--force")
    said_in_one_line(result, str(output), "No space left on device")
    assert folder_bytes(output) == old
    assert listing(small_disk) == ["filler", "out"]


def test_a_write_error_in_the_spacy_export_leaves_the_old_folder(gold, tmp_path, monkeypatch):
    output = tmp_path / "out"
    assert run_cli("export", gold, "--format", "spacy", "-o", output).exit_code == 0
    old = folder_bytes(output)

    def full_disk(self, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(docbin_writer.DocBinWriter, "to_disk", full_disk)
    result = run_cli("export", gold, "--format", "spacy", "-o", output, "--force")
    said_in_one_line(result, str(output), "cannot write the export: No space left on device")
    assert folder_bytes(output) == old and listing(tmp_path) == ["out"]


def damaged_copy(gold, tmp_path, change: str):
    """A copy of the gold project with its first span damaged by the SQL `change` (a SET
    clause), as only a broken disk or another program could; its document's id and uid, and
    the span's start and end."""
    path = tmp_path / "damaged.db"
    shutil.copy(gold, path)
    conn = sqlite3.connect(path)
    first = "s.id = (SELECT min(id) FROM spans)"
    with conn:
        conn.execute(f"UPDATE spans AS s SET {change} WHERE {first}")
    found = conn.execute(
        'SELECT d.id, d.uid, s.start, s."end" FROM spans s JOIN documents d'
        f" ON d.id = s.document WHERE {first}"
    ).fetchone()
    conn.close()
    return path, *found


def old_output(tmp_path, export_format):
    output = tmp_path / f"out{'.csv' if export_format == 'events' else ''}"
    if export_format in ("spacy", "hf"):
        output.mkdir()
        (output / "train.jsonl").write_text("old")
    else:
        output.write_text("old")
    return output


def left_as_it_was(output) -> None:
    if output.is_dir():
        assert listing(output) == ["train.jsonl"]
        assert (output / "train.jsonl").read_text() == "old"
    else:
        assert output.read_text() == "old"
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".")]


OFF_TEXT, OFF_TOKENS = '"end" = "end" + 100000', "start = start + 1"


@pytest.mark.parametrize(
    ("export_format", "change"),
    [
        *((f, OFF_TEXT) for f in ("jsonl", "conll", "hf", "spacy", "events")),
        *(
            (f, OFF_TOKENS)
            for f in ("jsonl", "conll", "hf", "spacy")  # events read no tokens
        ),
    ],
)
def test_a_stored_span_off_its_tokens_is_one_line_naming_the_document(
    gold, tmp_path, export_format, change
):
    path, document, uid, start, end = damaged_copy(gold, tmp_path, change)
    output = old_output(tmp_path, export_format)
    force = ["--force"] if export_format in ("spacy", "hf") else []
    result = run_cli("export", path, "--format", export_format, "-o", output, *force)
    said_in_one_line(
        result,
        f"{path}: document {document} ({uid[:12]}…): stored span [{start}, {end}) is not on its"
        f" tokens; `annotator check {path}` says what is damaged",
    )
    left_as_it_was(output)


@pytest.mark.parametrize(("export_format", "workers"), [("jsonl", 0), ("events", 0), ("events", 2)])
def test_stored_attributes_that_are_not_json_are_one_line_naming_the_document(
    gold, tmp_path, export_format, workers, monkeypatch
):
    from annotator.exporters import event_export

    if workers:  # the damage is found in a worker process
        monkeypatch.setattr(event_export, "PARALLEL_FROM", 1)
        monkeypatch.setattr(event_export, "PART_SIZE", 5)
        monkeypatch.setattr(event_export, "EXPORT_WORKERS", workers)
    path, document, uid, _, _ = damaged_copy(gold, tmp_path, "attrs = 'not json'")
    output = old_output(tmp_path, export_format)
    result = run_cli("export", path, "--format", export_format, "-o", output)
    said_in_one_line(
        result,
        f"{path}: document {document} ({uid[:12]}…): the attributes of a stored span are not"
        f" JSON; `annotator check {path}` says what is damaged",
    )
    left_as_it_was(output)
