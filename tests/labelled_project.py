"""Test helpers: documents with labelled spans and statuses, written through the store."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.model import GOLD, Span, Status
from annotator.store import Project
from tests.bench.project_builder import add_articles
from tests.conftest import SAMPLES, add_text

SAMPLE_GOLD = SAMPLES / "gold.jsonl"


def add_labelled(
    project: Project,
    text: str,
    spans: Iterable[tuple[str, str] | tuple[int, int, str] | dict[str, Any]],
    annotator: str = GOLD,
    status: Status | None = Status.done,
    title: str = "Untitled",
) -> int:
    """Store `text` with spans given as (phrase, label) (first occurrence), (start, end, label)
    or span dicts, and set the annotator's status; returns the document id."""
    document = add_text(project, text, title)
    checked = []
    for item in spans:
        if isinstance(item, dict):
            fields = item
        elif len(item) == 2:
            phrase, label = item
            start = text.index(phrase)
            fields = {"start": start, "end": start + len(phrase), "label": label}
        else:
            fields = dict(zip(("start", "end", "label"), item, strict=True))
        span = Span(document=document, annotator=annotator, **fields)
        checked.append(project.prepare_span(span)[0])
    project.insert_checked_spans(checked)
    if status is not None:
        project.set_status(document, annotator, status)
    return document


def sample_gold_project(path: Path) -> Path:
    """A project of the sample articles with their gold spans (resources/samples/gold.jsonl)."""
    lines = SAMPLE_GOLD.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    with Project.create(path) as project:
        add_articles(project, items)
    return path
