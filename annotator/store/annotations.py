"""Bulk reads for agreement: who finished which documents, their spans, and stored tokens.

Each function is one query over the whole project (ids passed as a JSON array), so a
project of 10,000 documents costs a handful of round trips, not one per document.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator

from annotator.model import Status
from annotator.store.project import Project

DocumentSpan = tuple[int, str, int, int, str]
"""(document id, annotator, start, end, label)"""


def annotators_with_status(project: Project, status: Status = Status.done) -> list[str]:
    """Everyone who gave at least one document `status`, sorted."""
    rows = project.conn.execute(
        "SELECT DISTINCT annotator FROM status WHERE status = ? ORDER BY annotator",
        (Status(status).value,),
    )
    return [row[0] for row in rows]


def done_documents(project: Project, annotators: Collection[str]) -> dict[str, set[int]]:
    """For each annotator, the ids of the documents they marked done."""
    done: dict[str, set[int]] = {name: set() for name in annotators}
    rows = project.conn.execute(
        "SELECT annotator, document FROM status"
        " WHERE status = 'done' AND annotator IN (SELECT value FROM json_each(?))",
        (json.dumps(list(annotators)),),
    )
    for annotator, document in rows:
        done[annotator].add(document)
    return done


def spans_of_done_documents(
    project: Project, annotators: Collection[str], labels: Collection[str]
) -> list[DocumentSpan]:
    """Spans with the given labels that the annotators made on documents they marked done."""
    return project.conn.execute(
        'SELECT s.document, s.annotator, s.start, s."end", s.label FROM spans AS s'
        " JOIN status AS t ON t.document = s.document AND t.annotator = s.annotator"
        " WHERE t.status = 'done'"
        " AND s.annotator IN (SELECT value FROM json_each(?))"
        " AND s.label IN (SELECT value FROM json_each(?))",
        (json.dumps(list(annotators)), json.dumps(list(labels))),
    ).fetchall()


def texts_and_tokens(
    project: Project, documents: Collection[int]
) -> Iterator[tuple[int, str, bytes]]:
    """(id, text, packed tokens) of the given documents, in id order."""
    yield from project.conn.execute(
        "SELECT id, text, tokens FROM documents"
        " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(sorted(documents)),),
    )
