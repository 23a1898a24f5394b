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
from annotator.tokens import DEFAULT_LANGUAGE, check_language

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
POLL_SECONDS = 0.002


class ProjectError(AnnotatorError):
    """A project file that cannot be opened or created; the message names the file."""


class ProjectFileGone(ProjectError):
    """The project's path no longer leads to the file that is open: it was replaced (a backup
    restored, a sync tool), moved or deleted. A write would land in a file nobody will open
    again, or in another project under offsets that are not its own."""


def file_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode `path` leads to, or None if it leads nowhere."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return connect_read_only(path)
    uri = f"{path.resolve().as_uri()}?mode=rw"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes, even to a file or folder nobody may write to.

    SQLite reads a WAL project through its -shm file, which it must be able to create or
    write; where it cannot, and no changes wait in the -wal file, the file is read as
    immutable (no locks, no WAL), which is exact for a file nobody can change.
    """
    base = path.resolve().as_uri()
    conn = sqlite3.connect(f"{base}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as error:
        conn.close()
        if "locked" in str(error):  # a writer at work: immutable would read a torn state
            raise
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ProjectError(
            f"{path}: cannot be read here: it is read-only and changes wait in {wal.name}; "
            "open it once where it can be written"
        )
    return sqlite3.connect(f"{base}?mode=ro&immutable=1", uri=True, isolation_level=None)


def check_sqlite_header(path: Path) -> None:
    """Raise ProjectError, reading 16 bytes and writing nothing, unless `path` is a readable
    SQLite file."""
    if not path.is_file():
        raise ProjectError(f"{path}: no such project file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ProjectError(f"{path}: cannot read ({error.strerror})") from None
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path}: not an annotator project (not an SQLite database)")


def _inspect(path: Path) -> int:
    """The project's schema version; raises ProjectError, without writing, if it is no project."""
    check_sqlite_header(path)
    conn = connect_read_only(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        row = conn.execute("SELECT value FROM project WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError as error:
        if "no such table" not in str(error):  # a project, or some other file, damaged
            raise ProjectError(
                f"{path}: damaged ({error}); `annotator check {path}` says what is damaged"
            ) from None
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

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self._depth = 0
        self._identity = None if read_only else file_identity(path)
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
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
    def open_path(cls, path: Path | str, read_only: bool = False) -> Connection:
        """Open a project to read and write it, or with `read_only` only to read it (which
        works on a read-only file or folder, and never changes the file)."""
        path = Path(path)
        version = _inspect(path)
        if read_only:
            if version < CURRENT_VERSION:
                cls.open_path(path).close()  # upgrade first, where the file can be written
            return cls(path, _connect(path, read_only=True), read_only=True)
        try:
            conn = _connect(path)
            if version < CURRENT_VERSION:
                _migrate(conn, version)
            return cls(path, conn)
        except sqlite3.OperationalError as error:
            if not _is_read_only(error):
                raise
            raise ProjectError(
                f"{path}: cannot be changed here ({error}): the file or its folder is "
                "read-only. Commands that only read it (stats, export, agreement) still work; "
                "nothing was changed"
            ) from None

    @classmethod
    def create_path(
        cls, path: Path | str, schema: LabelSchema, language: str = DEFAULT_LANGUAGE
    ) -> Connection:
        """Create a new project; an existing file is never overwritten."""
        path = Path(path)
        check_language(language)
        if path.exists():
            raise ProjectError(f"{path}: already exists; choose another name (nothing was changed)")
        if not path.parent.is_dir():
            raise ProjectError(f"{path}: folder {path.parent} does not exist")
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.creating")
        try:
            conn = sqlite3.connect(temporary, isolation_level=None)
            try:
                _migrate(conn, 0)
                settings = {"format": FORMAT, "id": uuid.uuid4().hex, "created": now_iso()}
                settings["schema"] = schema.model_dump_json()
                settings["language"] = language
                conn.executemany("INSERT INTO project (key, value) VALUES (?, ?)", settings.items())
            finally:
                conn.close()
            os.link(temporary, path)
        except FileExistsError:
            raise ProjectError(f"{path}: already exists; choose another name") from None
        finally:  # also when the disk is full: no half-made file is left behind
            for leftover in (temporary, temporary.with_name(f"{temporary.name}-journal")):
                leftover.unlink(missing_ok=True)
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

    @cached_property
    def language(self) -> str:
        """The spaCy language code the project's tokens are made with.

        A project made before projects had a language has no such setting: it is English.
        """
        row = self.conn.execute("SELECT value FROM project WHERE key = 'language'").fetchone()
        return row[0] if row else DEFAULT_LANGUAGE

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
            self._check_still_there()
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on a full disk
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        finally:
            self._depth = 0

    def _check_still_there(self) -> None:
        """ProjectFileGone unless the path still leads to the file this connection has open
        (one stat, under the write lock)."""
        if self._identity is not None and file_identity(self.path) != self._identity:
            raise ProjectFileGone(
                f"{self.path}: the project file was replaced, moved or deleted while it was"
                " open; nothing was saved (open the project again)"
            )

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


def _is_read_only(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in (
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
    ) or ("readonly" in str(error) or "unable to open" in str(error))


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, 261, 517) or (
        "locked" in str(error)
    )


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in sorted(v for v in MIGRATIONS if v > version):
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
