"""`annotator init`: create a project file."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli._app import PROJECT_ARG, app, msg, user_errors
from annotator.schema import DEFAULT_SCHEMA_PATH, load_schema
from annotator.store import Project


def init_project(*, path: Path, schema_path: Path = DEFAULT_SCHEMA_PATH) -> Project:
    """Create a project with the label schema at `schema_path`; never overwrites a file."""
    return Project.create(path, load_schema(schema_path))


@app.command("init")
def init_cli(
    path: Path = PROJECT_ARG,
    schema: Path = typer.Option(
        DEFAULT_SCHEMA_PATH, "--schema", help="Label schema JSON file.", dir_okay=False
    ),
) -> None:
    """Create a new project file with a label schema.

    Example: annotator init news.db --schema schemas/conflict.json
    """
    with user_errors():
        project = init_project(path=path, schema_path=schema)
    labels = ", ".join(project.schema.label_names)
    project.close()
    msg.good(f"Created {path}", f"Labels: {labels}")
