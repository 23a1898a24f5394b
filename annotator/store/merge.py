"""Merging projects: what annotators did in copies on their own machines, brought into one file.

The other files are attached read-only and never changed. Documents match by uid, spans by
(document uid, annotator, start, end, label), relations by their two spans and label, log
entries by their uid; a status or a span's attributes are taken over when the other file's
are newer. Deletions, moves and relabels travel too: the other file's log is replayed, so a span
an annotator deleted, moved or relabelled in their copy goes (or changes in place, keeping its
relations) here as well, and so does a relation deleted or retyped there, unless it was edited
here after that (the newest edit wins); a relabel that would break a relation here refuses the
merge. Everything happens in one transaction, so an
interrupted merge changes nothing, and merging a file again changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from annotator.schema import LabelSchema, SchemaError, parse_schema
from annotator.store.connection import ProjectError, _connect, _inspect
from annotator.store.migrations import CURRENT_VERSION
from annotator.store.project import SPAN_IDENTITY, Project
from annotator.store.relations import RelationError, check_relabel, relations_outside_schema
from annotator.tokens import DEFAULT_LANGUAGE

MERGE_ANNOTATOR = "merge"
"""Who the log names for a merge (no person's edit)."""

DOCUMENT_MAP = """
WITH map (other, here) AS (
    SELECT o.id, m.id FROM {a}.documents AS o JOIN main.documents AS m ON m.uid = o.uid
)
"""

SAME_SPAN = """
{here}.document = {map}.here AND {here}.annotator = {there}.annotator
AND {here}.start = {there}.start AND {here}."end" = {there}."end"
AND {here}.label = {there}.label
"""


class MergeError(ProjectError):
    """A file that cannot be merged into a project; nothing was changed."""


class MergeReport(BaseModel):
    """What one merged file added to the project."""

    source: str
    documents: int = 0
    spans: int = 0
    spans_updated: int = 0
    spans_deleted: int = 0
    relations: int = 0
    relations_deleted: int = 0
    statuses: int = 0
    log: int = 0

    @property
    def changed(self) -> bool:
        return any(count for name, count in self if name != "source")


def _label_differences(here: LabelSchema, there: LabelSchema) -> list[str]:
    """How the labels differ in names or attributes (colours and hotkeys may differ)."""
    ours = {label.name: label.model_dump(include={"attributes"}) for label in here.labels}
    theirs = {label.name: label.model_dump(include={"attributes"}) for label in there.labels}
    kinds = {
        "labels only there": sorted(theirs.keys() - ours.keys()),
        "labels only here": sorted(ours.keys() - theirs.keys()),
        "other attributes": sorted(
            name for name in ours.keys() & theirs.keys() if ours[name] != theirs[name]
        ),
    }
    ours_relations = {
        spec.name: spec.model_dump(include={"head", "tail"}) for spec in here.relations
    }
    theirs_relations = {s.name: s.model_dump(include={"head", "tail"}) for s in there.relations}
    kinds["other relation types"] = sorted(
        name
        for name in ours_relations.keys() | theirs_relations.keys()
        if ours_relations.get(name) != theirs_relations.get(name)
    )
    return [f"{kind}: {', '.join(names)}" for kind, names in kinds.items() if names]


def _check_source(project: Project, path: Path) -> None:
    """Refuse, before anything is written, a file that is no project, labels differently or
    holds articles of another language (its tokens come from another tokenizer)."""
    if path.exists() and path.resolve() == project.path.resolve():
        raise MergeError(f"{path}: is the project itself; nothing to merge")
    version = _inspect(path)
    if version != CURRENT_VERSION:
        raise MergeError(
            f"{path}: an older project (version {version}); open it once with this version "
            "of annotator to upgrade it, then merge"
        )
    conn = _connect(path, read_only=True)
    try:
        text = conn.execute("SELECT value FROM project WHERE key = 'schema'").fetchone()[0]
        language = conn.execute("SELECT value FROM project WHERE key = 'language'").fetchone()
        language = language[0] if language else DEFAULT_LANGUAGE
        if language != project.language:
            raise MergeError(
                f"{path}: its articles are in language {language!r}, {project.path}'s in "
                f"{project.language!r}; projects of different languages cannot be merged "
                "(nothing was merged)"
            )
        schema = parse_schema(text, f"{path} (stored label schema)")
        misfits = relations_outside_schema(conn, schema)
    except SchemaError as error:
        raise MergeError(str(error)) from None
    finally:
        conn.close()
    if misfits:
        raise MergeError(f"{path}: {'; '.join(misfits)}; nothing was merged")
    differing = _label_differences(project.schema, schema)
    if differing:
        raise MergeError(
            f"{path}: its label schema differs from {project.path} "
            f"({'; '.join(differing)}); nothing was merged"
        )


def _changes(conn: sqlite3.Connection, sql: str) -> int:
    """Rows a statement inserted or updated, not counting what triggers did.

    cursor.rowcount is -1 for WITH statements, and total_changes counts trigger writes.
    """
    conn.execute(sql)
    return conn.execute("SELECT changes()").fetchone()[0]


def _merge_documents(conn: sqlite3.Connection, a: str) -> int:
    return conn.execute(
        f"INSERT INTO main.documents (uid, title, meta, text, tokens, added)"
        f" SELECT uid, title, meta, text, tokens, added FROM {a}.documents"
        f" WHERE uid NOT IN (SELECT uid FROM main.documents) ORDER BY id"
    ).rowcount


def _replay_edits(project: Project, a: str, source: Path) -> tuple[int, int, int]:
    """Replay, in time order, the other file's log entries not yet merged that remove or
    change what this project may still hold: (spans deleted, spans moved or relabelled,
    relations deleted).

    A span deleted there is deleted here, a span moved or relabelled there is changed here in
    place (so the relations drawn here stay with it), each only if the other file no longer
    has it and it was not edited here after that (the newest edit wins). A relabel that would
    break one of the span's relations here refuses the whole merge (MergeError), as the window
    refuses it. A relation deleted or retyped there goes here too, unless added here again later.
    """
    conn = project.conn
    entries = conn.execute(
        DOCUMENT_MAP.format(a=a)
        + f"""SELECT l.time, l.annotator, l.action, map.here, map.other, l.data
        FROM {a}.log AS l JOIN map ON map.other = l.document
        WHERE l.action IN ('span.delete', 'span.update', 'relation.delete', 'relation.retype')
        AND l.uid NOT IN (SELECT uid FROM main.log) ORDER BY l.time, l.id"""
    ).fetchall()
    counts = [0, 0, 0]
    for time, annotator, action, here, other, data in entries:
        edit = json.loads(data)
        if action.startswith("relation."):
            counts[2] += _replay_relation_removal(conn, a, time, annotator, (here, other), edit)
            continue
        span_id = _replayable_span(conn, a, time, here, annotator, edit["before"])
        if span_id is None:
            continue
        after = edit.get("after")
        if after is None or _span_id(conn, "main", here, annotator, after) is not None:
            conn.execute("DELETE FROM main.spans WHERE id = ?", (span_id,))
            counts[0] += 1
            continue
        _check_replayed_relabel(project, span_id, annotator, edit, source)
        conn.execute(
            'UPDATE main.spans SET start = ?, "end" = ?, label = ?, attrs = ?, updated = ?'
            " WHERE id = ?",
            (*_key(after), json.dumps(after.get("attrs", {}), ensure_ascii=False), time, span_id),
        )
        counts[1] += 1
    return counts[0], counts[1], counts[2]


def _key(identity: dict) -> tuple[int, int, str]:
    return identity["start"], identity["end"], identity["label"]


def _span_id(conn: sqlite3.Connection, db: str, document: int, annotator: str, identity: dict):
    row = conn.execute(
        f"SELECT id FROM {db}.spans WHERE {SPAN_IDENTITY}", (document, annotator, *_key(identity))
    ).fetchone()
    return row[0] if row else None


def _replayable_span(
    conn: sqlite3.Connection, a: str, time: str, document: int, annotator: str, before: dict
) -> int | None:
    """The span here that the other file changed at `time` and no longer holds, if it was not
    edited here after that."""
    row = conn.execute(
        f"""SELECT id FROM main.spans WHERE {SPAN_IDENTITY} AND updated <= ?
        AND NOT EXISTS (
            SELECT 1 FROM {a}.spans AS o JOIN {a}.documents AS od ON od.id = o.document
            JOIN main.documents AS md ON md.uid = od.uid
            WHERE md.id = ? AND o.annotator = ? AND o.start = ? AND o."end" = ?
            AND o.label = ?)""",
        (document, annotator, *_key(before), time, document, annotator, *_key(before)),
    ).fetchone()
    return row[0] if row else None


def _check_replayed_relabel(
    project: Project, span_id: int, annotator: str, edit: dict, source: Path
) -> None:
    before, after = edit["before"], edit["after"]
    if before["label"] == after["label"]:
        return
    try:
        check_relabel(project, span_id, after["label"])
    except RelationError as error:
        raise MergeError(
            f"{source}: {annotator} relabelled {before['label']} [{before['start']}, "
            f"{before['end']}) as {after['label']} there, but here {error}; nothing was merged"
        ) from None


RELATION_BY_IDENTITY = """SELECT r.id FROM {db}.relations AS r
JOIN {db}.spans AS h ON h.id = r.head JOIN {db}.spans AS t ON t.id = r.tail
WHERE h.document = ? AND h.annotator = ? AND h.start = ? AND h."end" = ? AND h.label = ?
AND t.document = h.document AND t.annotator = h.annotator AND t.start = ? AND t."end" = ?
AND t.label = ? AND r.label = ?"""


def _replay_relation_removal(
    conn: sqlite3.Connection, a: str, time: str, annotator: str, documents: tuple, edit: dict
) -> int:
    """Delete here the relation the other file deleted (or retyped away from) at `time`, if
    that file no longer has it and it was not added here again later; returns 0 or 1."""
    here, other = documents
    label = edit.get("before", edit["label"])  # a retype took the relation's old type away
    identity = (annotator, *_key(edit["head"]), *_key(edit["tail"]), label)
    if conn.execute(RELATION_BY_IDENTITY.format(db=a), (other, *identity)).fetchone():
        return 0
    found = conn.execute(RELATION_BY_IDENTITY.format(db="main"), (here, *identity)).fetchone()
    if found is None or _relation_added_after(conn, time, here, annotator, edit, label):
        return 0
    conn.execute("DELETE FROM main.relations WHERE id = ?", found)
    return 1


def _relation_added_after(
    conn: sqlite3.Connection, time: str, document: int, annotator: str, edit: dict, label: str
) -> bool:
    wanted = (_key(edit["head"]), _key(edit["tail"]), label)
    for (data,) in conn.execute(
        "SELECT data FROM main.log WHERE document = ? AND annotator = ? AND time > ?"
        " AND action IN ('relation.add', 'relation.restore', 'relation.retype')",
        (document, annotator, time),
    ):
        added = json.loads(data)
        if (_key(added["head"]), _key(added["tail"]), added["label"]) == wanted:
            return True
    return False


def _merge_spans(conn: sqlite3.Connection, a: str) -> tuple[int, int]:
    """(spans added, spans whose newer attributes were taken over)."""
    before = conn.execute("SELECT count(*) FROM main.spans").fetchone()[0]
    changed = _changes(
        conn,
        DOCUMENT_MAP.format(a=a)
        + f"""INSERT INTO main.spans
            (document, annotator, start, "end", label, attrs, created, updated)
        SELECT map.here, s.annotator, s.start, s."end", s.label, s.attrs, s.created, s.updated
        FROM {a}.spans AS s JOIN map ON map.other = s.document WHERE true ORDER BY s.id
        ON CONFLICT (document, annotator, start, "end", label)
        DO UPDATE SET attrs = excluded.attrs, updated = excluded.updated
        WHERE excluded.updated > spans.updated AND excluded.attrs != spans.attrs""",
    )
    added = conn.execute("SELECT count(*) FROM main.spans").fetchone()[0] - before
    return added, changed - added


def _merge_relations(conn: sqlite3.Connection, a: str) -> int:
    return _changes(
        conn,
        DOCUMENT_MAP.format(a=a)
        + f"""INSERT OR IGNORE INTO main.relations (head, tail, label)
        SELECT mh.id, mt.id, r.label FROM {a}.relations AS r
        JOIN {a}.spans AS oh ON oh.id = r.head JOIN map AS hmap ON hmap.other = oh.document
        JOIN main.spans AS mh ON {SAME_SPAN.format(here="mh", there="oh", map="hmap")}
        JOIN {a}.spans AS ot ON ot.id = r.tail JOIN map AS tmap ON tmap.other = ot.document
        JOIN main.spans AS mt ON {SAME_SPAN.format(here="mt", there="ot", map="tmap")}
        ORDER BY r.id""",
    )


def _merge_statuses(conn: sqlite3.Connection, a: str) -> int:
    return _changes(
        conn,
        DOCUMENT_MAP.format(a=a)
        + f"""INSERT INTO main.status (document, annotator, status, updated)
        SELECT map.here, t.annotator, t.status, t.updated
        FROM {a}.status AS t JOIN map ON map.other = t.document WHERE true
        ON CONFLICT (document, annotator)
        DO UPDATE SET status = excluded.status, updated = excluded.updated
        WHERE excluded.updated > status.updated""",
    )


def _merge_log(conn: sqlite3.Connection, a: str) -> int:
    """Log entries not yet here, in time order, pointing at this project's ids."""
    return _changes(
        conn,
        DOCUMENT_MAP.format(a=a)
        + f"""INSERT INTO main.log (uid, time, annotator, action, document, span, data)
        SELECT l.uid, l.time, l.annotator, l.action, map.here, ms.id, l.data
        FROM {a}.log AS l LEFT JOIN map ON map.other = l.document
        LEFT JOIN {a}.spans AS os ON os.id = l.span
        LEFT JOIN main.spans AS ms ON {SAME_SPAN.format(here="ms", there="os", map="map")}
        WHERE l.uid NOT IN (SELECT uid FROM main.log) ORDER BY l.time, l.id""",
    )


def _merge_one(project: Project, alias: str, source: Path) -> MergeReport:
    conn = project.conn
    report = MergeReport(source=str(source), documents=_merge_documents(conn, alias))
    report.spans_deleted, replayed, report.relations_deleted = _replay_edits(project, alias, source)
    report.spans, report.spans_updated = _merge_spans(conn, alias)
    report.spans_updated += replayed
    report.relations = _merge_relations(conn, alias)
    report.statuses = _merge_statuses(conn, alias)
    report.log = _merge_log(conn, alias)
    return report


def merge_projects(project: Project, others: Sequence[Path | str]) -> list[MergeReport]:
    """Bring the other project files into `project`, all in one transaction.

    Raises MergeError (or ProjectError) before writing anything if a file is not a project,
    is the project itself, or has a different label schema.
    """
    sources = list(dict.fromkeys(Path(other) for other in others))
    limit = project.conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED)
    if len(sources) > limit:
        raise MergeError(f"merge at most {limit} files at a time (got {len(sources)})")
    for source in sources:
        _check_source(project, source)
    aliases = [f"merging_{number}" for number in range(len(sources))]
    try:
        for alias, source in zip(aliases, sources):
            uri = f"{source.resolve().as_uri()}?mode=ro"
            project.conn.execute("ATTACH DATABASE ? AS " + alias, (uri,))
        with project.transaction():
            reports = [_merge_one(project, a, s) for a, s in zip(aliases, sources)]
            for report in reports:
                if report.changed:
                    project.log("project.merge", MERGE_ANNOTATOR, data=report.model_dump())
    finally:
        attached = {row[1] for row in project.conn.execute("PRAGMA database_list")}
        for alias in aliases:
            if alias in attached:
                project.conn.execute(f"DETACH DATABASE {alias}")
    return reports
