"""`annotator suggest`: store proposed spans from patterns, casualty figures and a model."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, app, msg, progress_bar, user_errors
from annotator.store import Project


class Documents(str, Enum):
    todo = "todo"
    all = "all"


def suggest_into(*, path: Path, **options: Any) -> dict[str, Any]:
    from annotator.suggest.run import suggest_project

    with Project.open(path) as project:
        return suggest_project(project, **options)


def print_counts(report: dict[str, Any]) -> None:
    for note in report["notes"]:
        msg.warn(note)
    counts = report["counts"]
    stored = sum(sum(c.values()) for c in counts.values())
    msg.good(f"Stored {stored} suggestions for {report['documents']} documents")
    rows = [
        (source, label, count)
        for source, by_label in counts.items()
        for label, count in sorted(by_label.items())
    ]
    if rows:
        msg.table(
            rows, header=("source", "label", "suggestions"), divider=True, aligns=("l", "l", "r")
        )


@app.command("suggest")
def suggest_cli(
    path: Path = EXISTING_PROJECT_ARG,
    model: Path | None = typer.Option(
        None,
        "--model",
        help="Trained spaCy model folder whose ner or spancat proposes spans.",
        exists=True,
        file_okay=False,
    ),
    patterns: bool = typer.Option(
        False, "--patterns", help="Shipped patterns and the project's own (spaCy SpanRuler)."
    ),
    casualties: bool = typer.Option(
        False, "--casualties", help="Casualty figures, with kind, count and qualifier."
    ),
    annotator: str = typer.Option(
        "", "--annotator", help="Suggest for this annotator only (default: for everyone)."
    ),
    documents: Documents = typer.Option(
        Documents.todo, "--documents", help="todo (not yet done or skipped) or all."
    ),
) -> None:
    """Propose spans for annotators to accept or reject; they never count as labels.

    Each run replaces the chosen sources' earlier suggestions for those documents. A
    suggestion an annotator rejected is not shown to them again.

    Example: annotator suggest news.db --patterns --casualties --model models/news-ner
    """
    with user_errors(path), progress_bar(sys.stderr.isatty(), "Suggesting") as progress:
        report = suggest_into(
            path=path,
            model=model,
            patterns=patterns,
            casualties=casualties,
            annotator=annotator,
            documents=documents.value,
            progress=progress,
        )
    print_counts(report)
    if not report["documents"] and documents is Documents.todo:
        why = (
            f"{annotator} marked every document done or skipped"
            if annotator
            else "someone marked each one done or skipped; --annotator NAME suggests for"
            " what one annotator has left"
        )
        msg.info(f"No document is still to do ({why}); --documents all suggests for all")
