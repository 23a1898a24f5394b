"""`annotator check`: a project file's integrity, SQLite's and ours, as a report and exit code."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, JSON_OPTION, app, print_json, user_errors
from annotator.store.check import CheckReport, check_project, problem_lines

EXIT_PROBLEMS = 1


def check_file(*, path: Path) -> CheckReport:
    return check_project(path)


@app.command("check")
def check_cli(path: Path = EXISTING_PROJECT_ARG, json_: bool = JSON_OPTION) -> None:
    """Check a project file: SQLite's integrity and foreign key checks, then annotator's own.

    Ours: every span inside its document's text and on its stored token boundaries, the
    tokens inside the text, span_counts equal to the spans, no orphan rows, valid statuses,
    labels the schema knows. One line per problem (at most 10 of a kind, then how many
    more); an import under way, or left unfinished by a killed process, is no problem but
    is named on a line of its own. Reads only, so a read-only file can be checked. Exit code
    0 when clean, 1 when problems are found, 2 when the file cannot be read as a project.

    Example: annotator check news.db
    """
    with user_errors(path):
        report = check_file(path=path)
    if json_:
        print_json(
            {
                "path": report.path,
                "ok": report.ok,
                "checked": report.checked,
                "problems": dict(report.counts),
                "lines": list(problem_lines(report)),
                "notes": report.notes,
            }
        )
    else:
        _print_report(path, report)
    if not report.ok:
        raise typer.Exit(EXIT_PROBLEMS)


def _print_report(path: Path, report: CheckReport) -> None:
    for note in report.notes:  # an import under way: no problem, but the counts leave it out
        typer.echo(f"ℹ {note}")
    if report.ok:
        checked = report.checked
        typer.secho(
            f"✔ {path}: no problems ({checked.get('documents', 0)} documents, "
            f"{checked.get('spans', 0)} spans checked)",
            fg=typer.colors.GREEN,
        )
    else:
        for line in problem_lines(report):  # echo, not msg: a problem stays on one line
            typer.echo(line)
        kinds = ", ".join(f"{kind} {count}" for kind, count in report.counts.items())
        typer.secho(
            f"✘ {path}: {sum(report.counts.values())} problems ({kinds})", fg=typer.colors.RED
        )
