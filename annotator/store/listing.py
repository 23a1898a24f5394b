"""The document list as the window pages it: rows with status and span count, search, progress."""

from __future__ import annotations

import re
from typing import NamedTuple

from annotator.model import Status
from annotator.store.migrations import SHOWN
from annotator.store.project import Project

STATUS_OF = (
    "coalesce((SELECT status FROM status WHERE document = d.id AND annotator = :who), 'todo')"
)
SPAN_COUNT_OF = "(SELECT count(*) FROM spans WHERE document = d.id AND annotator = :who)"
WORD = re.compile(r"\w+", re.UNICODE)


class DocumentRow(NamedTuple):
    """One line of the document list, for one annotator."""

    id: int
    title: str
    status: Status
    spans: int


class DocumentFilter(NamedTuple):
    """Which documents the list shows: a status (None for all) and search words ('' for all),
    and in which order: "order" (document order) or "uncertainty" (see ORDER_KEYS)."""

    status: Status | None = None
    search: str = ""
    order: str = "order"


ORDER_KEYS = {
    "order": ("d.id",),
    "uncertainty": (
        f"{STATUS_OF} != 'todo'",
        "u.score IS NULL",
        "-coalesce(u.score, 0)",
        "d.id",
    ),
}
"""Sort keys per order, all ascending and never NULL (so `row_of` can compare them as a row).
By uncertainty: articles still to do first, the one the model was least sure of first, those
without a score after them, then the settled ones; ties in document order."""
FROM_DOCUMENTS = {
    "order": "documents d",
    "uncertainty": "documents d LEFT JOIN uncertainty u ON u.document = d.id",
}


def fts_query(search: str) -> str:
    """An FTS5 query matching every word of `search` (the last as a prefix), safe for any input.

    Each word is quoted, so operators and punctuation a user types are never FTS5 syntax.
    """
    words = WORD.findall(search)
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    return " ".join(quoted) + "*"


MATCH_OPEN, MATCH_CLOSE = "\ue000", "\ue001"
"""Private-use characters FTS5's highlight() puts around matched words (never in our text)."""
MARKED = re.compile(f"{MATCH_OPEN}[^{MATCH_CLOSE}]*{MATCH_CLOSE}")


def match_ranges(project: Project, document: int, search: str) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the article's text that `search` matches, as FTS5
    reports them (its highlight() of the text column); [] for no search or no match."""
    query = fts_query(search)
    if not query:
        return []
    row = project.conn.execute(
        "SELECT highlight(documents_fts, 1, ?, ?) FROM documents_fts"
        " WHERE documents_fts MATCH ? AND rowid = ?",
        (MATCH_OPEN, MATCH_CLOSE, query, document),
    ).fetchone()
    marked = MARKED.finditer(row[0] if row else "")
    # Each earlier match put two marker characters before this one.
    ranges = [(m.start() - 2 * k, m.end() - 2 * k - 2) for k, m in enumerate(marked)]
    return ranges


def _where(flt: DocumentFilter) -> tuple[str, dict]:
    clauses, args = [f"d.id {SHOWN}"], {}
    if flt.status is not None:
        clauses.append(f"{STATUS_OF} = :status")
        args["status"] = Status(flt.status).value
    query = fts_query(flt.search)
    if query:
        clauses.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q)")
        args["q"] = query
    return " WHERE " + " AND ".join(clauses), args


def document_page(
    project: Project, annotator: str, flt: DocumentFilter, *, offset: int, limit: int
) -> list[DocumentRow]:
    """Rows `offset` to `offset + limit` of the filtered list, in the filter's order."""
    where, args = _where(flt)
    order, source = ", ".join(ORDER_KEYS[flt.order]), FROM_DOCUMENTS[flt.order]
    # Page the ids first: SQLite would otherwise compute both subqueries for skipped rows too.
    rows = project.conn.execute(
        f"SELECT d.id, d.title, {STATUS_OF}, {SPAN_COUNT_OF} FROM {source}"
        f" WHERE d.id IN (SELECT d.id FROM {source}{where}"
        f" ORDER BY {order} LIMIT :limit OFFSET :offset) ORDER BY {order}",
        {**args, "who": annotator, "limit": limit, "offset": offset},
    ).fetchall()
    return [DocumentRow(id_, title, Status(status), spans) for id_, title, status, spans in rows]


def document_row(project: Project, annotator: str, document_id: int) -> DocumentRow | None:
    rows = project.conn.execute(
        f"SELECT d.id, d.title, {STATUS_OF}, {SPAN_COUNT_OF} FROM documents d WHERE d.id = :id",
        {"who": annotator, "id": document_id},
    ).fetchall()
    return next((DocumentRow(i, t, Status(s), n) for i, t, s, n in rows), None)


def row_count(project: Project, annotator: str, flt: DocumentFilter) -> int:
    """How many documents the filtered list holds."""
    if flt.status is None and not fts_query(flt.search):
        return project.document_count()
    where, args = _where(flt)
    return project.conn.execute(
        f"SELECT count(*) FROM documents d{where}", {**args, "who": annotator}
    ).fetchone()[0]


def row_of(project: Project, annotator: str, flt: DocumentFilter, document_id: int) -> int | None:
    """Position of a document in the filtered list, or None when the filter hides it."""
    where, args = _where(flt)
    args = {**args, "who": annotator, "id": document_id}
    shown = project.conn.execute(
        f"SELECT 1 FROM documents d{where} AND d.id = :id", args
    ).fetchone()
    if shown is None:
        return None
    if flt.order == "order":
        before = "d.id < :id"
    else:
        keys = ", ".join(ORDER_KEYS[flt.order])
        before = f"({keys}) < (SELECT {keys} FROM {FROM_DOCUMENTS[flt.order]} WHERE d.id = :id)"
    return project.conn.execute(
        f"SELECT count(*) FROM {FROM_DOCUMENTS[flt.order]}{where} AND {before}", args
    ).fetchone()[0]


def progress(project: Project, annotator: str) -> tuple[int, int]:
    """(documents done, documents in the project) for an annotator."""
    done = project.conn.execute(
        "SELECT count(*) FROM status WHERE annotator = ? AND status = 'done'", (annotator,)
    ).fetchone()[0]
    return done, project.document_count()


def next_todo(project: Project, annotator: str, after: int | None = None) -> int | None:
    """The first document still to do after `after`, wrapping round; None when all are settled."""
    sql = (
        f"SELECT d.id FROM documents d WHERE d.id {{op}} ? AND d.id {SHOWN}"
        " AND NOT EXISTS (SELECT 1 FROM status s"
        " WHERE s.document = d.id AND s.annotator = ? AND s.status != 'todo')"
        " ORDER BY d.id LIMIT 1"
    )
    after = after or 0
    for op, bound in ((">", after), ("<=", after)):
        row = project.conn.execute(sql.format(op=op), (bound, annotator)).fetchone()
        if row:
            return row[0]
    return None


def neighbour(project: Project, document_id: int, step: int) -> int | None:
    """The document just after (step 1) or just before (step -1) `document_id`."""
    if step > 0:
        sql = f"SELECT id FROM documents WHERE id > ? AND id {SHOWN} ORDER BY id LIMIT 1"
    else:
        sql = f"SELECT id FROM documents WHERE id < ? AND id {SHOWN} ORDER BY id DESC LIMIT 1"
    row = project.conn.execute(sql, (document_id,)).fetchone()
    return row[0] if row else None


def first_document(project: Project) -> int | None:
    row = project.conn.execute(f"SELECT min(id) FROM documents WHERE id {SHOWN}").fetchone()
    return row[0]
