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
    ImportFailed naming the line the row starts on, even with --skip-invalid. So is a header
    that would lose values: a name twice (the second column's values would replace the
    first's), or a column with no name that holds values (meta has no key for them).
    """
    text = read_text_file(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        columns = _columns(path, next(_rows(reader, len(text))))
        unnamed = [index for index, name in enumerate(columns) if not name]
        rows = 0
        line = reader.line_num + 1
        for row in _rows(reader, len(text)):
            start, line = line, reader.line_num + 1
            if any(cell.strip() for cell in row):
                rows += 1
                if len(row) == len(columns):
                    _check_unnamed(path, start, unnamed, row)
                yield _record(path, start, columns, row)
    except csv.Error as error:
        raise ImportFailed(path, line, _csv_error(str(error))) from None
    if rows == 0:
        raise ImportFailed(path, 1, "only a header, no rows of articles")


def _rows(reader: Iterator[list[str]], longest: int) -> Iterator[list[str]]:
    """The reader's rows, each read with the field size limit raised to `longest` (the file's
    length: an article of any length fits) and put back between rows, as the limit is
    global to the csv module and another reader may count on it."""
    while True:
        previous = csv.field_size_limit(max(longest, csv.field_size_limit()))
        try:
            row = next(reader, None)
        finally:
            csv.field_size_limit(previous)
        if row is None:
            return
        yield row


def _columns(path: Path, header: list[str]) -> list[str]:
    """The header's names, stripped; ImportFailed if there is no `text` or a name is twice."""
    columns = [name.strip() for name in header]
    if "text" not in columns:
        found = ", ".join(columns) or "none"
        raise ImportFailed(path, 1, f"no 'text' column (columns: {found})")
    for index, name in enumerate(columns):
        if name and name in columns[:index]:
            first = columns.index(name) + 1
            reason = f"column '{name}' is named twice (columns {first} and {index + 1})"
            raise ImportFailed(path, 1, f"{reason}; give each column its own name")
    return columns


def _check_unnamed(path: Path, line: int, unnamed: list[int], row: list[str]) -> None:
    """ImportFailed if a column without a name holds a value in `row`: it would be lost."""
    for index in unnamed:
        if row[index].strip():
            raise ImportFailed(
                path,
                1,
                f"column {index + 1} has no name but holds values (line {line}); "
                "name it in the header",
            )


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
