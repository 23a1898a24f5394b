"""JSON files (not JSON Lines): a list of records, as Label Studio and doccano export them.

Each record is read where it starts, so an error names the line it is on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.importers.json_records import records_from_json
from annotator.importers.jsonl import STRICT_DECODER, STRICT_JSON_ERRORS, strict_json_reason
from annotator.importers.records import ImportFailed, ImportRecord, Rejection, read_text_file


def read_json(path: Path, shape: str = "auto") -> Iterator[ImportRecord | Rejection]:
    """The records of every item of the file's top-level list (or of its one object)."""
    source = str(path)
    for line, data in json_items(path):
        try:
            yield from records_from_json(data, source, line, shape)
        except ValueError as error:
            yield Rejection(source, line, str(error), data)


def json_items(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, value) of each item of a top-level JSON list, or of the one top-level value."""
    text = read_text_file(path)
    decoder = STRICT_DECODER
    position = _skip_space(text, 0)
    lines = _LineCounter(text)
    try:
        if text[position] != "[":
            value, end = decoder.raw_decode(text, position)
            _expect_end(path, text, end)
            yield lines.at(position), value
            return
        position = _skip_space(text, position + 1)
        while text[position] != "]":
            value, end = decoder.raw_decode(text, position)
            yield lines.at(position), value
            position = _skip_space(text, end)
            if text[position] == ",":
                position = _skip_space(text, position + 1)
            elif text[position] != "]":
                raise ImportFailed(path, _line(text, position), "malformed JSON: expected , or ]")
        _expect_end(path, text, position + 1)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            path, error.lineno, f"malformed JSON: {error.msg} (column {error.colno})"
        ) from None
    except STRICT_JSON_ERRORS as error:
        raise ImportFailed(path, _line(text, position), strict_json_reason(error)) from None
    except IndexError:
        raise ImportFailed(
            path, _line(text, len(text)), "malformed JSON: the file ends early"
        ) from None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _expect_end(path: Path, text: str, position: int) -> None:
    position = _skip_space(text, position)
    if position < len(text):
        raise ImportFailed(path, _line(text, position), "malformed JSON: extra data after the end")


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


class _LineCounter:
    """Line numbers of increasing positions in a text, counted once through."""

    def __init__(self, text: str) -> None:
        self.text, self.position, self.line = text, 0, 1

    def at(self, position: int) -> int:
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line
