"""Turning records into what the store needs (uid, packed tokens, checked span rows).

This is the CPU-heavy part of an import and touches no database, so big JSONL files are
prepared by worker processes while the main process writes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from annotator.importers.checking import RelationRow, SpanChecker, SpanRow
from annotator.importers.json_records import parse_json_line
from annotator.importers.jsonl import MAX_META_DEPTH, TOO_DEEP, deeper_than
from annotator.importers.records import NOT_UTF8, ImportRecord, Rejection
from annotator.model import DEFAULT_IMPORT_ANNOTATOR, annotator_name_problem
from annotator.schema import LabelSchema
from annotator.spans import SpanError
from annotator.tokens import Tokens, document_uid


@dataclass(slots=True)
class Prepared:
    """A record ready to store; span rows carry document 0 until the writer knows the id."""

    record: ImportRecord
    uid: str
    annotator: str
    tokens: bytes
    rows: list[SpanRow]
    widened: int
    relations: list[RelationRow] = field(default_factory=list)


def tokenize(texts: list[str], language: str) -> list[Tokens]:
    """Token offsets of each text, through spaCy's tokenizer of `language` in one batch."""
    return list(Tokens.many_from_texts(texts, batch_size=max(len(texts), 1), language=language))


def raw_record(record: ImportRecord) -> dict[str, Any]:
    """The record back in the shape it was read in, for a rejects file."""
    data = {
        "text": record.text,
        "meta": record.meta,
        "spans": None if record.spans is None else [span._asdict() for span in record.spans],
        "relations": [
            {
                "head_span": dict(zip(("start", "end", "label"), relation.head)),
                "child_span": dict(zip(("start", "end", "label"), relation.tail)),
                "label": relation.label,
            }
            for relation in record.relations
        ]
        or None,
        "answer": record.answer,
        "_status": record.status,
        "_annotator_id": record.annotator,
    }
    return {key: value for key, value in data.items() if value is not None}


def prepare_records(
    items: list[ImportRecord | Rejection],
    checker: SpanChecker,
    annotator: str | None,
    language: str,
) -> list[Prepared | Rejection]:
    """Tokenise the records of a batch in `language` and check their spans, in batch order."""
    records = [item for item in items if isinstance(item, ImportRecord)]
    tokens = iter(tokenize([record.text for record in records if record.tokens is None], language))
    prepared: list[Prepared | Rejection] = []
    for item in items:
        if isinstance(item, Rejection):
            prepared.append(item)
            continue
        record = item
        if deeper_than(record.meta, MAX_META_DEPTH):  # exporters could not write it back
            prepared.append(
                Rejection(record.source, record.line, f"'meta' {TOO_DEEP}", raw_record(record))
            )
            continue
        record_tokens = (
            next(tokens) if record.tokens is None else Tokens.unpack(record.tokens, record.text)
        )
        owner = _owner(record, annotator)
        if problem := annotator_name_problem(owner) or _text_problem(record.text):
            prepared.append(Rejection(record.source, record.line, problem, raw_record(record)))
            continue
        rows, widened, relations = [], 0, []
        if record.spans:
            try:
                rows, widened = checker.rows(record.spans, record_tokens, 0, owner)
                relations = checker.relation_rows(record.spans, rows, record.relations)
            except SpanError as error:
                prepared.append(
                    Rejection(record.source, record.line, str(error), raw_record(record))
                )
                continue
        uid = document_uid(record.text)
        prepared.append(
            Prepared(record, uid, owner, record_tokens.pack(), rows, widened, relations)
        )
    return prepared


def _text_problem(text: str) -> str | None:
    """A NUL in a text: SQLite keeps it, but CoNLL and other text exports would write a byte
    that makes their file binary to every reader, ours included."""
    if "\x00" in text:
        return f"the text holds a NUL character (U+0000) at character {text.index(chr(0))}"
    return None


def _owner(record: ImportRecord, annotator: str | None) -> str:
    """Whose spans: the file's own name for them, else --annotator, _annotator_id, 'imported'."""
    if record.annotator_from_file and record.annotator:
        return record.annotator
    return annotator or record.annotator or DEFAULT_IMPORT_ANNOTATOR


@lru_cache(maxsize=4)
def _checker(schema_json: str) -> SpanChecker:
    return SpanChecker(LabelSchema.model_validate_json(schema_json))


def prepare_jsonl_lines(
    task: tuple[str, list[tuple[int, bytes]], str, str | None, str, str],
) -> list[Prepared | Rejection]:
    """Parse and prepare a chunk of JSONL lines (runs in a worker process).

    The task: source file, (line number, raw line) pairs, label schema JSON, annotator,
    language, and `shape`: the tool whose records the lines are (see json_records.SHAPES),
    or auto.
    """
    source, lines, schema_json, annotator, language, shape = task
    items = [item for number, raw in lines for item in parse_raw_line(raw, source, number, shape)]
    prepared = prepare_records(items, _checker(schema_json), annotator, language)
    for item in prepared:
        if isinstance(item, Prepared) and item.record.spans:
            # The checked rows say it all; the input spans need not cross to the writer.
            item.record = item.record.model_copy(update={"spans": [], "relations": []})
    return prepared


def parse_raw_line(
    raw: bytes, source: str, number: int, shape: str = "auto"
) -> list[ImportRecord | Rejection]:
    """The records of one JSONL line (a Label Studio task or Prodigy review gives several)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [Rejection(source, number, NOT_UTF8, raw)]
    return parse_json_line(line, source, number, shape)


def ordered_map(
    executor: Executor | None, function: Callable[[Any], Any], tasks: Iterable[Any], ahead: int
) -> Iterator[Any]:
    """`function` over `tasks` in order, at most `ahead` tasks in flight (memory stays flat)."""
    if executor is None:
        yield from map(function, tasks)
        return
    pending: deque = deque()
    try:
        for task in tasks:
            pending.append(executor.submit(function, task))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
