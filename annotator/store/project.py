"""The project: documents, spans and statuses read and written as pydantic records."""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from annotator.model import Document, Span, Status, now_iso
from annotator.schema import LabelSchema, load_schema
from annotator.spans import SpanError, check_span
from annotator.store.connection import Connection
from annotator.store.migrations import SHOWN
from annotator.tokens import DEFAULT_LANGUAGE, Tokens

SPAN_COLUMNS = 'id, document, annotator, start, "end", label, attrs, created, updated'
SPAN_IDENTITY = 'document = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?'
TOKEN_CACHE_SIZE = 8


def _span(row: tuple) -> Span:
    id_, document, annotator, start, end, label, attrs, created, updated = row
    return Span(
        id=id_,
        document=document,
        annotator=annotator,
        start=start,
        end=end,
        label=label,
        attrs=json.loads(attrs),
        created=created,
        updated=updated,
    )


class Project(Connection):
    """One project file. Every edit is one transaction and one row in the log."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False) -> None:
        super().__init__(path, conn, read_only)
        self._tokens: OrderedDict[int, Tokens] = OrderedDict()

    @classmethod
    def create(
        cls, path: Path | str, schema: LabelSchema | None = None, language: str = DEFAULT_LANGUAGE
    ) -> Project:
        return cls.create_path(path, schema or load_schema(), language)  # type: ignore[return-value]

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False) -> Project:
        """Open a project (`read_only`: only to read it, see `Connection.open_path`); a writer
        first undoes any import whose process died before it finished."""
        project: Project = cls.open_path(path, read_only)  # type: ignore[assignment]
        if read_only:
            return project
        if project.conn.execute("SELECT 1 FROM imports LIMIT 1").fetchone():
            from annotator.store.staged_import import undo_abandoned_imports

            undo_abandoned_imports(project)
        return project

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Documents

    def add_document(self, document: Document, tokens: Tokens) -> tuple[int, bool]:
        """Store a document unless one with its uid exists; returns (id, newly added)."""
        existing = self.document_id(document.uid)
        if existing is not None:
            return existing, False
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO documents (uid, title, meta, text, tokens, added)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    document.uid,
                    document.title,
                    json.dumps(document.meta, ensure_ascii=False),
                    document.text,
                    tokens.pack(),
                    now_iso(),
                ),
            )
        return int(cursor.lastrowid), True

    def document_id(self, uid: str) -> int | None:
        row = self.conn.execute("SELECT id FROM documents WHERE uid = ?", (uid,)).fetchone()
        return row[0] if row else None

    def document(self, document_id: int) -> Document:
        row = self.conn.execute(
            "SELECT id, uid, title, meta, text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        id_, uid, title, meta, text = row
        return Document(id=id_, uid=uid, title=title, text=text, meta=json.loads(meta))

    def documents(self, batch_size: int = 500) -> Iterator[Document]:
        """Every document in id order, read in batches so memory stays flat."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT id, uid, title, meta, text FROM documents"
                f" WHERE id > ? AND id {SHOWN} ORDER BY id LIMIT ?",
                (last, batch_size),
            ).fetchall()
            for id_, uid, title, meta, text in rows:
                yield Document(id=id_, uid=uid, title=title, text=text, meta=json.loads(meta))
            if len(rows) < batch_size:
                return
            last = rows[-1][0]

    def document_count(self) -> int:
        return self.conn.execute(
            "SELECT (SELECT count(*) FROM documents) - (SELECT count(*) FROM import_documents)"
        ).fetchone()[0]

    def tokens(self, document_id: int) -> Tokens:
        """The stored token offsets of a document (the last few are cached)."""
        cached = self._tokens.get(document_id)
        if cached is not None:
            self._tokens.move_to_end(document_id)
            return cached
        row = self.conn.execute(
            "SELECT tokens, text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        tokens = Tokens.unpack(row[0], row[1])
        self._tokens[document_id] = tokens
        if len(self._tokens) > TOKEN_CACHE_SIZE:
            self._tokens.popitem(last=False)
        return tokens

    # Spans

    def prepare_span(self, span: Span) -> tuple[Span, bool]:
        """The span as it would be stored (validated, snapped) and whether it was widened."""
        try:
            tokens = self.tokens(span.document)
        except KeyError:
            raise SpanError(f"no document {span.document}") from None
        return check_span(span, tokens, self.schema)

    def add_span(self, span: Span) -> Span:
        """Validate, snap to tokens and store a span; raises SpanError if it cannot be stored."""
        checked, _ = self.prepare_span(span)
        stamp = now_iso()
        with self.transaction() as conn:
            try:
                cursor = conn.execute(
                    f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    self._span_row(checked, stamp),
                )
            except sqlite3.IntegrityError:
                raise SpanError(
                    f"{checked.annotator} already has {checked.label} at "
                    f"[{checked.start}, {checked.end})"
                ) from None
            stored = checked.model_copy(
                update={"id": cursor.lastrowid, "created": stamp, "updated": stamp}
            )
            self.log(
                "span.add",
                stored.annotator,
                document=stored.document,
                span=stored.id,
                data={"after": _span_data(stored)},
            )
        return stored

    def insert_checked_spans(self, spans: Iterable[Span]) -> int:
        """Bulk-insert spans already passed through `prepare_span`; identical ones are skipped.

        For importers: no log row per span (the importer logs the import). Returns how many
        were new.
        """
        stamp = now_iso()
        with self.transaction() as conn:
            cursor = conn.executemany(
                f"INSERT OR IGNORE INTO spans ({SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._span_row(span, stamp) for span in spans),
            )
            return max(cursor.rowcount, 0)  # rows inserted, not the changes of triggers

    @staticmethod
    def _span_row(span: Span, stamp: str) -> tuple:
        return (
            span.id,
            span.document,
            span.annotator,
            span.start,
            span.end,
            span.label,
            json.dumps(span.attrs, ensure_ascii=False),
            span.created or stamp,
            span.updated or stamp,
        )

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return _span(row)

    def find_span(self, span: Span) -> Span | None:
        """The stored span with the identity of `span`: (document, annotator, start, end, label).

        Undo, review and merge find spans this way, never by a row id: an id names one row
        only for as long as that row lives.
        """
        row = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE {SPAN_IDENTITY}", _identity(span)
        ).fetchone()
        return _span(row) if row else None

    def _locate(self, span: Span | int) -> Span:
        """The stored span `span` stands for (a record found by identity, or a row id)."""
        if isinstance(span, int):
            return self.span(span)
        found = self.find_span(span)
        if found is None:
            raise SpanError(
                f"{span.annotator} no longer has {span.label} at [{span.start}, {span.end}) "
                "(changed elsewhere); nothing was changed"
            )
        return found

    def spans(self, document_id: int, annotator: str | None = None) -> list[Span]:
        """Spans of a document (of one annotator, or all), ordered by start, then longest first."""
        where, args = "document = ?", [document_id]
        if annotator is not None:
            where, args = where + " AND annotator = ?", [*args, annotator]
        rows = self.conn.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY start, "end" DESC, label',
            args,
        ).fetchall()
        return [_span(row) for row in rows]

    def span_positions(
        self, document_id: int, annotator: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """(ids, starts, ends, labels) of one annotator's spans of a document, in no order.

        Read from the covering index alone (no table row, no record per span): the columns
        an article's span index needs, 50,000 spans in well under 0.1 s."""
        rows = self.conn.execute(
            'SELECT id, start, "end", label FROM spans WHERE document = ? AND annotator = ?',
            (document_id, annotator),
        ).fetchall()
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, []
        ids, starts, ends, labels = zip(*rows, strict=True)
        return (*(np.array(c, dtype=np.int64) for c in (ids, starts, ends)), list(labels))

    def span_attrs(self, span_id: int) -> dict[str, Any]:
        """A span's attributes ({} for a span that is gone)."""
        row = self.conn.execute("SELECT attrs FROM spans WHERE id = ?", (span_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    def update_span(
        self,
        span: Span | int,
        *,
        label: str | None = None,
        attrs: dict[str, Any] | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Span:
        """Change a span's label, attributes or boundaries; attributes are replaced whole.

        `span` is a record (found by its identity) or a row id. A relabel that would break
        one of the span's relations is refused (RelationError), and nothing changes.
        """
        with self.transaction() as conn:
            before = self._locate(span)
            changes: dict[str, Any] = {
                k: v
                for k, v in {"label": label, "start": start, "end": end}.items()
                if v is not None
            }
            relabel = label is not None and label != before.label
            if relabel:
                from annotator.store.relations import check_relabel  # builds on this module

                check_relabel(self, before.id, label)  # its relations must still fit the schema
            if attrs is not None:
                changes["attrs"] = attrs
            elif relabel:
                changes["attrs"] = {}
            candidate = Span.model_validate({**before.model_dump(), **changes})
            checked, _ = self.prepare_span(candidate)
            stamp = now_iso()
            after = checked.model_copy(update={"updated": stamp})
            try:
                conn.execute(
                    'UPDATE spans SET start = ?, "end" = ?, label = ?, attrs = ?, updated = ?'
                    " WHERE id = ?",
                    (
                        after.start,
                        after.end,
                        after.label,
                        json.dumps(after.attrs, ensure_ascii=False),
                        stamp,
                        before.id,
                    ),
                )
            except sqlite3.IntegrityError:
                raise SpanError(
                    f"{after.annotator} already has {after.label} at [{after.start}, {after.end})"
                ) from None
            self.log(
                "span.update",
                after.annotator,
                document=after.document,
                span=before.id,
                data={"before": _span_data(before), "after": _span_data(after)},
            )
        return after

    def delete_span(self, span: Span | int) -> Span:
        """Remove a span (a record found by identity, or a row id); returns it as it was."""
        with self.transaction() as conn:
            before = self._locate(span)
            conn.execute("DELETE FROM spans WHERE id = ?", (before.id,))
            self.log(
                "span.delete",
                before.annotator,
                document=before.document,
                span=before.id,
                data={"before": _span_data(before)},
            )
        return before

    def restore_span(self, span: Span) -> Span:
        """Put back a deleted span with its times (undo of a delete); returns it as stored.

        It keeps its old id: ids are never reused, so the id is free unless the span is
        already back, which the identity check refuses.
        """
        with self.transaction() as conn:
            if self.find_span(span) is not None:
                raise SpanError(
                    f"{span.annotator} already has {span.label} at [{span.start}, {span.end})"
                )
            taken = (
                span.id is not None
                and conn.execute("SELECT 1 FROM spans WHERE id = ?", (span.id,)).fetchone()
            )
            stored = span.model_copy(update={"id": None}) if taken else span
            cursor = conn.execute(
                f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._span_row(stored, now_iso()),
            )
            stored = stored.model_copy(update={"id": cursor.lastrowid})
            self.log(
                "span.restore",
                stored.annotator,
                document=stored.document,
                span=stored.id,
                data={"after": _span_data(stored)},
            )
        return stored

    def annotators(self) -> list[str]:
        """Everyone with a span or a status in this project, sorted."""
        rows = self.conn.execute(
            "SELECT DISTINCT annotator FROM spans UNION SELECT DISTINCT annotator FROM status"
        ).fetchall()
        return sorted(row[0] for row in rows)

    # Statuses

    def status(self, document_id: int, annotator: str) -> Status:
        row = self.conn.execute(
            "SELECT status FROM status WHERE document = ? AND annotator = ?",
            (document_id, annotator),
        ).fetchone()
        return Status(row[0]) if row else Status.todo

    def set_status(self, document_id: int, annotator: str, status: Status) -> Status:
        """Set an annotator's status of a document; returns the previous one."""
        before = self.status(document_id, annotator)
        status = Status(status)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO status (document, annotator, status, updated) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (document, annotator)"
                " DO UPDATE SET status = excluded.status, updated = excluded.updated",
                (document_id, annotator, status.value, now_iso()),
            )
            self.log(
                "status.set",
                annotator,
                document=document_id,
                data={"before": before.value, "after": status.value},
            )
        return before

    def documents_with_status(self, annotator: str, status: Status = Status.done) -> list[int]:
        rows = self.conn.execute(
            "SELECT document FROM status WHERE annotator = ? AND status = ? ORDER BY document",
            (annotator, Status(status).value),
        ).fetchall()
        return [row[0] for row in rows]

    # Summary

    def stats(self) -> dict[str, Any]:
        """Counts for `annotator stats` (see store/stats.py)."""
        from annotator.store.stats import project_stats

        return project_stats(self)


def _identity(span: Span) -> tuple[int, str, int, int, str]:
    return span.document, span.annotator, span.start, span.end, span.label


def _span_data(span: Span) -> dict[str, Any]:
    return span.model_dump(include={"start", "end", "label", "attrs"})
