"""Prodigy-shaped JSONL export: one line per document and annotator, with tokens, spans and
relations (`head`, `child`, `head_span`, `child_span`, `label`, as Prodigy's `rel.manual`).

`answer` is "accept" for a document the annotator marked done and "ignore" for one skipped. A
document still to do has no `answer` and `"_status": "todo"`: Prodigy reads a record without
an answer as accepted, and so does `annotator import` unless `_status` says todo.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.exporters.atomic import atomic_text_file
from annotator.model import Status
from annotator.store import Project
from annotator.store.exports import AnnotatedDocument, annotated_documents
from annotator.store.relations import RelationKey, RelationsByDocument
from annotator.tokens import Tokens

ANSWERS = {Status.done: "accept", Status.skipped: "ignore"}


def export_jsonl(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    labels: list[str] | None = None,
) -> dict[str, Any]:
    """Write every annotator's spans (or only `source`'s) to `output`; returns counts.

    Written whole or not at all (see `atomic_text_file`).
    """
    _check_choices(project, source, labels)
    output = Path(output)
    documents, records, spans, relations = set(), 0, 0, 0
    relations_of = RelationsByDocument(project, source)
    with atomic_text_file(output) as handle:
        for item in annotated_documents(project, source, labels):
            record = prodigy_record(item, relations_of.get(item.document.id, item.annotator))
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            documents.add(item.document.id)
            records += 1
            spans += len(item.spans)
            relations += len(record.get("relations", []))
    return {
        "output": str(output),
        "documents": len(documents),
        "records": records,
        "spans": spans,
        "relations": relations,
    }


def prodigy_record(
    item: AnnotatedDocument, relations: list[RelationKey] | None = None
) -> dict[str, Any]:
    """One document as one annotator left it, in Prodigy's JSONL shape."""
    document, tokens = item.document, item.tokens
    record: dict[str, Any] = {
        "text": document.text,
        "meta": {**document.meta, "title": document.title},
        "tokens": token_records(tokens),
        "spans": [
            span_record(span.start, span.end, span.label, span.attrs, tokens) for span in item.spans
        ],
        "_annotator_id": item.annotator,
    }
    exported = {span.key for span in item.spans}
    kept = [r for r in relations or [] if r.head in exported and r.tail in exported]
    if kept:
        record["relations"] = [relation_record(relation, tokens) for relation in kept]
    if item.status in ANSWERS:
        record["answer"] = ANSWERS[item.status]
    else:  # still to do: without this, a record with no answer would import as done
        record["_status"] = Status.todo.value
    return record


def token_records(tokens: Tokens) -> list[dict[str, Any]]:
    words, spaces = tokens.words_and_spaces()
    return [
        {"text": word, "start": start, "end": end, "id": index, "ws": space}
        for index, (word, start, end, space) in enumerate(
            zip(words, tokens.starts.tolist(), tokens.ends.tolist(), spaces)
        )
    ]


def span_record(start: int, end: int, label: str, attrs: dict, tokens: Tokens) -> dict[str, Any]:
    token_start, token_end = tokens.token_span(start, end)
    return {
        "start": start,
        "end": end,
        "label": label,
        "token_start": token_start,
        "token_end": token_end,
        "attrs": attrs,
    }


def relation_record(relation: RelationKey, tokens: Tokens) -> dict[str, Any]:
    """A relation as Prodigy's `rel.manual` saves one: `head` and `child` are the token ids
    of the last token of each span, `head_span` and `child_span` the spans themselves."""
    head = span_record(*relation.head, {}, tokens)
    child = span_record(*relation.tail, {}, tokens)
    for span in (head, child):
        del span["attrs"]
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
