"""An import that commits in short steps, so annotators can save meanwhile, yet goes in whole.

Each step is its own short write transaction. What a step adds is listed under the import's
row: new documents in `import_documents` (hidden from lists and exports until the last step),
new spans as id ranges in `import_spans`. The last step sets statuses, writes the log and
drops the lists, which makes everything appear at once. An import that fails is undone from
its lists; one whose process was killed is undone by the next process that opens the project
for writing, which knows the owner is gone because the owner's lock file is no longer locked.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.model import now_iso
from annotator.store.connection import ProjectError
from annotator.store.imports import span_counts_in_bulk

if TYPE_CHECKING:
    from annotator.store.project import Project

PAUSE_SECONDS = 0.005
"""How long an import leaves the write lock free between steps, so a waiting edit gets it."""
STEP_SECONDS = 0.1
"""About how long one step holds the write lock: what an edit waits at most, plus a pause."""
UNDO_CHUNK = 500
"""Documents removed per transaction when an import is undone."""


def _last_span_id(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'spans'").fetchone()
    return row[0] if row else 0


class StagedImport:
    """Use as a context manager around an import: `step()` for each batch, `publish()` last.

    Leaving the block without `publish()` (an error, a cancel) undoes every step.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.id: int | None = None
        self._lock_handle = None
        self._lock_path: Path | None = None
        self._step_size = 16

    def __enter__(self) -> StagedImport:
        self._lock_path, self._lock_handle = _take_lock(self.project.path)
        with self.project.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO imports (lock, started) VALUES (?, ?)",
                (str(self._lock_path), now_iso()),
            )
            self.id = cursor.lastrowid
        return self

    def __exit__(self, kind: type[BaseException] | None, error: object, _: object) -> None:
        """Undo the import unless it was published; a failure of the project file itself
        (a full disk, an I/O error) becomes one ProjectError naming the file."""
        outcome = "the import was undone"
        try:
            if self.id is not None:
                undo_import(self.project, self.id)
        except sqlite3.Error:
            if kind is None:
                raise
            # What ended the import (a full disk, say) stopped its undo too: the next process
            # to open the project for writing finishes it; the documents stay hidden till then.
            outcome = "the import is undone when the project is next opened"
        finally:
            self._release()
        if kind is not None and issubclass(kind, sqlite3.Error):
            raise ProjectError(f"{self.project.path}: {error}; {outcome}") from None

    def portions(self, items: Sequence) -> Iterator[Sequence]:
        """`items` in slices sized so that writing one takes about STEP_SECONDS (as measured
        by the steps so far), whatever the size of the records and the load of the machine."""
        first = 0
        while first < len(items):
            size = self._step_size
            yield items[first : first + size]
            first += size

    @contextmanager
    def step(self, items: int = 0) -> Iterator[sqlite3.Connection]:
        """One short transaction of the import; what it adds is listed for undo.

        `items`: how many records it writes, to size the next portions.
        """
        with self.project.transaction() as conn:
            began = time.perf_counter()  # the lock is held from here: waiting for it not counted
            last_document = conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()
            last_span = _last_span_id(conn)
            with span_counts_in_bulk(self.project):
                yield conn
            conn.execute(
                "INSERT INTO import_documents (document, import)"
                " SELECT id, ? FROM documents WHERE id > ?",
                (self.id, last_document[0]),
            )
            newest_span = _last_span_id(conn)
            if newest_span > last_span:
                conn.execute(
                    "INSERT INTO import_spans (import, low, high) VALUES (?, ?, ?)",
                    (self.id, last_span + 1, newest_span),
                )
        seconds = time.perf_counter() - began
        if items:
            self._step_size = max(1, min(1024, round(items * STEP_SECONDS / max(seconds, 1e-3))))
        time.sleep(PAUSE_SECONDS)

    def publish(self, last_step: Callable[[sqlite3.Connection], None]) -> None:
        """Run `last_step` (statuses, log) and show everything the import added, in one
        transaction."""
        with self.project.transaction() as conn:
            last_step(conn)
            _forget(conn, self.id)
        self.id = None

    def _release(self) -> None:
        if self._lock_handle is not None:
            self._lock_handle.close()
            with suppress(OSError):
                self._lock_path.unlink()
            self._lock_handle = None


def _forget(conn: sqlite3.Connection, import_id: int) -> None:
    for table in ("import_documents", "import_spans"):
        conn.execute(f"DELETE FROM {table} WHERE import = ?", (import_id,))
    conn.execute("DELETE FROM imports WHERE id = ?", (import_id,))


def undo_import(project: Project, import_id: int) -> None:
    """Remove what an unfinished import added, a range or a chunk per transaction.

    Safe to interrupt: each transaction removes rows and their entries in the lists together,
    so whoever comes next continues where it stopped.
    """
    while True:
        with project.transaction() as conn:
            ranges = conn.execute(
                "SELECT rowid, low, high FROM import_spans WHERE import = ? LIMIT 1", (import_id,)
            ).fetchall()
            for rowid, low, high in ranges:
                conn.execute("DELETE FROM spans WHERE id BETWEEN ? AND ?", (low, high))
                conn.execute("DELETE FROM import_spans WHERE rowid = ?", (rowid,))
        if not ranges:
            break
    while True:
        with project.transaction() as conn:
            chunk = [
                row[0]
                for row in conn.execute(
                    "SELECT document FROM import_documents WHERE import = ? LIMIT ?",
                    (import_id, UNDO_CHUNK),
                )
            ]
            marks = ", ".join("?" * len(chunk))
            conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM import_documents WHERE document IN ({marks})", chunk)
            if not chunk:
                _forget(conn, import_id)
                return


def undo_abandoned_imports(project: Project) -> int:
    """Undo the unfinished imports whose process is gone; returns how many were undone."""
    undone = 0
    for import_id, lock in project.conn.execute("SELECT id, lock FROM imports").fetchall():
        if _owner_alive(Path(lock)):
            continue
        undo_import(project, import_id)
        with suppress(OSError):
            Path(lock).unlink()
        undone += 1
    return undone


def import_running(conn: sqlite3.Connection) -> bool:
    """Whether an import into the project is under way in a live process (one listed in
    `imports` whose lock is held): some of its spans on documents already there may be in,
    others not yet, and it may still be undone."""
    locks = [row[0] for row in conn.execute("SELECT lock FROM imports")]
    return any(_owner_alive(Path(lock)) for lock in locks)


def _take_lock(project_path: Path):
    """A lock file held for the import's life (the kernel frees it when the process dies)."""
    name = f".{project_path.name}.import-{uuid.uuid4().hex[:12]}.lock"
    for folder in (project_path.parent, Path(tempfile.gettempdir())):
        path = folder / name
        try:
            handle = path.open("w")
        except OSError:
            continue
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(str(os.getpid()))
        handle.flush()
        return path, handle
    raise OSError(f"cannot create a lock file for the import in {project_path.parent}")


def _owner_alive(lock: Path) -> bool:
    try:
        handle = lock.open("r")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False
