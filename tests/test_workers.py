"""Worker processes end when the import or export that started them is killed, and the next
export clears the staging folder the killed one left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

from annotator.store import Project
from tests.conftest import REPO, run_cli
from tests.labelled_project import SAMPLE_GOLD, sample_gold_project

# Runs `annotator ARGS` with worker processes from the first record on, and a parent that
# never collects their results: it hangs there until the test kills it.
HANGING_DRIVER = """
import sys, time
from concurrent.futures import Future
import annotator.exporters.spacy as spacy_export
import annotator.exporters.spacy_shards as shards
import annotator.importers as importers
from annotator.cli import app

shards.PARALLEL_FROM = importers.PARALLEL_FROM = 1
spacy_export.SHARD_SIZE = 4
Future.result = lambda self, timeout=None: time.sleep(3600)
app(sys.argv[1:])
"""


def wait_for(condition, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def start_hanging(*args) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env["ANNOTATOR_EXPORT_WORKERS"] = env["ANNOTATOR_IMPORT_WORKERS"] = "2"
    return subprocess.Popen(
        [sys.executable, "-c", HANGING_DRIVER, *map(str, args)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_and_find_survivors(process: subprocess.Popen, ready) -> list[psutil.Process]:
    """SIGKILL `process` once `ready()`; its children still running 5 s later."""
    try:
        parent = psutil.Process(process.pid)
        children = wait_for(lambda: len(parent.children()) >= 2 and parent.children(True))
        wait_for(ready)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        _, alive = psutil.wait_procs(children, timeout=5)
        return alive
    finally:
        process.kill()


def end(processes: list[psutil.Process]) -> None:
    for survivor in processes:
        survivor.kill()


@pytest.mark.slow
def test_a_killed_export_leaves_no_worker_and_its_staging_is_cleared(tmp_path):
    (tmp_path / "project").mkdir()
    project = sample_gold_project(tmp_path / "project" / "gold.db")
    output = tmp_path / "exports" / "out"
    process = start_hanging("export", project, "--format", "spacy", "-o", output)

    def a_shard_written() -> bool:  # by a worker, in the staging folder
        return any(output.parent.glob(".out.*.exporting/*.spacy/*.spacy"))

    survivors = kill_and_find_survivors(process, a_shard_written)
    end(survivors)
    assert not survivors, f"{len(survivors)} worker processes outlived the killed export"
    assert [p.name for p in output.parent.iterdir()][0].startswith(".out.")

    again = run_cli("export", project, "--format", "spacy", "-o", output)
    assert again.exit_code == 0, again.output
    assert os.listdir(output.parent) == ["out"]


@pytest.mark.slow
def test_a_killed_import_leaves_no_worker_and_the_project_as_it_was(tmp_path):
    source = shutil.copy(SAMPLE_GOLD, tmp_path / "gold.jsonl")
    path = tmp_path / "news.db"
    Project.create(path).close()
    process = start_hanging("import", path, source)
    started = time.monotonic()

    def workers_had_time() -> bool:
        return time.monotonic() - started > 8

    survivors = kill_and_find_survivors(process, workers_had_time)
    end(survivors)
    assert not survivors, f"{len(survivors)} worker processes outlived the killed import"
    with Project.open(path) as project:
        assert project.document_count() == 0
    assert run_cli("import", path, source).exit_code == 0
    with Project.open(path) as project:
        assert project.document_count() == 24


MARK = "as imported"


def _mark() -> str:
    return MARK


@pytest.mark.parametrize("fork, other_thread, expected", [
    (True, False, "set by the parent"),  # forked: starts with what the parent holds
    (True, True, "as imported"),  # another thread runs: spawned, as forking it is not safe
    (False, False, "as imported"),
])  # fmt: skip
def test_workers_fork_only_when_asked_and_safe(monkeypatch, fork, other_thread, expected):
    import threading

    from annotator.workers import worker_pool

    monkeypatch.setattr(sys.modules[__name__], "MARK", "set by the parent")
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    stop = threading.Event()
    if other_thread:
        threading.Thread(target=stop.wait, daemon=True).start()
    try:
        with worker_pool(2, True, fork=fork) as pool:
            assert pool.submit(_mark).result(timeout=60) == expected
    finally:
        stop.set()


def test_the_progress_bar_runs_no_thread_that_would_keep_workers_from_forking():
    import threading

    from annotator.cli._app import progress_bar

    alone = threading.active_count()
    with progress_bar(True, "Suggesting") as update:
        assert update(1, 2) is True
        assert threading.active_count() == alone


def test_a_worker_that_dies_is_one_line_of_error_not_a_traceback():
    from annotator.workers import WorkerError, worker_pool

    ended = "a worker process ended before its work was done"
    with pytest.raises(WorkerError, match=ended), worker_pool(2, True, fork=True) as pool:
        pool.submit(os._exit, 9).result()
