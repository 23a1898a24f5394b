"""Prodigy's review output: each version of a record, with the spans its sessions gave.

The `review` recipe saves the reviewer's decision as the record itself and every
annotator's version under `versions`, each with the `sessions` (annotators) that gave it:
`{"text", "spans", "_annotator_id", "versions": [{"text", "spans", "answer",
"sessions": ["news-ada", "news-ben"], "default": true}, ...]}`. Each session's spans come
in under that session's name, so agreement and review work on them here.
"""

from __future__ import annotations

from typing import Any

from annotator.importers.jsonl import record_from_json
from annotator.importers.records import ImportRecord


def version_records(
    versions: Any, reviewed: ImportRecord, source: str, line: int
) -> list[ImportRecord]:
    """One record per (version, session); ValueError names the version at fault."""
    if not isinstance(versions, list):
        raise ValueError("'versions' must be a list")
    records = []
    for number, version in enumerate(versions, start=1):
        if not isinstance(version, dict):
            raise ValueError(f"version {number}: expected a JSON object")
        if version.get("text", reviewed.text) != reviewed.text:
            raise ValueError(f"version {number}: its 'text' is not the record's text")
        sessions = version.get("sessions")
        if not isinstance(sessions, list) or not all(isinstance(s, str) and s for s in sessions):
            raise ValueError(f"version {number}: 'sessions' must be a list of annotator names")
        data = {"text": reviewed.text, "spans": version.get("spans") or []}
        if "answer" in version:
            data["answer"] = version["answer"]
        try:
            record = record_from_json(data, source, line)
        except ValueError as error:
            raise ValueError(f"version {number}: {error}") from None
        update = {"title": reviewed.title, "meta": reviewed.meta, "annotator_from_file": True}
        records.extend(
            record.model_copy(update={**update, "annotator": session}) for session in sessions
        )
    return records
