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


def numbered_copies_project(path: Path, count: int, distinct: int = 1000, seed: int = 0) -> Path:
    """A project of `count` articles quickly: `distinct` generated ones, each stored many times
    behind a numbered first sentence ("Report 17. "), so every document has its own text.

    Only the distinct articles are tokenised and their spans checked; the copies get the same
    tokens and spans shifted by the prefix (the prefix is whitespace-separated, so spaCy would
    tokenise the copy exactly so; the first copies are checked against the tokenizer).
    """
    import numpy as np

    with Project.create(path) as project:
        bases = []
        for item, tokens in zip(
            articles(distinct, seed=seed),
            Tokens.many_from_texts([a["text"] for a in articles(distinct, seed=seed)]),
            strict=True,
        ):
            bases.append((item, tokens))
        for first in range(0, count, 1000):
            with project.transaction():
                for index in range(first, min(first + 1000, count)):
                    item, tokens = bases[index % distinct]
                    prefix = f"Report {index}. "
                    prefix_tokens = Tokens.from_text(prefix) if index < 3 else None
                    text = prefix + item["text"]
                    shift = len(prefix)
                    number_end = len(f"Report {index}")
                    starts = np.concatenate(([0, 7, number_end], tokens.starts + shift))
                    ends = np.concatenate(([6, number_end, number_end + 1], tokens.ends + shift))
                    copy = Tokens(starts, ends, text)
                    if prefix_tokens is not None:
                        real = Tokens.from_text(text)
                        assert (real.starts == copy.starts).all() and (real.ends == copy.ends).all()
                    document = Document(uid=document_uid(text), title=f"Report {index}", text=text)
                    document_id, _ = project.add_document(document, copy)
                    project.insert_checked_spans(
                        Span.model_construct(
                            id=None,
                            document=document_id,
                            annotator=GOLD,
                            start=span["start"] + shift,
                            end=span["end"] + shift,
                            label=span["label"],
                            attrs=span["attrs"],
                            created=None,
                            updated=None,
                        )
                        for span in item["spans"]
                    )
                    project.set_status(document_id, GOLD, Status.done)
    return path
