"""Review tables: rejected span versions, documents' review status, and who finished what."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.model import GOLD, ReviewStatus, Status, now_iso
from annotator.store.project import Project

SpanKey = tuple[int, int, str]


def finished_annotators(
    project: Project, documents: Iterable[int] | None = None
) -> dict[int, list[str]]:
    """Document id -> sorted names of the annotators (not gold) whose status of it is done."""
    rows = project.conn.execute(
        "SELECT document, annotator FROM status WHERE status = ? AND annotator != ?"
        " ORDER BY document, annotator",
        (Status.done.value, GOLD),
    ).fetchall()
    wanted = None if documents is None else set(documents)
    finished: dict[int, list[str]] = {}
    for document, annotator in rows:
        if wanted is None or document in wanted:
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
