"""Reading a project for exporters: each document with one annotator's spans and status.

Rows come as stored (meta and attrs as JSON text, tokens packed), so an exporter that writes
JSON again embeds them as they are instead of decoding and re-encoding every span.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from annotator.model import Status
from annotator.store.migrations import SHOWN

if TYPE_CHECKING:
    from annotator.store.project import Project

BATCH_SIZE = 200


StoredSpan = tuple[int, int, str, str]
"""(start, end, label, attrs as stored: a JSON object's text), a plain tuple: exports read
millions of them."""


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document as one annotator left it: spans (by start, longest first) and status."""

    id: int
    uid: str
    title: str
    meta: str
    """The document's meta as stored: a JSON object's text."""
    text: str
    tokens: bytes
    """Packed token offsets (see `Tokens.unpack`)."""
    annotator: str
    status: Status
    spans: list[StoredSpan]


def annotated_documents(
    project: Project, source: str | None = None, labels: list[str] | None = None
) -> Iterator[AnnotatedDocument]:
    """Every (document, annotator) pair with spans or a status, in document order, streamed.

    Only `source`'s pairs when given; only spans with `labels` when given.
    """
    last = 0
    while True:
        rows = project.conn.execute(
            "SELECT id, uid, title, meta, text, tokens FROM documents"
            f" WHERE id > ? AND id {SHOWN} ORDER BY id LIMIT ?",
            (last, BATCH_SIZE),
        ).fetchall()
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        spans = _spans(project, first, last, source, labels)
        statuses = _statuses(project, first, last, source)
        for id_, uid, title, meta, text, blob in rows:
            annotators = sorted(set(spans[id_]) | set(statuses[id_]))
            for annotator in annotators:
                status = statuses[id_].get(annotator, Status.todo)
                yield AnnotatedDocument(
                    id_, uid, title, meta, text, blob, annotator, status, spans[id_][annotator]
                )


def _spans(
    project: Project, first: int, last: int, source: str | None, labels: list[str] | None
) -> dict[int, dict[str, list[StoredSpan]]]:
    where, args = "document BETWEEN ? AND ?", [first, last]
    if source is not None:
        where, args = where + " AND annotator = ?", [*args, source]
    if labels is not None:
        where += f" AND label IN ({', '.join('?' * len(labels))})"
        args += labels
    found: dict[int, dict[str, list[StoredSpan]]] = defaultdict(lambda: defaultdict(list))
    rows = project.conn.execute(
        f'SELECT document, annotator, start, "end", label, attrs FROM spans WHERE {where}'
        ' ORDER BY document, annotator, start, "end" DESC, label',
        args,
    )
    for (document, annotator), group in groupby(rows, key=itemgetter(0, 1)):
        found[document][annotator] = [row[2:] for row in group]
    return found


def _statuses(
    project: Project, first: int, last: int, source: str | None
) -> dict[int, dict[str, Status]]:
    where, args = "document BETWEEN ? AND ? AND status != 'todo'", [first, last]
    if source is not None:
        where, args = where + " AND annotator = ?", [*args, source]
    found: dict[int, dict[str, Status]] = defaultdict(dict)
    for document, annotator, status in project.conn.execute(
        f"SELECT document, annotator, status FROM status WHERE {where}", args
    ):
        found[document][annotator] = Status(status)
    return found
