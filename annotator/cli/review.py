"""`annotator review`: open the review window to settle disagreements into gold."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, app, comma_names, fail, user_errors
from annotator.cli.gui import EXIT_NO_DISPLAY, display_problem
from annotator.errors import AnnotatorError
from annotator.store import Project


def open_review_window(
    *, path: Path, reviewer: str | None, exclude: list[str] | None = None
) -> int:
    """Show the review window for a project; returns the Qt event loop's exit code.

    Without `reviewer`, the name remembered by the annotation window is used (asked once)."""
    with Project.open(path) as project:
        unknown = sorted(set(exclude or ()) - set(project.annotators()))
        if unknown:
            known = ", ".join(project.annotators()) or "none yet"
            raise AnnotatorError(
                f"{path}: no annotator {', '.join(unknown)} to exclude (annotators: {known})"
            )
    from annotator.gui.review_window import run_review_window

    return run_review_window(path, reviewer, exclude=exclude or ())


@app.command("review")
def review_cli(
    path: Path = EXISTING_PROJECT_ARG,
    reviewer: str = typer.Option(
        None,
        "--reviewer",
        help="Your name in the log (default: the name you gave the annotation window).",
    ),
    exclude: str = typer.Option(
        None,
        "--exclude",
        help="Annotators to leave out of the comparison, comma-separated (a trainee's work).",
    ),
) -> None:
    """Open the review window to settle the annotators' disagreements into gold.

    It lists the documents every compared annotator marked done, ranked by disagreement,
    their spans side by side, and keys to accept, reject or draw gold spans.

    Example: annotator review news.db --reviewer rita --exclude trainee
    """
    problem = display_problem()
    if problem:
        fail(problem, code=EXIT_NO_DISPLAY)
    with user_errors(path):
        code = open_review_window(
            path=path,
            reviewer=reviewer,
            exclude=comma_names(exclude),
        )
    raise typer.Exit(code)
