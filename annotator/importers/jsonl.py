"""JSONL in Prodigy's shape: text, meta, spans (start, end, label, attrs), answer, _annotator_id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.importers.records import (
    ANSWERS,
    STATUSES,
    ImportFailed,
    ImportRecord,
    Rejection,
    RelationInput,
    SpanInput,
    title_from_text,
)


def read_jsonl(path: Path) -> Iterator[ImportRecord | Rejection]:
    """One record per non-blank line; a line that is not a usable record is a Rejection."""
    source = str(path)
    for number, raw in read_lines(path):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Rejection(source, number, "not UTF-8 text (save the file as UTF-8)", raw)
            continue
        yield parse_line(line, source, number)


def read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each non-blank line; ImportFailed if missing or empty."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise ImportFailed(path, 1, "no such file") from None
    except IsADirectoryError:
        raise ImportFailed(path, 1, "is a folder, not a file") from None
    seen = False
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if raw.strip():
                seen = True
                yield number, raw
    if not seen:
        raise ImportFailed(path, 1, "empty file")


def parse_line(line: str, source: str, number: int) -> ImportRecord | Rejection:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejection(
            source, number, f"malformed JSON: {error.msg} (column {error.colno})", line
        )
    try:
        return record_from_json(data, source, number)
    except ValueError as error:
        return Rejection(source, number, str(error), data)


def record_from_json(data: Any, source: str, line: int) -> ImportRecord:
    """An ImportRecord from one decoded JSON line; ValueError says what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, not {type(data).__name__}")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing or empty 'text'")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(f"'text' holds an unpaired surrogate at character {error.start}") from None
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise ValueError("'meta' must be a JSON object")
    answer = data.get("answer")
    if answer is not None and answer not in ANSWERS:
        raise ValueError(f"'answer' must be one of {', '.join(ANSWERS)}, not {answer!r}")
    status = data.get("_status")
    if status is not None and status not in STATUSES:
        raise ValueError(f"'_status' must be one of {', '.join(STATUSES)}, not {status!r}")
    annotator = data.get("_annotator_id")
    if annotator is not None and (not isinstance(annotator, str) or not annotator):
        raise ValueError("'_annotator_id' must be a non-empty string")
    spans = data.get("spans")
    if spans is not None:
        if not isinstance(spans, list):
            raise ValueError("'spans' must be a list")
        spans = [_span(span, number, len(text)) for number, span in enumerate(spans, start=1)]
    relations = data.get("relations") or []
    if not isinstance(relations, list):
        raise ValueError("'relations' must be a list")
    relations = [_relation(item, number) for number, item in enumerate(relations, start=1)]
    if relations and not spans:
        raise ValueError("'relations' join spans, but the record has no 'spans'")
    title = meta.get("title")
    return ImportRecord.model_construct(
        text=text,
        title=title if isinstance(title, str) and title.strip() else title_from_text(text),
        meta=meta,
        spans=spans,
        relations=relations,
        answer=answer,
        status=status,
        annotator=annotator,
        source=source,
        line=line,
    )


def _span(span: Any, number: int, length: int) -> SpanInput:
    if not isinstance(span, dict):
        raise ValueError(f"span {number}: expected a JSON object")
    for key in ("start", "end"):
        value = span.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"span {number}: '{key}' must be an integer, not {value!r}")
        if value < 0:
            raise ValueError(f"span {number}: '{key}' must not be negative ({value})")
    start, end = span["start"], span["end"]
    if start >= end:
        raise ValueError(f"span {number}: start {start} is not before end {end}")
    if end > length:
        raise ValueError(f"span {number}: end {end} is past the end of the text ({length})")
    label = span.get("label")
    if not isinstance(label, str) or not label:
        raise ValueError(f"span {number}: missing 'label'")
    attrs = span.get("attrs") or {}
    if not isinstance(attrs, dict):
        raise ValueError(f"span {number}: 'attrs' must be a JSON object")
    return SpanInput(start, end, label, attrs)


def _relation(relation: Any, number: int) -> RelationInput:
    """A relation in Prodigy's shape: `head_span` and `child_span` name the spans (`head` and
    `child`, token ids, are implied by them), `label` its type."""
    if not isinstance(relation, dict):
        raise ValueError(f"relation {number}: expected a JSON object")
    label = relation.get("label")
    if not isinstance(label, str) or not label:
        raise ValueError(f"relation {number}: missing 'label'")
    ends = []
    for key in ("head_span", "child_span"):
        span = relation.get(key)
        if not isinstance(span, dict):
            raise ValueError(f"relation {number}: needs '{key}' with start, end and label")
        start, end, span_label = span.get("start"), span.get("end"), span.get("label")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise ValueError(f"relation {number}: '{key}' needs integer start and end")
        if not isinstance(span_label, str) or not span_label:
            raise ValueError(f"relation {number}: '{key}' needs a label")
        ends.append((start, end, span_label))
    return RelationInput(ends[0], ends[1], label)
