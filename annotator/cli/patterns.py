"""`annotator patterns`: add SpanRuler patterns (spaCy's JSONL format) to a project, list
them, or remove some."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, app, fail, msg, user_errors
from annotator.errors import AnnotatorError
from annotator.store import Project


def add_pattern_file(*, path: Path, patterns: Path) -> tuple[int, int]:
    """Check every line of `patterns`, then store them; returns (read, new)."""
    from annotator.store.suggestions import add_patterns
    from annotator.suggest.patterns import read_pattern_file

    with Project.open(path) as project:
        entries = read_pattern_file(patterns, project.schema, spacy_check=True)
        return len(entries), add_patterns(project, entries)


def list_patterns(path: Path) -> None:
    """Print the project's own patterns with their ids (the shipped ones are not stored)."""
    from annotator.store.suggestions import numbered_patterns

    with Project.open(path) as project:
        numbered = numbered_patterns(project)
    if not numbered:
        msg.info(f"{path} has no patterns of its own (the shipped ones are always used)")
        return
    rows = [
        (
            id_,
            entry["label"],
            json.dumps(entry["pattern"], ensure_ascii=False),
            json.dumps(entry["attrs"], ensure_ascii=False) if entry["attrs"] else "",
        )
        for id_, entry in numbered
    ]
    msg.table(rows, header=("id", "label", "pattern", "attrs"), divider=True)


def remove_pattern_ids(path: Path, ids: list[int]) -> None:
    """Remove the patterns of these ids, or none of them when one is not in the project."""
    from annotator.store.suggestions import remove_patterns

    with Project.open(path) as project:
        missing = remove_patterns(project, ids)
    if missing:
        shown = ", ".join(map(str, missing))
        raise AnnotatorError(
            f"{path}: no pattern with id {shown}; nothing removed"
            f" (`annotator patterns {path} --list` shows the ids)"
        )
    msg.good(f"Removed {len(set(ids))} pattern(s) from {path}")


@app.command("patterns")
def patterns_cli(
    path: Path = EXISTING_PROJECT_ARG,
    patterns: Path | None = typer.Argument(
        None, help="JSONL file of spaCy patterns, one per line.", exists=True, dir_okay=False
    ),
    show: bool = typer.Option(False, "--list", help="List the project's patterns with ids."),
    remove: list[int] = typer.Option(
        [], "--remove", metavar="ID", help="Remove the pattern of this id (repeatable)."
    ),
) -> None:
    """Add patterns to a project: `annotator suggest --patterns` proposes what they match.

    With --list, print the project's own patterns with their ids; with
    --remove ID, remove one (the shipped patterns are always used).

    A line is spaCy's pattern format plus optional attributes for the span:
    {"label": "ACTOR", "pattern": "Northern Liberation Front",
    "attrs": {"actor_type": "rebel_group"}} or
    {"label": "WEAPON", "pattern": [{"LOWER": "mortar"}]}.
    Token attributes that need a tagger, parser or entity recognizer (POS,
    TAG, MORPH, LEMMA, DEP, ENT_TYPE, SENT_START, ...) are refused: the
    project's pipeline only tokenises. A bad line stops the command before
    anything is stored.

    Example: annotator patterns news.db my-actors.jsonl

    Example: annotator patterns news.db --list

    Example: annotator patterns news.db --remove 3 --remove 4
    """
    if sum((patterns is not None, show, bool(remove))) != 1:
        fail("give one of: a pattern FILE to add, --list, or --remove ID")
    with user_errors(path):
        if show:
            list_patterns(path)
        elif remove:
            remove_pattern_ids(path, remove)
        else:
            read, new = add_pattern_file(path=path, patterns=patterns)
            msg.good(f"Added {new} pattern(s) to {path} ({read - new} already there)")
