"""`annotator init`: create a project file."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli._app import PROJECT_ARG, app, msg, user_errors
from annotator.schema import DEFAULT_SCHEMA_PATH, load_schema, schema_for_labels
from annotator.store import Project
from annotator.tokens import DEFAULT_LANGUAGE, check_language


def init_project(
    *,
    path: Path,
    schema_path: Path = DEFAULT_SCHEMA_PATH,
    language: str = DEFAULT_LANGUAGE,
    labels_from: Path | None = None,
) -> Project:
    """Create a project tokenising `language` with the label schema at `schema_path`, or one
    of the labels and relation types the file `labels_from` uses.

    Never overwrites a file; an unsupported language is refused before anything is written.
    """
    check_language(language)
    if labels_from is None:
        return Project.create(path, load_schema(schema_path), language)
    from annotator.importers.label_names import labels_in_files

    found = labels_in_files([labels_from])
    schema = schema_for_labels(found.labels, Path(labels_from).name, found.relations or None)
    return Project.create(path, schema, language)


@app.command("init")
def init_cli(
    path: Path = PROJECT_ARG,
    schema: Path = typer.Option(
        DEFAULT_SCHEMA_PATH, "--schema", help="Label schema JSON file.", dir_okay=False
    ),
    lang: str = typer.Option(
        DEFAULT_LANGUAGE,
        "--lang",
        help="Language of the articles (spaCy code: en, ar, fr, es, uk, ru ...); sets the tokens.",
    ),
    labels_from: Path | None = typer.Option(
        None,
        "--labels-from",
        help="Make the schema of the labels and relation types this file uses (any file "
        "`import` reads).",
        exists=True,
        dir_okay=False,
    ),
) -> None:
    """Create a new project file with a label schema and the language of its articles.

    Example: annotator init news-ar.db --lang ar --schema schemas/conflict.json

    Example: annotator init menus.db --labels-from doccano-export.jsonl
    """
    with user_errors(path):
        project = init_project(
            path=path, schema_path=schema, language=lang, labels_from=labels_from
        )
    labels = ", ".join(project.schema.label_names)
    project.close()
    msg.good(f"Created {path}", f"Language: {lang}; labels: {labels}")
