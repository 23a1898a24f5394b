"""CSV files: one article per row; a `text` column, optional `title`, other columns go to meta."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from annotator.importers.records import (
    ImportFailed,
    ImportRecord,
    Rejection,
    normalise_newlines,
    read_text_file,
    title_from_text,
)


def read_csv(path: Path) -> Iterator[ImportRecord | Rejection]:
    """Rows as records; the line of each is where its row starts in the file."""
    handle = io.StringIO(read_text_file(path), newline="")
    reader = csv.reader(handle)
    header = next(reader)
    columns = [name.strip() for name in header]
    if "text" not in columns:
        found = ", ".join(columns) or "none"
        raise ImportFailed(path, 1, f"no 'text' column (columns: {found})")
    line = reader.line_num + 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        yield _record(path, start, columns, row)


def _record(path: Path, line: int, columns: list[str], row: list[str]) -> ImportRecord | Rejection:
    if len(row) != len(columns):
        reason = f"row has {len(row)} fields but the header has {len(columns)}"
        return Rejection(str(path), line, reason, raw=row)
    values = dict(zip(columns, row))
    text = normalise_newlines(values.pop("text")).strip()
    if not text:
        return Rejection(str(path), line, "empty 'text'", raw=row)
    title = values.pop("title", "").strip() or title_from_text(text)
    meta = {name: value for name, value in values.items() if name}
    return ImportRecord(text=text, title=title, meta=meta, source=str(path), line=line)
