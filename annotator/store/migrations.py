"""Schema of the project file, one function per version; `PRAGMA user_version` says which ran."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

FORMAT = "annotator-project"

SHOWN = "NOT IN (SELECT document FROM import_documents)"
"""Where a document id must be to be listed or exported: not among an unfinished import's
documents, which appear only when that import commits its last step (store/staged_import.py)."""

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


V4 = """
CREATE TABLE spans_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO spans_v4 SELECT id, document, annotator, start, "end", label, attrs, created, updated
FROM spans;
DROP TABLE spans;
ALTER TABLE spans_v4 RENAME TO spans;
CREATE UNIQUE INDEX spans_identity ON spans (document, annotator, start, "end", label);
CREATE INDEX spans_annotator_label ON spans (annotator, label);

CREATE TABLE relations_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    head INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    UNIQUE (head, tail, label)
);
INSERT INTO relations_v4 SELECT id, head, tail, label FROM relations;
DROP TABLE relations;
ALTER TABLE relations_v4 RENAME TO relations;
CREATE INDEX relations_tail ON relations (tail);

INSERT INTO sqlite_sequence (name, seq)
SELECT 'spans', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'spans');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(span), 0) FROM log))
WHERE name = 'spans';

CREATE TABLE imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lock TEXT NOT NULL,
    started TEXT NOT NULL
);
CREATE TABLE import_documents (
    document INTEGER PRIMARY KEY,
    import INTEGER NOT NULL REFERENCES imports(id)
);
CREATE TABLE import_spans (
    import INTEGER NOT NULL REFERENCES imports(id),
    low INTEGER NOT NULL,
    high INTEGER NOT NULL
);
"""
"""Version 4: span and relation ids are never reused (AUTOINCREMENT, seeded past every id the
log ever named), and an import in progress lists what it committed so far (`imports`,
`import_documents`, `import_spans`), so it can commit in short steps and still be undone
whole if it fails or is killed."""


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


V6 = """
CREATE VIEW spans_with_text AS
SELECT s.id, s.document, d.title, s.annotator, s.label, s.start, s."end",
       substr(d.text, s.start + 1, s."end" - s.start) AS text, s.attrs, s.created, s.updated
FROM spans s JOIN documents d ON d.id = s.document;

CREATE VIEW document_status AS
SELECT st.document, d.title, st.annotator, st.status, st.updated,
       (SELECT count(*) FROM spans s
        WHERE s.document = st.document AND s.annotator = st.annotator) AS spans
FROM status st JOIN documents d ON d.id = st.document;
"""
"""Version 6: views for reading a project in Datasette or `sqlite-utils query`: each span
with the words it covers and its document's title, and each annotator's document status."""


def _script(script: str) -> Callable[[sqlite3.Connection], None]:
    """The migration step that runs `script`, statement by statement."""

    def step(conn: sqlite3.Connection) -> None:
        for statement in _statements(script):
            conn.execute(statement)

    return step


def _to_v7(conn: sqlite3.Connection) -> None:
    """Version 7: no table changes. The stored label schema may now declare relation types
    (and guidelines), which readers of version 6 and before do not know: their schema model
    refuses unknown keys, with an error about `relations` that tells the user nothing. The new
    number makes them refuse the file as "made by a newer version of annotator ... Upgrade
    annotator to open it" instead, before reading the schema."""


def _statements(script: str) -> list[str]:
    """Split a DDL script into statements, keeping trigger bodies whole."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def _to_v4(conn: sqlite3.Connection) -> None:
    """Rebuild spans and relations with AUTOINCREMENT ids (SQLite cannot alter a key).

    Runs with foreign keys off (they are switched on only after migrating), so dropping the
    old spans table does not cascade into relations; the span_counts triggers go with the
    old table and are made again.
    """
    for statement in _statements(V4):
        conn.execute(statement)
    for statement in _statements(V3):
        if statement.startswith("CREATE TRIGGER"):
            conn.execute(statement)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _script(V1),
    2: _script(V2),
    3: _script(V3),
    4: _to_v4,
    5: _script(V5),
    6: _script(V6),
    7: _to_v7,
}
"""Version -> the step that brings a project from the version before it to it (run in order;
a number not listed has no step)."""

CURRENT_VERSION = max(MIGRATIONS)
