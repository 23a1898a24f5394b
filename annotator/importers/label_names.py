"""The label names a file uses, for a schema made from a team's own data (`init --labels-from`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.importers import SHAPED, detect_format, json_container, reader_for
from annotator.importers.jsonl import read_lines
from annotator.importers.prepare import parse_raw_line
from annotator.importers.records import ImportRecord, Rejection


def labels_in_files(
    paths: Iterable[Path], format: str = "auto", spans_key: str | None = None
) -> list[str]:
    """Every label the files' spans use, in order of first use; ImportFailed on bad input."""
    seen: dict[str, None] = {}
    for path in paths:
        for item in _records(Path(path), detect_format(Path(path), format), spans_key):
            if isinstance(item, Rejection):
                raise item.error()
            seen.update(dict.fromkeys(span.label for span in item.spans or []))
    return list(seen)


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
