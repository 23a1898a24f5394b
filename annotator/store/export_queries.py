"""Reads for exporters: the documents an annotator marked done, with their spans, in batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.model import Status
from annotator.store.project import Project
from annotator.tokens import Tokens

BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class ExportSpan:
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """A done document as an exporter needs it: text, stored tokens and one source's spans."""

    id: int
    uid: str
    title: str
    text: str
    tokens_blob: bytes
    spans: list[ExportSpan]

    def tokens(self) -> Tokens:
        return Tokens.unpack(self.tokens_blob, self.text)


def done_count(project: Project, source: str) -> int:
    """How many documents `source` has marked done."""
    return project.conn.execute(
        "SELECT count(*) FROM status WHERE annotator = ? AND status = ?",
        (source, Status.done.value),
    ).fetchone()[0]


def done_documents(
    project: Project,
    source: str,
    labels: set[str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[ExportDocument]:
    """Documents `source` marked done, in id order, each with that source's spans.

    Two queries per batch (documents, then all their spans), so memory stays flat and a
    100,000-document project is not read one document at a time. `labels` keeps only those.
    """
    last = 0
    while True:
        rows = project.conn.execute(
            "SELECT d.id, d.uid, d.title, d.text, d.tokens FROM status s"
            " JOIN documents d ON d.id = s.document"
            " WHERE s.annotator = ? AND s.status = ? AND s.document > ?"
            " ORDER BY s.document LIMIT ?",
            (source, Status.done.value, last, batch_size),
        ).fetchall()
        if not rows:
            return
        spans = _spans_of(project, source, rows[0][0], rows[-1][0], labels)
        for id_, uid, title, text, blob in rows:
            yield ExportDocument(id_, uid, title, text, blob, spans.get(id_, []))
        if len(rows) < batch_size:
            return
        last = rows[-1][0]


def _spans_of(
    project: Project, source: str, first: int, last: int, labels: set[str] | None
) -> dict[int, list[ExportSpan]]:
    """Spans of documents first..last by start, longest first; one JSON array per document."""
    spans: dict[int, list[ExportSpan]] = {}
    # `+annotator` keeps SQLite on the (document, ...) index: a range of documents, not a scan
    # of every span the source has.
    for document, array in project.conn.execute(
        'SELECT document, json_group_array(json_array(start, "end", label, json(attrs)))'
        " FROM spans WHERE +annotator = ? AND document BETWEEN ? AND ? GROUP BY document",
        (source, first, last),
    ):
        rows = sorted(json.loads(array), key=lambda row: (row[0], -row[1], row[2]))
        spans[document] = [
            ExportSpan(start, end, label, attrs)
            for start, end, label, attrs in rows
            if labels is None or label in labels
        ]
    return spans
