"""Opening, creating and migrating project files; the transaction and log of every edit."""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.model import now_iso
from annotator.schema import LabelSchema, SchemaError, parse_schema
from annotator.store.migrations import CURRENT_VERSION, FORMAT, MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
POLL_SECONDS = 0.002


class ProjectError(AnnotatorError):
    """A project file that cannot be opened or created; the message names the file."""


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _inspect(path: Path) -> int:
    """The project's schema version; raises ProjectError, without writing, if it is no project."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise ProjectError(f"{path}: not an annotator project (not an SQLite database)")
    conn = _connect(path, read_only=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        row = conn.execute("SELECT value FROM project WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        conn.close()
    if row is None or row[0] != FORMAT:
        raise ProjectError(f"{path}: not an annotator project (an SQLite file of another kind)")
    if version > CURRENT_VERSION:
        raise ProjectError(
            f"{path}: made by a newer version of annotator (project version {version}; "
            f"this version reads up to {CURRENT_VERSION}). Upgrade annotator to open it."
        )
    return version


class Connection:
    """A project's SQLite connection: pragmas, transactions, project settings and the log."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._depth = 0
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        self.schema = self._load_schema()

    @cached_property
    def db(self):
        """A sqlite-utils view of the same connection, for scripting and introspection.

        The store writes with plain SQL in its own transactions: sqlite-utils' insert helpers
        commit on their own, which would split an import that must go in whole.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @classmethod
    def open_path(cls, path: Path | str) -> Connection:
        path = Path(path)
        version = _inspect(path)
        conn = _connect(path)
        if version < CURRENT_VERSION:
            _migrate(conn, version)
        return cls(path, conn)

    @classmethod
    def create_path(cls, path: Path | str, schema: LabelSchema) -> Connection:
        """Create a new project; an existing file is never overwritten."""
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: already exists; choose another name (nothing was changed)")
        if not path.parent.is_dir():
            raise ProjectError(f"{path}: folder {path.parent} does not exist")
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.creating")
        conn = sqlite3.connect(temporary, isolation_level=None)
        try:
            _migrate(conn, 0)
            settings = {"format": FORMAT, "id": uuid.uuid4().hex, "created": now_iso()}
            settings["schema"] = schema.model_dump_json()
            conn.executemany("INSERT INTO project (key, value) VALUES (?, ?)", settings.items())
        finally:
            conn.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise ProjectError(f"{path}: already exists; choose another name") from None
        finally:
            temporary.unlink()
        return cls.open_path(path)

    def close(self) -> None:
        self.conn.close()

    def _load_schema(self) -> LabelSchema:
        try:
            return parse_schema(self.setting("schema"), f"{self.path} (stored label schema)")
        except SchemaError as error:
            raise ProjectError(str(error)) from None

    def setting(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM project WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise ProjectError(f"{self.path}: project setting {key!r} is missing")
        return row[0]

    @property
    def project_id(self) -> str:
        return self.setting("id")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE); nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        _begin_immediate(self.conn)
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def log(
        self,
        action: str,
        annotator: str,
        *,
        document: int | None = None,
        span: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Append one row to the edit log (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO log (uid, time, annotator, action, document, span, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                now_iso(),
                annotator,
                action,
                document,
                span,
                json.dumps(data or {}),
            ),
        )


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """Take the write lock, asking for it every 2 ms for up to BUSY_TIMEOUT_MS.

    SQLite's own busy handler asks ever more rarely (every 100 ms after the first quarter
    second), so a writer waiting behind an import that frees the lock for a few
    milliseconds between its steps could miss every gap; asking often finds one.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() > deadline:
                    raise
            time.sleep(POLL_SECONDS)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, 261, 517) or (
        "locked" in str(error)
    )


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(version + 1, CURRENT_VERSION + 1):
            MIGRATIONS[target](conn)
        conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


DatabaseError = sqlite3.Error
"""Any failure of SQLite on a project file (busy, disk full, read-only, damaged), for callers
outside the store that must catch it without speaking SQL."""


def is_busy(error: BaseException) -> bool:
    """Whether SQLite gave up waiting for another connection's write lock."""
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)
