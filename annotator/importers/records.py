"""What every importer yields: one ImportRecord per article, or a Rejection saying why not."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from annotator.errors import AnnotatorError
from annotator.model import Status

TITLE_LENGTH = 80
ANSWERS = ("accept", "ignore", "reject")
STATUSES = tuple(status.value for status in Status)
BINARY = "not a text file: it holds NUL bytes (a binary file, or text saved as UTF-16)"
NOT_TEXT = "not a text file: it is not UTF-8 and holds control bytes (compressed or binary)"
NOT_UTF8 = "not UTF-8 text (save the file as UTF-8)"
CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 control bytes but tab, line feed and carriage return, and DEL: no text holds them, and
a compressed or binary file holds one in every few dozen bytes."""


class ImportFailed(AnnotatorError):
    """Bad input; the message is `FILE:LINE: reason` and the project is left unchanged."""

    def __init__(
        self, path: Path | str, line: int, reason: str, *, skippable: bool = False
    ) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = str(path), line, reason
        self.skippable = skippable
        """Whether --skip-invalid would set this record aside (not so for a broken file)."""


class ImportCancelled(AnnotatorError):
    """The user stopped the import; nothing was stored."""


class SpanInput(NamedTuple):
    """A span as a file gives it, before it is checked against the text and the schema."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any]


class RelationInput(NamedTuple):
    """A relation as a file gives it: its two spans as (start, end, label), and its type."""

    head: tuple[int, int, str]
    tail: tuple[int, int, str]
    label: str


class ImportRecord(BaseModel):
    """One article read from a file, with the spans, answer and annotator it came with."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1)
    title: str
    meta: dict[str, Any] = Field(default_factory=dict)
    spans: list[SpanInput] | None = None
    relations: list[RelationInput] = Field(default_factory=list)
    answer: str | None = None
    status: str | None = None
    """`_status` (todo, done, skipped), written by annotator's export; it wins over `answer`."""
    annotator: str | None = None
    annotator_from_file: bool = False
    """The file says whose spans these are (a Label Studio annotation, a Prodigy review
    version), so `--annotator` does not replace `annotator`."""
    tokens: bytes | None = None
    """Packed token offsets (`Tokens.pack`) the file brings (a spaCy Doc, CoNLL tokens)."""
    left_out: dict[str, int] = Field(default_factory=dict)
    """What the file holds that cannot be stored yet, by kind (relations: 3), for the report."""
    source: str
    line: int = 1


@dataclass(frozen=True)
class Rejection:
    """A record that cannot go in: where it is, why, and the raw input it came from."""

    source: str
    line: int
    reason: str
    raw: Any = None

    def error(self) -> ImportFailed:
        return ImportFailed(self.source, self.line, self.reason, skippable=True)


def title_from_text(text: str) -> str:
    """The first non-empty line of `text`, shortened to a title."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= TITLE_LENGTH:
        return first
    return first[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: Path) -> str:
    """The whole file as text; raises ImportFailed if it is missing, not UTF-8 or empty."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(path, error) from None
    if b"\x00" in data:
        raise ImportFailed(path, data[: data.index(b"\x00")].count(b"\n") + 1, BINARY)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, error.start) + 1
        end = data.find(b"\n", error.start)
        reason = (
            NOT_TEXT
            if CONTROL_BYTES.search(data, start, end if end >= 0 else len(data))
            else NOT_UTF8
        )
        raise ImportFailed(path, line, reason) from None
    if not text.strip():
        raise ImportFailed(path, 1, "empty file")
    return text


def binary_reason(line: bytes) -> str | None:
    """Why a line of a file shows the file is no text at all, or None.

    A NUL, or control bytes in a line that is not UTF-8: what binary and compressed files
    hold. A line in another encoding (Latin-1 `café`) is text, only not UTF-8: its reader
    refuses it as one record, which --skip-invalid sets aside.
    """
    if b"\x00" in line:
        return BINARY
    if line.isascii():
        return None
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_TEXT if CONTROL_BYTES.search(line) else None
    return None


def unreadable(path: Path, error: OSError) -> ImportFailed:
    """Why a file to import cannot be opened (missing, a folder, a symlink loop, no access)."""
    if isinstance(error, FileNotFoundError):
        reason = "no such file"
    elif isinstance(error, IsADirectoryError):
        reason = "is a folder, not a file"
    elif error.errno == errno.ELOOP:
        reason = "a loop of symbolic links, which leads to no file"
    else:
        reason = f"cannot be read: {error.strerror or error}"
    return ImportFailed(path, 1, reason)
