"""Bulk reads for agreement: who finished which documents, their spans, and stored tokens.

Each function is one query over the whole project (ids passed as a JSON array), so a
project of 10,000 documents costs a handful of round trips, not one per document.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection, Iterator, Sequence

import numpy as np

from annotator.model import Status
from annotator.store.project import Project


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


def span_columns(project: Project, annotators: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Every span of the given annotators and labels as int rows.

    Columns: document id, annotator (index in `annotators`), start, end, label (index in
    `labels`). One scan of the covering index, names turned into numbers by SQLite.
    """
    if not annotators or not labels:
        return np.zeros((0, 5), dtype=np.int64)
    annotator_case = " ".join(f"WHEN ? THEN {i}" for i in range(len(annotators)))
    label_case = " ".join(f"WHEN ? THEN {i}" for i in range(len(labels)))
    rows = project.conn.execute(
        f"SELECT document, CASE annotator {annotator_case} ELSE -1 END,"
        f' start, "end", CASE label {label_case} ELSE -1 END'
        " FROM spans INDEXED BY spans_identity",
        [*annotators, *labels],
    ).fetchall()
    flat = itertools.chain.from_iterable(rows)
    columns = np.fromiter(flat, dtype=np.int64, count=5 * len(rows)).reshape(-1, 5)
    return columns[(columns[:, 1] >= 0) & (columns[:, 4] >= 0)]


def texts_and_tokens(
    project: Project, documents: Collection[int]
) -> Iterator[tuple[int, str, bytes]]:
    """(id, text, packed tokens) of the given documents, in id order."""
    yield from project.conn.execute(
        "SELECT id, text, tokens FROM documents"
        " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(sorted(documents)),),
    )
