"""Schema of the project file, one function per version; `PRAGMA user_version` says which ran."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

FORMAT = "annotator-project"

V1 = """
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL,
    tokens BLOB NOT NULL,
    added TEXT NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id),
    annotator TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    CHECK (start >= 0 AND start < "end")
);
CREATE UNIQUE INDEX spans_identity ON spans (document, annotator, start, "end", label);
CREATE INDEX spans_annotator_label ON spans (annotator, label);

CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    head INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    UNIQUE (head, tail, label)
);
CREATE INDEX relations_tail ON relations (tail);

CREATE TABLE status (
    document INTEGER NOT NULL REFERENCES documents(id),
    annotator TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('todo', 'done', 'skipped')),
    updated TEXT NOT NULL,
    PRIMARY KEY (document, annotator)
) WITHOUT ROWID;
CREATE INDEX status_annotator ON status (annotator, status);

CREATE TABLE log (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    time TEXT NOT NULL,
    annotator TEXT NOT NULL,
    action TEXT NOT NULL,
    document INTEGER,
    span INTEGER,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX log_document ON log (document);
CREATE TRIGGER log_no_update BEFORE UPDATE ON log BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_no_delete BEFORE DELETE ON log BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;
"""


V2 = """
CREATE TABLE review_rejections (
    document INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    time TEXT NOT NULL,
    PRIMARY KEY (document, start, "end", label)
) WITHOUT ROWID;

CREATE TABLE review_status (
    document INTEGER PRIMARY KEY REFERENCES documents(id),
    status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
    reviewer TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""
"""Review: span versions a reviewer rejected, and each document's review status."""


V3 = """
CREATE TABLE span_counts (
    annotator TEXT NOT NULL,
    label TEXT NOT NULL,
    spans INTEGER NOT NULL,
    PRIMARY KEY (annotator, label)
) WITHOUT ROWID;

INSERT INTO span_counts (annotator, label, spans)
SELECT annotator, label, count(*) FROM spans GROUP BY annotator, label;

CREATE TRIGGER span_counts_insert AFTER INSERT ON spans BEGIN
    INSERT INTO span_counts (annotator, label, spans) VALUES (new.annotator, new.label, 1)
    ON CONFLICT (annotator, label) DO UPDATE SET spans = spans + 1;
END;
CREATE TRIGGER span_counts_delete AFTER DELETE ON spans BEGIN
    UPDATE span_counts SET spans = spans - 1
    WHERE annotator = old.annotator AND label = old.label;
    DELETE FROM span_counts WHERE annotator = old.annotator AND label = old.label AND spans <= 0;
END;
CREATE TRIGGER span_counts_update AFTER UPDATE OF annotator, label ON spans
WHEN old.annotator != new.annotator OR old.label != new.label BEGIN
    UPDATE span_counts SET spans = spans - 1
    WHERE annotator = old.annotator AND label = old.label;
    DELETE FROM span_counts WHERE annotator = old.annotator AND label = old.label AND spans <= 0;
    INSERT INTO span_counts (annotator, label, spans) VALUES (new.annotator, new.label, 1)
    ON CONFLICT (annotator, label) DO UPDATE SET spans = spans + 1;
END;
"""
"""Version 3: spans per (annotator, label) kept by triggers, so stats need not count millions."""


V5 = """
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL,
    score REAL,
    annotator TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    CHECK (start >= 0 AND start < "end")
);
CREATE UNIQUE INDEX suggestions_identity
ON suggestions (document, annotator, start, "end", label, source);

CREATE TABLE suggestion_rejections (
    document INTEGER NOT NULL REFERENCES documents(id),
    annotator TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    time TEXT NOT NULL,
    PRIMARY KEY (document, annotator, start, "end", label)
) WITHOUT ROWID;

CREATE TABLE uncertainty (
    document INTEGER PRIMARY KEY REFERENCES documents(id),
    score REAL NOT NULL,
    model TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX uncertainty_score ON uncertainty (score DESC);

CREATE TABLE patterns (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    pattern TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    added TEXT NOT NULL,
    UNIQUE (label, pattern)
);
"""
"""Version 5: proposed spans apart from labels (annotator '' = for everyone), the ones each
annotator rejected, how unsure the last model was of each document, and the project's own
SpanRuler patterns (pattern as spaCy's JSON)."""


def _to_v1(conn: sqlite3.Connection) -> None:
    for statement in _statements(V1):
        conn.execute(statement)


def _to_v2(conn: sqlite3.Connection) -> None:
    for statement in _statements(V2):
        conn.execute(statement)


def _to_v3(conn: sqlite3.Connection) -> None:
    for statement in _statements(V3):
        conn.execute(statement)


def _to_v4(conn: sqlite3.Connection) -> None:
    """Reserved for the project language setting (another change); nothing to do here."""


def _to_v5(conn: sqlite3.Connection) -> None:
    for statement in _statements(V5):
        conn.execute(statement)


def _statements(script: str) -> list[str]:
    """Split a DDL script into statements, keeping trigger bodies whole."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _to_v1,
    2: _to_v2,
    3: _to_v3,
    4: _to_v4,
    5: _to_v5,
}
"""Version -> the step that brings a project from version - 1 to it."""

CURRENT_VERSION = max(MIGRATIONS)
