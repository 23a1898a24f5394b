"""Plain-text articles: one per file, the first non-empty line is the title, the rest the text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.importers.records import (
    ImportFailed,
    ImportRecord,
    normalise_newlines,
    read_text_file,
)


def read_txt(path: Path) -> Iterator[ImportRecord]:
    """Title = first non-empty line, stripped; text = everything after it, stripped."""
    lines = normalise_newlines(read_text_file(path)).split("\n")
    title_line = next(i for i, line in enumerate(lines) if line.strip())
    text = "\n".join(lines[title_line + 1 :]).strip()
    if not text:
        raise ImportFailed(path, title_line + 1, "the article has a title but no text after it")
    yield ImportRecord(
        text=text,
        title=lines[title_line].strip(),
        meta={"file": path.name},
        source=str(path),
        line=1,
    )
