"""Reading a project for exporters: each document with one annotator's spans and status."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.model import Document, Span, Status
from annotator.store.migrations import SHOWN
from annotator.tokens import Tokens

if TYPE_CHECKING:
    from annotator.store.project import Project

BATCH_SIZE = 200


@dataclass(frozen=True)
class AnnotatedDocument:
    """A document as one annotator left it: spans (by start, longest first) and status."""

    document: Document
    tokens: Tokens
    annotator: str
    status: Status
    spans: list[Span]


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
            if not annotators:
                continue
            document = Document(id=id_, uid=uid, title=title, text=text, meta=json.loads(meta))
            tokens = Tokens.unpack(blob, text)
            for annotator in annotators:
                status = statuses[id_].get(annotator, Status.todo)
                yield AnnotatedDocument(document, tokens, annotator, status, spans[id_][annotator])


def _spans(
    project: Project, first: int, last: int, source: str | None, labels: list[str] | None
) -> dict[int, dict[str, list[Span]]]:
    where, args = "document BETWEEN ? AND ?", [first, last]
    if source is not None:
        where, args = where + " AND annotator = ?", [*args, source]
    if labels is not None:
        where += f" AND label IN ({', '.join('?' * len(labels))})"
        args += labels
    found: dict[int, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for document, annotator, start, end, label, attrs in project.conn.execute(
        f'SELECT document, annotator, start, "end", label, attrs FROM spans WHERE {where}'
        ' ORDER BY document, annotator, start, "end" DESC, label',
        args,
    ):
        found[document][annotator].append(
            Span.model_construct(
                document=document,
                annotator=annotator,
                start=start,
                end=end,
                label=label,
                attrs=json.loads(attrs),
            )
        )
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
