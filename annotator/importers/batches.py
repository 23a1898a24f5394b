"""Writing records to a project a batch at a time: tokenise, check spans, store, count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IDX, LENGTH

from annotator.importers.records import ImportRecord, Rejection
from annotator.model import DEFAULT_IMPORT_ANNOTATOR, Span, Status
from annotator.spans import SpanError, check_span
from annotator.store import Project
from annotator.store.imports import find_documents, insert_documents, set_statuses
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
    """A record that passed: its uid, tokens (None if stored already) and checked spans."""

    record: ImportRecord
    uid: str
    annotator: str
    tokens: Tokens | None
    spans: list[Span]


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
    spans = None if record.spans is None else [s.model_dump() for s in record.spans]
    data = {"text": record.text, "meta": record.meta, "spans": spans, "answer": record.answer}
    return {**data, "_annotator_id": record.annotator}


class BatchWriter:
    """Stores batches of records in one project, adding up what it did in `counts`."""

    def __init__(self, project: Project, annotator: str | None, counts: Counts) -> None:
        self.project = project
        self.annotator = annotator
        self.counts = counts

    def write(self, batch: list[ImportRecord | Rejection]) -> list[Rejection]:
        """Store the records of `batch` that pass; returns the others, by line."""
        rejections = [item for item in batch if isinstance(item, Rejection)]
        records = [item for item in batch if isinstance(item, ImportRecord)]
        uids = [document_uid(record.text) for record in records]
        stored = find_documents(self.project, uids)
        fresh = {uid: record.text for uid, record in zip(uids, records) if uid not in stored}
        tokens = dict(zip(fresh, tokenize(list(fresh.values()))))
        passed = []
        for record, uid in zip(records, uids):
            outcome = self._check(record, uid, stored.get(uid), tokens.get(uid))
            (passed if isinstance(outcome, Checked) else rejections).append(outcome)
        ids = self._store_documents(passed, stored)
        self._store_spans(passed, ids)
        self._store_statuses(passed, ids)
        self.counts.rejected += len(rejections)
        return sorted(rejections, key=lambda rejection: rejection.line)

    def _check(
        self,
        record: ImportRecord,
        uid: str,
        stored: tuple[int, str] | None,
        tokens: Tokens | None,
    ) -> Checked | Rejection:
        annotator = self.annotator or record.annotator or DEFAULT_IMPORT_ANNOTATOR
        if stored is not None and record.spans:
            if stored[1] != record.text:
                reason = "the article is stored already with other line endings or Unicode form"
                return Rejection(record.source, record.line, reason, raw_record(record))
            tokens = self.project.tokens(stored[0])
        checked = []
        for number, span in enumerate(record.spans or [], start=1):
            candidate = Span(
                document=0,
                annotator=annotator,
                start=span.start,
                end=span.end,
                label=span.label,
                attrs=span.attrs,
            )
            try:
                result, widened = check_span(candidate, tokens, self.project.schema)
            except SpanError as error:
                reason = f"span {number}: {error}"
                return Rejection(record.source, record.line, reason, raw_record(record))
            checked.append(result)
            self.counts.spans_widened += widened
        return Checked(record, uid, annotator, None if stored else tokens, checked)

    def _store_documents(self, passed: list[Checked], stored: dict) -> dict[str, int]:
        ids = {uid: id_ for uid, (id_, _) in stored.items()}
        rows, uids, new_uids = [], [], set()
        for item in passed:
            if item.uid in ids or item.uid in new_uids:
                self.counts.documents_existing += 1
                continue
            record = item.record
            uids.append(item.uid)
            new_uids.add(item.uid)
            rows.append((item.uid, record.title, record.meta, record.text, item.tokens.pack()))
        ids.update(zip(uids, insert_documents(self.project, rows)))
        self.counts.documents_new += len(rows)
        return ids

    def _store_spans(self, passed: list[Checked], ids: dict[str, int]) -> None:
        by_annotator: dict[str, list[Span]] = defaultdict(list)
        for item in passed:
            if item.record.spans is None:
                continue
            document = ids[item.uid]
            by_annotator[item.annotator].extend(
                span.model_copy(update={"document": document}) for span in item.spans
            )
        for annotator, spans in by_annotator.items():
            new = self.project.insert_checked_spans(spans)
            self.counts.spans += new
            self.counts.of(annotator)["spans"] += new

    def _store_statuses(self, passed: list[Checked], ids: dict[str, int]) -> None:
        rows = [
            (ids[item.uid], item.annotator, _status(item.record).value)
            for item in passed
            if item.record.spans is not None or item.record.answer is not None
        ]
        for (_, annotator, status), changed in zip(rows, set_statuses(self.project, rows)):
            counts = self.counts.of(annotator)
            counts[status] += changed


def _status(record: ImportRecord) -> Status:
    return Status.skipped if record.answer in SKIPPING_ANSWERS else Status.done
