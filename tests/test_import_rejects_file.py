"""--skip-invalid when the rejects file cannot be written: refused before anything is stored."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager

import pytest

from annotator.importers import ImportFailed, import_files
from annotator.importers.rejects import RejectsUnwritable
from tests.conftest import run_cli
from tests.importing import ARTICLE, snapshot, write_jsonl

RECORDS = [{"text": ARTICLE}, '{"text": broken', {"text": "Second article from Brannick."}]


@contextmanager
def read_only(folder):
    """`folder` made read-only; for root (whom modes do not stop) made immutable."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.access(folder, os.W_OK):
            done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
            if done.returncode != 0:
                pytest.skip("cannot make a folder read-only for this user")
            immutable = True
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_read_only_folder_stops_the_import_before_it_stores(project_path, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write_jsonl(inbox / "mixed.jsonl", RECORDS)
    before = snapshot(project_path)
    with read_only(inbox):
        result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 2
    assert result.output.startswith(f"✘ {inbox}/mixed.jsonl.rejects.jsonl: cannot write the")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert snapshot(project_path) == before
    assert os.listdir(inbox) == ["mixed.jsonl"]


def test_a_read_only_folder_without_rejects_imports(project, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write_jsonl(inbox / "fine.jsonl", [RECORDS[0], RECORDS[2]])
    with read_only(inbox):
        report = import_files(project, [path], skip_invalid=True)
    assert (report.documents_new, report.rejected, report.rejects_files) == (2, 0, [])


def test_a_folder_in_the_rejects_file_place_stops_the_import(project, project_path, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write_jsonl(inbox / "mixed.jsonl", RECORDS)
    (inbox / "mixed.jsonl.rejects.jsonl").mkdir()
    before = snapshot(project_path)
    with pytest.raises(RejectsUnwritable, match="a folder has its name"):
        import_files(project, [path], skip_invalid=True)
    assert snapshot(project_path) == before
    assert sorted(os.listdir(inbox)) == ["mixed.jsonl", "mixed.jsonl.rejects.jsonl"]


def test_no_temporary_file_is_left_after_a_failed_import(project, tmp_path):
    """An error after the rejects file was opened removes it (and keeps an older one)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write_jsonl(inbox / "mixed.jsonl", RECORDS)
    (inbox / "mixed.jsonl.rejects.jsonl").write_text("older\n")
    with pytest.raises(ImportFailed, match="no such file"):
        import_files(project, [path, inbox / "missing.jsonl"], skip_invalid=True)
    assert sorted(os.listdir(inbox)) == ["mixed.jsonl", "mixed.jsonl.rejects.jsonl"]
    assert (inbox / "mixed.jsonl.rejects.jsonl").read_text() == "older\n"
