"""Relations between two spans of one annotator (a CASUALTY and its victim, place, ...): reads,
edits with their log rows, and the checks that keep them inside the label schema.

A relation is stored by its spans' row ids, but an edit that crosses time (undo, redo, merge,
import) names each span by its identity (document, annotator, start, end, label) and looks the
row up again, so it never lands on a row that now holds another annotator's span.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any, NamedTuple

from annotator.errors import AnnotatorError
from annotator.model import Span
from annotator.schema import LabelSchema
from annotator.schema import RelationError as SchemaRelationError
from annotator.store.project import SPAN_COLUMNS, Project, _span

RELATION_COLUMNS = "r.id, r.label, " + ", ".join(
    f"{side}.{column}" for side in ("h", "t") for column in SPAN_COLUMNS.split(", ")
)
RELATION_JOIN = "relations AS r JOIN spans AS h ON h.id = r.head JOIN spans AS t ON t.id = r.tail"


class RelationError(AnnotatorError, ValueError):
    """A relation that cannot be stored or found; the message says why."""


class StoredRelation(NamedTuple):
    """A relation with its two spans as they are stored."""

    id: int | None
    label: str
    head: Span
    tail: Span

    @property
    def key(self) -> tuple[tuple[int, int, str], tuple[int, int, str], str]:
        """What makes two relations of one annotator's document the same one."""
        return self.head.key, self.tail.key, self.label


class RelationKey(NamedTuple):
    """A relation named by its spans' offsets and labels, as files carry it."""

    head: tuple[int, int, str]
    tail: tuple[int, int, str]
    label: str


def _relation(row: tuple) -> StoredRelation:
    return StoredRelation(row[0], row[1], _span(row[2:11]), _span(row[11:20]))


def check_relation(project: Project, label: str, head: Span, tail: Span) -> None:
    """RelationError unless `label` may lead from `head` to `tail` (same article, same
    annotator, types the schema allows)."""
    if head.document != tail.document:
        raise RelationError("a relation joins two spans of the same article")
    if head.annotator != tail.annotator:
        raise RelationError("a relation joins two spans of the same annotator")
    if (head.start, head.end, head.label) == (tail.start, tail.end, tail.label):
        raise RelationError("a relation joins two different spans")
    try:
        project.schema.check_relation(label, head.label, tail.label)
    except SchemaRelationError as error:
        raise RelationError(str(error)) from None


def _identity(span: Span) -> dict[str, Any]:
    return span.model_dump(include={"start", "end", "label"})


def _log_data(relation: StoredRelation) -> dict[str, Any]:
    return {
        "label": relation.label,
        "head": _identity(relation.head),
        "tail": _identity(relation.tail),
    }


def _log(project: Project, action: str, relation: StoredRelation, **data: Any) -> None:
    project.log(
        action,
        relation.head.annotator,
        document=relation.head.document,
        span=relation.head.id,
        data={**_log_data(relation), **data},
    )


def relation(project: Project, relation_id: int) -> StoredRelation:
    row = project.conn.execute(
        f"SELECT {RELATION_COLUMNS} FROM {RELATION_JOIN} WHERE r.id = ?", (relation_id,)
    ).fetchone()
    if row is None:
        raise RelationError(f"no relation {relation_id}")
    return _relation(row)


def relations(
    project: Project, document_id: int, annotator: str | None = None
) -> list[StoredRelation]:
    """Relations between spans of a document (of one annotator, or all), by head then tail."""
    where, args = "h.document = ?", [document_id]
    if annotator is not None:
        where, args = where + " AND h.annotator = ?", [*args, annotator]
    # CROSS JOIN: relations first. A project holds far fewer relations than a long article
    # holds spans; SQLite would otherwise walk all of the document's spans (10 ms at 50,000,
    # on every label the window makes).
    rows = project.conn.execute(
        f"SELECT {RELATION_COLUMNS} FROM {RELATION_JOIN.replace(' JOIN ', ' CROSS JOIN ', 1)}"
        f' WHERE {where} ORDER BY h.start, h."end" DESC, t.start, r.label',
        args,
    ).fetchall()
    return [_relation(row) for row in rows]


def relations_of_span(project: Project, span_id: int) -> list[StoredRelation]:
    """Relations that lead from or to one span."""
    rows = project.conn.execute(
        f"SELECT {RELATION_COLUMNS} FROM {RELATION_JOIN}"
        " WHERE r.head = ? OR r.tail = ? ORDER BY r.id",
        (span_id, span_id),
    ).fetchall()
    return [_relation(row) for row in rows]


def add_relation(project: Project, head_id: int, tail_id: int, label: str) -> StoredRelation:
    """Store a relation from one span to another; RelationError if the schema forbids it
    or the annotator already has it."""
    head, tail = _stored_span(project, head_id), _stored_span(project, tail_id)
    check_relation(project, label, head, tail)
    with project.transaction() as conn:
        stored = StoredRelation(_insert(conn, head, tail, label), label, head, tail)
        _log(project, "relation.add", stored)
    return stored


def _insert(conn: sqlite3.Connection, head: Span, tail: Span, label: str) -> int:
    try:
        cursor = conn.execute(
            "INSERT INTO relations (head, tail, label) VALUES (?, ?, ?)", (head.id, tail.id, label)
        )
    except sqlite3.IntegrityError:
        raise RelationError(
            f"{head.annotator} already has {label} from {head.label} [{head.start}, {head.end})"
            f" to {tail.label} [{tail.start}, {tail.end})"
        ) from None
    return int(cursor.lastrowid)


def _stored_span(project: Project, span_id: int) -> Span:
    try:
        return project.span(span_id)
    except KeyError:
        raise RelationError(f"no span {span_id} (deleted meanwhile?)") from None


def span_by_identity(project: Project, span: Span) -> Span:
    """The stored span with `span`'s document, annotator, offsets and label (its row id now)."""
    row = project.conn.execute(
        f"SELECT {SPAN_COLUMNS} FROM spans WHERE document = ? AND annotator = ?"
        ' AND start = ? AND "end" = ? AND label = ?',
        (span.document, span.annotator, span.start, span.end, span.label),
    ).fetchone()
    if row is None:
        raise RelationError(
            f"{span.annotator} has no {span.label} at [{span.start}, {span.end}) any more"
        )
    return _span(row)


def find_relation(project: Project, relation: StoredRelation) -> StoredRelation:
    """The stored relation with the same spans (by identity) and type as `relation`."""
    head = span_by_identity(project, relation.head)
    tail = span_by_identity(project, relation.tail)
    row = project.conn.execute(
        f"SELECT {RELATION_COLUMNS} FROM {RELATION_JOIN}"
        " WHERE r.head = ? AND r.tail = ? AND r.label = ?",
        (head.id, tail.id, relation.label),
    ).fetchone()
    if row is None:
        raise RelationError(
            f"{head.annotator} has no {relation.label} from {head.label} [{head.start}, "
            f"{head.end}) to {tail.label} [{tail.start}, {tail.end}) any more"
        )
    return _relation(row)


def restore_relation(project: Project, relation: StoredRelation) -> StoredRelation:
    """Put back a removed relation between its spans, found by identity (undo, redo)."""
    head = span_by_identity(project, relation.head)
    tail = span_by_identity(project, relation.tail)
    check_relation(project, relation.label, head, tail)
    with project.transaction() as conn:
        stored = StoredRelation(
            _insert(conn, head, tail, relation.label), relation.label, head, tail
        )
        _log(project, "relation.restore", stored)
    return stored


def delete_relation(project: Project, relation: StoredRelation) -> StoredRelation:
    """Remove a relation (found by identity); returns it as it was."""
    stored = find_relation(project, relation)
    with project.transaction() as conn:
        conn.execute("DELETE FROM relations WHERE id = ?", (stored.id,))
        _log(project, "relation.delete", stored)
    return stored


def retype_relation(project: Project, relation: StoredRelation, label: str) -> StoredRelation:
    """Give a relation (found by identity) another type; returns it as it is now."""
    stored = find_relation(project, relation)
    check_relation(project, label, stored.head, stored.tail)
    with project.transaction() as conn:
        try:
            conn.execute("UPDATE relations SET label = ? WHERE id = ?", (label, stored.id))
        except sqlite3.IntegrityError:
            raise RelationError(f"{stored.head.annotator} already has that {label}") from None
        after = stored._replace(label=label)
        _log(project, "relation.retype", after, before=stored.label)
    return after


def delete_span_with_relations(project: Project, span_id: int) -> tuple[Span, list[StoredRelation]]:
    """Remove a span and the relations that lead from or to it, each with its log row, in
    one transaction; returns both so an undo can bring them back."""
    with project.transaction():
        removed = relations_of_span(project, span_id)
        for relation_ in removed:
            project.conn.execute("DELETE FROM relations WHERE id = ?", (relation_.id,))
            _log(project, "relation.delete", relation_)
        span = project.delete_span(span_id)
    return span, removed


def check_relabel(project: Project, span_id: int, label: str) -> None:
    """RelationError if giving the span `label` would break one of its relations."""
    for stored in relations_of_span(project, span_id):
        head_label = label if stored.head.id == span_id else stored.head.label
        tail_label = label if stored.tail.id == span_id else stored.tail.label
        try:
            project.schema.check_relation(stored.label, head_label, tail_label)
        except SchemaRelationError as error:
            raise RelationError(f"{error}; delete the {stored.label} relation first") from None


def insert_relation_keys(
    project: Project, document_id: int, annotator: str, keys: Iterable[RelationKey]
) -> int:
    """Store relations named by their spans' offsets and labels (importers); ones already
    present are skipped. Returns how many were new. RelationError names a missing span or
    a type the schema does not allow."""
    spans = {s.key: s for s in project.spans(document_id, annotator)}
    rows = []
    for key in keys:
        head, tail = spans.get(tuple(key.head)), spans.get(tuple(key.tail))
        missing = key.head if head is None else key.tail if tail is None else None
        if missing is not None:
            start, end, label = missing
            raise RelationError(f"relation {key.label}: no {label} span at [{start}, {end})")
        check_relation(project, key.label, head, tail)
        rows.append((head.id, tail.id, key.label))
    with project.transaction() as conn:
        cursor = conn.executemany(
            "INSERT OR IGNORE INTO relations (head, tail, label) VALUES (?, ?, ?)", rows
        )
        return max(cursor.rowcount, 0)


def relation_keys_of_documents(
    project: Project, annotator: str, documents: list[int]
) -> dict[int, list[RelationKey]]:
    """For each document, `annotator`'s relations named by their spans' offsets and labels;
    one query for the whole batch (exporters)."""
    found: dict[int, list[RelationKey]] = {}
    rows = project.conn.execute(
        'SELECT h.document, h.start, h."end", h.label, t.start, t."end", t.label, r.label'
        f" FROM {RELATION_JOIN} WHERE h.annotator = ?"
        " AND h.document IN (SELECT value FROM json_each(?))"
        ' ORDER BY h.document, h.start, h."end" DESC, t.start, r.label',
        (annotator, json.dumps(documents)),
    )
    for document, hs, he, hl, ts, te, tl, label in rows:
        found.setdefault(document, []).append(RelationKey((hs, he, hl), (ts, te, tl), label))
    return found


def relations_outside_schema(conn: sqlite3.Connection, schema: LabelSchema) -> list[str]:
    """Why the relations stored behind `conn` break `schema` (one line per kind of fault);
    an empty list when they all fit. For files that did not come through our checks (merge)."""
    faults = []
    for label, head, tail, same_annotator, same_document, count in conn.execute(
        "SELECT r.label, h.label, t.label, h.annotator = t.annotator, h.document = t.document,"
        " count(*) FROM relations AS r JOIN spans AS h ON h.id = r.head"
        " JOIN spans AS t ON t.id = r.tail GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3"
    ):
        try:
            schema.check_relation(label, head, tail)
        except SchemaRelationError as error:
            faults.append(f"{count} relation(s): {error}")
        if not (same_annotator and same_document):
            faults.append(f"{count} {label} relation(s) join spans of two annotators or articles")
    return faults


class RelationsByDocument:
    """Relations named by their spans' keys, per (document, annotator), for exporters that
    stream documents in id order: one query per range of `window` documents, none at all
    in a project without relations."""

    def __init__(self, project: Project, annotator: str | None = None, window: int = 500) -> None:
        self.project, self.annotator, self.window = project, annotator, window
        self.present = bool(
            project.conn.execute("SELECT EXISTS (SELECT 1 FROM relations)").fetchone()[0]
        )
        self._range = range(0)
        self._found: dict[tuple[int, str], list[RelationKey]] = {}

    def get(self, document: int, annotator: str) -> list[RelationKey]:
        if not self.present:
            return []
        if document not in self._range:
            self._load(document)
        return self._found.get((document, annotator), [])

    def _load(self, first: int) -> None:
        self._range = range(first, first + self.window)
        where, args = "h.document BETWEEN ? AND ?", [first, first + self.window - 1]
        if self.annotator is not None:
            where, args = where + " AND h.annotator = ?", [*args, self.annotator]
        self._found = {}
        for document, annotator, hs, he, hl, ts, te, tl, label in self.project.conn.execute(
            'SELECT h.document, h.annotator, h.start, h."end", h.label, t.start, t."end",'
            " t.label, r.label FROM spans AS h JOIN relations AS r ON r.head = h.id"
            f" JOIN spans AS t ON t.id = r.tail WHERE {where}"
            ' ORDER BY h.document, h.start, h."end" DESC, t.start, t."end" DESC, r.label',
            args,
        ):
            key = RelationKey((hs, he, hl), (ts, te, tl), label)
            self._found.setdefault((document, annotator), []).append(key)


def insert_relation_rows(
    project: Project,
    rows: list[tuple[int, str, tuple[int, int, str], tuple[int, int, str], str]],
) -> int:
    """Bulk-insert checked (document, annotator, head key, tail key, type) rows for importers,
    the spans found by identity; ones present are skipped. Returns how many were new."""
    with project.transaction() as conn:
        cursor = conn.executemany(
            "INSERT OR IGNORE INTO relations (head, tail, label)"
            " SELECT h.id, t.id, ? FROM spans AS h, spans AS t"
            ' WHERE h.document = ? AND h.annotator = ? AND h.start = ? AND h."end" = ?'
            " AND h.label = ? AND t.document = h.document AND t.annotator = h.annotator"
            ' AND t.start = ? AND t."end" = ? AND t.label = ?',
            (
                (label, document, annotator, *head, *tail)
                for document, annotator, head, tail, label in rows
            ),
        )
        return max(cursor.rowcount, 0)


def relations_of_annotators(project: Project, annotators: list[str]) -> dict[str, list]:
    """Every relation of each annotator as (document, head key, tail key, type), in one
    query (agreement)."""
    found: dict[str, list] = {name: [] for name in annotators}
    for document, annotator, hs, he, hl, ts, te, tl, label in project.conn.execute(
        'SELECT h.document, h.annotator, h.start, h."end", h.label, t.start, t."end", t.label,'
        f" r.label FROM {RELATION_JOIN}"
        " WHERE h.annotator IN (SELECT value FROM json_each(?))",
        (json.dumps(annotators),),
    ):
        found[annotator].append((document, (hs, he, hl), (ts, te, tl), label))
    return found
