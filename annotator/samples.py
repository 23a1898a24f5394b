"""The sample project: the bundled articles and three annotators' labels, built once per user."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import platformdirs

from annotator.errors import AnnotatorError
from annotator.importers import import_files
from annotator.locations import data_folder
from annotator.store import Project

SAMPLES_DIR = data_folder("resources/samples", "samples")
DATA_DIR_VARIABLE = "ANNOTATOR_DATA_DIR"
"""Environment variable that moves the user's data folder (tests, portable installs)."""


def data_dir() -> Path:
    """Where annotator keeps per-user files: $ANNOTATOR_DATA_DIR, else the platform's place."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else platformdirs.user_data_path("annotator")


def sample_path() -> Path:
    return data_dir() / "sample.db"


def sample_files(samples_dir: Path) -> list[Path]:
    """The articles, then the annotators' JSONL files (not gold: the tour imports it)."""
    articles = sorted((samples_dir / "articles").glob("*.txt"))
    annotators = sorted((samples_dir / "annotators").glob("*.jsonl"))
    if not articles:
        raise AnnotatorError(f"{samples_dir}: no sample articles (articles/*.txt) found")
    return articles + annotators


def build_sample(
    *, target: Path | None = None, samples_dir: Path | None = None, rebuild: bool = False
) -> tuple[Path, bool]:
    """The sample project's path, and whether it was built now (it is built only if missing).

    Built under a temporary name and renamed, so an interrupted build leaves no broken sample.
    """
    target = Path(target) if target is not None else sample_path()
    if target.exists() and not rebuild:
        return target, False
    files = sample_files(Path(samples_dir) if samples_dir is not None else SAMPLES_DIR)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.building")
    try:
        with Project.create(temporary) as project:
            import_files(project, files)
        os.replace(temporary, target)
    finally:
        for leftover in (temporary, *(Path(f"{temporary}{end}") for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    return target, True
