"""`annotator stats`: counts of documents, spans, labels and annotators' progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.cli._app import EXISTING_PROJECT_ARG, JSON_OPTION, app, msg, print_json, user_errors
from annotator.store import Project
from annotator.store.stats import unfinished_line


def project_stats(*, path: Path) -> dict[str, Any]:
    with Project.open(path, read_only=True) as project:
        return project.stats()


@app.command("stats")
def stats_cli(path: Path = EXISTING_PROJECT_ARG, json_: bool = JSON_OPTION) -> None:
    """Show how many documents and spans a project holds, per label and per annotator.

    Only what the project shows is counted: an import still under way (or left unfinished by a
    killed process) is reported on a line of its own.

    Example: annotator stats news.db --json
    """
    with user_errors(path):
        stats = project_stats(path=path)
    if json_:
        print_json(stats)
        return
    msg.info(
        f"{path}: {stats['documents']} documents, {stats['spans']} spans, "
        f"language {stats['language']}"
    )
    if "unfinished_import" in stats:
        msg.info(unfinished_line(stats["unfinished_import"]))
    if stats["labels"]:
        msg.table(stats["labels"], header=("label", "spans"), divider=True)
    rows = [(name, a["done"], a["skipped"], a["spans"]) for name, a in stats["annotators"].items()]
    if rows:
        msg.table(rows, header=("annotator", "done", "skipped", "spans"), divider=True)
