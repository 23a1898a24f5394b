"""Importers: txt, html, csv, JSONL/JSON (Prodigy, doccano, Label Studio), spaCy DocBin and
CoNLL/IOB files into a project, whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from annotator.errors import AnnotatorError
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
from annotator.importers.rejects import RejectsFiles
from annotator.model import DEFAULT_IMPORT_ANNOTATOR, annotator_name_problem
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
FORMATS = (
    "txt",
    "html",
    "jsonl",
    "json",
    "csv",
    "spacy",
    "conll",
    "iob",
    "prodigy",
    "doccano",
    "label-studio",
)
SHAPED = ("prodigy", "doccano", "label-studio")
"""Formats that name the tool whose JSON records a .jsonl or .json file holds."""
EXTENSIONS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".spacy": "spacy",
    ".conll": "conll",
    ".conll03": "conll",
    ".bio": "conll",
    ".iob": "iob",
}

FOLDER = (
    "is a folder, not a file (a folder of spaCy shards is read when named NAME.spacy, or with"
    " --format spacy)"
)

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
    left_out: dict[str, int] = Field(default_factory=dict)
    """What the files hold that could not be stored (relations, document labels), by kind."""
    rejects_files: list[str] = Field(default_factory=list)


def detect_format(path: Path, format: str = "auto") -> str:
    """The format to read `path` as: `format` itself, or by the file's extension for auto."""
    if format in FORMATS:
        return format
    if format != "auto":
        raise ImportFailed(
            path, 1, f"unknown format {format!r} (formats: auto, {', '.join(FORMATS)})"
        )
    if path.is_dir() and path.suffix.lower() != ".spacy":  # NAME.spacy/: the export's shards
        raise ImportFailed(path, 1, FOLDER)
    found = EXTENSIONS.get(path.suffix.lower()) or _format_from_content(path)
    if found is None:
        known = " ".join(EXTENSIONS)
        raise ImportFailed(
            path, 1, f"cannot tell the format from the extension (known: {known}); give --format"
        )
    return found


def _format_from_content(path: Path) -> str | None:
    """jsonl, json or conll by how the file starts, for a file whose extension says nothing."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return None
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"-DOCSTART-"):
        return "conll"
    return None


def json_container(path: Path) -> str:
    """'json' if the file holds one JSON list (or object over many lines), else 'jsonl'."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return "jsonl"
    return "json" if start.startswith(b"[") else "jsonl"


def reader_for(format: str, spans_key: str | None = None) -> Reader:
    if format == "json":
        from annotator.importers.json_file import read_json

        return read_json
    if format in SHAPED:
        from annotator.importers.json_file import read_json

        return partial(read_json, shape=format)
    if format == "spacy":
        from annotator.importers.docbin import read_docbin

        return partial(read_docbin, spans_key=spans_key)
    if format in ("conll", "iob"):
        from annotator.importers import conll

        return conll.read_conll if format == "conll" else conll.read_iob
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
    spans_key: str | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> ImportReport:
    """Import `paths` whole: on any error, cancel or kill the project is left as it was.

    The import commits in short steps (store/staged_import.py), so edits from the window go in
    meanwhile; the new documents and statuses appear together when the last step commits.

    Bad input raises ImportFailed (`FILE:LINE: reason`) unless `skip_invalid`, which stores the
    valid records and writes the others with their reasons to `FILE.rejects.jsonl` (written
    before the commit: RejectsUnwritable if it cannot be, and the project is left unchanged).
    `progress(done, total)` is called after every batch (total is an estimate); returning
    False cancels (ImportCancelled). `spans_key` picks the one span group of a DocBin to read.
    """
    if annotator is not None and (problem := annotator_name_problem(annotator)):
        raise AnnotatorError(f"--annotator: {problem}")
    paths = [Path(path) for path in paths]
    formats = [detect_format(path, format) for path in paths]
    counts = Counts()
    tick = _ProgressCounter(progress, sum(_estimate_records(path) for path in paths))
    checker = SpanChecker(project.schema)
    writer = BatchWriter(project, counts)
    log: list[dict[str, Any]] = []
    pool = worker_pool(WORKERS, needed=tick.total >= PARALLEL_FROM)
    rejects = RejectsFiles()
    try:
        with StagedImport(project) as staged, pool as executor:
            tick(0)
            for path, file_format in zip(paths, formats):
                before = _snapshot(counts)
                batches = _prepared_batches(
                    path, file_format, checker, annotator, project.language, executor, spans_key
                )
                read = 0
                for batch in batches:
                    read += len(batch)
                    for portion in staged.portions(batch):
                        with staged.step(len(portion)):
                            rejected = writer.write(portion)
                            if rejected and not skip_invalid:
                                raise rejected[0].error()
                        rejects.add(path, rejected)
                    tick(len(batch))
                if not read:  # an empty list, DocBin or CoNLL file: as an empty JSONL file is
                    raise ImportFailed(path, 1, "no articles in the file")
                done = {key: value - before[key] for key, value in _snapshot(counts).items()}
                log.append({"file": str(path), "format": file_format, **done})
            rejects.flush()

            def last_step(_conn: object) -> None:
                writer.store_statuses()
                for entry in log:
                    project.log("import", annotator or DEFAULT_IMPORT_ANNOTATOR, data=entry)

            staged.publish(last_step)
    except BaseException:
        rejects.discard()
        raise
    report = ImportReport(files=[str(path) for path in paths], **vars(counts))
    report.rejects_files = [str(target) for target in rejects.keep()]
    tick.finish()
    return report


def _prepared_batches(
    path: Path,
    file_format: str,
    checker: SpanChecker,
    annotator: str | None,
    language: str,
    executor: Executor | None,
    spans_key: str | None = None,
) -> Iterator[list[Prepared | Rejection]]:
    """Batches of prepared records of one file, in file order; JSONL by worker processes."""
    shape = file_format if file_format in SHAPED else "auto"
    if file_format != "jsonl" and not (file_format in SHAPED and json_container(path) == "jsonl"):
        for batch in _batched(reader_for(file_format, spans_key)(path), BATCH_SIZE):
            yield prepare_records(batch, checker, annotator, language)
        return
    schema_json = checker.schema.model_dump_json()
    tasks = (
        (str(path), lines, schema_json, annotator, language, shape)
        for lines in _batched(read_lines(path), BATCH_SIZE)
    )
    yield from ordered_map(executor, prepare_jsonl_lines, tasks, ahead=2 * WORKERS)


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
