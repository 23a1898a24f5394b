"""JSONL in Prodigy's shape: text, meta, spans (start, end, label, attrs), answer, _annotator_id."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.importers.prodigy_line import (
    PRODIGY_LINE,
    SPAN_LINE,
    SpanLine,
    reason,
    span_reason,
)
from annotator.importers.records import (
    NOT_UTF8,
    ImportFailed,
    ImportRecord,
    Rejection,
    RelationInput,
    SpanInput,
    binary_reason,
    title_from_text,
    unreadable,
)


def read_jsonl(path: Path) -> Iterator[ImportRecord | Rejection]:
    """One record per non-blank line; a line that is not a usable record is a Rejection."""
    source = str(path)
    for number, raw in read_lines(path):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Rejection(source, number, NOT_UTF8, raw)
            continue
        yield parse_line(line, source, number)


def read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each non-blank line; ImportFailed if missing, empty or binary
    (a line that no text file holds: see `binary_reason`)."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise unreadable(path, error) from None
    seen = False
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if reason := binary_reason(raw):
                raise ImportFailed(path, number, reason)
            if raw.strip():
                seen = True
                yield number, raw
    if not seen:
        raise ImportFailed(path, 1, "empty file")


MAX_META_DEPTH = 100
"""Levels of arrays and objects `meta` may nest: it is stored and exported as it is, and far
deeper JSON (Python's reader stops near 1,000) fails in whichever reader or writer meets it."""
TOO_DEEP = "JSON nested too deeply (arrays or objects)"


def deeper_than(value: Any, limit: int) -> bool:
    """Whether `value` nests more than `limit` levels of lists and dicts (without recursion)."""
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(limit):
        level = [
            child
            for container in level
            for child in (container.values() if isinstance(container, dict) else container)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return bool(level)


class NotStrictJSON(ValueError):
    """A line that Python's json reads but strict JSON readers refuse."""


def refuse_constant(name: str) -> float:
    """`parse_constant` of json.loads: NaN and Infinity are no JSON, and exports must stay JSON."""
    raise NotStrictJSON(f"{name} is not a JSON number (write null, or the value as a string)")


STRICT_DECODER = json.JSONDecoder(parse_constant=refuse_constant)
"""json.loads without NaN and Infinity; one decoder for every line (json.loads with an option
builds a new one per call, a quarter slower)."""


def parse_line(line: str, source: str, number: int) -> ImportRecord | Rejection:
    data = decode_line(line, source, number)
    if isinstance(data, Rejection):
        return data
    try:
        return record_from_json(data, source, number)
    except ValueError as error:
        return Rejection(source, number, str(error), data)


STRICT_JSON_ERRORS = (NotStrictJSON, RecursionError, ValueError)
"""What the strict decoder raises besides JSONDecodeError, for JSON Python's reader alone
would take (see `strict_json_reason`)."""


def strict_json_reason(error: Exception) -> str:
    """Why the strict decoder refused JSON that is well formed: NaN or Infinity, nesting too
    deep for Python's reader, or a number too long for int()."""
    if isinstance(error, NotStrictJSON):
        return str(error)
    if isinstance(error, RecursionError):
        return TOO_DEEP
    return f"a number of more than {sys.get_int_max_str_digits()} digits"


def decode_line(line: str, source: str, number: int) -> Any:
    """The JSON value of one line, or a Rejection saying why it is not (strict) JSON."""
    try:
        data = STRICT_DECODER.decode(line)
    except json.JSONDecodeError as error:
        return Rejection(
            source, number, f"malformed JSON: {error.msg} (column {error.colno})", line
        )
    except STRICT_JSON_ERRORS as error:
        return Rejection(source, number, strict_json_reason(error), line)
    if isinstance(data, dict) and deeper_than(data.get("meta"), MAX_META_DEPTH):
        return Rejection(source, number, f"'meta' {TOO_DEEP}", line)
    return data


def record_from_json(data: Any, source: str, line: int) -> ImportRecord:
    """An ImportRecord from one decoded JSON line; ValueError says what is wrong with it.

    pydantic checks the types (`ProdigyLine`); the text and the spans' offsets are checked
    against each other here.
    """
    try:
        checked = PRODIGY_LINE.validate_python(data)
    except ValidationError as error:
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            checked_text(data["text"], "text")  # its own words for a text pydantic refused
        raise ValueError(reason(error)) from None
    text = checked_text(checked["text"], "text")
    spans = _spans_or_ents(checked)
    if spans is not None:
        spans = [_span_input(span, number, len(text)) for number, span in enumerate(spans, start=1)]
    meta = checked.get("meta") or {}
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
        answer=checked.get("answer"),
        status=checked.get("_status"),
        annotator=checked.get("_annotator_id"),
        annotator_from_file=False,
        tokens=None,
        left_out={},
        relations=relations,
        source=source,
        line=line,
    )


def _spans_or_ents(checked: Any) -> list[SpanLine] | None:
    """`spans`, else `ents` as spaCy's `Doc.to_json()` and displaCy write them (character
    offsets, so the same spans); both that differ would leave one of them out: an error."""
    spans, ents = checked.get("spans"), checked.get("ents")
    if spans is None or not ents:
        return spans if spans is not None else ents
    if {_key(span) for span in spans} != {_key(ent) for ent in ents}:
        raise ValueError("'spans' and 'ents' hold different spans: keep one of them")
    return spans


def _key(span: SpanLine) -> tuple[int, int, str]:
    return span["start"], span["end"], span["label"]


def checked_text(text: Any, key: str) -> str:
    """`text` if it is usable as an article's text; ValueError names `key` and the fault."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"missing or empty '{key}'")
    if not text.strip():
        raise ValueError(f"'{key}' holds only whitespace")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"'{key}' holds an unpaired surrogate at character {error.start}"
        ) from None
    return text


def identifier(item: dict[str, Any], key: str, where: str) -> str | int | None:
    """`item[key]` as an id that names a region or entity: a string or a number (None if
    absent); ValueError, prefixed by `where`, for anything else."""
    value = item.get(key)
    if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
        return value
    raise ValueError(f"{where}: {key!r} must be a string or a number")


def span_from_json(span: Any, number: int, length: int) -> SpanInput:
    """A span from a JSON object (start, end, label, attrs), checked against a text of
    `length` characters; ValueError names the span by `number`."""
    try:
        checked = SPAN_LINE.validate_python(span)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise ValueError(
            span_reason(first["loc"], first["type"], first.get("input"), f"span {number}: ")
        ) from None
    return _span_input(checked, number, length)


def _span_input(span: SpanLine, number: int, length: int) -> SpanInput:
    start, end = span["start"], span["end"]
    if start >= end:
        raise ValueError(f"span {number}: start {start} is not before end {end}")
    if end > length:
        raise ValueError(f"span {number}: end {end} is past the end of the text ({length})")
    attrs = span.get("attrs") or {}
    if not isinstance(attrs, dict):  # not in SpanLine: pydantic would copy every object
        raise ValueError(f"span {number}: 'attrs' must be a JSON object")
    return SpanInput(start, end, span["label"], attrs)


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
