"""Bulk writes for importers: documents by uid, statuses, and row counts to check a rollback."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from annotator.model import now_iso

if TYPE_CHECKING:
    from annotator.store.project import Project

COUNTED_TABLES = ("documents", "spans", "status", "relations", "log")


@contextmanager
def span_counts_in_bulk(project: Project) -> Iterator[None]:
    """Within an import's transaction, count the new spans once at the end instead of in
    `span_counts_insert`, a trigger that fires per row and halves the rate of a big import.

    The trigger is dropped and re-created inside the transaction, so no other connection ever
    sees the project without it. New spans are those with an id above the largest before
    (SQLite gives new rows max(id) + 1).
    """
    conn = project.conn
    assert conn.in_transaction, "span_counts_in_bulk needs the import's transaction"
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'span_counts_insert'"
    ).fetchone()[0]
    last_id = conn.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0]
    conn.execute("DROP TRIGGER span_counts_insert")
    try:
        yield
    finally:  # also on an error: a caller that catches it and commits keeps true counts
        if conn.in_transaction:  # else SQLite rolled back by itself (a full disk): all undone
            conn.execute(
                "INSERT INTO span_counts (annotator, label, spans)"
                # NOT INDEXED: a range of rowids, not a walk of the (annotator, label) index
                # over every span of the project, which SQLite picks for the GROUP BY
                " SELECT annotator, label, count(*) FROM spans NOT INDEXED WHERE id > ?"
                " GROUP BY annotator, label"
                " ON CONFLICT (annotator, label) DO UPDATE SET spans = spans + excluded.spans",
                (last_id,),
            )
            conn.execute(trigger)


def find_documents(project: Project, uids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """uid -> (id, text) of the stored documents among `uids`."""
    uids = list(set(uids))
    found: dict[str, tuple[int, str]] = {}
    for first in range(0, len(uids), 500):
        chunk = uids[first : first + 500]
        marks = ", ".join("?" * len(chunk))
        for uid, id_, text in project.conn.execute(
            f"SELECT uid, id, text FROM documents WHERE uid IN ({marks})", chunk
        ):
            found[uid] = (id_, text)
    return found


def next_document_id(project: Project) -> int:
    """The id the next new document gets (inside a write transaction, nobody else takes it)."""
    return project.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]


def insert_documents(project: Project, rows: list[tuple[int, str, str, dict, str, bytes]]) -> None:
    """Insert (id, uid, title, meta, text, packed tokens) rows."""
    stamp = now_iso()
    with project.transaction() as conn:
        conn.executemany(
            "INSERT INTO documents (id, uid, title, meta, text, tokens, added)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (id_, uid, title, json.dumps(meta, ensure_ascii=False), text, tokens, stamp)
                for id_, uid, title, meta, text, tokens in rows
            ),
        )


def set_statuses(project: Project, rows: Iterable[tuple[int, str, str]]) -> list[bool]:
    """Set (document, annotator, status) rows; returns for each whether it changed anything."""
    stamp = now_iso()
    changed = []
    with project.transaction() as conn:
        for document, annotator, status in rows:
            cursor = conn.execute(
                "INSERT INTO status (document, annotator, status, updated) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (document, annotator) DO UPDATE"
                " SET status = excluded.status, updated = excluded.updated"
                " WHERE status != excluded.status",
                (document, annotator, status, stamp),
            )
            changed.append(cursor.rowcount > 0)
    return changed


def row_counts(project: Project) -> dict[str, int]:
    """Rows per table: what an import that fails must leave as it found."""
    return {
        table: project.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in COUNTED_TABLES
    }


def insert_span_rows(project: Project, rows: list[tuple[int, str, int, int, str, str]]) -> int:
    """Bulk-insert checked (document, annotator, start, end, label, attrs JSON) rows.

    Identical spans are skipped; returns how many were new.
    """
    stamp = now_iso()
    with project.transaction() as conn:
        cursor = conn.executemany(
            'INSERT OR IGNORE INTO spans (document, annotator, start, "end", label, attrs,'
            " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (row + (stamp, stamp) for row in rows),
        )
        return max(cursor.rowcount, 0)  # rows this statement inserted, not its triggers
