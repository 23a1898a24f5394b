"""Importers: txt, html, csv and Prodigy-shaped JSONL files into a project, whole or not at all."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from annotator.importers.batches import BatchWriter, Counts
from annotator.importers.checking import SpanChecker
from annotator.importers.jsonl import read_lines
from annotator.importers.prepare import (
    Prepared,
    ordered_map,
    prepare_jsonl_lines,
    prepare_records,
)
from annotator.importers.records import (
    ImportCancelled,
    ImportFailed,
    ImportRecord,
    Rejection,
)
from annotator.model import DEFAULT_IMPORT_ANNOTATOR
from annotator.store import Project
from annotator.store.staged_import import StagedImport
from annotator.workers import worker_pool, workers_setting

__all__ = ["ImportCancelled", "ImportFailed", "ImportRecord", "ImportReport", "import_files"]

BATCH_SIZE = 256
WORKERS = workers_setting("ANNOTATOR_IMPORT_WORKERS")
"""Processes preparing (parsing, tokenising, checking) big JSONL imports while this one
writes; ANNOTATOR_IMPORT_WORKERS=1 prepares in-process. Two workers import 1.4 times as fast
on an idle 2-core machine; more do not help, since SQLite writes in one process (see
tests/bench/bench_import.py)."""
PARALLEL_FROM = 5_000
"""Records (estimated) from which JSONL is prepared in worker processes."""
FORMATS = ("txt", "html", "jsonl", "csv")
EXTENSIONS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".csv": "csv"}

Reader = Callable[[Path], Iterable[ImportRecord | Rejection]]


class ImportReport(BaseModel):
    """What one import did; the command prints it and `--json` dumps it."""

    files: list[str] = Field(default_factory=list)
    documents_new: int = 0
    documents_existing: int = 0
    spans: int = 0
    spans_widened: int = 0
    relations: int = 0
    annotators: dict[str, dict[str, int]] = Field(default_factory=dict)
    rejected: int = 0
    rejects_files: list[str] = Field(default_factory=list)


def detect_format(path: Path, format: str = "auto") -> str:
    """The format to read `path` as: `format` itself, or by the file's extension for auto."""
    if format in FORMATS:
        return format
    if format != "auto":
        raise ImportFailed(
            path, 1, f"unknown format {format!r} (formats: auto, {', '.join(FORMATS)})"
        )
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        known = " ".join(EXTENSIONS)
        raise ImportFailed(
            path, 1, f"cannot tell the format from the extension (known: {known}); give --format"
        )
    return found


def reader_for(format: str) -> Reader:
    if format == "txt":
        from annotator.importers.txt import read_txt

        return read_txt
    if format == "html":
        from annotator.importers.html import read_html

        return read_html
    if format == "csv":
        from annotator.importers.csv_ import read_csv

        return read_csv
    from annotator.importers.jsonl import read_jsonl

    return read_jsonl


def import_files(
    project: Project,
    paths: list[Path],
    *,
    format: str = "auto",
    annotator: str | None = None,
    skip_invalid: bool = False,
    progress: Callable[[int, int], bool] | None = None,
) -> ImportReport:
    """Import `paths` whole: on any error, cancel or kill the project is left as it was.

    The import commits in short steps (store/staged_import.py), so edits from the window go in
    meanwhile; the new documents and statuses appear together when the last step commits.

    Bad input raises ImportFailed (`FILE:LINE: reason`) unless `skip_invalid`, which stores the
    valid records and writes the others with their reasons to `FILE.rejects.jsonl`.
    `progress(done, total)` is called after every batch (total is an estimate); returning
    False cancels (ImportCancelled).
    """
    paths = [Path(path) for path in paths]
    formats = [detect_format(path, format) for path in paths]
    counts, rejects = Counts(), {}
    tick = _ProgressCounter(progress, sum(_estimate_records(path) for path in paths))
    checker = SpanChecker(project.schema)
    writer = BatchWriter(project, counts)
    log: list[dict[str, Any]] = []
    pool = worker_pool(WORKERS, needed=tick.total >= PARALLEL_FROM)
    with StagedImport(project) as staged, pool as executor:
        tick(0)
        for path, file_format in zip(paths, formats):
            before = _snapshot(counts)
            for batch in _prepared_batches(path, file_format, checker, annotator, executor):
                for portion in staged.portions(batch):
                    with staged.step(len(portion)):
                        rejected = writer.write(portion)
                        if rejected and not skip_invalid:
                            raise rejected[0].error()
                    rejects.setdefault(path, []).extend(rejected)
                tick(len(batch))
            done = {key: value - before[key] for key, value in _snapshot(counts).items()}
            log.append({"file": str(path), "format": file_format, **done})
        rejects_files = [write_rejects(path, items) for path, items in rejects.items() if items]

        def last_step(_conn: object) -> None:
            writer.store_statuses()
            for entry in log:
                project.log("import", annotator or DEFAULT_IMPORT_ANNOTATOR, data=entry)

        staged.publish(last_step)
    tick.finish()
    report = ImportReport(files=[str(path) for path in paths], **vars(counts))
    report.rejects_files = [str(path) for path in rejects_files]
    return report


def _prepared_batches(
    path: Path,
    file_format: str,
    checker: SpanChecker,
    annotator: str | None,
    executor: Executor | None,
) -> Iterator[list[Prepared | Rejection]]:
    """Batches of prepared records of one file, in file order; JSONL by worker processes."""
    if file_format != "jsonl":
        for batch in _batched(reader_for(file_format)(path), BATCH_SIZE):
            yield prepare_records(batch, checker, annotator)
        return
    schema_json = checker.schema.model_dump_json()
    tasks = (
        (str(path), lines, schema_json, annotator)
        for lines in _batched(read_lines(path), BATCH_SIZE)
    )
    yield from ordered_map(executor, prepare_jsonl_lines, tasks, ahead=2 * WORKERS)


def rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.rejects.jsonl")


def write_rejects(path: Path, rejections: list[Rejection]) -> Path:
    """Write the rejected records of `path`, each with its line and reason, beside it."""
    target = rejects_path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for rejection in rejections:
            raw = rejection.raw
            if isinstance(raw, bytes):
                raw = raw.decode("utf-8", errors="replace")
            entry = {"line": rejection.line, "reason": rejection.reason, "record": raw}
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    temporary.replace(target)
    return target


def _snapshot(counts: Counts) -> dict[str, int]:
    return {key: value for key, value in vars(counts).items() if isinstance(value, int)}


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _estimate_records(path: Path) -> int:
    """Lines in a JSONL or CSV file (one record each, roughly); 1 for other files."""
    if path.suffix.lower() not in (".jsonl", ".csv") or not path.is_file():
        return 1
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines, 1)


class _ProgressCounter:
    def __init__(self, progress: Callable[[int, int], bool] | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, count: int) -> None:
        self.done += count
        self.total = max(self.total, self.done)
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise ImportCancelled("import cancelled; nothing was stored")

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.done)
