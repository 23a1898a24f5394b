"""The labels and relation types a file uses, for a schema made from a team's own data
(`init --labels-from`).

A name the schema cannot take is an error naming the file and the line that uses it, in
words (`label ' Dish' starts or ends with a space`), before any schema is made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from annotator.importers import SHAPED, detect_format, json_container, reader_for
from annotator.importers.jsonl import read_lines
from annotator.importers.prepare import parse_raw_line
from annotator.importers.records import ImportFailed, ImportRecord, Rejection
from annotator.schema import (
    LABEL_NAME_LENGTH,
    LABEL_NAME_PATTERN,
    RELATION_NAME_PATTERN,
    shown,
)


class RelationType(NamedTuple):
    """A relation type as a file uses it: the labels of its heads and of its tails."""

    name: str
    head: list[str]
    tail: list[str]


class FileLabels(NamedTuple):
    """Labels and relation types, each in order of first use."""

    labels: list[str]
    relations: list[RelationType]


def labels_in_files(
    paths: Iterable[Path], format: str = "auto", spans_key: str | None = None
) -> FileLabels:
    """Every label the files' spans use and every relation type with the labels it joins;
    ImportFailed on bad input or a name the schema cannot take."""
    labels: dict[str, None] = {}
    relations: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
    for path in paths:
        for item in _records(Path(path), detect_format(Path(path), format), spans_key):
            if isinstance(item, Rejection):
                raise item.error()
            used = [span.label for span in item.spans or []]
            for relation in item.relations:
                _check(relation_problem(relation.label), item)
                heads, tails = relations.setdefault(relation.label, ({}, {}))
                heads[relation.head[2]] = tails[relation.tail[2]] = None
                used += [relation.head[2], relation.tail[2]]
            for label in used:
                if label not in labels:
                    _check(label_problem(label), item)
                    labels[label] = None
    found = [RelationType(name, [*heads], [*tails]) for name, (heads, tails) in relations.items()]
    return FileLabels(list(labels), found)


def label_problem(name: str) -> str | None:
    """What keeps `name` from being a label, in words; None if nothing does."""
    if not name:
        return "a label with no name"
    if name[0].isspace() or name[-1].isspace():
        return f"label {shown(name)} starts or ends with a space"
    control = next((char for char in name if ord(char) < 0x20 or ord(char) == 0x7F), None)
    if control is not None:
        return f"label {shown(name)} holds a control character ({_named(control)})"
    if len(name) > LABEL_NAME_LENGTH:
        return f"label {shown(name)} is longer than {LABEL_NAME_LENGTH} characters"
    if not re.fullmatch(LABEL_NAME_PATTERN, name):  # the rules above should say it all
        return f"label {shown(name)} is not a name a schema takes"
    return None


def relation_problem(name: str) -> str | None:
    """What keeps `name` from being a relation type, in words; None if nothing does."""
    if re.fullmatch(RELATION_NAME_PATTERN, name):
        return None
    return (
        f"relation type {shown(name)} is not a name a schema takes: capital letters A-Z, "
        "digits and _, starting with a letter (rename it in the file, e.g. "
        f"{_relation_name(name)!r})"
    )


def _relation_name(name: str) -> str:
    upper = re.sub(r"[^A-Z0-9_]+", "_", name.upper()).strip("_")
    return upper if upper[:1].isalpha() else f"R_{upper}"


def _named(char: str) -> str:
    names = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}
    return names.get(char, f"U+{ord(char):04X}")


def _check(problem: str | None, item: ImportRecord) -> None:
    if problem is not None:
        raise ImportFailed(item.source, item.line, problem)


def _records(
    path: Path, file_format: str, spans_key: str | None
) -> Iterator[ImportRecord | Rejection]:
    lines = file_format == "jsonl" or (file_format in SHAPED and json_container(path) == "jsonl")
    if not lines:
        yield from reader_for(file_format, spans_key)(path)
        return
    shape = file_format if file_format in SHAPED else "auto"
    for number, raw in read_lines(path):
        yield from parse_raw_line(raw, str(path), number, shape)
