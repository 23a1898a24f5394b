"""`annotator import`: read articles and other tools' annotations into a project."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annotator.cli._app import (
    EXISTING_PROJECT_ARG,
    JSON_OPTION,
    app,
    fail,
    msg,
    print_json,
    progress_bar,
    user_errors,
)
from annotator.importers.records import ImportFailed
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.importers import ImportReport


REJECTS_HINT = (
    " To import the valid records and set the bad ones aside,"
    " add --skip-invalid (they go to {file}.rejects.jsonl)."
)


class ImportFormat(str, Enum):
    auto = "auto"
    txt = "txt"
    html = "html"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    spacy = "spacy"
    conll = "conll"
    iob = "iob"
    prodigy = "prodigy"
    doccano = "doccano"
    label_studio = "label-studio"


def import_into(
    *,
    path: Path,
    files: list[Path],
    import_format: str = "auto",
    annotator: str | None = None,
    skip_invalid: bool = False,
    spans_key: str | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> ImportReport:
    """Open the project at `path` and import `files` into it (whole or not at all)."""
    from annotator.importers import import_files

    with Project.open(path) as project:
        return import_files(
            project,
            files,
            format=import_format,
            annotator=annotator,
            skip_invalid=skip_invalid,
            spans_key=spans_key,
            progress=progress,
        )


def print_report(report: ImportReport) -> None:
    msg.good(
        f"Imported {len(report.files)} file(s): {report.documents_new} new documents, "
        f"{report.documents_existing} already present"
    )
    msg.text(f"Spans: {report.spans} new, {report.spans_widened} widened to token boundaries")
    if report.relations:
        msg.text(f"Relations: {report.relations} new")
    rows = [(name, a["spans"], a["done"], a["skipped"]) for name, a in report.annotators.items()]
    if rows:
        msg.table(rows, header=("annotator", "new spans", "done", "skipped"), divider=True)
    if report.left_out:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(report.left_out.items()))
        msg.warn(f"Not imported: {kinds}")
    if report.rejected:
        msg.warn(f"Rejected {report.rejected} record(s); see {', '.join(report.rejects_files)}")


@app.command("import")
def import_cli(
    path: Path = EXISTING_PROJECT_ARG,
    files: list[Path] = typer.Argument(
        ..., help="Files to import (a folder of .spacy shards, as the spaCy export writes, is one)."
    ),
    import_format: ImportFormat = typer.Option(
        ImportFormat.auto,
        "--format",
        help="File format; auto goes by the extension (.txt .html .csv .jsonl .json .spacy"
        " .conll .iob), then the content; JSON records by their shape.",
    ),
    annotator: str | None = typer.Option(
        None, "--annotator", help="Whose spans these are (default: _annotator_id, or 'imported')."
    ),
    skip_invalid: bool = typer.Option(
        False,
        "--skip-invalid",
        help="Import the valid records; write the others, with reasons, to FILE.rejects.jsonl.",
    ),
    spans_key: str | None = typer.Option(
        None, "--spans-key", help="spacy: read only this doc.spans group (and doc.ents)."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Import articles or other tools' annotations into a project.

    Articles: txt, html, csv. Annotations: Prodigy, doccano, Label Studio, spaCy DocBin,
    CoNLL/IOB. The import goes in whole or not at all: on bad input nothing is stored.

    Errors say FILE:LINE: reason. Importing the same file again adds nothing.

    Example: annotator import news.db resources/samples/articles/*.txt

    Example: annotator import news.db amira.jsonl --annotator amira --json

    Example: annotator import news.db label-studio-export.json
    """
    show_progress = sys.stderr.isatty() and not json_
    with user_errors(path), progress_bar(show_progress, "Importing") as progress:
        try:
            report = import_into(
                path=path,
                files=files,
                import_format=import_format.value,
                annotator=annotator,
                skip_invalid=skip_invalid,
                spans_key=spans_key,
                progress=progress,
            )
        except ImportFailed as error:
            skippable = error.skippable and not skip_invalid
            hint = REJECTS_HINT.format(file=error.path) if skippable else ""
            fail(f"{error}\nNothing was imported.{hint}")
    if json_:
        print_json(report.model_dump())
    else:
        print_report(report)
