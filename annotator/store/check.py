"""`check_project`: a project file's health, read only: SQLite's own checks, then ours.

SQLite's `integrity_check` finds damaged pages and indexes, `foreign_key_check` rows that
point at missing rows. Ours find what SQLite cannot know: spans outside their document's
text or off its stored token boundaries, stored tokens that do not fit the text,
`span_counts` rows that disagree with the spans, statuses outside their enum, orphan rows
(in a file written with foreign keys off), labels the project's schema does not have, and
span attributes or document meta that are not JSON.
The file is opened read-only and never changed.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from annotator.model import ReviewStatus, Status
from annotator.store.connection import ProjectError, check_sqlite_header, connect_read_only
from annotator.store.migrations import FORMAT
from annotator.store.stats import unfinished_import, unfinished_line
from annotator.tokens import Tokens

SHOWN_PER_KIND = 10
"""Problems of one kind shown one per line; the others are counted."""

ORPHANS = {
    "spans": "SELECT id, document FROM spans WHERE document NOT IN (SELECT id FROM documents)",
    "status": "SELECT annotator, document FROM status"
    " WHERE document NOT IN (SELECT id FROM documents)",
    "relations": "SELECT id, CASE WHEN head NOT IN (SELECT id FROM spans) THEN head ELSE tail END"
    " FROM relations WHERE head NOT IN (SELECT id FROM spans)"
    " OR tail NOT IN (SELECT id FROM spans)",
}
ORPHAN_TEXT = {
    "spans": "span {} points at document {}, which does not exist",
    "status": "status of {} points at document {}, which does not exist",
    "relations": "relation {} points at span {}, which does not exist",
}
VALID_STATUSES = {
    "status": {status.value for status in Status},
    "review_status": {status.value for status in ReviewStatus},
}


@dataclass
class CheckReport:
    """Problems found, by kind: how many, and the first `SHOWN_PER_KIND` as lines."""

    path: str
    counts: Counter[str] = field(default_factory=Counter)
    lines: dict[str, list[str]] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What a reader should know that is no problem (an import under way)."""

    def add(self, kind: str, line: str) -> None:
        self.counts[kind] += 1
        shown = self.lines.setdefault(kind, [])
        if len(shown) < SHOWN_PER_KIND:
            shown.append(line)

    @property
    def ok(self) -> bool:
        return not self.counts


def check_project(path: Path | str) -> CheckReport:
    """Check the project file at `path`; raises ProjectError when it cannot be read at all."""
    path = Path(path)
    conn = _connect_read_only(path)
    report = CheckReport(str(path))
    try:
        conn.execute("BEGIN")  # one state of the file: an import may commit while we read
        damaged = _sqlite_checks(conn, report)
        if not damaged:
            _check_is_project(conn, path)
        for check in (_check_documents_and_spans, _check_span_counts, _check_orphans):
            _guarded(report, check, conn)
        _guarded(report, _check_statuses, conn)
        _guarded(report, _check_labels, conn)
        _guarded(report, _check_json, conn)
        _guarded(report, _note_unfinished_import, conn)
    finally:
        conn.close()
    return report


def _connect_read_only(path: Path) -> sqlite3.Connection:
    check_sqlite_header(path)
    try:
        return connect_read_only(path)
    except sqlite3.DatabaseError as error:
        raise ProjectError(f"{path}: cannot read the project file ({error})") from None


def _sqlite_checks(conn: sqlite3.Connection, report: CheckReport) -> bool:
    """SQLite's integrity and foreign key checks; returns whether the file is damaged."""
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check(100)")]
    except sqlite3.DatabaseError as error:
        rows = [str(error)]
    for row in rows:
        if row != "ok":
            report.add("damaged file (SQLite integrity check)", row)
    damaged = bool(report.counts)
    try:
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            if table not in ORPHANS:  # those are reported by _check_orphans, with names
                row = f"row {rowid}" if rowid is not None else "a row"
                report.add("orphan row", f"{table} {row} points at a missing {parent} row")
    except sqlite3.DatabaseError as error:
        report.add("damaged file (SQLite integrity check)", f"foreign key check: {error}")
    return damaged


def _check_is_project(conn: sqlite3.Connection, path: Path) -> None:
    try:
        row = conn.execute("SELECT value FROM project WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] != FORMAT:
        raise ProjectError(f"{path}: not an annotator project (an SQLite file of another kind)")


def _guarded(report: CheckReport, check: Callable, conn: sqlite3.Connection) -> None:
    """Run one of our checks; a part of the file it cannot read is reported, not raised."""
    try:
        check(conn, report)
    except (sqlite3.DatabaseError, ValueError) as error:
        report.add("unreadable", f"{check.__name__.removeprefix('_check_')}: {error}")


def _check_documents_and_spans(conn: sqlite3.Connection, report: CheckReport) -> None:
    """Each document's tokens fit its text; each span lies inside the text, on its tokens.

    One document and its spans in memory at a time; a span's details are read only when
    it is wrong.
    """
    documents = spans = 0
    for document, text, blob in conn.execute("SELECT id, text, tokens FROM documents ORDER BY id"):
        documents += 1
        rows = conn.execute(
            'SELECT id, start, "end" FROM spans WHERE document = ? ORDER BY id', (document,)
        ).fetchall()
        spans += len(rows)
        tokens = _stored_tokens(report, document, text, blob)
        if rows:
            _check_spans(conn, report, document, text, tokens, np.array(rows, dtype=np.int64))
    report.checked.update(documents=documents, spans=spans)


def _check_spans(
    conn: sqlite3.Connection,
    report: CheckReport,
    document: int,
    text: str,
    tokens: Tokens | None,
    rows: np.ndarray,
) -> None:
    starts, ends = rows[:, 1], rows[:, 2]
    inside = (starts >= 0) & (ends <= len(text)) & (starts < ends)
    on_tokens = (
        _in_sorted(starts, tokens.starts) & _in_sorted(ends, tokens.ends)
        if tokens is not None
        else inside
    )
    for index in np.flatnonzero(~inside | ~on_tokens).tolist():
        span, start, end = rows[index].tolist()
        annotator, label = conn.execute(
            "SELECT annotator, label FROM spans WHERE id = ?", (span,)
        ).fetchone()
        where = f"span {span} ({label} {start}-{end} by {annotator}) in document {document}"
        if not inside[index]:
            report.add("span outside its text", f"{where}: the text has {len(text)} characters")
        else:
            report.add("span off token boundaries", f"{where}: {_quoted(text[start:end])}")


def _in_sorted(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each value is in `ordered` (sorted, as token offsets are): np.isin, faster."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(ordered, values).clip(max=len(ordered) - 1)
    return ordered[at] == values


def _quoted(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _stored_tokens(report: CheckReport, document: int, text: str, blob: bytes) -> Tokens | None:
    if not isinstance(blob, bytes) or len(blob) % 4:
        report.add("tokens do not fit the text", f"document {document}: tokens are not packed")
        return None
    tokens = Tokens.unpack(blob, text)
    if len(tokens) and tokens.ends[-1] > len(text):
        report.add(
            "tokens do not fit the text",
            f"document {document}: tokens end at {tokens.ends[-1]}, the text has {len(text)}"
            " characters",
        )
        return None
    return tokens


def _tables(conn: sqlite3.Connection) -> set[str]:
    """The tables the file has (a project of an older version lacks the later ones)."""
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}


def _check_span_counts(conn: sqlite3.Connection, report: CheckReport) -> None:
    if "span_counts" not in _tables(conn):
        return
    counted = _pairs(conn, "SELECT annotator, label, count(*) FROM spans GROUP BY 1, 2")
    kept = _pairs(conn, "SELECT annotator, label, spans FROM span_counts")
    for annotator, label in sorted(counted.keys() | kept.keys()):
        spans, stored = counted.get((annotator, label), 0), kept.get((annotator, label), 0)
        if spans != stored:
            report.add(
                "span count",
                f"span_counts says {stored} {label} spans by {annotator}; there are {spans}",
            )


def _pairs(conn: sqlite3.Connection, query: str) -> dict[tuple[str, str], int]:
    return {(annotator, label): count for annotator, label, count in conn.execute(query)}


def _check_orphans(conn: sqlite3.Connection, report: CheckReport) -> None:
    for table, query in ORPHANS.items():
        for row in conn.execute(query):
            report.add("orphan row", ORPHAN_TEXT[table].format(*row))


def _check_statuses(conn: sqlite3.Connection, report: CheckReport) -> None:
    for table, valid in VALID_STATUSES.items():
        if table not in _tables(conn):
            continue
        key = "annotator || ' on document ' || document" if table == "status" else "document"
        for where, status in conn.execute(f"SELECT {key}, status FROM {table}"):
            if status not in valid:
                report.add(
                    "invalid status",
                    f"{table} of {where}: {status!r} (not {', '.join(sorted(valid))})",
                )


def _check_labels(conn: sqlite3.Connection, report: CheckReport) -> None:
    row = conn.execute("SELECT value FROM project WHERE key = 'schema'").fetchone()
    known = {label["name"] for label in json.loads(row[0])["labels"]} if row else set()
    for label, count in conn.execute("SELECT label, count(*) FROM spans GROUP BY label"):
        if label not in known:
            report.add("unknown label", f"{count} spans labelled {label!r}, not in the schema")


NOT_JSON = {
    "span attributes": (
        "SELECT 'span ' || id || ' in document ' || document, attrs FROM spans"
        " WHERE NOT json_valid(attrs)"
    ),
    "document meta": "SELECT 'document ' || id, meta FROM documents WHERE NOT json_valid(meta)",
}
"""Per column that holds JSON, the rows SQLite cannot read as JSON: (where, the text)."""


def _check_json(conn: sqlite3.Connection, report: CheckReport) -> None:
    """Span attributes and document meta that no reader can take as JSON (a NaN an older
    version wrote, which SQLite calls invalid, is read by the exports and is no problem)."""
    for what, query in NOT_JSON.items():
        for where, stored in conn.execute(query):
            try:
                json.loads(stored)
            except (TypeError, ValueError, RecursionError):
                report.add("not JSON", f"{what} of {where}: {_quoted(stored)}")


def _note_unfinished_import(conn: sqlite3.Connection, report: CheckReport) -> None:
    """An unfinished import is no problem: its documents stay hidden till it ends or is undone."""
    if "imports" in _tables(conn) and (staged := unfinished_import(conn)) is not None:
        report.notes.append(unfinished_line(staged.as_dict()))


def problem_lines(report: CheckReport) -> Iterator[str]:
    """One line per problem shown, then how many more of a kind there are."""
    for kind, lines in report.lines.items():
        for line in lines:
            yield f"{kind}: {line}"
        if report.counts[kind] > len(lines):
            yield f"{kind}: ... and {report.counts[kind] - len(lines)} more"
