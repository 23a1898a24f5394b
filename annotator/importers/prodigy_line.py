"""A Prodigy-shaped JSON line as pydantic checks it, with pydantic's errors in our words.

`PRODIGY_LINE.validate_python` does the type checks (strict: no "0" for 0, no 6.0 for 6, no
true for 1); the rules across fields (a span inside the text, start before end) and the
text's own checks follow in `jsonl.record_from_json`. `reason` turns pydantic's first error
into the message a user reads: `span 2: 'start' must be an integer, not '0'`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, Required

from pydantic import (
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)
from typing_extensions import TypedDict

from annotator.importers.records import ANSWERS


class SpanLine(TypedDict):
    """A span as a line gives it; a TypedDict, validated into a plain dict (much faster than
    a model per span, and an article has dozens)."""

    __pydantic_config__ = ConfigDict(extra="ignore", strict=True)  # type: ignore[misc]

    start: Annotated[StrictInt, Field(ge=0)]
    end: Annotated[StrictInt, Field(ge=0)]
    label: Annotated[StrictStr, Field(min_length=1)]
    attrs: NotRequired[Any]
    """Checked against the schema later (`SpanChecker`); here only that it is an object."""


SPAN_LINE = TypeAdapter(SpanLine)


class ProdigyLine(TypedDict, total=False):
    """The keys of a line we read; others are ignored. A TypedDict validates into the plain
    dict twice as fast as a model would."""

    __pydantic_config__ = ConfigDict(extra="ignore", strict=True)  # type: ignore[misc]

    text: Required[Annotated[StrictStr, Field(min_length=1)]]
    meta: dict[str, Any] | None
    spans: list[SpanLine] | None
    ents: list[SpanLine] | None
    """spaCy's `Doc.to_json()` (and displaCy's) entities: character offsets like `spans`."""
    answer: Literal["accept", "ignore", "reject"] | None
    _status: Literal["todo", "done", "skipped"] | None
    _annotator_id: Annotated[StrictStr, Field(min_length=1)] | None


PRODIGY_LINE = TypeAdapter(ProdigyLine)


FIELD_REASONS = {
    "text": "missing or empty 'text'",
    "meta": "'meta' must be a JSON object",
    "spans": "'spans' must be a list",
    "ents": "'ents' must be a list",
    "_annotator_id": "'_annotator_id' must be a non-empty string",
}


def reason(error: ValidationError, prefix: str = "") -> str:
    """The first error of `error` as our message; `prefix` goes before a span's field."""
    first = error.errors(include_url=False)[0]
    location, value = first["loc"], first.get("input")
    if location and location[0] in ("spans", "ents") and len(location) > 1:
        item = "span" if location[0] == "spans" else "ent"
        return span_reason(location[2:], first["type"], value, f"{item} {location[1] + 1}: ")
    if not location:
        return f"expected a JSON object, not {_json_type(value)}"
    field = str(location[0])
    if field == "answer":
        return f"'answer' must be one of {', '.join(ANSWERS)}, not {value!r}"
    if field == "_status":
        return f"'_status' must be one of todo, done, skipped, not {value!r}"
    return FIELD_REASONS.get(field, f"'{field}': {first['msg']}")


def span_reason(location: tuple, kind: str, value: Any, prefix: str) -> str:
    """A span's first error: `location` is the field's path inside the span."""
    if not location:
        return f"{prefix}expected a JSON object"
    field = str(location[0])
    if field in ("start", "end"):
        if kind == "greater_than_equal":
            return f"{prefix}'{field}' must not be negative ({value})"
        shown = None if kind == "missing" else value
        return f"{prefix}'{field}' must be an integer, not {shown!r}"
    if field == "label":
        return f"{prefix}missing 'label'"
    return f"{prefix}'attrs' must be a JSON object"


def _json_type(value: Any) -> str:
    return type(value).__name__
