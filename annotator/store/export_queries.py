"""Reads for exporters: the documents an annotator marked done, with their spans, in batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from annotator.model import Status
from annotator.store.project import Project
from annotator.tokens import DEFAULT_LANGUAGE, Tokens

BATCH_SIZE = 500


class ExportSpan(NamedTuple):
    """A span as exporters read it (a tuple: big exports make millions of them)."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """A done document as an exporter needs it: text, stored tokens and one source's spans."""

    id: int
    uid: str
    title: str
    text: str
    tokens_blob: bytes
    spans: list[ExportSpan]
    language: str = DEFAULT_LANGUAGE
    """The project's language (its tokens were made with that language's tokenizer)."""

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
    """Documents `source` marked done, in id order, each with that source's spans (`labels`
    only), read a batch at a time (see `documents_by_id`)."""
    ids = [document for document, _ in done_document_uids(project, source)]
    yield from documents_by_id(project, source, ids, labels, batch_size)


def done_document_uids(project: Project, source: str) -> list[tuple[int, str]]:
    """(id, uid) of every document `source` marked done, in id order."""
    return project.conn.execute(
        "SELECT d.id, d.uid FROM status s JOIN documents d ON d.id = s.document"
        " WHERE s.annotator = ? AND s.status = ? ORDER BY s.document",
        (source, Status.done.value),
    ).fetchall()


def documents_by_id(
    project: Project,
    source: str,
    ids: list[int],
    labels: set[str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[ExportDocument]:
    """The documents `ids`, in that order, each with `source`'s spans (`labels` only).

    Two queries per batch (documents, then all their spans), so memory stays flat and a
    100,000-document project is not read one document at a time.
    """
    for first in range(0, len(ids), batch_size):
        chunk = ids[first : first + batch_size]
        marks = ", ".join("?" * len(chunk))
        rows = {
            row[0]: row
            for row in project.conn.execute(
                f"SELECT id, uid, title, text, tokens FROM documents WHERE id IN ({marks})", chunk
            )
        }
        spans = _spans_of(project, source, chunk, labels)
        for id_ in chunk:
            id_, uid, title, text, blob = rows[id_]
            yield ExportDocument(id_, uid, title, text, blob, spans.get(id_, []), project.language)


def _spans_of(
    project: Project, source: str, documents: list[int], labels: set[str] | None
) -> dict[int, list[ExportSpan]]:
    """Spans of `documents` by start, longest first; one JSON array per document."""
    spans: dict[int, list[ExportSpan]] = {}
    marks = ", ".join("?" * len(documents))
    # `+annotator` keeps SQLite on the (document, ...) index: those documents, not a scan of
    # every span the source has.
    for document, array in project.conn.execute(
        'SELECT document, json_group_array(json_array(start, "end", label, json(attrs)))'
        f" FROM spans WHERE +annotator = ? AND document IN ({marks}) GROUP BY document",
        (source, *documents),
    ):
        rows = sorted(json.loads(array), key=lambda row: (row[0], -row[1], row[2]))
        spans[document] = [
            ExportSpan._make(row) for row in rows if labels is None or row[2] in labels
        ]
    return spans
