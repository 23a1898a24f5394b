"""Prodigy's review output: each version of a record, with the spans its sessions gave.

The `review` recipe saves the reviewer's decision as the record itself and every
annotator's version under `versions`, each with the `sessions` (annotators) that gave it:
`{"text", "spans", "_annotator_id", "versions": [{"text", "spans", "relations", "answer",
"sessions": ["news-ada", "news-ben"], "default": true}, ...]}`. Each session's spans and
relations come in under that session's name, with the version's `answer` (or `_status`), so
agreement and review work on them here. A version is held to the rules of a record: a key
that carries labels which is not `spans` or `relations` is an error, not ignored.
"""

from __future__ import annotations

from typing import Any

from annotator.importers.jsonl import record_from_json
from annotator.importers.label_keys import check_label_keys
from annotator.importers.records import ImportRecord

VERSION_KEYS = ("spans", "relations")
"""The label-carrying keys of a version that are read."""
ONLY_SPANS = "a review version's labels are read from 'spans' and 'relations' only"
READ = ("spans", "relations", "answer", "_status")


def version_records(
    versions: Any, reviewed: ImportRecord, source: str, line: int
) -> list[ImportRecord]:
    """One record per (version, session); ValueError names the version at fault."""
    if not isinstance(versions, list):
        raise ValueError("'versions' must be a list")
    records = []
    for number, version in enumerate(versions, start=1):
        try:
            record, sessions = _version(version, reviewed, source, line)
        except ValueError as error:
            raise ValueError(f"version {number}: {error}") from None
        update = {"title": reviewed.title, "meta": reviewed.meta, "annotator_from_file": True}
        records.extend(
            record.model_copy(update={**update, "annotator": session}) for session in sessions
        )
    return records


def _version(
    version: Any, reviewed: ImportRecord, source: str, line: int
) -> tuple[ImportRecord, list[str]]:
    """One version as a record (whose annotator is still to be set) and its sessions."""
    if not isinstance(version, dict):
        raise ValueError("expected a JSON object")
    if version.get("text", reviewed.text) != reviewed.text:
        raise ValueError("its 'text' is not the record's text")
    sessions = version.get("sessions")
    if not isinstance(sessions, list) or not all(isinstance(s, str) and s for s in sessions):
        raise ValueError("'sessions' must be a list of annotator names")
    check_label_keys(version, VERSION_KEYS, "Prodigy", ONLY_SPANS)
    data = {key: version[key] for key in READ if key in version}
    data = {**data, "text": reviewed.text, "spans": version.get("spans") or []}
    return record_from_json(data, source, line), sessions
