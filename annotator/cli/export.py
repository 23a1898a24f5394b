"""`annotator export`: write a project's labels as JSONL, spaCy DocBin or CoNLL."""

from __future__ import annotations

import importlib
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from annotator.cli._app import (
    EXISTING_PROJECT_ARG,
    JSON_OPTION,
    app,
    comma_names,
    msg,
    print_json,
    user_errors,
)
from annotator.exporters.project_output import (
    check_file_spares_project,
    check_folder_spares_project,
)
from annotator.exporters.source import ExportError
from annotator.store import Project
from annotator.store.exports import DamagedDocument

EXPORTS_DIR = Path("exports")


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    spacy = "spacy"
    conll = "conll"
    events = "events"
    hf = "hf"


# format -> (module under annotator.exporters, function, default output name suffix)
EXPORTERS = {
    ExportFormat.jsonl: ("jsonl", "export_jsonl", ".jsonl"),
    ExportFormat.spacy: ("spacy", "export_spacy", "-spacy"),
    ExportFormat.conll: ("conll", "export_conll", ".conll"),
    ExportFormat.events: ("event_export", "export_events", "-events.csv"),
    ExportFormat.hf: ("hf", "export_hf", "-hf"),
}
FOLDER_FORMATS = (ExportFormat.spacy, ExportFormat.hf)


def default_output(project_path: Path, export_format: ExportFormat) -> Path:
    """Where an export goes when no --output is given: exports/<project name><suffix>."""
    return EXPORTS_DIR / f"{Path(project_path).stem}{EXPORTERS[export_format][2]}"


def export_project(
    *,
    path: Path,
    export_format: ExportFormat,
    output: Path | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Open the project and run one exporter; returns its report (a JSON-ready dict).

    An output that would replace the project (or its folder, or another project) is refused
    before anything is written."""
    module_name, function_name, _ = EXPORTERS[export_format]
    exporter = getattr(importlib.import_module(f"annotator.exporters.{module_name}"), function_name)
    output = output or default_output(path, export_format)
    # Before the project is opened, so that a refused output gains not even a -shm beside it;
    # the exporters check again for callers of the library.
    if export_format in FOLDER_FORMATS:
        check_folder_spares_project(path, output)
    else:
        check_file_spares_project(path, output)
    with Project.open(path, read_only=True) as project:
        try:
            return exporter(project, output=output, **options)
        except DamagedDocument as error:
            raise ExportError(error.in_project(path)) from None


@app.command("export")
def export_cli(
    path: Path = EXISTING_PROJECT_ARG,
    export_format: ExportFormat = typer.Option(
        ExportFormat.jsonl,
        "--format",
        help="jsonl (Prodigy shape), spacy (DocBin), conll (BIO), events (casualty records),"
        " hf (Hugging Face token classification).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File (jsonl, conll; events: .csv or .jsonl) or folder (spacy, hf); default exports/.",
    ),
    source: str | None = typer.Option(
        None, "--source", help="Annotator whose labels to export (spacy, conll, hf: default gold)."
    ),
    dev_fraction: float = typer.Option(
        0.2, "--dev-fraction", min=0.0, max=0.9, help="spacy, hf: share of documents in dev."
    ),
    seed: int = typer.Option(0, "--seed", help="spacy, hf: seed of the stable train/dev split."),
    labels: str | None = typer.Option(None, "--labels", help="Only these labels, comma-separated."),
    force: bool = typer.Option(
        False,
        "--force",
        help="spacy, hf: replace the export in a non-empty folder (whole, at once).",
    ),
    include_todo: bool = typer.Option(
        False,
        "--include-todo",
        help='jsonl: also documents still to do (with "_status": "todo", "answer": "ignore").',
    ),
    excel: bool = typer.Option(
        False, "--excel", help="events: start the CSV with a BOM, for Excel's sake."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Export labels for training or for other tools.

    Example: annotator export news.db --format spacy --output exports/news-spacy --source gold

    Events: annotator export news.db --format events --output events.csv --source gold
    """
    options: dict[str, Any] = {"source": source, "labels": comma_names(labels)}
    if export_format in FOLDER_FORMATS:
        options.update(dev_fraction=dev_fraction, seed=seed, force=force)
    if export_format is ExportFormat.jsonl:
        options.update(include_todo=include_todo)
    if export_format is ExportFormat.events:
        options.update(excel=excel)
    with user_errors(path):
        report = export_project(path=path, export_format=export_format, output=output, **options)
    if json_:
        print_json(report)
        return
    msg.good(f"Exported {export_format.value} to {output or default_output(path, export_format)}")
    if export_format is ExportFormat.events:
        print_events_report(report)
        return
    print_report(
        {key: value for key, value in report.items() if key not in ("train_command", "warnings")}
    )
    for warning in report.get("warnings", []):
        msg.warn(warning)
    if "train_command" in report:
        msg.info("Train a spaCy model on it with:")
        typer.echo(report["train_command"])  # unwrapped, to copy and paste


def print_report(report: dict[str, Any]) -> None:
    """`key: value` lines; a dict value (spans per label, ...) as indented lines below its key."""
    for key, value in report.items():
        if isinstance(value, dict):
            msg.text(f"  {key}:")
            for name, count in value.items():
                msg.text(f"    {name}: {count}")
        elif isinstance(value, list):
            msg.text(f"  {key}: {', '.join(map(str, value))}")
        else:
            msg.text(f"  {key}: {value}")


def print_events_report(report: dict[str, Any]) -> None:
    """Counts, linked and inferred fields, then the casualty totals as ranges."""
    from annotator.exporters.event_totals import totals_lines

    print_report({k: v for k, v in report.items() if k not in ("totals", "fields")})
    msg.text("  fields (linked by relations / inferred by sentence / empty):")
    for name, states in report["fields"].items():
        msg.text(f"    {name}: {' / '.join(str(count) for count in states.values())}")
    for line in totals_lines(report["totals"]):
        msg.text(f"  {line}")
