"""`annotator patterns`: add SpanRuler patterns (spaCy's JSONL format) to a project."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, app, msg, user_errors
from annotator.store import Project


def add_pattern_file(*, path: Path, patterns: Path) -> tuple[int, int]:
    """Check every line of `patterns`, then store them; returns (read, new)."""
    from annotator.store.suggestions import add_patterns
    from annotator.suggest.patterns import read_pattern_file

    with Project.open(path) as project:
        entries = read_pattern_file(patterns, project.schema, spacy_check=True)
        return len(entries), add_patterns(project, entries)


@app.command("patterns")
def patterns_cli(
    path: Path = EXISTING_PROJECT_ARG,
    patterns: Path = typer.Argument(
        ..., help="JSONL file of spaCy patterns, one per line.", exists=True, dir_okay=False
    ),
) -> None:
    """Add patterns to a project: `annotator suggest --patterns` proposes what they match.

    A line is spaCy's pattern format plus optional attributes for the proposed span:
    {"label": "ACTOR", "pattern": "Northern Liberation Front", "attrs": {"actor_type":
    "rebel_group"}} or {"label": "WEAPON", "pattern": [{"LOWER": "mortar"}]}.
    A bad line stops the command before anything is stored.

    Example: annotator patterns news.db my-actors.jsonl
    """
    with user_errors(path):
        read, new = add_pattern_file(path=path, patterns=patterns)
    msg.good(f"Added {new} pattern(s) to {path} ({read - new} already there)")
