"""Suggestions kept apart from labels, the ones each annotator rejected, and stored patterns.

Nothing here writes to `spans`: agreement, review, stats and exports read only labels, so a
suggestion counts for nothing until an annotator accepts it (which adds a normal span).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from annotator.model import Status, Suggestion, now_iso
from annotator.store.project import Project

DEFAULT_LANGUAGE = "en"
SUGGESTION_COLUMNS = 'id, document, start, "end", label, attrs, source, score, annotator'


def _suggestion(row: tuple) -> Suggestion:
    """A stored row as a record (checked when it was stored, so not validated again)."""
    id_, document, start, end, label, attrs, source, score, annotator = row
    return Suggestion(
        id=id_,
        document=document,
        start=start,
        end=end,
        label=label,
        attrs=json.loads(attrs),
        source=source,
        score=score,
        annotator=annotator,
    )


def replace_suggestions(
    project: Project,
    suggestions: Iterable[Suggestion],
    *,
    documents: Collection[int],
    sources: Collection[str],
    annotator: str = "",
) -> int:
    """Store fresh suggestions of `sources` for `documents`, dropping those sources' older ones.

    One transaction for the batch; returns how many were stored.
    """
    stamp = now_iso()
    encoded: dict[int, tuple[dict, str]] = {}  # a pattern's attrs dict is shared by its matches

    def as_json(attrs: dict[str, Any]) -> str:
        known = encoded.get(id(attrs))
        if known is None:
            known = encoded[id(attrs)] = (attrs, json.dumps(attrs))  # holding attrs keeps id
        return known[1]

    rows = [
        (s.document, s.start, s.end, s.label, as_json(s.attrs), s.source, s.score, annotator)
        for s in suggestions
        if 0 <= s.start < s.end
    ]
    with project.transaction() as conn:
        conn.execute(
            "DELETE FROM suggestions WHERE annotator = ?"
            " AND document IN (SELECT value FROM json_each(?))"
            " AND source IN (SELECT value FROM json_each(?))",
            (annotator, json.dumps(list(documents)), json.dumps(list(sources))),
        )
        cursor = conn.executemany(
            'INSERT OR IGNORE INTO suggestions (document, start, "end", label, attrs, source,'
            f" score, annotator, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{stamp}')",
            rows,
        )
    return max(cursor.rowcount, 0)


def open_suggestions(project: Project, document_id: int, annotator: str) -> list[Suggestion]:
    """What `annotator` still has to decide on a document, one per (start, end, label).

    Left out: those they rejected, those they already have as a span, and those inside a
    longer one of the same label. Where sources agree on a span, the one with attributes wins,
    then the higher score.
    """
    rows = project.conn.execute(
        f"SELECT {SUGGESTION_COLUMNS} FROM suggestions AS s"
        " WHERE document = ? AND annotator IN ('', ?)"
        " AND NOT EXISTS (SELECT 1 FROM suggestion_rejections AS r WHERE r.document = s.document"
        '  AND r.annotator = ? AND r.start = s.start AND r."end" = s."end" AND r.label = s.label)'
        " AND NOT EXISTS (SELECT 1 FROM spans AS p WHERE p.document = s.document"
        '  AND p.annotator = ? AND p.start = s.start AND p."end" = s."end" AND p.label = s.label)'
        " ORDER BY start, \"end\" DESC, label, attrs = '{}', score DESC",
        (document_id, annotator, annotator, annotator),
    ).fetchall()
    chosen: dict[tuple[int, int, str], Suggestion] = {}
    for row in rows:
        suggestion = _suggestion(row)
        chosen.setdefault(suggestion.key, suggestion)
    return _outermost(list(chosen.values()))


def _outermost(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Without suggestions inside a longer one of the same label ("army" in "the national
    army" from another source); rejecting the longer one brings the shorter one back."""
    kept: list[Suggestion] = []
    reach: dict[str, int] = {}  # per label, the furthest end of a kept one started earlier
    for s in sorted(suggestions, key=lambda s: (s.start, -s.end)):
        if reach.get(s.label, -1) < s.end:
            kept.append(s)
            reach[s.label] = s.end
    return sorted(kept, key=lambda s: (s.start, -s.end, s.label))


def labelled_texts(project: Project) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, text, attrs) of every span with attributes, for remembering what a text gets."""
    rows = project.conn.execute(
        'SELECT s.label, substr(d.text, s.start + 1, s."end" - s.start), s.attrs'
        " FROM spans s JOIN documents d ON d.id = s.document WHERE s.attrs != '{}'"
    )
    for label, text, attrs in rows:
        yield label, text, json.loads(attrs)


def reject_suggestion(project: Project, suggestion: Suggestion, annotator: str) -> None:
    """Remember that `annotator` does not want this span suggested again."""
    with project.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO suggestion_rejections"
            ' (document, annotator, start, "end", label, time) VALUES (?, ?, ?, ?, ?, ?)',
            (suggestion.document, annotator, *suggestion.key, now_iso()),
        )
        project.log(
            "suggestion.reject",
            annotator,
            document=suggestion.document,
            data=suggestion.described(),
        )


def unreject_suggestion(project: Project, suggestion: Suggestion, annotator: str) -> None:
    """Forget a rejection (its undo)."""
    with project.transaction() as conn:
        conn.execute(
            "DELETE FROM suggestion_rejections WHERE document = ? AND annotator = ?"
            ' AND start = ? AND "end" = ? AND label = ?',
            (suggestion.document, annotator, *suggestion.key),
        )
        project.log(
            "suggestion.unreject",
            annotator,
            document=suggestion.document,
            data=suggestion.described(),
        )


def suggestion_counts(project: Project) -> dict[str, Counter[str]]:
    """Stored suggestions per source, then label."""
    counts: dict[str, Counter[str]] = {}
    for source, label, count in project.conn.execute(
        "SELECT source, label, count(*) FROM suggestions GROUP BY source, label"
    ):
        counts.setdefault(source, Counter())[label] = count
    return counts


def _to_suggest(which: str, annotator: str) -> tuple[str, list[Any]]:
    """The WHERE clause (after `id > ?`) and its arguments choosing documents to suggest for."""
    if which not in ("todo", "all"):
        raise ValueError(f"documents must be todo or all, not {which!r}")
    if which == "all":
        return "", []
    settled = "SELECT document FROM status WHERE status != ?"
    if annotator:
        return f" AND id NOT IN ({settled} AND annotator = ?)", [Status.todo.value, annotator]
    return f" AND id NOT IN ({settled})", [Status.todo.value]


def documents_to_suggest(
    project: Project, *, which: str = "todo", annotator: str = "", batch_size: int = 500
) -> Iterator[list[tuple[int, str]]]:
    """(id, text) batches of the documents to suggest for: all, or those still to do (for
    `annotator`, or for everyone when none is named: no one marked them done or skipped)."""
    where, args = _to_suggest(which, annotator)
    last = 0
    while True:
        rows = project.conn.execute(
            f"SELECT id, text FROM documents WHERE id > ?{where} ORDER BY id LIMIT ?",
            [last, *args, batch_size],
        ).fetchall()
        if rows:
            yield rows
        if len(rows) < batch_size:
            return
        last = rows[-1][0]


def count_documents_to_suggest(
    project: Project, *, which: str = "todo", annotator: str = ""
) -> int:
    where, args = _to_suggest(which, annotator)
    query = f"SELECT count(*) FROM documents WHERE id > ?{where}"
    return project.conn.execute(query, [0, *args]).fetchone()[0]


def store_uncertainty(project: Project, scores: dict[int, float], model: str) -> None:
    """Remember how unsure `model` was of each document (higher: more to learn from it)."""
    stamp = now_iso()
    with project.transaction() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO uncertainty (document, score, model, updated)"
            " VALUES (?, ?, ?, ?)",
            [(document, score, model, stamp) for document, score in scores.items()],
        )


def most_uncertain_todo(project: Project, annotator: str, after: int | None = None) -> int | None:
    """The document still to do that the model was least sure of (other than `after`);
    documents without a score come last, in id order. None when nothing is left to do."""
    row = project.conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN uncertainty u ON u.document = d.id"
        " WHERE d.id != ? AND NOT EXISTS (SELECT 1 FROM status s WHERE s.document = d.id"
        " AND s.annotator = ? AND s.status != 'todo')"
        " ORDER BY u.score IS NULL, u.score DESC, d.id LIMIT 1",
        (after or 0, annotator),
    ).fetchone()
    return row[0] if row else None


def add_patterns(project: Project, patterns: Iterable[dict[str, Any]]) -> int:
    """Store SpanRuler patterns ({"label", "pattern", optional "attrs"}); returns how many
    were new (a pattern already stored for its label is skipped)."""
    rows = [
        (p["label"], json.dumps(p["pattern"], ensure_ascii=False), json.dumps(p.get("attrs") or {}))
        for p in patterns
    ]
    with project.transaction() as conn:
        before = conn.execute("SELECT count(*) FROM patterns").fetchone()[0]
        conn.executemany(
            "INSERT OR IGNORE INTO patterns (label, pattern, attrs, added)"
            f" VALUES (?, ?, ?, '{now_iso()}')",
            rows,
        )
        after = conn.execute("SELECT count(*) FROM patterns").fetchone()[0]
    return after - before


def stored_patterns(project: Project) -> list[dict[str, Any]]:
    """The project's own patterns, oldest first, as {"label", "pattern", "attrs"}."""
    return [entry for _, entry in numbered_patterns(project)]


def numbered_patterns(project: Project) -> list[tuple[int, dict[str, Any]]]:
    """The project's own patterns, oldest first, each with the id `annotator patterns --remove`
    takes."""
    rows = project.conn.execute("SELECT id, label, pattern, attrs FROM patterns ORDER BY id")
    return [
        (id_, {"label": label, "pattern": json.loads(pattern), "attrs": json.loads(attrs)})
        for id_, label, pattern, attrs in rows
    ]


def remove_patterns(project: Project, ids: Collection[int]) -> list[int]:
    """Delete the project's patterns of these ids, all or (when one is not there) none;
    returns the ids not there."""
    with project.transaction() as conn:
        there = {
            row[0] for row in conn.execute("SELECT id FROM patterns").fetchall() if row[0] in ids
        }
        missing = sorted(set(ids) - there)
        if not missing:
            conn.executemany("DELETE FROM patterns WHERE id = ?", [(id_,) for id_ in there])
    return missing
