"""Writing prepared records to a project a batch at a time, and counting what happened."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.importers.checking import SpanRow
from annotator.importers.prepare import Prepared, raw_record
from annotator.importers.records import ImportRecord, Rejection
from annotator.model import Status
from annotator.store import Project
from annotator.store.imports import (
    find_documents,
    insert_documents,
    insert_span_rows,
    next_document_id,
    set_statuses,
)
from annotator.store.relations import insert_relation_rows

SKIPPING_ANSWERS = ("ignore", "reject")
DIFFERENT_TEXT = "the article is {where} already with other line endings or Unicode form"


@dataclass
class Counts:
    """What an import did, added up batch by batch."""

    documents_new: int = 0
    documents_existing: int = 0
    spans: int = 0
    spans_widened: int = 0
    relations: int = 0
    rejected: int = 0
    annotators: dict[str, dict[str, int]] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)
    """What the files hold that is not stored (relations, document labels), by kind."""
    seen: set[int] = field(default_factory=set)
    """Ids of the documents this import touched, so each counts once, new or present."""

    def of(self, annotator: str) -> dict[str, int]:
        return self.annotators.setdefault(annotator, {"spans": 0, "done": 0, "skipped": 0})


class BatchWriter:
    """Stores batches of prepared records in one project, adding up what it did in `counts`."""

    def __init__(self, project: Project, counts: Counts) -> None:
        self.project = project
        self.counts = counts
        self.statuses: list[tuple[int, str, str]] = []

    def write(self, batch: list[Prepared | Rejection]) -> list[Rejection]:
        """Store the records of `batch` that pass; returns the others, by line."""
        rejections = [item for item in batch if isinstance(item, Rejection)]
        prepared = [item for item in batch if isinstance(item, Prepared)]
        stored = find_documents(self.project, (item.uid for item in prepared))
        next_id = next_document_id(self.project)
        ids = {uid: id_ for uid, (id_, _) in stored.items()}
        # uid -> (its text as stored, and where it is: stored, or a line of this batch)
        texts = {uid: (text, "stored") for uid, (_, text) in stored.items()}
        passed, new_rows = [], []
        for item in prepared:
            record = item.record
            if item.rows and texts.get(item.uid, (record.text,))[0] != record.text:
                # The spans' offsets are into this record's text, not into the stored one.
                reason = DIFFERENT_TEXT.format(where=texts[item.uid][1])
                rejections.append(Rejection(record.source, record.line, reason, raw_record(record)))
                continue
            if item.uid in ids:
                if ids[item.uid] not in self.counts.seen:
                    self.counts.documents_existing += 1
            else:
                ids[item.uid], next_id = next_id, next_id + 1
                texts[item.uid] = (record.text, f"in line {record.line} of {record.source}")
                new_rows.append(
                    (ids[item.uid], item.uid, record.title, record.meta, record.text, item.tokens)
                )
            self.counts.seen.add(ids[item.uid])
            passed.append((ids[item.uid], item))
            for kind, count in record.left_out.items():
                self.counts.left_out[kind] = self.counts.left_out.get(kind, 0) + count
        insert_documents(self.project, new_rows)
        self.counts.documents_new += len(new_rows)
        self._store_spans(passed)
        self._collect_statuses(passed)
        self.counts.rejected += len(rejections)
        return sorted(rejections, key=lambda rejection: rejection.line)

    def _store_spans(self, passed: list[tuple[int, Prepared]]) -> None:
        by_annotator: dict[str, list[SpanRow]] = defaultdict(list)
        for document, item in passed:
            if item.record.spans is None:
                continue
            self.counts.spans_widened += item.widened
            by_annotator[item.annotator].extend((document, *row[1:]) for row in item.rows)
        for annotator, rows in by_annotator.items():
            new = insert_span_rows(self.project, rows)
            self.counts.spans += new
            self.counts.of(annotator)["spans"] += new
        relation_rows = [
            (document, item.annotator, *relation)
            for document, item in passed
            if item.record.spans is not None
            for relation in item.relations
        ]
        if relation_rows:
            self.counts.relations += insert_relation_rows(self.project, relation_rows)

    def _collect_statuses(self, passed: list[tuple[int, Prepared]]) -> None:
        self.statuses.extend(
            (document, item.annotator, _status(item.record).value)
            for document, item in passed
            if (item.record.spans is not None or item.record.answer is not None)
            and item.record.status != Status.todo.value
        )

    def store_statuses(self) -> None:
        """Set the statuses of every batch written; the import's last step, since a status
        makes a document count as done for exports and agreement."""
        rows, self.statuses = self.statuses, []
        for (_, annotator, status), changed in zip(rows, set_statuses(self.project, rows)):
            self.counts.of(annotator)[status] += changed


def _status(record: ImportRecord) -> Status:
    if record.status is not None:
        return Status(record.status)
    return Status.skipped if record.answer in SKIPPING_ANSWERS else Status.done
