"""Shared fixtures: a fresh project per test, documents from text, and the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# GUI tests never open a real window; set before Qt is imported anywhere.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from annotator.cli._app import app  # noqa: E402
from annotator.model import Document  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "project.db"
    Project.create(path).close()
    return path


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with Project.open(project_path) as opened:
        yield opened


def add_text(project: Project, text: str, title: str = "Untitled", **meta) -> int:
    """Store `text` as a document (tokens in the project's language) and return its id."""
    document = Document(uid=document_uid(text), title=title, text=text, meta=meta)
    document_id, _ = project.add_document(document, Tokens.from_text(text, project.language))
    return document_id


def downgrade_to_v1(conn) -> None:
    """Drop what project versions after 1 added, making an old project to migrate."""
    for view in ("spans_with_text", "document_status"):
        conn.execute(f"DROP VIEW IF EXISTS {view}")
    for trigger in ("span_counts_insert", "span_counts_delete", "span_counts_update"):
        conn.execute(f"DROP TRIGGER {trigger}")
    for table in (
        "span_counts",
        "review_rejections",
        "review_status",
        "import_documents",
        "import_spans",
        "imports",
        "suggestions",
        "suggestion_rejections",
        "patterns",
        "uncertainty",
    ):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 1")


def run_cli(*args: str):
    """Run the command line in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def run_process(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run `python -m annotator ARGS` in a real process."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kwargs,
    )
