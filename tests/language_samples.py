"""Test helpers: the bundled Arabic and French samples, and spaCy's own token offsets."""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from annotator.importers import import_files
from annotator.store import Project
from tests.conftest import SAMPLES

SAMPLE_LANGUAGES = ("ar", "fr")


def sample_gold(language: str) -> Path:
    return SAMPLES / language / "gold.jsonl"


def sample_records(language: str) -> list[dict]:
    return [json.loads(line) for line in sample_gold(language).read_text("utf-8").splitlines()]


def spacy_offsets(language: str, text: str) -> list[tuple[int, int]]:
    return [(token.idx, token.idx + len(token)) for token in spacy.blank(language)(text)]


def stored_offsets(project: Project, document_id: int) -> list[tuple[int, int]]:
    tokens = project.tokens(document_id)
    return list(zip(tokens.starts.tolist(), tokens.ends.tolist()))


def sample_project(path: Path, language: str) -> Path:
    """A project of `language` with the bundled samples of that language and their gold."""
    with Project.create(path, language=language) as project:
        import_files(project, [sample_gold(language)])
    return path
