"""Review tables: rejected span versions, documents' review status, and who finished what."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

from annotator.model import GOLD, ReviewStatus, Status, now_iso
from annotator.store.project import Project

SpanKey = tuple[int, int, str]
BATCH = 500


class SpanRow(NamedTuple):
    """A stored span as a plain tuple (attributes left as JSON): cheap to read in bulk."""

    document: int
    annotator: str
    start: int
    end: int
    label: str
    attrs_json: str = "{}"

    @property
    def key(self) -> SpanKey:
        return self.start, self.end, self.label

    @property
    def attrs(self) -> dict:
        return json.loads(self.attrs_json)


def _in_batches(ids: list[int]) -> Iterable[list[int]]:
    for first in range(0, len(ids), BATCH):
        yield ids[first : first + BATCH]


def span_rows(project: Project, documents: list[int]) -> dict[int, list[SpanRow]]:
    """Document id -> its spans (every annotator, gold included) as SpanRows."""
    rows: dict[int, list[SpanRow]] = {document: [] for document in documents}
    for batch in _in_batches(documents):
        marks = ", ".join("?" * len(batch))
        for row in project.conn.execute(
            f'SELECT document, annotator, start, "end", label, attrs FROM spans'
            f" WHERE document IN ({marks})",
            batch,
        ):
            rows[row[0]].append(SpanRow(*row))
    return rows


def titles(project: Project, documents: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for batch in _in_batches(documents):
        marks = ", ".join("?" * len(batch))
        found.update(
            project.conn.execute(
                f"SELECT id, title FROM documents WHERE id IN ({marks})", batch
            ).fetchall()
        )
    return found


def all_rejected_keys(project: Project) -> dict[int, set[SpanKey]]:
    """Document id -> rejected versions, for every document with a rejection."""
    rejected: dict[int, set[SpanKey]] = {}
    for document, start, end, label in project.conn.execute(
        'SELECT document, start, "end", label FROM review_rejections'
    ):
        rejected.setdefault(document, set()).add((start, end, label))
    return rejected


def finished_annotators(
    project: Project, documents: Iterable[int] | None = None
) -> dict[int, list[str]]:
    """Document id -> sorted names of the annotators (not gold) whose status of it is done."""
    query = (
        "SELECT document, annotator FROM status WHERE status = ? AND annotator != ?{}"
        " ORDER BY document, annotator"
    )
    if documents is None:
        rows = project.conn.execute(query.format(""), (Status.done.value, GOLD)).fetchall()
    else:
        rows = []
        for batch in _in_batches(list(documents)):
            marks = ", ".join("?" * len(batch))
            rows += project.conn.execute(
                query.format(f" AND document IN ({marks})"), (Status.done.value, GOLD, *batch)
            ).fetchall()
    finished: dict[int, list[str]] = {}
    for document, annotator in rows:
        finished.setdefault(document, []).append(annotator)
    return finished


def rejected_keys(project: Project, document: int) -> set[SpanKey]:
    rows = project.conn.execute(
        'SELECT start, "end", label FROM review_rejections WHERE document = ?', (document,)
    ).fetchall()
    return {(start, end, label) for start, end, label in rows}


def reject_keys(
    project: Project, document: int, keys: Iterable[SpanKey], reviewer: str
) -> list[SpanKey]:
    """Record span versions as rejected; returns the keys that were not rejected before."""
    keys = sorted(set(keys) - rejected_keys(project, document))
    stamp = now_iso()
    with project.transaction() as conn:
        conn.executemany(
            'INSERT INTO review_rejections (document, start, "end", label, reviewer, time)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(document, start, end, label, reviewer, stamp) for start, end, label in keys],
        )
        project.log("review.reject", reviewer, document=document, data={"keys": keys})
    return keys


def unreject_keys(project: Project, document: int, keys: Iterable[SpanKey], reviewer: str) -> None:
    """Take back rejections (undo of a reject)."""
    keys = sorted(set(keys))
    with project.transaction() as conn:
        conn.executemany(
            'DELETE FROM review_rejections WHERE document = ? AND start = ? AND "end" = ?'
            " AND label = ?",
            [(document, start, end, label) for start, end, label in keys],
        )
        project.log("review.unreject", reviewer, document=document, data={"keys": keys})


def review_status(project: Project, document: int) -> ReviewStatus:
    row = project.conn.execute(
        "SELECT status FROM review_status WHERE document = ?", (document,)
    ).fetchone()
    return ReviewStatus(row[0]) if row else ReviewStatus.todo


def review_statuses(project: Project) -> dict[int, ReviewStatus]:
    """Document id -> review status, for every document a reviewer has touched."""
    rows = project.conn.execute("SELECT document, status FROM review_status").fetchall()
    return {document: ReviewStatus(status) for document, status in rows}


def set_review_status(
    project: Project, document: int, status: ReviewStatus, reviewer: str
) -> ReviewStatus:
    """Set a document's review status; returns the previous one."""
    before = review_status(project, document)
    status = ReviewStatus(status)
    with project.transaction() as conn:
        conn.execute(
            "INSERT INTO review_status (document, status, reviewer, updated) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (document) DO UPDATE SET status = excluded.status,"
            " reviewer = excluded.reviewer, updated = excluded.updated",
            (document, status.value, reviewer, now_iso()),
        )
        project.log(
            "review.status",
            reviewer,
            document=document,
            data={"before": before.value, "after": status.value},
        )
    return before
