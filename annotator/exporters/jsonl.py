"""Prodigy-shaped JSONL export: one line per document and annotator, with tokens and spans.

`answer` is "accept" for a document the annotator marked done and "ignore" for one skipped. A
document still to do has no `answer` and `"_status": "todo"`: Prodigy reads a record without
an answer as accepted, and so does `annotator import` unless `_status` says todo.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.exporters.atomic import atomic_text_file
from annotator.exporters.strict_json import strict_dumps
from annotator.model import Status
from annotator.store import Project
from annotator.store.exports import AnnotatedDocument, annotated_documents
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
    documents, records, spans = set(), 0, 0
    with atomic_text_file(output) as handle:
        for item in annotated_documents(project, source, labels):
            handle.write(strict_dumps(prodigy_record(item), ensure_ascii=False) + "\n")
            documents.add(item.document.id)
            records += 1
            spans += len(item.spans)
    return {"output": str(output), "documents": len(documents), "records": records, "spans": spans}


def prodigy_record(item: AnnotatedDocument) -> dict[str, Any]:
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


def _check_choices(project: Project, source: str | None, labels: list[str] | None) -> None:
    if source is not None and source not in project.annotators():
        known = ", ".join(project.annotators()) or "none yet"
        raise AnnotatorError(f"{project.path}: no annotator {source!r} (annotators: {known})")
    unknown = sorted(set(labels or []) - set(project.schema.label_names))
    if unknown:
        known = ", ".join(project.schema.label_names)
        raise AnnotatorError(f"unknown label(s) {', '.join(unknown)} (labels: {known})")
