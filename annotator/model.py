"""Pydantic records that cross a boundary: documents, spans, relations, statuses, log entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

GOLD = "gold"
"""The annotator name under which review and adjudication write gold labels."""

DEFAULT_IMPORT_ANNOTATOR = "imported"


def annotator_name_problem(name: str) -> str | None:
    """What is wrong with an annotator name, or None: it is shown in lists and tables and
    typed on the command line, so not empty, no spaces at either end, no control characters
    (the window strips what a person types; a file's names are checked with this)."""
    if not name.strip():
        return f"annotator name {name!r} is empty"
    if name != name.strip():
        return f"annotator name {name!r} starts or ends with a space"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        return f"annotator name {name!r} holds a control character"
    return None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Status(str, Enum):
    todo = "todo"
    done = "done"
    skipped = "skipped"


class ReviewStatus(str, Enum):
    """Where a reviewer is with a document: not started, some decisions made, marked reviewed."""

    todo = "todo"
    in_progress = "in_progress"
    done = "done"


class Document(BaseModel):
    """An article. `uid` is the hash of its normalised text (see tokens.document_uid)."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    uid: str
    title: str
    text: str = Field(min_length=1)
    meta: dict[str, Any] = Field(default_factory=dict)


class Span(BaseModel):
    """A labelled character range [start, end) of a document, by one annotator."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    document: int
    annotator: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: str
    attrs: dict[str, Any] = Field(default_factory=dict)
    created: str | None = None
    updated: str | None = None

    @model_validator(mode="after")
    def _start_before_end(self) -> Span:
        if self.start >= self.end:
            raise ValueError(f"span start {self.start} must be before end {self.end}")
        return self

    @property
    def key(self) -> tuple[int, int, str]:
        """What makes two spans of one document the same label: (start, end, label)."""
        return self.start, self.end, self.label


class Relation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int | None = None
    head: int
    tail: int
    label: str = Field(min_length=1)


class LogEntry(BaseModel):
    """One row of the append-only edit log."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    uid: str
    time: str
    annotator: str
    action: str
    document: int | None = None
    span: int | None = None
    data: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed span: not a label until an annotator accepts it.

    `source` says what proposed it (patterns, casualties, model); `annotator` is who it is
    for ("" for everyone). A plain dataclass, not a validated model: an article opens with
    a hundred of them, and the store checks offsets when it writes them.
    """

    document: int
    start: int
    end: int
    label: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    score: float | None = None
    annotator: str = ""
    id: int | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label

    def described(self) -> dict[str, Any]:
        """What the edit log records of it."""
        return {"start": self.start, "end": self.end, "label": self.label, "source": self.source}
