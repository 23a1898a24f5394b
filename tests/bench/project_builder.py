"""Builds projects of generated articles (tests/bench/corpus.py) quickly, through the store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.model import GOLD, Document, Span, Status
from annotator.store import Project
from annotator.tokens import Tokens, document_uid
from tests.bench.corpus import articles


def add_articles(
    project: Project,
    items: Iterable[dict[str, Any]],
    annotator: str = GOLD,
    batch_size: int = 1000,
) -> int:
    """Store Prodigy-shaped articles with their spans, marked done by `annotator`."""
    count = 0
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) == batch_size:
            count += _add_batch(project, batch, annotator)
            batch = []
    if batch:
        count += _add_batch(project, batch, annotator)
    return count


def _add_batch(project: Project, batch: list[dict[str, Any]], annotator: str) -> int:
    texts = [item["text"] for item in batch]
    with project.transaction():
        for item, tokens in zip(batch, Tokens.many_from_texts(texts), strict=True):
            text = item["text"]
            title = item.get("meta", {}).get("title", "Untitled")
            document = Document(uid=document_uid(text), title=title, text=text)
            document_id, _ = project.add_document(document, tokens)
            spans = [
                project.prepare_span(Span(document=document_id, annotator=annotator, **span))[0]
                for span in item.get("spans", [])
            ]
            project.insert_checked_spans(spans)
            project.set_status(document_id, annotator, Status.done)
    return len(batch)


def generated_project(path: Path, count: int, seed: int = 0, words: int = 500) -> Path:
    """A new project at `path` holding `count` generated articles, done by gold."""
    with Project.create(path) as project:
        add_articles(project, articles(count, seed=seed, words=words))
    return path
