"""`export --format events`: event records to a CSV (spreadsheet-safe) or JSON-lines file,
and a report of linked and inferred fields with casualty totals.

Records are written as they are made, so memory follows the largest record, not the project.
A big export is written in parts by `EXPORT_WORKERS` processes (each part a run of documents,
in order), then joined into the output file.
"""

from __future__ import annotations

import concurrent.futures
import csv
import gc
import json
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from annotator.exporters.atomic import atomic_text_file, check_file_output
from annotator.exporters.event_csv import CsvRecordsWriter
from annotator.exporters.event_totals import EventTotals
from annotator.exporters.events import (
    COLUMNS,
    FIELDS,
    FIGURE_RELATIONS,
    NAMES_COLUMN,
    event_rows,
)
from annotator.exporters.source import ExportError, checked_labels, checked_source
from annotator.store import Project
from annotator.store.event_queries import done_ids, event_documents
from annotator.store.exports import check_in_text
from annotator.workers import worker_pool, workers_setting

EXPORT_WORKERS = workers_setting("ANNOTATOR_EXPORT_WORKERS")
PARALLEL_FROM = 2000
"""Exports of this many documents or more are written in parts by worker processes."""
PART_SIZE = 500
RUN = 256
"""Records of a document counted and written together (memory follows this many at most)."""
STATES = ("inferred", "linked", "empty")
"""How a record's field was filled: by the reading rule, by relations, or not at all."""


def _records_writer(handle: TextIO, file_format: str) -> Callable[[list[list[Any]]], Any]:
    """A writer of one document's records."""
    if file_format == "csv":
        return CsvRecordsWriter(handle).write
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    return lambda records: handle.write(
        "".join([encode(dict(zip(COLUMNS, record))) + "\n" for record in records])
    )


def _file_format(output: Path) -> str:
    check_file_output(output)
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise ExportError(f"{output}: event records go to a .csv or a .jsonl file")
    return suffix[1:]


def write_records(
    project: Project,
    source: str,
    labels: set[str] | None,
    ids: list[int],
    handle: TextIO,
    file_format: str,
) -> tuple[Counter[str], EventTotals]:
    """Write the records of documents `ids` to `handle`; returns (counts, totals)."""
    write = _records_writer(handle, file_format)
    totals = EventTotals()
    states = [0] * (3 * len(FIELDS))  # per field: inferred, linked, empty
    fields = [(3 * number, NAMES_COLUMN[name]) for number, name in enumerate(FIELDS)]
    documents = events = 0
    read = event_documents(project, source, ids, labels, FIGURE_RELATIONS)
    for id_, document in zip(ids, read):  # in the order of `ids`
        for group in document.spans.values():  # only a damaged file has a span off its text
            check_in_text(id_, document.uid, document.text, group.starts, group.ends)
        documents += 1
        made = event_rows(document)
        while records := list(islice(made, RUN)):
            events += len(records)
            for record in records:
                for first, names in fields:  # inferred, linked or empty
                    states[first + (0 if record[names + 2] else 1 if record[names] else 2)] += 1
            totals.add_document(records)
            write(records)
    counts = Counter({"documents": documents, "events": events})
    for number, name in enumerate(FIELDS):
        for offset, state in enumerate(STATES):
            counts[f"{name} {state}"] = states[3 * number + offset]
    return counts, totals


def write_part(
    project_path: Path,
    source: str,
    labels: set[str] | None,
    ids: list[int],
    part: Path,
    file_format: str,
) -> tuple[Counter[str], EventTotals]:
    """One worker's part: the records of `ids` into the file `part`. The worker's cyclic
    garbage collector waits till the part is written: records make no cycles, and each of its
    passes would walk every object the part holds (a tenth of the time)."""
    gc.disable()
    try:
        with (
            Project.open(project_path, read_only=True) as project,
            part.open("w", encoding="utf-8", newline="") as handle,
        ):
            return write_records(project, source, labels, ids, handle, file_format)
    finally:
        gc.enable()


def export_events(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    labels: Iterable[str] | None = None,
    excel: bool = False,
) -> dict[str, Any]:
    """Write one record per casualty figure of `source`'s done documents to `output` (CSV or
    JSON lines by its extension; `excel` starts a CSV with a BOM)."""
    output = Path(output)
    file_format = _file_format(output)
    source = checked_source(project, source)
    wanted = checked_labels(project, labels)
    ids = done_ids(project, source)
    counts: Counter[str] = Counter()
    totals = EventTotals()
    with atomic_text_file(output) as handle:
        if file_format == "csv":
            handle.write("\ufeff" if excel else "")
            csv.writer(handle).writerow(COLUMNS)
        with worker_pool(EXPORT_WORKERS, needed=len(ids) >= PARALLEL_FROM, fork=True) as executor:
            if executor is None:
                results = [write_records(project, source, wanted, ids, handle, file_format)]
            else:
                results = _write_parts(
                    executor, project.path, source, wanted, ids, handle, file_format
                )
            for part_counts, part_totals in results:
                counts.update(part_counts)
                totals.merge(part_totals)
    return _report(source, output, counts, totals)


def _write_parts(executor, project_path, source, labels, ids, handle, file_format):
    """Parts written by the workers, each copied into `handle` in order as it is done; yields
    each part's (counts, totals) then, so they are added while the workers go on."""
    folder = Path(handle.name).with_suffix(f".{uuid.uuid4().hex[:8]}.parts")
    folder.mkdir()
    futures = []
    try:
        for number, first in enumerate(range(0, len(ids), PART_SIZE)):
            part = folder / f"{number:06d}"
            chunk = ids[first : first + PART_SIZE]
            futures.append(
                (
                    part,
                    executor.submit(
                        write_part, project_path, source, labels, chunk, part, file_format
                    ),
                )
            )
        for part, future in futures:
            result = future.result()
            handle.flush()
            with part.open("rb") as written:  # as bytes: both are UTF-8
                shutil.copyfileobj(written, handle.buffer)
            part.unlink()
            yield result
    finally:
        # After a failure, parts still being written would land in (and keep) the folder:
        # the pending ones are cancelled, the running ones waited for, then it goes.
        for _, future in futures:
            future.cancel()
        concurrent.futures.wait([future for _, future in futures])
        shutil.rmtree(folder, ignore_errors=True)


def _report(source: str, output: Path, counts: Counter[str], totals: EventTotals) -> dict[str, Any]:
    return {
        "source": source,
        "output": str(output),
        "documents": counts["documents"],
        "events": counts["events"],
        "linked": sum(counts[f"{name} linked"] for name in FIELDS),
        "inferred": sum(counts[f"{name} inferred"] for name in FIELDS),
        "fields": {
            name: {state: counts[f"{name} {state}"] for state in ("linked", "inferred", "empty")}
            for name in FIELDS
        },
        "totals": totals.as_dict(),
    }
