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
    """Rows as records; the line of each is where its row starts in the file.

    Read strictly: a quoted field never closed (which a lenient reader runs on to the end of
    the file, making one record of every row after it) or text after a closing quote is an
    ImportFailed naming the line the row starts on, even with --skip-invalid.
    """
    handle = io.StringIO(read_text_file(path), newline="")
    reader = csv.reader(handle, strict=True)
    line = 1
    try:
        columns = [name.strip() for name in next(reader)]
        if "text" not in columns:
            found = ", ".join(columns) or "none"
            raise ImportFailed(path, 1, f"no 'text' column (columns: {found})")
        rows = 0
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if any(cell.strip() for cell in row):
                rows += 1
                yield _record(path, start, columns, row)
    except csv.Error as error:
        raise ImportFailed(path, line, _csv_error(str(error))) from None
    if rows == 0:
        raise ImportFailed(path, 1, "only a header, no rows of articles")


def _csv_error(message: str) -> str:
    if message == "unexpected end of data":
        return 'a quoted field starting in this row is never closed (a " is missing)'
    return f"malformed CSV: {message}"


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
