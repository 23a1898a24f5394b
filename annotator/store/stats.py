"""Counts for `annotator stats`, of what the project shows: an unfinished import's are apart.

Spans are counted from `span_counts` (kept by triggers), so stats stay fast on any project
size. An import that has not finished (running, or left by a killed process until the next
writer undoes it) has committed some steps already: its documents are hidden (see SHOWN),
and its spans, listed as id ranges in `import_spans`, are taken off the counts, so the
totals add up to the documents shown. What it holds so far is reported apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.model import Status
from annotator.store.staged_import import import_running

if TYPE_CHECKING:
    from annotator.store.project import Project


@dataclass
class UnfinishedImport:
    """What unfinished imports have stored so far, none of it shown yet."""

    documents: int
    spans: dict[tuple[str, str], int] = field(default_factory=dict)
    """Spans by (annotator, label)."""
    running: bool = False
    """Whether its process is alive; else the next writer to open the project undoes it."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "spans": sum(self.spans.values()),
            "running": self.running,
        }


def unfinished_line(staged: dict[str, Any]) -> str:
    """One line for `stats` and `check` on an unfinished import (`UnfinishedImport.as_dict`):
    what is not shown, and what becomes of it."""
    held = f"{staged['documents']} documents and {staged['spans']} spans"
    if staged["running"]:
        return f"An import is under way ({held} not shown yet; they appear when it finishes)"
    return (
        f"An unfinished import, left by a process that stopped ({held}, not shown): it is"
        " undone when the project is next opened for writing"
    )


def unfinished_import(conn: sqlite3.Connection) -> UnfinishedImport | None:
    """What unfinished imports hold, or None when there is none (the usual case: one lookup)."""
    if conn.execute("SELECT 1 FROM imports LIMIT 1").fetchone() is None:
        return None
    documents = conn.execute("SELECT count(*) FROM import_documents").fetchone()[0]
    return UnfinishedImport(documents, _staged_spans(conn), import_running(conn))


def _staged_spans(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    """Spans the unfinished imports added, on new documents and on documents shown alike."""
    rows = conn.execute(
        "SELECT s.annotator, s.label, count(*) FROM import_spans i"
        # NOT INDEXED: the id ranges, never a walk of the (annotator, label) index
        " CROSS JOIN spans s NOT INDEXED ON s.id BETWEEN i.low AND i.high"
        " GROUP BY s.annotator, s.label"
    )
    return {(annotator, label): count for annotator, label, count in rows}


@contextmanager
def _one_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Read every count from one state of the file: a running import commits between them."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


def project_stats(project: Project) -> dict[str, Any]:
    """Documents, spans, labels and per annotator done, skipped and spans, of what is shown;
    `unfinished_import` (documents, spans, running) only while one is there."""
    with _one_snapshot(project.conn):
        return _counts(project)


def _counts(project: Project) -> dict[str, Any]:
    staged = unfinished_import(project.conn)
    hidden = staged.spans if staged else {}
    labels: dict[str, int] = {}
    annotators: dict[str, dict[str, int]] = {}

    def of(name: str) -> dict[str, int]:
        return annotators.setdefault(name, {"done": 0, "skipped": 0, "spans": 0})

    for annotator, label, count in project.conn.execute(
        "SELECT annotator, label, spans FROM span_counts"
    ):
        count -= hidden.get((annotator, label), 0)
        if count > 0:
            labels[label] = labels.get(label, 0) + count
            of(annotator)["spans"] += count
    for annotator, status, count in project.conn.execute(
        "SELECT annotator, status, count(*) FROM status GROUP BY annotator, status"
    ):
        if status != Status.todo.value:
            of(annotator)[status] += count
    stats = {
        "language": project.language,
        "documents": project.document_count(),
        "spans": sum(labels.values()),
        "labels": dict(sorted(labels.items())),
        "annotators": dict(sorted(annotators.items())),
    }
    if staged is not None:
        stats["unfinished_import"] = staged.as_dict()
    return stats
