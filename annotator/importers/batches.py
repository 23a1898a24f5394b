"""Writing records to a project a batch at a time: tokenise, check spans, store, count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IDX, LENGTH

from annotator.importers.checking import SpanChecker, SpanRow
from annotator.importers.records import ImportRecord, Rejection
from annotator.model import DEFAULT_IMPORT_ANNOTATOR, Status
from annotator.spans import SpanError
from annotator.store import Project
from annotator.store.imports import (
    find_documents,
    insert_documents,
    insert_span_rows,
    next_document_id,
    set_statuses,
)
from annotator.tokens import Tokens, blank_english, document_uid

SKIPPING_ANSWERS = ("ignore", "reject")


@dataclass
class Counts:
    """What an import did, added up batch by batch."""

    documents_new: int = 0
    documents_existing: int = 0
    spans: int = 0
    spans_widened: int = 0
    rejected: int = 0
    annotators: dict[str, dict[str, int]] = field(default_factory=dict)

    def of(self, annotator: str) -> dict[str, int]:
        return self.annotators.setdefault(annotator, {"spans": 0, "done": 0, "skipped": 0})


@dataclass
class Checked:
    """A record that passed: its document id, tokens (None if stored already), checked spans."""

    record: ImportRecord
    document: int
    annotator: str
    tokens: Tokens | None
    spans: list[SpanRow]


def tokenize(texts: list[str]) -> list[Tokens]:
    """Token offsets of each text, through spaCy's tokenizer in one batch."""
    tokenizer = blank_english().tokenizer
    result = []
    for text, doc in zip(texts, tokenizer.pipe(texts, batch_size=len(texts) or 1)):
        columns = doc.to_array([IDX, LENGTH]).astype(np.int64).reshape(-1, 2)
        result.append(Tokens(columns[:, 0], columns[:, 0] + columns[:, 1], text))
    return result


def raw_record(record: ImportRecord) -> dict:
    """The record back in the shape it was read in, for a rejects file."""
    spans = None if record.spans is None else [s._asdict() for s in record.spans]
    data = {"text": record.text, "meta": record.meta, "spans": spans, "answer": record.answer}
    return {**data, "_annotator_id": record.annotator}


class BatchWriter:
    """Stores batches of records in one project, adding up what it did in `counts`."""

    def __init__(self, project: Project, annotator: str | None, counts: Counts) -> None:
        self.project = project
        self.annotator = annotator
        self.counts = counts
        self.checker = SpanChecker(project.schema)

    def write(self, batch: list[ImportRecord | Rejection]) -> list[Rejection]:
        """Store the records of `batch` that pass; returns the others, by line."""
        rejections = [item for item in batch if isinstance(item, Rejection)]
        records = [item for item in batch if isinstance(item, ImportRecord)]
        uids = [document_uid(record.text) for record in records]
        stored = find_documents(self.project, uids)
        fresh = {uid: record.text for uid, record in zip(uids, records) if uid not in stored}
        tokens = dict(zip(fresh, tokenize(list(fresh.values()))))
        first_id = next_document_id(self.project)
        ids = {uid: id_ for uid, (id_, _) in stored.items()}
        ids.update(zip(fresh, range(first_id, first_id + len(fresh))))
        passed = []
        for record, uid in zip(records, uids):
            outcome = self._check(record, ids[uid], stored.get(uid), tokens.get(uid))
            (passed if isinstance(outcome, Checked) else rejections).append(outcome)
        self._store_documents(passed)
        self._store_spans(passed)
        self._store_statuses(passed)
        self.counts.rejected += len(rejections)
        return sorted(rejections, key=lambda rejection: rejection.line)

    def _check(
        self,
        record: ImportRecord,
        document: int,
        stored: tuple[int, str] | None,
        tokens: Tokens | None,
    ) -> Checked | Rejection:
        annotator = self.annotator or record.annotator or DEFAULT_IMPORT_ANNOTATOR
        if stored is not None and record.spans:
            if stored[1] != record.text:
                reason = "the article is stored already with other line endings or Unicode form"
                return Rejection(record.source, record.line, reason, raw_record(record))
            tokens = self.project.tokens(document)
        rows: list[SpanRow] = []
        if record.spans:
            try:
                rows, widened = self.checker.rows(record.spans, tokens, document, annotator)
            except SpanError as error:
                return Rejection(record.source, record.line, str(error), raw_record(record))
            self.counts.spans_widened += widened
        return Checked(record, document, annotator, None if stored else tokens, rows)

    def _store_documents(self, passed: list[Checked]) -> None:
        rows, new = [], set()
        for item in passed:
            if item.tokens is None or item.document in new:
                self.counts.documents_existing += 1
                continue
            new.add(item.document)
            record = item.record
            rows.append(
                (
                    item.document,
                    document_uid(record.text),
                    record.title,
                    record.meta,
                    record.text,
                    item.tokens.pack(),
                )
            )
        insert_documents(self.project, rows)
        self.counts.documents_new += len(rows)

    def _store_spans(self, passed: list[Checked]) -> None:
        by_annotator: dict[str, list[SpanRow]] = defaultdict(list)
        for item in passed:
            if item.record.spans is not None:
                by_annotator[item.annotator].extend(item.spans)
        for annotator, spans in by_annotator.items():
            new = insert_span_rows(self.project, spans)
            self.counts.spans += new
            self.counts.of(annotator)["spans"] += new

    def _store_statuses(self, passed: list[Checked]) -> None:
        rows = [
            (item.document, item.annotator, _status(item.record).value)
            for item in passed
            if item.record.spans is not None or item.record.answer is not None
        ]
        for (_, annotator, status), changed in zip(rows, set_statuses(self.project, rows)):
            counts = self.counts.of(annotator)
            counts[status] += changed


def _status(record: ImportRecord) -> Status:
    return Status.skipped if record.answer in SKIPPING_ANSWERS else Status.done
