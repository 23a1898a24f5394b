"""An import commits in short steps: edits go in meanwhile, and it still goes in whole or not
at all, even when it fails late or its process is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from annotator.importers import ImportFailed, import_files
from annotator.model import Span
from annotator.store import Project, listing
from tests.conftest import REPO, add_text
from tests.importing import snapshot, write_jsonl

EXISTING = "Rebels shelled Ostrel on Monday, witnesses said."


def records(count: int, bad_line: int | None = None) -> list:
    rows = []
    for n in range(count):
        text = f"Article {n}: militia fighters entered Kessa district at dawn."
        rows.append(
            {
                "text": text,
                "spans": [{"start": 0, "end": 7, "label": "ACTOR"}],
                "_annotator_id": "amira",
                "answer": "accept",
            }
        )
    if bad_line is not None:
        rows[bad_line - 1] = '{"text": "unfinished'
    return rows


@pytest.fixture
def existing(project_path):
    with Project.open(project_path) as project:
        add_text(project, EXISTING, "Existing")
    return project_path


def test_a_late_failure_undoes_the_steps_already_committed(existing, tmp_path):
    before = snapshot(existing)
    path = write_jsonl(tmp_path / "in.jsonl", records(700, bad_line=650))
    with Project.open(existing) as project, pytest.raises(ImportFailed, match="in.jsonl:650"):
        import_files(project, [path])
    assert snapshot(existing) == before
    with Project.open(existing) as project:
        assert project.conn.execute("SELECT count(*) FROM imports").fetchone() == (0,)
        assert project.stats()["spans"] == 0


def test_a_cancel_after_some_steps_leaves_nothing(existing, tmp_path):
    before = snapshot(existing)
    path = write_jsonl(tmp_path / "in.jsonl", records(700))
    with Project.open(existing) as project, pytest.raises(Exception, match="cancelled"):
        import_files(project, [path], progress=lambda done, total: done < 500)
    assert snapshot(existing) == before


IMPORTER = """
import sys, time
from pathlib import Path
from annotator.importers import import_files
from annotator.store import Project

def progress(done, total):
    print("STEP", done, flush=True)
    if done >= int(sys.argv[3]):
        time.sleep(600)  # wait here, between steps, to be looked at and killed
    return True

with Project.open(sys.argv[1]) as project:
    import_files(project, [Path(sys.argv[2])], progress=progress)
print("DONE", flush=True)
"""


def start_import(project_path, source, pause_after: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(project_path), str(source), str(pause_after)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "ANNOTATOR_IMPORT_WORKERS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in process.stdout:
        if line.startswith("STEP") and int(line.split()[1]) >= pause_after:
            return process
    raise AssertionError(f"the import stopped early: {process.stderr.read()}")


@pytest.mark.slow
def test_edits_commit_during_an_import_which_shows_nothing_until_it_ends(existing, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", records(600))
    importer = start_import(existing, source, pause_after=512)
    try:
        with Project.open(existing) as project:
            span = Span(document=1, annotator="ben", start=0, end=6, label="ACTOR")
            project.add_span(span)  # would wait for the whole import if it held the lock
            assert importer.poll() is None, "the edit waited for the import to finish"
            assert project.document_count() == 1
            assert (
                listing.document_page(project, "ben", listing.DocumentFilter(), offset=0, limit=10)[
                    0
                ].title
                == "Existing"
            )
            assert [d.title for d in project.documents()] == ["Existing"]
            stats = project.stats()
            assert stats["spans"] == 1, "the import's spans are not counted till it ends"
            assert stats["unfinished_import"]["spans"] == 512, "steps commit their spans"
    finally:
        importer.kill()
        importer.wait(timeout=30)


@pytest.mark.slow
def test_a_killed_import_is_undone_by_the_next_process_that_opens_the_project(existing, tmp_path):
    with Project.open(existing) as project:
        project.add_span(Span(document=1, annotator="ben", start=0, end=6, label="ACTOR"))
    before = snapshot(existing)
    source = write_jsonl(tmp_path / "in.jsonl", records(600))
    importer = start_import(existing, source, pause_after=256)
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    with Project.open(existing) as project:
        assert project.conn.execute("SELECT count(*) FROM imports").fetchone() == (0,)
        assert project.stats()["annotators"] == {"ben": {"done": 0, "skipped": 0, "spans": 1}}
    assert snapshot(existing) == before
    assert not list(tmp_path.glob(".*.lock"))


def test_an_import_still_running_elsewhere_is_left_alone(existing, tmp_path):
    """Opening the project while another import is under way (its lock held) undoes nothing."""
    from annotator.store.staged_import import StagedImport

    with Project.open(existing) as project, StagedImport(project) as staged:
        with staged.step():
            add_text(project, "A new article from the running import.", "New")
        with Project.open(existing) as other:
            assert other.conn.execute("SELECT count(*) FROM import_documents").fetchone() == (1,)
            assert other.document_count() == 1
        staged.publish(lambda conn: None)
    with Project.open(existing) as project:
        assert [d.title for d in project.documents()] == ["Existing", "New"]


def test_a_finished_import_logs_once_per_file(existing, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", records(300))
    with Project.open(existing) as project:
        report = import_files(project, [path])
        (entry,) = project.conn.execute("SELECT data FROM log WHERE action = 'import'")
    assert report.documents_new == 300 and report.annotators["amira"]["done"] == 300
    assert json.loads(entry[0])["documents_new"] == 300


def test_portions_cover_every_record_once_while_the_step_size_changes(project):
    from annotator.store.staged_import import StagedImport

    staged = StagedImport(project)
    seen = []
    for portion in staged.portions(list(range(1000))):
        seen.extend(portion)
        staged._step_size = 1 + len(seen) % 37  # as a measured step would resize it
    assert seen == list(range(1000))
