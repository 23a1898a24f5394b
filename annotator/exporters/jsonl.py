"""Prodigy-shaped JSONL export: one line per document and annotator, with tokens, spans and
relations (`head`, `child`, `head_span`, `child_span`, `label`, as Prodigy's `rel.manual`).

`answer` is "accept" for a document the annotator marked done and "ignore" for one skipped, so
every record is safe for any reader of Prodigy's format. Documents still to do are left out,
unless `include_todo`: then they have `"answer": "ignore"` and `"_status": "todo"` (Prodigy
skips an ignored record; `annotator import` reads `_status` and keeps the document to do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import orjson

from annotator.errors import AnnotatorError
from annotator.exporters.atomic import atomic_text_file
from annotator.exporters.token_json import TokenJson
from annotator.model import Status
from annotator.store import Project
from annotator.store.exports import (
    AnnotatedDocument,
    DamagedDocument,
    StoredSpans,
    annotated_documents,
    stored_json,
)
from annotator.store.relations import RelationKey, RelationsByDocument
from annotator.tokens import Tokens

ANSWERS = {Status.done: "accept", Status.skipped: "ignore"}


def export_jsonl(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    labels: list[str] | None = None,
    include_todo: bool = False,
) -> dict[str, Any]:
    """Write every annotator's spans (or only `source`'s) to `output`; returns counts.

    Written whole or not at all (see `atomic_text_file`).
    """
    _check_choices(project, source, labels)
    output = Path(output)
    documents, records, spans, relations, todo = set(), 0, 0, 0, 0
    relations_of = RelationsByDocument(project, source)
    tokens_of = _DocumentTokens()
    with atomic_text_file(output) as handle:
        lines = handle.buffer
        for item in annotated_documents(project, source, labels):
            if item.status not in ANSWERS and not include_todo:
                todo += 1
                continue
            linked = relations_of.get(item.id, item.annotator)
            line, count = prodigy_record(item, linked, tokens_of)
            lines.write(line)
            documents.add(item.id)
            records += 1
            spans += len(item.spans)
            relations += count
    report = {"output": str(output), "documents": len(documents), "records": records}
    return {**report, "spans": spans, "relations": relations, "todo_left_out": todo}


def prodigy_record(
    item: AnnotatedDocument,
    relations: list[RelationKey] | None = None,
    tokens_of: _DocumentTokens | None = None,
) -> tuple[bytes, int]:
    """One document as one annotator left it, in Prodigy's JSONL shape: a line of UTF-8 JSON,
    and how many relations it holds (those between its exported spans, as `rel.manual` has
    them). A loop over documents passes one `tokens_of` to all of them.

    Raises DamagedDocument for a stored span off the document's tokens."""
    tokens, starts, ends = (tokens_of or _DocumentTokens())(item.id, item.text, item.tokens)
    try:
        spans = span_records(item.spans, starts, ends)
    except ValueError as error:
        raise DamagedDocument(item.id, item.uid, str(error)) from None
    record: dict[str, Any] = {
        "text": item.text,
        "meta": {**stored_json(item.meta), "title": item.title},
        "tokens": tokens,
        "spans": spans,
        "_annotator_id": item.annotator,
        "answer": ANSWERS.get(item.status, "ignore"),
    }
    kept = []
    if relations:
        exported = item.spans.keys()
        kept = [r for r in relations if tuple(r.head) in exported and tuple(r.tail) in exported]
    if kept:
        record["relations"] = [relation_record(r, starts, ends) for r in kept]
    if item.status not in ANSWERS:  # still to do: `_status` keeps it so on import
        record["_status"] = Status.todo.value
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE), len(kept)


class _DocumentTokens:
    """Each document's token JSON and offsets, made once for all its annotators' records
    (they come one after another)."""

    def __init__(self) -> None:
        self._json = TokenJson()
        self._last: tuple[int, orjson.Fragment, np.ndarray, np.ndarray] | None = None

    def __call__(
        self, document: int, text: str, blob: bytes
    ) -> tuple[orjson.Fragment, np.ndarray, np.ndarray]:
        if self._last is None or self._last[0] != document:
            tokens = Tokens.unpack(blob, text)
            made = orjson.Fragment(self._json.dumps(text, tokens.starts, tokens.ends))
            self._last = (document, made, tokens.starts, tokens.ends)
        return self._last[1:]


def span_records(spans: StoredSpans, starts: np.ndarray, ends: np.ndarray) -> list[dict[str, Any]]:
    """Prodigy's span dicts with token indices (found for all spans at once)."""
    first, last = _token_indices(spans.starts, spans.ends, starts, ends)
    return [
        {
            "start": start,
            "end": end,
            "label": label,
            "token_start": token_start,
            "token_end": token_end,
            "attrs": attrs,
        }
        for start, end, label, token_start, token_end, attrs in zip(
            spans.starts.tolist(), spans.ends.tolist(), spans.labels, first, last, spans.attrs
        )
    ]


def _token_indices(
    span_starts: np.ndarray, span_ends: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[list[int], list[int]]:
    """The first and last token of each span; ValueError if one is not on token bounds."""
    first = np.minimum(np.searchsorted(starts, span_starts), len(starts) - 1)
    last = np.minimum(np.searchsorted(ends, span_ends), len(ends) - 1)
    off = (starts[first] != span_starts) | (ends[last] != span_ends)
    if off.any():
        bad = np.flatnonzero(off)[0]
        raise ValueError(f"stored span [{span_starts[bad]}, {span_ends[bad]}) is not on its tokens")
    return first.tolist(), last.tolist()


def relation_record(relation: RelationKey, starts: np.ndarray, ends: np.ndarray) -> dict[str, Any]:
    """A relation as Prodigy's `rel.manual` saves one: `head` and `child` are the token ids
    of the last token of each span, `head_span` and `child_span` the spans themselves."""
    sides = [relation.head, relation.tail]  # each (start, end, label)
    offsets = np.array([side[:2] for side in sides])
    first, last = _token_indices(offsets[:, 0], offsets[:, 1], starts, ends)
    head, child = (
        {"start": start, "end": end, "label": label, "token_start": f, "token_end": t}
        for (start, end, label), f, t in zip(sides, first, last)
    )
    return {
        "head": head["token_end"],
        "child": child["token_end"],
        "head_span": head,
        "child_span": child,
        "label": relation.label,
    }


def _check_choices(project: Project, source: str | None, labels: list[str] | None) -> None:
    if source is not None and source not in project.annotators():
        known = ", ".join(project.annotators()) or "none yet"
        raise AnnotatorError(f"{project.path}: no annotator {source!r} (annotators: {known})")
    unknown = sorted(set(labels or []) - set(project.schema.label_names))
    if unknown:
        known = ", ".join(project.schema.label_names)
        raise AnnotatorError(f"unknown label(s) {', '.join(unknown)} (labels: {known})")
