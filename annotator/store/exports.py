"""Reading a project for exporters: each document with one annotator's spans and status.

Documents come as stored (meta as JSON text, tokens packed). An annotator's spans of a
document come as columns that SQLite aggregates into one row: a Python tuple per span cost
more than all the rest of reading (2.6 s against 1.0 s for 1.2 million spans).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from annotator.errors import AnnotatorError
from annotator.model import Status
from annotator.store.migrations import SHOWN

if TYPE_CHECKING:
    from annotator.store.project import Project

BATCH_SIZE = 200
SPAN_COLUMNS = (
    "'[' || group_concat(start) || ']', '[' || group_concat(\"end\") || ']',"
    " json_group_array(label), '[' || group_concat(attrs) || ']'"
)
"""A group of spans as four JSON arrays (start, end, label, attrs), in one unspecified order
(see `span_columns`)."""


@dataclass(frozen=True, slots=True)
class StoredSpans:
    """One annotator's spans of a document as columns, by start, longest first, then label."""

    starts: np.ndarray
    ends: np.ndarray
    labels: list[str]
    attrs: list[dict[str, Any]]

    def __len__(self) -> int:
        return len(self.labels)

    def keys(self) -> set[tuple[int, int, str]]:
        """Each span's (start, end, label)."""
        return set(zip(self.starts.tolist(), self.ends.tolist(), self.labels))


class DamagedDocument(AnnotatorError):
    """A stored document an export cannot read as stored: a span off its tokens or beyond its
    text, attributes that are not JSON. Only a damaged file holds one (every writer checks);
    the command that reads it names the project (see `in_project`)."""

    def __init__(self, document: int, uid: str, reason: str) -> None:
        super().__init__(document, uid, reason)  # as args: it comes back whole from a worker

    def __str__(self) -> str:
        document, uid, reason = self.args
        return f"document {document} ({uid[:12]}…): {reason}"

    def in_project(self, project: object) -> str:
        """The one line a command says: the project, the document, and where to look."""
        return f"{project}: {self}; `annotator check {project}` says what is damaged"


def off_tokens(document: int, uid: str, start: int, end: int) -> DamagedDocument:
    """The error for a stored span [start, end) that is not on its document's tokens."""
    return DamagedDocument(document, uid, f"stored span [{start}, {end}) is not on its tokens")


def check_in_text(document: int, uid: str, text: str, starts: list[int], ends: list[int]) -> None:
    """Raise DamagedDocument for a span of (`starts`, `ends`) that ends past `text`: for
    exports that do not look at tokens (the table's CHECK keeps 0 <= start < end)."""
    if ends and max(ends) > len(text):
        start, end = next((s, e) for s, e in zip(starts, ends) if e > len(text))
        raise off_tokens(document, uid, start, end)


def _stored_uid(project: Project, document: int) -> str:
    """A document's uid as stored (for an error message; tokens.document_uid makes one)."""
    row = project.conn.execute("SELECT uid FROM documents WHERE id = ?", (document,)).fetchone()
    return row[0] if row else "?"


NO_SPANS = StoredSpans(np.empty(0, np.int64), np.empty(0, np.int64), [], [])


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
    spans: StoredSpans


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
                found = spans[id_].get(annotator, NO_SPANS)
                yield AnnotatedDocument(id_, uid, title, meta, text, blob, annotator, status, found)


def _spans(
    project: Project, first: int, last: int, source: str | None, labels: list[str] | None
) -> dict[int, dict[str, StoredSpans]]:
    where, args = "document BETWEEN ? AND ?", [first, last]
    if source is not None:
        where, args = where + " AND annotator = ?", [*args, source]
    if labels is not None:
        where += f" AND label IN ({', '.join('?' * len(labels))})"
        args += labels
    found: dict[int, dict[str, StoredSpans]] = defaultdict(dict)
    rows = project.conn.execute(
        f"SELECT document, annotator, {SPAN_COLUMNS} FROM spans WHERE {where}"
        " GROUP BY document, annotator",
        args,
    )
    for document, annotator, *columns in rows:
        found[document][annotator] = _columns(*document_span_columns(project, document, *columns))
    return found


def stored_json(text: str) -> Any:
    """A stored JSON text read; a NaN an older version stored in it is read too (orjson, which
    exporters write with, writes it as null)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def span_columns(
    starts: str, ends: str, labels: str, attrs: str
) -> tuple[list[int], list[int], list[str], list[dict[str, Any]]]:
    """The SPAN_COLUMNS of a group of spans read: starts, ends, labels and attributes, in one
    unspecified order."""
    return orjson.loads(starts), orjson.loads(ends), orjson.loads(labels), stored_json(attrs)


def document_span_columns(
    project: Project, document: int, starts: str, ends: str, labels: str, attrs: str
) -> tuple[list[int], list[int], list[str], list[dict[str, Any]]]:
    """`span_columns` of one document's spans; DamagedDocument if they cannot be read."""
    try:
        return span_columns(starts, ends, labels, attrs)
    except ValueError:  # JSON that is not: only a damaged file has it
        reason = "the attributes of a stored span are not JSON"
        raise DamagedDocument(document, _stored_uid(project, document), reason) from None


def _columns(
    start_list: list[int], end_list: list[int], names: list[str], attributes: list[dict[str, Any]]
) -> StoredSpans:
    """Spans from their aggregated columns, sorted."""
    start_of, end_of = np.array(start_list), np.array(end_list)
    if (np.diff(start_of) > 0).all():  # no two spans start together: as SQLite mostly gives
        return StoredSpans(start_of, end_of, names, attributes)
    order = np.lexsort((np.array(names), -end_of, start_of)).tolist()
    return StoredSpans(
        start_of[order], end_of[order], [names[i] for i in order], [attributes[i] for i in order]
    )


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
