"""The spaCy export's files planned as shards, written in-process or by worker processes.

A split (train or dev) of up to `shard_size` documents is one DocBin file; a bigger one is a
folder of numbered shards of `shard_size` documents each, in document order. Each shard is
written on its own from the project file, so big exports share the work among
`EXPORT_WORKERS` processes and any export holds at most one shard per process in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.exporters.docbin_writer import DocBinWriter
from annotator.store import Project
from annotator.store.export_queries import documents_by_id
from annotator.store.relations import RelationsByDocument
from annotator.workers import worker_pool, workers_setting

EXPORT_WORKERS = workers_setting("ANNOTATOR_EXPORT_WORKERS")
"""Processes writing the shards of a big export (ANNOTATOR_EXPORT_WORKERS); 1 writes them here."""
PARALLEL_FROM = 5_000
"""Documents from which shards are written by worker processes."""


@dataclass(frozen=True)
class Shard:
    """One DocBin file to write: `documents` (ids, in order) of one split."""

    split: str
    path: Path
    documents: list[int]


@dataclass
class ShardCounts:
    """What writing shards added up to, for the export report."""

    documents: int = 0
    negative: int = 0
    left_out: int = 0
    per_label: Counter[str] = field(default_factory=Counter)

    def add(self, other: ShardCounts) -> None:
        self.documents += other.documents
        self.negative += other.negative
        self.left_out += other.left_out
        self.per_label.update(other.per_label)


def plan_shards(folder: Path, splits: dict[str, list[int]], shard_size: int) -> list[Shard]:
    """`folder/SPLIT.spacy` as one file, or as a folder of shards past `shard_size` documents."""
    shards = []
    for split, documents in splits.items():
        path = folder / f"{split}.spacy"
        if len(documents) <= shard_size:
            shards.append(Shard(split, path, documents))
            continue
        path.mkdir()
        for number, first in enumerate(range(0, len(documents), shard_size)):
            part = documents[first : first + shard_size]
            shards.append(Shard(split, path / f"{number:04d}.spacy", part))
    return shards


def shard_order(shard: Path) -> tuple[int, int, str]:
    """Sort key of a split's shards: by number (10000 after 9999), then any others by name."""
    stem = shard.stem
    return (0, int(stem), stem) if stem.isascii() and stem.isdigit() else (1, 0, stem)


def write_shard(
    project: Project | Path, source: str, labels: set[str] | None, shard: Shard
) -> ShardCounts:
    """Write one shard; a worker process gets the project's path and opens it itself."""
    if not isinstance(project, Project):
        with Project.open(project, read_only=True) as opened:
            return write_shard(opened, source, labels, shard)
    from annotator.exporters.spacy import SPANS_KEY, add_document

    writer = DocBinWriter(SPANS_KEY)
    counts = ShardCounts()
    relations = RelationsByDocument(project, source)
    for document in documents_by_id(project, source, shard.documents, labels):
        counts.left_out += add_document(
            writer, document, source, relations.get(document.id, source)
        )
        counts.per_label.update(span.label for span in document.spans)
        counts.negative += not document.spans
        counts.documents += 1
    writer.to_disk(shard.path)
    return counts


def write_shards(
    project: Project, source: str, labels: set[str] | None, shards: list[Shard]
) -> ShardCounts:
    """Write every shard, by worker processes when the export is big; returns the totals."""
    total = ShardCounts()
    documents = sum(len(shard.documents) for shard in shards)
    with worker_pool(EXPORT_WORKERS, needed=documents >= PARALLEL_FROM) as executor:
        if executor is None:
            results: Iterable[ShardCounts] = (
                write_shard(project, source, labels, shard) for shard in shards
            )
        else:
            futures = [
                executor.submit(write_shard, project.path, source, labels, shard)
                for shard in shards
            ]
            results = (future.result() for future in futures)
        for counts in results:
            total.add(counts)
    return total
