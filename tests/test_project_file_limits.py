"""A project file that cannot be written (read-only, full disk): one line, exit 2, no change,
and the commands that only read it still work."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annotator.model import Span, Status
from annotator.store import Project, connection
from tests.conftest import REPO, add_text, run_cli
from tests.importing import snapshot, write_jsonl
from tests.labelled_project import sample_gold_project

NOBODY = 65534


def as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`annotator ARGS` as an unprivileged user, for whom file permissions hold."""
    return subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            sys.executable,
            "-m",
            "annotator",
            *args,
        ],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def shared_folder():
    """A folder the unprivileged user can reach (pytest's own tmp folders are private)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as an unprivileged user")
    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.slow
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_project_is_read_and_never_changed(shared_folder, what):
    path = shared_folder / "news.db"
    with Project.create(path) as project:
        doc = add_text(project, "Rebels shelled Ostrel on Monday.", "Ostrel")
        project.add_span(Span(document=doc, annotator="amira", start=0, end=6, label="ACTOR"))
        project.set_status(doc, "amira", Status.done)
    out = shared_folder / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    path.chmod(0o444 if what == "file" else 0o644)
    if what == "folder":
        shared_folder.chmod(0o555)
    before = digest(path)

    stats = as_nobody("stats", "news.db", "--json", cwd=shared_folder)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 1
    exported = as_nobody(
        "export", "news.db", "--format", "jsonl", "--output", "out/x.jsonl", cwd=shared_folder
    )
    assert exported.returncode == 0, exported.stderr
    assert json.loads((out / "x.jsonl").read_text())["text"] == "Rebels shelled Ostrel on Monday."

    article = shared_folder / "article.txt"
    shared_folder.chmod(0o755)
    article.write_text("Militia fighters withdrew from Kessa.", encoding="utf-8")
    if what == "folder":
        shared_folder.chmod(0o555)
    imported = as_nobody("import", "news.db", str(article), cwd=shared_folder)
    assert imported.returncode == 2
    (line,) = imported.stderr.strip().splitlines()
    assert "news.db: cannot be changed here" in line and "read-only" in line
    assert "Traceback" not in imported.stderr
    assert digest(path) == before


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB file system, to fill up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr!r}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_during_an_import_is_one_line_and_changes_nothing(small_disk, tmp_path):
    path = small_disk / "news.db"
    with Project.create(path) as project:
        add_text(project, "Rebels shelled Ostrel on Monday.", "Ostrel")
    before = snapshot(path)
    records = [
        {"text": f"Article {n}. " + "Militia fighters entered Kessa at dawn. " * 40}
        for n in range(400)
    ]
    source = write_jsonl(tmp_path / "big.jsonl", records)
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(path), str(source)],
        env={**os.environ, "PYTHONPATH": str(REPO), "ANNOTATOR_IMPORT_WORKERS": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert "news.db" in line and "full" in line, line
    with Project.open(path, read_only=True) as project:
        assert project.stats()["documents"] == 1  # what the import had stored stays hidden
    subprocess.run(["mount", "-o", "remount,size=16m", str(small_disk)], check=True)
    assert snapshot(path) == before  # the next writer to open it finished the undo
    with Project.open(path) as project:
        assert project.conn.execute("SELECT count(*) FROM imports").fetchone() == (0,)
        assert [d.title for d in project.documents()] == ["Ostrel"]


def annotator_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`annotator ARGS` run in `folder`, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def fill(folder: Path) -> None:
    """Take every free byte of the file system `folder` is on."""
    with (folder / "filler").open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["suggest", "news.db", "--patterns", "--casualties"],
        ["patterns", "news.db", str(REPO / "resources" / "patterns" / "places.jsonl")],
    ],
    ids=["suggest", "patterns"],
)
def test_a_full_disk_while_writing_suggestions_is_one_line(small_disk, command):
    path = small_disk / "news.db"
    with Project.create(path) as project:
        for n in range(3):
            add_text(project, f"Shelling killed {n + 4} civilians in Ostrel, Veloria.", f"{n}")
    fill(small_disk)
    done = annotator_in(small_disk, *command)
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    # SQLite says "database or disk is full", or "disk I/O error" when not even its
    # shared-memory file could grow
    assert "news.db: SQLite failed (" in line and ("full" in line or "I/O error" in line), line
    (small_disk / "filler").unlink()
    with Project.open(path) as project:
        assert project.conn.execute("SELECT count(*) FROM suggestions").fetchone() == (0,)
        assert project.conn.execute("SELECT count(*) FROM patterns").fetchone() == (0,)


def test_a_project_another_program_keeps_writing_to_is_one_line(project_path, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(project_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's write lock, held throughout
    try:
        places = REPO / "resources" / "patterns" / "places.jsonl"
        result = run_cli("patterns", project_path, places)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"{project_path}: busy: another program is writing to it" in line, line
    with Project.open(project_path) as project:
        assert project.conn.execute("SELECT count(*) FROM patterns").fetchone() == (0,)


@pytest.mark.slow
def test_init_on_a_full_disk_is_one_line_and_leaves_no_file(small_disk):
    fill(small_disk)
    done = annotator_in(small_disk, "init", "news.db")
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "news.db" in line and "full" in line, line
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


@pytest.mark.slow
def test_a_model_that_cannot_be_written_is_one_line_and_leaves_nothing(small_disk, tmp_path):
    sample = sample_gold_project(tmp_path / "sample.db")
    fill(small_disk)
    result = run_cli("train", sample, "--output", small_disk / "model", "--max-steps", "5")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"✘ {small_disk / 'model'}: cannot write the model: "), line
    assert "No space left on device" in line, line
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_a_damaged_project_is_one_line_that_points_to_check(project_path, tmp_path):
    with Project.open(project_path) as project:
        for n in range(40):
            add_text(project, f"Report {n}. " + "Rebels shelled Ostrel at dawn. " * 60, f"{n}")
    size = project_path.stat().st_size
    with project_path.open("r+b") as handle:  # pages in the middle overwritten
        for offset in range(size // 2, size // 2 + 16 * 4096, 4096):
            handle.seek(offset + 100)
            handle.write(b"\xff" * 2000)
    result = run_cli("export", project_path, "--format", "jsonl", "--output", tmp_path / "x.jsonl")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "SQLite failed (database disk image is malformed)" in line, line
    assert line.endswith(f"`annotator check {project_path}` says what is damaged"), line
    assert not (tmp_path / "x.jsonl").exists()
