"""`annotator sample`: build the sample project in the user's data folder and show it."""

from __future__ import annotations

import typer

from annotator.cli._app import JSON_OPTION, app, msg, print_json, user_errors
from annotator.store import Project


@app.command("sample")
def sample_cli(
    print_path: bool = typer.Option(
        False, "--print-path", help="Print only the sample project's path (for scripts)."
    ),
    rebuild: bool = typer.Option(False, "--rebuild", help="Build it again from the samples."),
    json_: bool = JSON_OPTION,
) -> None:
    """Build the sample project (24 articles, three annotators) if missing, and show its stats.

    Example: annotator gui "$(annotator sample --print-path)"
    """
    from annotator.samples import build_sample

    with user_errors():
        path, built = build_sample(rebuild=rebuild)
    if print_path:
        print(path)
        return
    with Project.open(path) as project:
        stats = project.stats()
    if json_:
        print_json({"path": str(path), "built": built, **stats})
        return
    msg.good(f"{'Built' if built else 'Sample project at'} {path}")
    msg.text(f"{stats['documents']} documents, {stats['spans']} spans")
    rows = [(name, a["done"], a["skipped"], a["spans"]) for name, a in stats["annotators"].items()]
    if rows:
        msg.table(rows, header=("annotator", "done", "skipped", "spans"), divider=True)
