"""Reads for the events export: done documents with their meta and the source's relations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from annotator.store.export_queries import (
    BATCH_SIZE,
    ExportDocument,
    documents_by_id,
    done_document_uids,
)
from annotator.store.project import Project
from annotator.store.relations import RelationKey, relation_keys_of_documents


def done_ids(project: Project, source: str) -> list[int]:
    """Ids of the documents `source` marked done, in id order."""
    return [document for document, _ in done_document_uids(project, source)]


def event_documents(
    project: Project,
    source: str,
    ids: list[int],
    labels: set[str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[ExportDocument, dict[str, Any], list[RelationKey]]]:
    """(document with `source`'s spans, its meta, `source`'s relations in it) for each of
    `ids`, in that order; a batch of documents in memory at a time."""
    for first in range(0, len(ids), batch_size):
        chunk = ids[first : first + batch_size]
        metas = dict(
            project.conn.execute(
                "SELECT id, meta FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(chunk),),
            )
        )
        relations = relation_keys_of_documents(project, source, chunk)
        for document in documents_by_id(project, source, chunk, labels, batch_size):
            yield document, json.loads(metas[document.id]), relations.get(document.id, [])
