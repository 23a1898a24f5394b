"""`annotator merge`: bring projects labelled on other machines into one project file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, JSON_OPTION, app, msg, print_json, user_errors
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.store.merge import MergeReport

COUNTS = (
    "documents",
    "spans",
    "spans_updated",
    "spans_deleted",
    "relations",
    "relations_deleted",
    "statuses",
    "log",
)


def merge_files(*, path: Path, others: list[Path]) -> list[MergeReport]:
    from annotator.store.merge import merge_projects

    with Project.open(path) as project:
        return merge_projects(project, others)


@app.command("merge")
def merge_cli(
    path: Path = EXISTING_PROJECT_ARG,
    others: list[Path] = typer.Argument(
        ..., help="Project files to merge in (read only).", exists=True, dir_okay=False
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Merge other copies of a project into this one: documents, spans, relations, statuses.

    Documents match by content, spans by document, annotator, offsets and label; newer
    statuses and attributes win. A span deleted, moved or relabelled in the other copy is
    deleted or changed here too, and so is a relation deleted or retyped there, unless it was
    edited here later (the newest edit wins); a relabel there that would break a relation
    here is refused. Merging a file twice changes nothing; a file whose labels differ is
    refused, and an interrupted merge leaves the project as it was.

    Example: annotator merge news.db amira-laptop.db ben-laptop.db
    """
    with user_errors(path):
        reports = merge_files(path=path, others=others)
    if json_:
        print_json({"project": str(path), "merged": [report.model_dump() for report in reports]})
        return
    rows = [(report.source, *(getattr(report, name) for name in COUNTS)) for report in reports]
    msg.table(rows, header=("file", *COUNTS), divider=True)
    if any(report.changed for report in reports):
        msg.good(f"Merged {len(reports)} file(s) into {path}")
    else:
        msg.info(f"Nothing new: {path} already holds everything in those files")
