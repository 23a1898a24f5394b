"""`annotator adjudicate`: write spans enough annotators agree on to gold, list what is left."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, JSON_OPTION, app, msg, print_json, user_errors
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.review import AdjudicationReport


def adjudicate_project(*, path: Path, min_agree: int) -> AdjudicationReport:
    from annotator.review import adjudicate

    with Project.open(path) as project:
        return adjudicate(project, min_agree=min_agree)


@app.command("adjudicate")
def adjudicate_cli(
    path: Path = EXISTING_PROJECT_ARG,
    min_agree: int = typer.Option(
        ..., "--min-agree", "-k", help="How many annotators must mark a span identically."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Write to gold the spans at least K annotators marked identically; list what is left.

    A span counts when K annotators marked it with the same start, end and label, in
    documents at least K annotators finished. Running it again adds nothing new.
    Attributes: the agreeing annotators' own when they match, else the most common version.

    Example: annotator adjudicate news.db --min-agree 2
    """
    with user_errors(path):
        report = adjudicate_project(path=path, min_agree=min_agree)
    if json_:
        print_json(report.to_dict())
        return
    msg.good(
        f"Wrote {report.spans_written} gold spans agreed by at least {min_agree} annotators",
        f"{report.documents} documents adjudicated; {report.skipped} finished by fewer "
        f"than {min_agree} annotators were left alone",
    )
    if report.settled:
        msg.good(f"{report.settled} documents have nothing left to review: gold marked done")
    if not report.left:
        msg.good("Nothing left for review")
        return
    msg.warn(
        f"Left for review: {report.items_left} items in {len(report.left)} documents",
        f"Open them with: annotator review {path}",
    )
    rows = [
        (
            e.document,
            e.title if len(e.title) <= 40 else e.title[:39] + "…",
            e.pending,
            ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in e.kinds.items()),
        )
        for e in report.left
    ]
    msg.table(rows, header=("id", "title", "items", "left"), divider=True, widths=(4, 40, 5, 50))
