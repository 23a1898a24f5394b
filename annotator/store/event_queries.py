"""Reads for the events export: done documents with their meta, one source's spans per label
and its relations, a batch of documents at a time.

Spans come as columns SQLite aggregates into one row per document (a Python tuple per span
costs more than the rest of reading), split per label in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from annotator.store.export_queries import BATCH_SIZE, done_document_uids
from annotator.store.exports import SPAN_COLUMNS, document_span_columns
from annotator.store.project import Project
from annotator.store.relations import RELATION_JOIN


class LabelSpans(NamedTuple):
    """One label's spans of a document as columns, by start, longest first."""

    starts: list[int]
    ends: list[int]
    attrs: list[dict[str, Any]]


FigureRelation = tuple[int, int, int, int, str, str]
"""A relation from a figure: its start and end, the tail's start, end and label, its type."""


class EventDocument(NamedTuple):
    """A done document as the events export reads it."""

    uid: str
    title: str
    meta: dict[str, Any]
    text: str
    tokens_blob: bytes
    spans: dict[str, LabelSpans]
    relations: list[FigureRelation]
    """`source`'s relations from the document's figures (of the types asked for)."""


def done_ids(project: Project, source: str) -> list[int]:
    """Ids of the documents `source` marked done, in id order."""
    return [document for document, _ in done_document_uids(project, source)]


def event_documents(
    project: Project,
    source: str,
    ids: list[int],
    labels: set[str] | None,
    relations: tuple[str, tuple[str, ...]],
    batch_size: int = BATCH_SIZE,
) -> Iterator[EventDocument]:
    """Each of `ids`, in that order, with `source`'s spans (`labels` only) and relations:
    `relations` names the figures' label and the relation types wanted from them."""
    for first in range(0, len(ids), batch_size):
        chunk = ids[first : first + batch_size]
        marks = ", ".join("?" * len(chunk))
        rows = {
            row[0]: row
            for row in project.conn.execute(
                f"SELECT id, uid, title, meta, text, tokens FROM documents WHERE id IN ({marks})",
                chunk,
            )
        }
        spans = _spans_by_label(project, source, chunk, labels)
        linked = _figure_relations(project, source, chunk, *relations)
        for id_ in chunk:
            _, uid, title, meta, text, blob = rows[id_]
            yield EventDocument(
                uid, title, json.loads(meta), text, blob, spans.get(id_, {}), linked.get(id_, [])
            )


def _figure_relations(
    project: Project, source: str, documents: list[int], figure: str, types: tuple[str, ...]
) -> dict[int, list[FigureRelation]]:
    """Per document, the relations of `types` from its spans of label `figure`, by figure
    (start, longest first), then the tail's start, type and row (the order drawn in)."""
    found: dict[int, list[FigureRelation]] = {}
    marks = ", ".join("?" * len(types))
    # `+h.label` keeps SQLite on the (document, ...) index, not on every figure of the source.
    for document, *relation in project.conn.execute(
        'SELECT h.document, h.start, h."end", t.start, t."end", t.label, r.label'
        f" FROM {RELATION_JOIN} WHERE h.annotator = ? AND +h.label = ?"
        f" AND r.label IN ({marks}) AND h.document IN (SELECT value FROM json_each(?))"
        ' ORDER BY h.document, h.start, h."end" DESC, t.start, r.label, t.id',
        (source, figure, *types, json.dumps(documents)),
    ):
        found.setdefault(document, []).append(tuple(relation))
    return found


def _spans_by_label(
    project: Project, source: str, documents: list[int], labels: set[str] | None
) -> dict[int, dict[str, LabelSpans]]:
    """Spans of `documents` per label; one row of aggregated columns per document."""
    found: dict[int, dict[str, LabelSpans]] = {}
    marks = ", ".join("?" * len(documents))
    # `+annotator` keeps SQLite on the (document, ...) index: those documents, not a scan of
    # every span the source has.
    for document, *columns in project.conn.execute(
        f"SELECT document, {SPAN_COLUMNS}"
        f" FROM spans WHERE +annotator = ? AND document IN ({marks}) GROUP BY document",
        (source, *documents),
    ):
        found[document] = _split_by_label(
            *document_span_columns(project, document, *columns), labels
        )
    return found


def _split_by_label(
    starts: list[int],
    ends: list[int],
    names: list[str],
    attrs: list[dict[str, Any]],
    labels: set[str] | None,
) -> dict[str, LabelSpans]:
    """Columns of one document's spans (in any order) split per label, each sorted."""
    groups: dict[str, LabelSpans] = {}
    for start, end, name, attributes in zip(starts, ends, names, attrs):
        group = groups.get(name)
        if group is None:
            if labels is not None and name not in labels:
                continue
            group = groups[name] = LabelSpans([], [], [])
        group.starts.append(start)
        group.ends.append(end)
        group.attrs.append(attributes)
    for name, group in groups.items():
        if not _strictly_increasing(group.starts):
            groups[name] = _sorted(group)
    return groups


def _strictly_increasing(values: list[int]) -> bool:
    """True when each value is above the one before: spans come in the order of the
    (document, annotator, start, ...) index, so this holds unless two spans share a start."""
    return all(a < b for a, b in zip(values, values[1:]))


def _sorted(group: LabelSpans) -> LabelSpans:
    starts, ends = group.starts, group.ends
    order = sorted(range(len(starts)), key=lambda i: (starts[i], -ends[i]))
    return LabelSpans(
        [starts[i] for i in order], [ends[i] for i in order], [group.attrs[i] for i in order]
    )
